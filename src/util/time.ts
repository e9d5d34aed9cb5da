/** Time helpers shared by every component. */

/** Now as Kubernetes serialises metav1.Time: RFC 3339 in UTC with second precision ("2026-01-02T03:04:05Z"). */
export function nowRfc3339(now: Date = new Date()): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** metav1.MicroTime: RFC 3339 with microseconds (events' eventTime, leases' renewTime). */
export function nowMicroTime(now: Date = new Date()): string {
  return now.toISOString().replace(/Z$/, '000Z')
}

/** Parses an RFC 3339 time; NaN-safe: returns undefined for missing or bad input. */
export function parseTime(s: unknown): Date | undefined {
  if (typeof s !== 'string' || s === '') return undefined
  const d = new Date(s)
  return Number.isNaN(d.getTime()) ? undefined : d
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}
