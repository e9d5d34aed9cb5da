import {describe, expect, it} from 'vitest'
import {bootstrapTokenPattern, formatJoinToken, newBootstrapToken, parseDuration, parseJoinToken} from './jointoken.js'

describe('join tokens', () => {
  it('round-trips', () => {
    const t = {caHash: `sha256:${'ab'.repeat(32)}`, ...newBootstrapToken()}
    expect(`${t.id}.${t.secret}`).toMatch(bootstrapTokenPattern)
    const s = formatJoinToken(t)
    expect(s).toMatch(/^MK1[0-9a-f]{64}::[a-z0-9]{6}\.[a-z0-9]{16}$/)
    expect(parseJoinToken(s)).toEqual(t)
  })
  it('refuses malformed tokens with one clear line', () => {
    for (const bad of ['', 'abc', `MK1${'a'.repeat(63)}::abcdef.0123456789abcdef`, `MK1${'a'.repeat(64)}::ABCDEF.0123456789abcdef`]) {
      expect(() => parseJoinToken(bad)).toThrow(/^malformed join token/)
    }
  })
  it('parses durations', () => {
    expect(parseDuration('24h')).toBe(86_400_000)
    expect(parseDuration('1h30m')).toBe(5_400_000)
    expect(parseDuration('0')).toBe(0)
    expect(() => parseDuration('10x')).toThrow('invalid duration')
    expect(() => parseDuration('h')).toThrow('invalid duration')
  })
})
