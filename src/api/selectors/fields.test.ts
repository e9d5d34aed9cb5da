import {describe, expect, it} from 'vitest'
import {
  checkSupportedFields,
  escapeFieldValue,
  everythingFields,
  fieldSelectorFromSet,
  oneTermEqualSelector,
  parseFieldSelector,
  unescapeFieldValue,
} from './fields.js'
import {SelectorError} from './validation.js'

describe('parseFieldSelector', () => {
  const good: Array<[string, string]> = [
    ['x=a,y=b,z=c', 'x=a,y=b,z=c'],
    ['', ''],
    ['x!=a,y=b', 'x!=a,y=b'],
    ['y=b,x!=a', 'x!=a,y=b'],
    ['x==a', 'x=a'],
    ['x=a,,y=b', 'x=a,y=b'],
    ['x=', 'x='],
    ['x=a||y\\=b', 'x=a||y\\=b'],
    ['x=a\\=\\=b', 'x=a\\=\\=b'],
    ['x=a\\,b', 'x=a\\,b'],
    ['x=a\\\\b', 'x=a\\\\b'],
    ['metadata.name=web,status.phase!=Running', 'metadata.name=web,status.phase!=Running'],
  ]
  it.each(good)('%j → %j', (input, canonical) => {
    const s = parseFieldSelector(input)
    expect(s.toString()).toBe(canonical)
    expect(parseFieldSelector(s.toString()).toString()).toBe(canonical)
  })

  const bad: Array<[string, RegExp]> = [
    ['x=a||y=b', /unescaped character in value: =/],
    ['x==a==b', /unescaped character in value: =/],
    ['x=a,b', /invalid selector: 'x=a,b'; can't understand 'b'/],
    ['x in (a)', /can't understand 'x in \(a\)'/],
    ['x', /can't understand 'x'/],
    ['x=a\\b', /invalid escape sequence: \\b/],
    ['x=a\\', /invalid escape sequence: \\$/],
  ]
  it.each(bad)('rejects %j', (input, message) => {
    expect(() => parseFieldSelector(input)).toThrow(SelectorError)
    expect(() => parseFieldSelector(input)).toThrow(message)
  })

  it('unescapes values', () => {
    const s = parseFieldSelector('a=x\\,y\\=z\\\\w')
    expect(s.requirements()).toEqual([{field: 'a', operator: '=', value: 'x,y=z\\w'}])
  })
})

describe('field selector matching', () => {
  const cases: Array<[string, Record<string, string>, boolean]> = [
    ['', {a: 'b'}, true],
    ['metadata.name=web', {'metadata.name': 'web'}, true],
    ['metadata.name==web', {'metadata.name': 'web'}, true],
    ['metadata.name=web', {'metadata.name': 'db'}, false],
    ['spec.nodeName!=n1', {'spec.nodeName': 'n2'}, true],
    ['spec.nodeName!=n1', {'spec.nodeName': 'n1'}, false],
    ['spec.nodeName=', {'spec.nodeName': ''}, true],
    ['spec.nodeName=', {}, true],
    ['spec.nodeName!=', {}, false],
    ['a=1,b=2', {a: '1', b: '2'}, true],
    ['a=1,b=2', {a: '1', b: '3'}, false],
    ['a=x\\,y', {a: 'x,y'}, true],
  ]
  it.each(cases)('%j against %j → %s', (selector, fields, want) => {
    expect(parseFieldSelector(selector).matches(fields)).toBe(want)
  })
})

describe('field selector helpers', () => {
  it('lists field names and finds exact matches', () => {
    const s = parseFieldSelector('metadata.name=web,spec.nodeName!=n1,metadata.name!=x')
    expect(s.fieldNames().sort()).toEqual(['metadata.name', 'spec.nodeName'])
    expect(s.requiresExactMatch('metadata.name')).toBe('web')
    expect(s.requiresExactMatch('spec.nodeName')).toBeUndefined()
    expect(parseFieldSelector('metadata.name==x').requiresExactMatch('metadata.name')).toBe('x')
  })

  it('rejects unsupported fields as Kubernetes does', () => {
    const s = parseFieldSelector('metadata.name=web,spec.foo=bar')
    expect(() => checkSupportedFields(s, ['metadata.name', 'metadata.namespace'])).toThrow(new SelectorError('field label not supported: spec.foo'))
    expect(() => checkSupportedFields(s, ['metadata.name', 'spec.foo'])).not.toThrow()
  })

  it('builds selectors', () => {
    expect(everythingFields().empty()).toBe(true)
    expect(oneTermEqualSelector('metadata.name', 'a,b').toString()).toBe('metadata.name=a\\,b')
    expect(fieldSelectorFromSet({b: '2', a: '1'}).toString()).toBe('a=1,b=2')
  })

  it('escapes and unescapes values symmetrically', () => {
    for (const v of ['', 'plain', 'a,b', 'a=b', 'a\\b', '\\,=\\']) {
      expect(unescapeFieldValue(escapeFieldValue(v))).toBe(v)
    }
    expect(escapeFieldValue('a\\b,c=d')).toBe('a\\\\b\\,c\\=d')
  })
})
