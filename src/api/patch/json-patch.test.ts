import {describe, expect, it} from 'vitest'
import {applyJsonPatch, parseJsonPatch} from './json-patch.js'
import {formatPointer, parsePointer} from './json-pointer.js'
import {PatchError} from './errors.js'

function fails(doc: unknown, patch: unknown): PatchError {
  try {
    applyJsonPatch(doc, patch)
  } catch (e) {
    expect(e).toBeInstanceOf(PatchError)
    return e as PatchError
  }
  throw new Error('expected the patch to fail')
}

describe('RFC 6902 appendix A examples', () => {
  const ok: Array<[string, unknown, unknown, unknown]> = [
    ['A.1 add an object member', {foo: 'bar'}, [{op: 'add', path: '/baz', value: 'qux'}], {baz: 'qux', foo: 'bar'}],
    ['A.2 add an array element', {foo: ['bar', 'baz']}, [{op: 'add', path: '/foo/1', value: 'qux'}], {foo: ['bar', 'qux', 'baz']}],
    ['A.3 remove an object member', {baz: 'qux', foo: 'bar'}, [{op: 'remove', path: '/baz'}], {foo: 'bar'}],
    ['A.4 remove an array element', {foo: ['bar', 'qux', 'baz']}, [{op: 'remove', path: '/foo/1'}], {foo: ['bar', 'baz']}],
    ['A.5 replace a value', {baz: 'qux', foo: 'bar'}, [{op: 'replace', path: '/baz', value: 'boo'}], {baz: 'boo', foo: 'bar'}],
    [
      'A.6 move a value',
      {foo: {bar: 'baz', waldo: 'fred'}, qux: {corge: 'grault'}},
      [{op: 'move', from: '/foo/waldo', path: '/qux/thud'}],
      {foo: {bar: 'baz'}, qux: {corge: 'grault', thud: 'fred'}},
    ],
    ['A.7 move an array element', {foo: ['all', 'grass', 'cows', 'eat']}, [{op: 'move', from: '/foo/1', path: '/foo/3'}], {foo: ['all', 'cows', 'eat', 'grass']}],
    [
      'A.8 test success',
      {baz: 'qux', foo: ['a', 2, 'c']},
      [
        {op: 'test', path: '/baz', value: 'qux'},
        {op: 'test', path: '/foo/1', value: 2},
      ],
      {baz: 'qux', foo: ['a', 2, 'c']},
    ],
    ['A.10 add a nested member object', {foo: 'bar'}, [{op: 'add', path: '/child', value: {grandchild: {}}}], {foo: 'bar', child: {grandchild: {}}}],
    ['A.11 ignore unrecognized members', {foo: 'bar'}, [{op: 'add', path: '/baz', value: 'qux', xyz: 123}], {foo: 'bar', baz: 'qux'}],
    ['A.14 ~ escape ordering', {'/': 9, '~1': 10}, [{op: 'test', path: '/~01', value: 10}], {'/': 9, '~1': 10}],
    ['A.16 add an array value', {foo: ['bar']}, [{op: 'add', path: '/foo/-', value: ['abc', 'def']}], {foo: ['bar', ['abc', 'def']]}],
  ]
  it.each(ok)('%s', (_name, doc, patch, want) => {
    expect(applyJsonPatch(doc, patch)).toEqual(want)
  })

  it('A.9 test error', () => {
    expect(fails({baz: 'qux'}, [{op: 'test', path: '/baz', value: 'bar'}]).message).toMatch(/test failed/)
  })
  it('A.12 add to a nonexistent target', () => {
    const e = fails({foo: 'bar'}, [{op: 'add', path: '/baz/bat', value: 'qux'}])
    expect(e.code).toBe(422)
    expect(e.message).toContain('doc is missing path: "/baz"')
  })
  it('A.15 comparing strings and numbers', () => {
    fails({'/': 9, '~1': 10}, [{op: 'test', path: '/~01', value: '10'}])
  })
})

describe('applyJsonPatch', () => {
  it('never modifies its input and is atomic', () => {
    const doc = {a: [1, 2], b: {c: 1}}
    const snapshot = structuredClone(doc)
    fails(doc, [
      {op: 'add', path: '/a/-', value: 3},
      {op: 'remove', path: '/missing'},
    ])
    expect(doc).toEqual(snapshot)
    applyJsonPatch(doc, [{op: 'add', path: '/b/d', value: 2}])
    expect(doc).toEqual(snapshot)
  })

  it('replaces the whole document with an empty path', () => {
    expect(applyJsonPatch({a: 1}, [{op: 'replace', path: '', value: {b: 2}}])).toEqual({b: 2})
    expect(applyJsonPatch({a: 1}, [{op: 'add', path: '', value: [1]}])).toEqual([1])
  })

  it('accepts JSON text and null values', () => {
    expect(applyJsonPatch({a: 1}, '[{"op":"replace","path":"/a","value":null}]')).toEqual({a: null})
  })

  it('copies deeply (later changes to the copy do not alias the source)', () => {
    const got = applyJsonPatch<{a: {x: number}; b: {x: number}}>({a: {x: 1}}, [
      {op: 'copy', from: '/a', path: '/b'},
      {op: 'replace', path: '/b/x', value: 2},
    ])
    expect(got).toEqual({a: {x: 1}, b: {x: 2}})
  })

  it('treats "__proto__" and "constructor" as ordinary members', () => {
    const got = applyJsonPatch<Record<string, unknown>>({}, [{op: 'add', path: '/__proto__', value: {polluted: true}}])
    expect(Object.keys(got)).toEqual(['__proto__'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    fails({}, [{op: 'remove', path: '/constructor'}])
  })

  const failures: Array<[string, unknown, unknown, RegExp, number]> = [
    ['remove a missing member', {a: 1}, [{op: 'remove', path: '/b'}], /doc is missing path: "\/b"/, 422],
    ['replace a missing member', {a: 1}, [{op: 'replace', path: '/b', value: 1}], /missing path/, 422],
    ['index past the end', {a: [1]}, [{op: 'add', path: '/a/2', value: 1}], /out of bounds/, 422],
    ['leading zero index', {a: [1, 2]}, [{op: 'remove', path: '/a/01'}], /invalid array index "01"/, 422],
    ['"-" outside add', {a: [1]}, [{op: 'remove', path: '/a/-'}], /"-" only names/, 422],
    ['add under a scalar', {a: 1}, [{op: 'add', path: '/a/b', value: 1}], /not an object or array/, 422],
    ['move into own child', {a: {b: 1}}, [{op: 'move', from: '/a', path: '/a/b/c'}], /own child/, 422],
    ['move from missing', {a: 1}, [{op: 'move', from: '/x', path: '/y'}], /missing path: "\/x"/, 422],
    ['pointer without slash', {a: 1}, [{op: 'add', path: 'a', value: 1}], /must be empty or start with/, 422],
    ['bad ~ escape', {a: 1}, [{op: 'add', path: '/a~2', value: 1}], /must be followed by 0 or 1/, 422],
    ['unknown op', {}, [{op: 'frobnicate', path: '/a'}], /unknown op "frobnicate"/, 422],
    ['missing value', {}, [{op: 'add', path: '/a'}], /missing "value"/, 422],
    ['missing from', {}, [{op: 'copy', path: '/a'}], /missing or non-string "from"/, 422],
    ['not an array', {}, {op: 'add', path: '/a', value: 1}, /must be a JSON array/, 400],
    ['element not an object', {}, ['add'], /operation 0 is not a JSON object/, 400],
    ['unparseable text', {}, '[{"op":', /invalid JSON patch document/, 400],
    ['remove the root', {}, [{op: 'remove', path: ''}], /whole document/, 422],
  ]
  it.each(failures)('fails: %s', (_name, doc, patch, message, code) => {
    const e = fails(doc, patch)
    expect(e.message).toMatch(message)
    expect(e.code).toBe(code)
  })

  it('names the failing operation', () => {
    expect(fails({a: 1}, [{op: 'test', path: '/a', value: 1}, {op: 'remove', path: '/b'}]).message).toMatch(/^JSON patch operation 1 \(remove \/b\)/)
  })

  it('limits the number of operations (413)', () => {
    const ops = Array.from({length: 3}, () => ({op: 'test', path: '', value: {}}))
    expect(() => parseJsonPatch(ops, 2)).toThrow(/maximum operations in a JSON patch is 2, got 3/)
    expect(applyJsonPatch({}, ops, 3)).toEqual({})
  })

  it('maps errors to API errors', () => {
    expect(fails({}, 'x').toApiError().code).toBe(400)
    const invalid = fails({}, [{op: 'remove', path: '/a'}]).toApiError()
    expect(invalid.code).toBe(422)
    expect(invalid.reason).toBe('Invalid')
  })
})

describe('JSON pointer', () => {
  it.each([
    ['', []],
    ['/', ['']],
    ['/a~1b/m~0n', ['a/b', 'm~n']],
    ['/~01', ['~1']],
    ['/a/0', ['a', '0']],
  ])('parses %j', (pointer, tokens) => {
    expect(parsePointer(pointer)).toEqual(tokens)
    expect(formatPointer(tokens)).toBe(pointer)
  })
})
