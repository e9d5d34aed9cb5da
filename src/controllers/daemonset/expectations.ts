/**
 * Expectations for controllers that create and delete children in the same sync (the DaemonSet's
 * syncNodes uses SetExpectations(key, add, del)): creations counted, deletions tracked by pod key, with
 * the same 5-minute escape hatch as common/expectations.ts.
 */
import {expectationsTimeoutMs} from '../common/expectations.js'

interface Record {
  add: number
  deleting: Set<string>
  at: number
}

/** Outstanding creations and deletions per controller key. */
export class CreateDeleteExpectations {
  private readonly records = new Map<string, Record>()

  constructor(
    private readonly now: () => number = Date.now,
    private readonly timeoutMs = expectationsTimeoutMs,
  ) {}

  /** True when nothing is outstanding for `key` (or the expectations expired). */
  satisfied(key: string): boolean {
    const r = this.records.get(key)
    if (!r || (r.add <= 0 && r.deleting.size === 0)) return true
    return this.now() - r.at > this.timeoutMs
  }

  /** Expects `add` creations and the deletion of `deleting` (pod keys), replacing earlier expectations. */
  expect(key: string, add: number, deleting: readonly string[]): void {
    this.records.set(key, {add, deleting: new Set(deleting), at: this.now()})
  }

  /** One expected creation was observed (or will not happen). */
  creationObserved(key: string): void {
    const r = this.records.get(key)
    if (r) r.add--
  }

  /** The deletion of `podKey` was observed (or will not happen); ignored unless expected. */
  deletionObserved(key: string, podKey: string): void {
    this.records.get(key)?.deleting.delete(podKey)
  }

  /** Forgets `key`. */
  delete(key: string): void {
    this.records.delete(key)
  }

  /** Outstanding counts (tests, logs). */
  pending(key: string): {add: number; del: number} | undefined {
    const r = this.records.get(key)
    return r ? {add: r.add, del: r.deleting.size} : undefined
  }
}

/**
 * Exponential back-off per key (flowcontrol.Backoff as the DaemonSet controller uses it for failed pods:
 * 1 s doubling to 15 min, reset after twice the maximum without failures).
 */
export class KeyBackoff {
  private readonly entries = new Map<string, {delay: number; last: number}>()

  constructor(
    private readonly initialMs = 1000,
    private readonly maxMs = 15 * 60_000,
  ) {}

  /** The remaining back-off of `key` at `now` (0 when not backing off). */
  remaining(key: string, now: number): number {
    const e = this.entries.get(key)
    if (!e) return 0
    return Math.max(0, e.last + e.delay - now)
  }

  /** Records one more failure of `key` at `now`. */
  next(key: string, now: number): void {
    const e = this.entries.get(key)
    if (!e || now - e.last > 2 * this.maxMs) this.entries.set(key, {delay: this.initialMs, last: now})
    else this.entries.set(key, {delay: Math.min(e.delay * 2, this.maxMs), last: now})
  }
}
