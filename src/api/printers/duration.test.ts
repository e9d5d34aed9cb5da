import {describe, expect, it} from 'vitest'
import {humanDuration, since} from './duration.js'

const s = 1000
const m = 60 * s
const h = 60 * m
const d = 24 * h

describe('humanDuration', () => {
  it.each([
    [0, '0s'],
    [-999, '0s'],
    [-1999, '0s'],
    [-2000, '<invalid>'],
    [45 * s, '45s'],
    [119 * s + 900, '119s'],
    [2 * m, '2m'],
    [5 * m + 12 * s, '5m12s'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m + 30 * s, '10m'],
    [179 * m, '179m'],
    [3 * h, '3h'],
    [3 * h + 5 * m + 59 * s, '3h5m'],
    [8 * h + 59 * m, '8h'],
    [47 * h, '47h'],
    [48 * h, '2d'],
    [2 * d + 5 * h, '2d5h'],
    [7 * d + 23 * h, '7d23h'],
    [8 * d + 3 * h, '8d'],
    [400 * d, '400d'],
    [729 * d, '729d'],
    [730 * d, '2y'],
    [3 * 365 * d + 12 * d, '3y12d'],
    [8 * 365 * d + 100 * d, '8y'],
    [10 * 365 * d, '10y'],
  ])('%d ms → %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want)
  })
})

describe('since', () => {
  const now = new Date('2024-05-01T12:00:00Z')
  it('renders the age of a timestamp', () => {
    expect(since('2024-05-01T11:54:48Z', now)).toBe('5m12s')
    expect(since('2024-04-29T07:00:00Z', now)).toBe('2d5h')
  })
  it('is <unknown> for an unset or invalid timestamp', () => {
    expect(since(undefined, now)).toBe('<unknown>')
    expect(since(null, now)).toBe('<unknown>')
    expect(since('yesterday-ish', now)).toBe('<unknown>')
  })
})
