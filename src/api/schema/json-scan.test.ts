import {describe, expect, it} from 'vitest'
import {MAX_DEPTH, parseJsonPreservingDuplicates, RawObject, type JsonValue} from './json-scan.js'

/** The value JSON.parse would give: RawObjects become plain objects, the last of repeated keys winning. */
function plain(v: JsonValue): unknown {
  if (v instanceof RawObject) {
    const o: Record<string, unknown> = {}
    for (const [k, x] of v.entries) o[k] = plain(x)
    return o
  }
  return Array.isArray(v) ? v.map(plain) : v
}

describe('parseJsonPreservingDuplicates', () => {
  it('parses what JSON.parse parses, to the same values', () => {
    const docs = [
      '{}', '[]', '0', '-0.5e+3', '"x"', 'true', 'false', 'null', ' \n\t{ "a" : [ 1 , 2.5 , -3e2 , "s" , null , true , { } , [ ] ] } \r\n',
      '{"esc":"quote \\" backslash \\\\ slash \\/ \\b\\f\\n\\r\\t unicode \\u00e9 \\ud83d\\ude00","raw":"é😀"}',
      JSON.stringify({apiVersion: 'v1', kind: 'Pod', metadata: {labels: {a: 'b'}}, spec: {containers: [{name: 'x', ports: [{containerPort: 80}]}]}}),
      '[[[[[1]]]],{"a":{"b":{"c":[{}]}}}]',
    ]
    for (const d of docs) expect(plain(parseJsonPreservingDuplicates(d)), d).toEqual(JSON.parse(d))
  })

  it('keeps repeated keys in document order', () => {
    const v = parseJsonPreservingDuplicates('{"a":1,"b":{"c":1,"c":2},"a":3}') as RawObject
    expect(v.entries.map(([k]) => k)).toEqual(['a', 'b', 'a'])
    expect((v.entries[1][1] as RawObject).entries).toEqual([['c', 1], ['c', 2]])
    expect(plain(v)).toEqual({a: 3, b: {c: 2}})
  })

  it('rejects what JSON.parse rejects', () => {
    for (const bad of ['', '{', '{"a":1,}', '[1,]', '{"a" 1}', '{a:1}', '"abc', '"a\nb"', '01', '1.', '-', 'tru', 'nul', '{"a":1}x', '[1 2]', "'x'", '"\\x"', '{"a":1]']) {
      expect(() => JSON.parse(bad), bad).toThrow()
      expect(() => parseJsonPreservingDuplicates(bad), bad).toThrow(SyntaxError)
    }
  })

  it("limits nesting to Go's maximum depth without recursing", () => {
    expect(() => parseJsonPreservingDuplicates('['.repeat(MAX_DEPTH) + ']'.repeat(MAX_DEPTH))).not.toThrow()
    expect(() => parseJsonPreservingDuplicates('['.repeat(MAX_DEPTH + 1) + ']'.repeat(MAX_DEPTH + 1))).toThrow(/max depth/)
    expect(() => parseJsonPreservingDuplicates('{"a":'.repeat(MAX_DEPTH + 1) + '1' + '}'.repeat(MAX_DEPTH + 1))).toThrow(/max depth/)
  })

  it('parses a megabyte-sized body in well under a second', () => {
    const big = JSON.stringify({items: Array.from({length: 20000}, (_, i) => ({name: `item-${i}`, value: i, tags: ['a', 'b'], nested: {ok: true}}))})
    expect(big.length).toBeGreaterThan(1_000_000)
    const t = performance.now()
    const v = parseJsonPreservingDuplicates(big) as RawObject
    expect(performance.now() - t).toBeLessThan(2000)
    const items = v.entries[0][1] as RawObject[]
    expect(items).toHaveLength(20000)
    expect(plain(items[19999])).toEqual({name: 'item-19999', value: 19999, tags: ['a', 'b'], nested: {ok: true}})
  })
})
