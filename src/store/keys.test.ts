import {describe, expect, it} from 'vitest'
import {hasPrefix, prefixRange} from './keys.js'

const inRange = (key: string, prefix: string) => {
  const r = prefixRange(prefix)
  // SQLite compares UTF-8 bytes; Buffer.compare does the same
  const b = (s: string) => Buffer.from(s, 'utf8')
  return Buffer.compare(b(key), b(r.lo)) >= 0 && (r.hi === null || Buffer.compare(b(key), b(r.hi)) < 0)
}

describe('prefixRange', () => {
  it('increments the last character', () => {
    expect(prefixRange('/registry/pods/')).toEqual({lo: '/registry/pods/', hi: '/registry/pods0'})
    expect(prefixRange('')).toEqual({lo: '', hi: null})
  })

  it('agrees with a plain prefix test, including a trailing-slash boundary and non-ASCII keys', () => {
    const keys = ['/registry/pods/a', '/registry/pods/a/x', '/registry/pods/ab', '/registry/pods/ab/y', '/registry/pods/a0', '/registry/pods/é', '/registry/pods/\u{10FFFF}', '/registry/podsz']
    for (const prefix of ['/registry/pods/a/', '/registry/pods/a', '/registry/pods/', '/registry/pods/é', '/registry/pods/\u{10FFFF}', '\u{10FFFF}']) {
      for (const k of keys) expect(inRange(k, prefix), `${k} under ${prefix}`).toBe(hasPrefix(k, prefix))
    }
  })

  it('skips the surrogate block and drops an unincrementable last code point', () => {
    expect(prefixRange('a\uD7FF').hi).toBe('a\uE000')
    expect(prefixRange('a\u{10FFFF}').hi).toBe('b')
    expect(prefixRange('\u{10FFFF}').hi).toBeNull()
  })
})
