/**
 * Go's time.ParseDuration, which kubectl's duration flags (--since) use: a sequence of decimal numbers
 * with units ns, us (µs), ms, s, m, h, e.g. "300ms", "1.5h", "2h45m"; "0" alone is allowed.
 */

const UNITS: Record<string, number> = {ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000}

/** Parses a Go duration into milliseconds; throws Go's message for malformed input. */
export function parseGoDuration(input: string): number {
  const quoted = JSON.stringify(input)
  let s = input
  let sign = 1
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1
    s = s.slice(1)
  }
  if (s === '0') return 0
  if (s === '') throw new Error(`time: invalid duration ${quoted}`)
  let total = 0
  while (s !== '') {
    const num = /^(\d*)(?:\.(\d*))?/.exec(s)!
    if (num[0] === '' || num[0] === '.') throw new Error(`time: invalid duration ${quoted}`)
    s = s.slice(num[0].length)
    const unit = /^[^\d.]*/.exec(s)![0]
    if (unit === '') throw new Error(`time: missing unit in duration ${quoted}`)
    const factor = UNITS[unit]
    if (factor === undefined) throw new Error(`time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}`)
    s = s.slice(unit.length)
    total += Number(`${num[1] || '0'}.${num[2] || '0'}`) * factor
  }
  return sign * total
}
