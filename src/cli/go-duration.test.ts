import {describe, expect, it} from 'vitest'
import {parseGoDuration} from './go-duration.js'

describe('parseGoDuration', () => {
  it('parses Go durations into milliseconds', () => {
    expect(parseGoDuration('5m')).toBe(300_000)
    expect(parseGoDuration('1h30m')).toBe(5_400_000)
    expect(parseGoDuration('1.5h')).toBe(5_400_000)
    expect(parseGoDuration('300ms')).toBe(300)
    expect(parseGoDuration('2s500ms')).toBe(2500)
    expect(parseGoDuration('0')).toBe(0)
    expect(parseGoDuration('-1s')).toBe(-1000)
    expect(parseGoDuration('1000us')).toBe(1)
  })

  it('rejects malformed input with Go\'s messages', () => {
    expect(() => parseGoDuration('5')).toThrow('time: missing unit in duration "5"')
    expect(() => parseGoDuration('5d')).toThrow('time: unknown unit "d" in duration "5d"')
    expect(() => parseGoDuration('')).toThrow('time: invalid duration ""')
    expect(() => parseGoDuration('m')).toThrow('time: invalid duration "m"')
  })
})
