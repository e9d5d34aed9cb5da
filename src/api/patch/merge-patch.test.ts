import {describe, expect, it} from 'vitest'
import {applyMergePatch, createMergePatch, filterMergePatch} from './merge-patch.js'

describe('applyMergePatch: RFC 7386 appendix A', () => {
  const cases: Array<[unknown, unknown, unknown]> = [
    [{a: 'b'}, {a: 'c'}, {a: 'c'}],
    [{a: 'b'}, {b: 'c'}, {a: 'b', b: 'c'}],
    [{a: 'b'}, {a: null}, {}],
    [{a: 'b', b: 'c'}, {a: null}, {b: 'c'}],
    [{a: ['b']}, {a: 'c'}, {a: 'c'}],
    [{a: 'c'}, {a: ['b']}, {a: ['b']}],
    [{a: {b: 'c'}}, {a: {b: 'd', c: null}}, {a: {b: 'd'}}],
    [{a: [{b: 'c'}]}, {a: [1]}, {a: [1]}],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{a: 'b'}, ['c'], ['c']],
    [{a: 'foo'}, null, null],
    [{a: 'foo'}, 'bar', 'bar'],
    [{e: null}, {a: 1}, {e: null, a: 1}],
    [[1, 2], {a: 'b', c: null}, {a: 'b'}],
    [{}, {a: {bb: {ccc: null}}}, {a: {bb: {}}}],
  ]
  it.each(cases)('%j + %j', (target, patch, want) => {
    expect(applyMergePatch(target, patch)).toEqual(want)
  })

  it('does not modify its inputs', () => {
    const target = {a: {b: 1}}
    const patch = {a: {c: 2}}
    applyMergePatch(target, patch)
    expect(target).toEqual({a: {b: 1}})
    expect(patch).toEqual({a: {c: 2}})
  })

  it('keeps nulls inside arrays (arrays are values)', () => {
    expect(applyMergePatch({}, {a: [null, {b: null}]})).toEqual({a: [null, {b: null}]})
  })
})

describe('createMergePatch', () => {
  const cases: Array<[string, object, object, object]> = [
    ['equal', {a: 1, b: {c: [1]}}, {a: 1, b: {c: [1]}}, {}],
    ['changed scalar', {a: 1}, {a: 2}, {a: 2}],
    ['added member', {a: 1}, {a: 1, b: {c: 1}}, {b: {c: 1}}],
    ['removed member', {a: 1, b: 2}, {a: 1}, {b: null}],
    ['nested change', {m: {x: 1, y: 2}}, {m: {x: 1, y: 3, z: 4}}, {m: {y: 3, z: 4}}],
    ['nested removal', {m: {x: 1, y: 2}}, {m: {x: 1}}, {m: {y: null}}],
    ['array changed', {l: [1, 2]}, {l: [2, 1]}, {l: [2, 1]}],
    ['type changed', {v: {a: 1}}, {v: 'x'}, {v: 'x'}],
  ]
  it.each(cases)('%s', (_name, original, modified, want) => {
    const patch = createMergePatch(original, modified)
    expect(patch).toEqual(want)
    expect(applyMergePatch(original, patch)).toEqual(modified)
  })

  it('rejects non-objects', () => {
    expect(() => createMergePatch([1], {})).toThrow(/two JSON objects/)
  })
})

describe('filterMergePatch', () => {
  const patch = {a: null, b: 1, c: {d: null, e: 2}, f: {}, g: {h: null}}
  it('keeps only deletions', () => {
    expect(filterMergePatch(patch, true)).toEqual({a: null, c: {d: null}, g: {h: null}})
  })
  it('keeps only additions and changes (explicit empty maps included)', () => {
    expect(filterMergePatch(patch, false)).toEqual({b: 1, c: {e: 2}, f: {}})
  })
})
