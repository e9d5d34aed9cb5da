import {time} from './access.js'

/**
 * humanDuration is k8s.io/apimachinery/pkg/util/duration.HumanDuration: a succinct rendering of a duration
 * with about two significant figures (45s, 5m12s, 15m, 3h, 3h5m, 20h, 2d5h, 30d, 3y12d, 10y). Negative
 * durations of up to one second (clock skew) read as "0s"; anything more negative is "<invalid>".
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000)
  if (seconds < -1) return '<invalid>'
  if (seconds < 0) return '0s'
  if (seconds < 60 * 2) return `${seconds}s`
  const minutes = Math.trunc(ms / 60_000)
  if (minutes < 10) {
    const s = seconds % 60
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`
  }
  if (minutes < 60 * 3) return `${minutes}m`
  const hours = Math.trunc(ms / 3_600_000)
  if (hours < 8) {
    const m = minutes % 60
    return m === 0 ? `${hours}h` : `${hours}h${m}m`
  }
  if (hours < 48) return `${hours}h`
  if (hours < 24 * 8) {
    const h = hours % 24
    const d = Math.trunc(hours / 24)
    return h === 0 ? `${d}d` : `${d}d${h}h`
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365
    const y = Math.trunc(hours / 24 / 365)
    return dy === 0 ? `${y}y` : `${y}y${dy}d`
  }
  return `${Math.trunc(hours / 24 / 365)}y`
}

/**
 * translateTimestampSince: the age of an RFC 3339 timestamp at `now`, or "<unknown>" when the timestamp is
 * unset (the printers' rendering of a zero metav1.Time).
 */
export function since(timestamp: unknown, now: Date): string {
  const t = time(timestamp)
  if (!t) return '<unknown>'
  return humanDuration(now.getTime() - t.getTime())
}
