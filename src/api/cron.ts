/**
 * Cron schedules as CronJobs write them (the standard 5-field syntax Kubernetes parses with
 * robfig/cron's ParseStandard): minute hour day-of-month month day-of-week, with `*`, `?`, lists,
 * ranges, steps (`*\/15`, `1-30/5`, `5/10` = 5-max/10), month and weekday names (JAN, mon), and the
 * macros @yearly/@annually, @monthly, @weekly, @daily/@midnight, @hourly and `@every <duration>`.
 * Day matching follows cron: when both day fields are restricted a day matching either runs.
 *
 * Times are computed on the wall clock of a time zone: an IANA name, or the process's local zone
 * when none is given (the controller manager's, as Kubernetes does). No I/O; Intl is used only for
 * named zones other than UTC.
 */

/** A bad schedule or time zone; the message says what is wrong. */
export class CronError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CronError'
  }
}

/** A parsed schedule: allowed values per field, or a constant interval (`@every`). */
export type CronSchedule =
  | {kind: 'fields'; minute: Set<number>; hour: Set<number>; dom: Set<number>; month: Set<number>; dow: Set<number>; domStar: boolean; dowStar: boolean}
  | {kind: 'every'; everyMs: number}

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
}
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']

interface FieldRange {
  name: string
  min: number
  max: number
  names?: string[]
  namesFrom?: number
}
const FIELDS: FieldRange[] = [
  {name: 'minute', min: 0, max: 59},
  {name: 'hour', min: 0, max: 23},
  {name: 'day of month', min: 1, max: 31},
  {name: 'month', min: 1, max: 12, names: MONTHS, namesFrom: 1},
  {name: 'day of week', min: 0, max: 6, names: DAYS, namesFrom: 0},
]

function value(s: string, r: FieldRange, whole: string): number {
  const named = r.names?.indexOf(s.toLowerCase()) ?? -1
  if (named >= 0) return named + (r.namesFrom ?? 0)
  if (!/^\d+$/.test(s)) throw new CronError(`failed to parse int from ${s}: invalid syntax in "${whole}"`)
  const n = Number(s)
  if (n < r.min || n > r.max) throw new CronError(`${r.name} ${n} out of range ${r.min}-${r.max} in "${whole}"`)
  return n
}

/** One field: its values and whether it was a bare `*`/`?`. */
function parseField(expr: string, r: FieldRange, whole: string): {set: Set<number>; star: boolean} {
  const set = new Set<number>()
  let star = false
  for (const part of expr.split(',')) {
    if (part === '') throw new CronError(`empty list item in "${whole}"`)
    const [range, stepText, extra] = part.split('/')
    if (extra !== undefined) throw new CronError(`too many slashes: ${part} in "${whole}"`)
    const bounds = range.split('-')
    let lo: number
    let hi: number
    let isStar = false
    if (range === '*' || range === '?') {
      lo = r.min
      hi = r.max
      isStar = true
    } else if (bounds.length === 1) {
      lo = value(bounds[0], r, whole)
      hi = stepText !== undefined ? r.max : lo
    } else if (bounds.length === 2) {
      lo = value(bounds[0], r, whole)
      hi = value(bounds[1], r, whole)
    } else {
      throw new CronError(`too many hyphens: ${range} in "${whole}"`)
    }
    let step = 1
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) === 0) throw new CronError(`step of range should be a positive number: ${part} in "${whole}"`)
      step = Number(stepText)
    }
    if (lo > hi) throw new CronError(`beginning of range (${lo}) beyond end of range (${hi}): ${part} in "${whole}"`)
    if (isStar && step === 1) star = true
    for (let v = lo; v <= hi; v += step) set.add(v)
  }
  return {set, star}
}

/** Go's time.ParseDuration subset for `@every` (h, m, s, ms; e.g. 1h30m, 90s). */
function parseDuration(s: string, whole: string): number {
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/gy
  let total = 0
  let matched = 0
  for (let m = re.exec(s); m; m = re.exec(s)) {
    total += Number(m[1]) * {h: 3_600_000, m: 60_000, s: 1000, ms: 1}[m[2] as 'h']
    matched = re.lastIndex
  }
  if (s === '' || matched !== s.length) throw new CronError(`failed to parse duration ${s} in "${whole}"`)
  // robfig/cron rounds the interval down to whole seconds, at least one
  return Math.max(1000, Math.floor(total / 1000) * 1000)
}

/** Parses a schedule; throws CronError. */
export function parseSchedule(schedule: string): CronSchedule {
  const s = schedule.trim()
  if (s === '') throw new CronError('empty spec string')
  if (/^(CRON_)?TZ=/.test(s)) throw new CronError('cannot use TZ or CRON_TZ in schedule, use timeZone field instead')
  if (s.startsWith('@every ')) return {kind: 'every', everyMs: parseDuration(s.slice('@every '.length).trim(), s)}
  const expanded = s.startsWith('@') ? MACROS[s.toLowerCase()] : s
  if (!expanded) throw new CronError(`unrecognized descriptor: ${s}`)
  const fields = expanded.split(/\s+/)
  if (fields.length !== 5) throw new CronError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`)
  const [minute, hour, dom, month, dow] = fields.map((f, i) => parseField(f, FIELDS[i], s))
  return {kind: 'fields', minute: minute.set, hour: hour.set, dom: dom.set, month: month.set, dow: dow.set, domStar: dom.star, dowStar: dow.star}
}

/** Throws CronError unless `zone` is a time zone this runtime knows. */
export function checkTimeZone(zone: string): void {
  if (zone === '' || zone === 'UTC' || zone === 'Local') return
  try {
    new Intl.DateTimeFormat('en-US', {timeZone: zone})
  } catch {
    throw new CronError(`unknown time zone ${zone}`)
  }
}

/** Wall-clock fields of an instant in a zone (month 1–12, dow 0 = Sunday). */
interface Wall {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  dow: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function wallOf(ms: number, zone: string | undefined): Wall {
  const d = new Date(ms)
  if (!zone || zone === 'Local') return {year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(), hour: d.getHours(), minute: d.getMinutes(), dow: d.getDay()}
  if (zone === 'UTC' || zone === 'Etc/UTC') return {year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), dow: d.getUTCDay()}
  let f = formatters.get(zone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short'})
    formatters.set(zone, f)
  }
  const p: Record<string, string> = {}
  for (const part of f.formatToParts(d)) p[part.type] = part.value
  return {year: Number(p.year), month: Number(p.month), day: Number(p.day), hour: Number(p.hour), minute: Number(p.minute), dow: DAYS.indexOf(p.weekday.toLowerCase())}
}

/** The instant of a wall-clock time in a zone (fields may overflow: month 13 is next January). */
function instantOf(year: number, month: number, day: number, hour: number, minute: number, zone: string | undefined): number {
  if (!zone || zone === 'Local') return new Date(year, month - 1, day, hour, minute).getTime()
  const asUtc = Date.UTC(year, month - 1, day, hour, minute)
  if (zone === 'UTC' || zone === 'Etc/UTC') return asUtc
  // offset = wall − instant, taken at the guess and corrected once (DST changes between the two)
  let t = asUtc
  for (let i = 0; i < 2; i++) {
    const w = wallOf(t, zone)
    t = asUtc - (Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - Math.floor(t / 60_000) * 60_000)
  }
  return t
}

function dayMatches(s: Extract<CronSchedule, {kind: 'fields'}>, w: Wall): boolean {
  const dom = s.dom.has(w.day)
  const dow = s.dow.has(w.dow)
  return s.domStar || s.dowStar ? dom && dow : dom || dow
}

/** The first schedule time strictly after `afterMs` (ms since the epoch), or null within 5 years none. */
export function nextTime(s: CronSchedule, afterMs: number, zone?: string): number | null {
  if (s.kind === 'every') return Math.floor(afterMs / 1000) * 1000 + s.everyMs
  let t = Math.floor(afterMs / 60_000) * 60_000 + 60_000
  const limit = afterMs + 5 * 366 * 86_400_000
  while (t <= limit) {
    const w = wallOf(t, zone)
    let next: number
    if (!s.month.has(w.month)) next = instantOf(w.year, w.month + 1, 1, 0, 0, zone)
    else if (!dayMatches(s, w)) next = instantOf(w.year, w.month, w.day + 1, 0, 0, zone)
    else if (!s.hour.has(w.hour)) next = instantOf(w.year, w.month, w.day, w.hour + 1, 0, zone)
    else if (!s.minute.has(w.minute)) next = t + 60_000
    else return t
    // always forward, also across a DST change that maps the wall time back
    t = next > t ? next : t + 60_000
  }
  return null
}

/**
 * The schedule times in (fromMs, toMs]: the most recent one and how many there were, counting at most
 * `cap` + 1 (Kubernetes gives up listing missed start times beyond 100).
 */
export function scheduledTimesBetween(s: CronSchedule, fromMs: number, toMs: number, zone?: string, cap = 100): {mostRecent: number | null; count: number} {
  if (s.kind === 'every') {
    const first = nextTime(s, fromMs)!
    if (first > toMs) return {mostRecent: null, count: 0}
    const n = Math.floor((toMs - first) / s.everyMs) + 1
    return {mostRecent: first + (n - 1) * s.everyMs, count: n}
  }
  let mostRecent: number | null = null
  let count = 0
  let t = nextTime(s, fromMs, zone)
  while (t !== null && t <= toMs) {
    mostRecent = t
    count++
    if (count > cap) {
      // too many to walk one by one: find the most recent by stepping back from `toMs`
      mostRecent = lastAtOrBefore(s, toMs, fromMs, zone)
      break
    }
    t = nextTime(s, t, zone)
  }
  return {mostRecent, count}
}

/** The latest schedule time in (fromMs, toMs], searching backwards a day at a time. */
function lastAtOrBefore(s: CronSchedule, toMs: number, fromMs: number, zone?: string): number | null {
  for (let start = toMs - 86_400_000; start + 86_400_000 > fromMs; start -= 86_400_000) {
    let last: number | null = null
    for (let t = nextTime(s, Math.max(start, fromMs), zone); t !== null && t <= toMs && t <= start + 86_400_000 + 60_000; t = nextTime(s, t, zone)) last = t
    if (last !== null) return last
  }
  return null
}
