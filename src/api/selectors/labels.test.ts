import {describe, expect, it} from 'vitest'
import {everything, newRequirement, nothing, parseLabelSelector, selectorFromSet} from './labels.js'
import {SelectorError} from './validation.js'

describe('parseLabelSelector: valid selectors and their canonical form', () => {
  const cases: Array<[string, string]> = [
    ['', ''],
    ['x=a,y=b,z=c', 'x=a,y=b,z=c'],
    ['z=c,x=a,y=b', 'x=a,y=b,z=c'],
    ['x!=a,y=b', 'x!=a,y=b'],
    ['close=3', 'close=3'],
    ['x=', 'x='],
    ['x= ', 'x='],
    ['x=,z= ', 'x=,z='],
    ['x==a', 'x==a'],
    ['!x', '!x'],
    ['x', 'x'],
    ['x>1', 'x>1'],
    ['x>1,z<5', 'x>1,z<5'],
    ['  x  in  ( a , b )  ', 'x in (a,b)'],
    ['x in (foo,,baz),y,z notin ()', 'x in (,baz,foo),y,z notin ()'],
    ['x in (b,a,b)', 'x in (a,b)'],
    ['x in (a,)', 'x in (,a)'],
    ['x in (,a)', 'x in (,a)'],
    ['notin=in', 'notin=in'],
    ['x in (in,notin)', 'x in (in,notin)'],
    ['example.com/app=web,tier!=db', 'example.com/app=web,tier!=db'],
    ['environment in (production, qa)', 'environment in (production,qa)'],
    ['!canary,app', 'app,!canary'],
  ]
  it.each(cases)('%j → %j', (input, canonical) => {
    const s = parseLabelSelector(input)
    expect(s.toString()).toBe(canonical)
    expect(parseLabelSelector(s.toString()).toString()).toBe(canonical)
  })
})

describe('parseLabelSelector: invalid selectors', () => {
  const cases: Array<[string, RegExp]> = [
    ['x=a||y=b', /^unable to parse requirement: invalid label value: "a\|\|y": at key: "x"/],
    ['x==a==b', /found '==', expected: ',' or 'end of string'/],
    ['!x=a', /found '=', expected: ',' or 'end of string'/],
    ['x<a', /must be an integer/],
    ['x>1.5', /must be an integer/],
    ['x<-3', /invalid label value: "-3"/],
    ['x in (', /unable to parse requirement: found '', expected: ',', '\)' or identifier/],
    ['x in a', /found 'a' expected: '\('/],
    ['x in (a', /found '', expected: ',' or '\)'/],
    ['x in (a b)', /found 'b', expected: ',' or '\)'/],
    ['x y', /found 'y', expected: in, notin, =, ==, !=, gt, lt/],
    [',x', /found ',', expected: !, identifier, or 'end of string'/],
    ['x,', /found '', expected: identifier after ','/],
    ['x=a,,y=b', /found ',', expected: identifier after ','/],
    ['x=a b', /found 'b', expected: ',' or 'end of string'/],
    ['x=(a)', /found '\(', expected: identifier/],
    ['-x=a', /invalid label key "-x"/],
    ['a/b/c=d', /invalid label key "a\/b\/c"/],
    ['Example.com/x=y', /prefix part a lowercase RFC 1123 subdomain/],
    [`x=${'v'.repeat(64)}`, /must be no more than 63 characters/],
    ['x=a_', /invalid label value: "a_": at key: "x"/],
    ['x notin (a,-b)', /invalid label value: "-b"/],
  ]
  it.each(cases)('%j', (input, message) => {
    let error: unknown
    try {
      parseLabelSelector(input)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(SelectorError)
    expect((error as Error).message).toMatch(message)
    expect((error as SelectorError).toApiError().code).toBe(400)
  })

  it('words key errors as upstream', () => {
    expect(() => parseLabelSelector('-x')).toThrow(
      `unable to parse requirement: invalid label key "-x": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    )
  })
})

describe('Selector.matches', () => {
  const cases: Array<[string, Record<string, string> | undefined, boolean]> = [
    ['', {x: 'y'}, true],
    ['', undefined, true],
    ['x=y', {x: 'y'}, true],
    ['x=y,z=w', {x: 'y', z: 'w'}, true],
    ['x!=y,z!=w', {x: 'z', z: 'a'}, true],
    ['notin=in', {notin: 'in'}, true],
    ['x', {x: 'z'}, true],
    ['!x', {y: 'z'}, true],
    ['!x', undefined, true],
    ['x>1', {x: '2'}, true],
    ['x<1', {x: '0'}, true],
    ['x<1', {x: '-5'}, true],
    ['x=', {x: ''}, true],
    ['x!=y', {}, true],
    ['x notin (a,b)', {}, true],
    ['x notin (a,b)', {x: 'c'}, true],
    ['x in (a,b)', {x: 'b'}, true],
    ['x=z', {}, false],
    ['x=z', undefined, false],
    ['x=y', {x: 'z'}, false],
    ['x=y,z=w', {x: 'w', z: 'w'}, false],
    ['x!=y,z!=w', {x: 'z', z: 'w'}, false],
    ['x', {y: 'z'}, false],
    ['!x', {x: 'z'}, false],
    ['x>1', {x: '0'}, false],
    ['x>1', {x: 'abc'}, false],
    ['x>1', {}, false],
    ['x<1', {x: '2'}, false],
    ['x=', {}, false],
    ['x notin (a,b)', {x: 'a'}, false],
    ['x in (a,b)', {x: 'c'}, false],
    ['x in (a,b)', {}, false],
    ['foo=bar,foobar=bar,baz=blah', {foo: 'bar', baz: 'blah'}, false],
    ['toString', {}, false],
  ]
  it.each(cases)('%j against %j → %s', (selector, labels, want) => {
    expect(parseLabelSelector(selector).matches(labels)).toBe(want)
  })
})

describe('selector constructors', () => {
  it('everything and nothing', () => {
    expect(everything().empty()).toBe(true)
    expect(everything().matches({a: 'b'})).toBe(true)
    expect(nothing().matches({})).toBe(false)
    expect(nothing().empty()).toBe(false)
    expect(nothing().selectable()).toBe(false)
    expect(nothing().toString()).toBe('')
  })

  it('selectorFromSet', () => {
    const s = selectorFromSet({b: '2', a: '1'})
    expect(s.toString()).toBe('a=1,b=2')
    expect(s.matches({a: '1', b: '2', c: '3'})).toBe(true)
    expect(s.matches({a: '1'})).toBe(false)
    expect(selectorFromSet({}).empty()).toBe(true)
    expect(selectorFromSet(undefined).matches({})).toBe(true)
  })

  it('requiresExactMatch', () => {
    const s = parseLabelSelector('a=1,b in (2),c in (3,4),d!=5')
    expect(s.requiresExactMatch('a')).toBe('1')
    expect(s.requiresExactMatch('b')).toBe('2')
    expect(s.requiresExactMatch('c')).toBeUndefined()
    expect(s.requiresExactMatch('d')).toBeUndefined()
    expect(s.requiresExactMatch('e')).toBeUndefined()
  })

  it('add keeps requirements sorted and validates with newRequirement', () => {
    const s = parseLabelSelector('b=1').add(newRequirement('a', 'exists'))
    expect(s.toString()).toBe('a,b=1')
    expect(s.requirements().map((r) => r.key)).toEqual(['a', 'b'])
    expect(() => newRequirement('a', 'in', [])).toThrow("for 'in', 'notin' operators, values set can't be empty")
    expect(() => newRequirement('a', '=', ['x', 'y'])).toThrow('exact-match compatibility requires one single value')
    expect(() => newRequirement('a', 'exists', ['x'])).toThrow('values set must be empty for exists and does not exist')
    expect(() => newRequirement('a', 'gt', ['x'])).toThrow(/must be an integer/)
  })
})
