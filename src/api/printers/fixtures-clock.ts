/** The reference time of every fixture (see fixtures.ts). */
export const NOW = new Date('2024-05-01T12:00:00Z')

/** NOW minus the given seconds, as an RFC 3339 timestamp. */
export function ago(seconds: number): string {
  return new Date(NOW.getTime() - seconds * 1000).toISOString().replace('.000Z', 'Z')
}

export const MIN = 60
export const HOUR = 3600
export const DAY = 86400
