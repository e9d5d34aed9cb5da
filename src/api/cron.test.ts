import {describe, expect, it} from 'vitest'
import {checkTimeZone, CronError, nextTime, parseSchedule, scheduledTimesBetween} from './cron.js'

const at = (iso: string) => Date.parse(iso)
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
const next = (schedule: string, after: string, zone = 'UTC') => iso(nextTime(parseSchedule(schedule), at(after), zone))

describe('cron schedules', () => {
  it('fields, lists, ranges, steps, names and macros', () => {
    expect(next('*/15 * * * *', '2026-01-01T10:07:30Z')).toBe('2026-01-01T10:15:00.000Z')
    expect(next('0 9-17/4 * * mon-fri', '2026-01-02T13:00:00Z')).toBe('2026-01-02T17:00:00.000Z') // a Friday
    expect(next('0 9-17/4 * * MON-FRI', '2026-01-02T17:00:00Z')).toBe('2026-01-05T09:00:00.000Z') // skips the weekend
    expect(next('30 2 1,15 * *', '2026-01-01T03:00:00Z')).toBe('2026-01-15T02:30:00.000Z')
    expect(next('5/20 * * * *', '2026-01-01T10:26:00Z')).toBe('2026-01-01T10:45:00.000Z')
    expect(next('0 0 * FEB *', '2026-01-01T00:00:00Z')).toBe('2026-02-01T00:00:00.000Z')
    expect(next('@hourly', '2026-01-01T10:00:00Z')).toBe('2026-01-01T11:00:00.000Z')
    expect(next('@yearly', '2026-03-01T00:00:00Z')).toBe('2027-01-01T00:00:00.000Z')
    expect(next('@weekly', '2026-01-01T00:00:00Z')).toBe('2026-01-04T00:00:00.000Z')
    expect(next('0 0 29 2 *', '2026-01-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z')
    expect(next('0 0 31 2 *', '2026-01-01T00:00:00Z')).toBeNull()
    expect(next('@every 90s', '2026-01-01T00:00:00.500Z')).toBe('2026-01-01T00:01:30.000Z')
  })

  it('day of month and day of week: either when both are restricted, both when one is *', () => {
    expect(next('0 0 13 * 5', '2026-01-01T00:00:00Z')).toBe('2026-01-02T00:00:00.000Z') // Friday the 2nd (or the 13th)
    expect(next('0 0 13 * *', '2026-01-01T00:00:00Z')).toBe('2026-01-13T00:00:00.000Z')
    expect(next('0 0 * * 5', '2026-01-03T00:00:00Z')).toBe('2026-01-09T00:00:00.000Z')
    expect(next('0 0 */2 * 1', '2026-01-01T00:00:00Z')).toBe('2026-01-03T00:00:00.000Z') // a step is a restriction
  })

  it('time zones: wall-clock times, across daylight saving changes', () => {
    expect(next('0 9 * * *', '2026-01-01T00:00:00Z', 'America/New_York')).toBe('2026-01-01T14:00:00.000Z')
    expect(next('0 9 * * *', '2026-07-01T00:00:00Z', 'America/New_York')).toBe('2026-07-01T13:00:00.000Z')
    // 02:30 does not exist on 2026-03-08 in New York: that day is skipped
    expect(next('30 2 * * *', '2026-03-07T12:00:00Z', 'America/New_York')).toBe('2026-03-09T06:30:00.000Z')
    expect(next('0 0 * * *', '2026-01-01T00:00:00Z', 'Asia/Kolkata')).toBe('2026-01-01T18:30:00.000Z')
    expect(() => checkTimeZone('Mars/Olympus')).toThrow('unknown time zone Mars/Olympus')
    expect(() => checkTimeZone('Europe/Berlin')).not.toThrow()
  })

  it('rejects bad schedules with the reason', () => {
    const bad: [string, RegExp][] = [
      ['', /empty spec/],
      ['* * * *', /expected exactly 5 fields, found 4/],
      ['60 * * * *', /minute 60 out of range 0-59/],
      ['* * * * 7', /day of week 7 out of range 0-6/],
      ['*/0 * * * *', /step of range should be a positive number/],
      ['5-1 * * * *', /beginning of range \(5\) beyond end of range \(1\)/],
      ['a * * * *', /failed to parse int from a/],
      ['@often', /unrecognized descriptor/],
      ['TZ=UTC 0 * * * *', /use timeZone field instead/],
      ['@every 5x', /failed to parse duration/],
    ]
    for (const [s, why] of bad) expect(() => parseSchedule(s), s).toThrow(why)
    expect(() => parseSchedule('x')).toThrow(CronError)
  })

  it('scheduled times in a window: the most recent and how many, capped', () => {
    const s = parseSchedule('*/10 * * * *')
    expect(scheduledTimesBetween(s, at('2026-01-01T10:00:00Z'), at('2026-01-01T10:35:00Z'), 'UTC')).toEqual({mostRecent: at('2026-01-01T10:30:00Z'), count: 3})
    expect(scheduledTimesBetween(s, at('2026-01-01T10:00:00Z'), at('2026-01-01T10:05:00Z'), 'UTC')).toEqual({mostRecent: null, count: 0})
    const many = scheduledTimesBetween(parseSchedule('* * * * *'), at('2026-01-01T00:00:00Z'), at('2026-01-03T00:00:30Z'), 'UTC')
    expect(many.count).toBe(101)
    expect(iso(many.mostRecent)).toBe('2026-01-03T00:00:00.000Z')
    expect(scheduledTimesBetween(parseSchedule('@every 1m'), at('2026-01-01T00:00:00Z'), at('2026-01-01T10:00:00Z'))).toEqual({mostRecent: at('2026-01-01T10:00:00Z'), count: 600})
  })
})
