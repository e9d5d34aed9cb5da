/**
 * Per-key exponential back-off with Kubernetes' flowcontrol.Backoff semantics (no jitter, as the
 * kubelet's container and image back-offs): the first failure starts at `initialMs`, each further one
 * doubles it up to `maxMs`, and a key whose last update is more than 2 × maxMs before the new event is
 * stable again (10 s doubling to 5 min, reset after 10 min without trouble).
 */

interface Entry {
  backoffMs: number
  lastUpdate: number
}

/** Back-off delays per key (e.g. a container of a pod, an image of a pod). */
export class Backoff {
  private readonly entries = new Map<string, Entry>()

  constructor(
    readonly initialMs = 10_000,
    readonly maxMs = 300_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The current delay of `key` (0 when it has none). */
  get(key: string): number {
    return this.entries.get(key)?.backoffMs ?? 0
  }

  /** Records a failure event at `eventTime`: starts or doubles the delay (resetting stale entries). */
  next(key: string, eventTime: number): void {
    const e = this.entries.get(key)
    if (!e || this.expired(eventTime, e.lastUpdate)) {
      this.entries.set(key, {backoffMs: this.initialMs, lastUpdate: this.now()})
      return
    }
    e.backoffMs = Math.min(e.backoffMs * 2, this.maxMs)
    e.lastUpdate = this.now()
  }

  /** Whether `key` is still backing off from an event at `eventTime` (client-go's IsInBackOffSince). */
  isInBackOffSince(key: string, eventTime: number): boolean {
    const e = this.entries.get(key)
    if (!e || this.expired(eventTime, e.lastUpdate)) return false
    return this.now() - eventTime < e.backoffMs
  }

  /** Whether `key` is backing off since its own last update (client-go's IsInBackOffSinceUpdate). */
  isInBackOffSinceUpdate(key: string): boolean {
    const e = this.entries.get(key)
    if (!e || this.expired(this.now(), e.lastUpdate)) return false
    return this.now() - e.lastUpdate < e.backoffMs
  }

  /** When the back-off of `key` from an event at `eventTime` ends (eventTime + delay). */
  retryAt(key: string, eventTime: number): number {
    return eventTime + this.get(key)
  }

  /** When the back-off of `key` since its last update ends (now when it has none). */
  retryAtSinceUpdate(key: string): number {
    const e = this.entries.get(key)
    return e ? e.lastUpdate + e.backoffMs : this.now()
  }

  /** Forgets `key`. */
  reset(key: string): void {
    this.entries.delete(key)
  }

  /** Forgets every key starting with `prefix` (all keys of a removed pod). */
  resetPrefix(prefix: string): void {
    for (const k of this.entries.keys()) if (k.startsWith(prefix)) this.entries.delete(k)
  }

  /** Drops entries that have been stable for 2 × maxMs (client-go's GC). */
  gc(): void {
    const now = this.now()
    for (const [k, e] of this.entries) if (this.expired(now, e.lastUpdate)) this.entries.delete(k)
  }

  /** Number of keys held (leak checks). */
  get size(): number {
    return this.entries.size
  }

  private expired(eventTime: number, lastUpdate: number): boolean {
    return eventTime - lastUpdate > this.maxMs * 2
  }
}
