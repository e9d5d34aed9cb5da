/**
 * The controller work queue (client-go's rate-limited work queue): a key is queued at most once, is never
 * processed by two workers at once (a key added while being processed is queued again once done), can be
 * delayed (addAfter) or retried with per-key exponential back-off (addRateLimited, forget).
 */

/** Per-key retry delays. */
export interface RateLimiter<K> {
  /** the delay before the next retry of `key` (each call counts one more failure) */
  when(key: K): number
  /** resets the failure count of `key` */
  forget(key: K): void
  /** failures counted for `key` */
  numRequeues(key: K): number
}

/** Per-key exponential back-off: base·2^failures, capped (client-go default: 5 ms doubling to 1000 s). */
export class ExponentialRateLimiter<K> implements RateLimiter<K> {
  private readonly failures = new Map<K, number>()
  constructor(
    private readonly baseMs = 5,
    private readonly maxMs = 1_000_000,
  ) {}

  when(key: K): number {
    const n = this.failures.get(key) ?? 0
    this.failures.set(key, n + 1)
    return Math.min(this.baseMs * 2 ** n, this.maxMs)
  }

  forget(key: K): void {
    this.failures.delete(key)
  }

  numRequeues(key: K): number {
    return this.failures.get(key) ?? 0
  }
}

/** A deduplicating, delaying, rate-limited FIFO of keys (usually `namespace/name`). */
export class WorkQueue<K = string> {
  private readonly queue: K[] = []
  private readonly dirty = new Set<K>()
  private readonly processing = new Set<K>()
  private readonly waiting = new Map<K, {at: number; timer: NodeJS.Timeout}>()
  private waiters: ((key: K | undefined) => void)[] = []
  private shuttingDown = false
  readonly rateLimiter: RateLimiter<K>

  constructor(opts: {rateLimiter?: RateLimiter<K>} = {}) {
    this.rateLimiter = opts.rateLimiter ?? new ExponentialRateLimiter<K>()
  }

  /** Queues `key` unless already queued; a key being processed is queued again when done() is called. */
  add(key: K): void {
    if (this.shuttingDown || this.dirty.has(key)) return
    this.dirty.add(key)
    if (this.processing.has(key)) return
    this.queue.push(key)
    this.wake()
  }

  /** Queues `key` after `ms` (immediately when ms ≤ 0); of several pending delays the earliest wins. */
  addAfter(key: K, ms: number): void {
    if (this.shuttingDown) return
    if (ms <= 0) return this.add(key)
    const at = Date.now() + ms
    const pending = this.waiting.get(key)
    if (pending && pending.at <= at) return
    if (pending) clearTimeout(pending.timer)
    const timer = setTimeout(() => {
      this.waiting.delete(key)
      this.add(key)
    }, ms)
    timer.unref?.()
    this.waiting.set(key, {at, timer})
  }

  /** Queues `key` after its rate limiter's back-off (one more failure counted). */
  addRateLimited(key: K): void {
    this.addAfter(key, this.rateLimiter.when(key))
  }

  /** Resets the back-off of `key` (call after it was processed successfully). */
  forget(key: K): void {
    this.rateLimiter.forget(key)
  }

  /** Failures counted for `key` since the last forget. */
  numRequeues(key: K): number {
    return this.rateLimiter.numRequeues(key)
  }

  /**
   * The next key to process (marked as processing until done()). Waits while the queue is empty;
   * undefined once the queue is shut down and drained.
   */
  get(): Promise<K | undefined> {
    const key = this.take()
    if (key !== undefined || this.shuttingDown) return Promise.resolve(key)
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  /** Marks `key` as processed; re-queues it when it was added meanwhile. */
  done(key: K): void {
    this.processing.delete(key)
    if (this.dirty.has(key)) {
      this.queue.push(key)
      this.wake()
    }
  }

  /** Number of keys ready to be processed (not counting delayed or in-process ones). */
  len(): number {
    return this.queue.length
  }

  /** Stops accepting keys and drops delayed ones; get() drains what is queued, then answers undefined. */
  shutDown(): void {
    this.shuttingDown = true
    for (const w of this.waiting.values()) clearTimeout(w.timer)
    this.waiting.clear()
    const waiters = this.waiters
    this.waiters = []
    for (const w of waiters) w(undefined)
  }

  /** True after shutDown(). */
  isShuttingDown(): boolean {
    return this.shuttingDown
  }

  private take(): K | undefined {
    if (this.queue.length === 0) return undefined
    const key = this.queue.shift()!
    this.dirty.delete(key)
    this.processing.add(key)
    return key
  }

  private wake(): void {
    while (this.waiters.length > 0 && this.queue.length > 0) this.waiters.shift()!(this.take())
  }
}

/** Options of runWorkers. */
export interface RunWorkersOptions {
  /** prefix of log lines, e.g. the controller name */
  name?: string
  /** where sync failures are reported; default console.error */
  log?: (message: string) => void
}

/**
 * Runs `n` workers taking keys from `queue` and calling `sync(key)`: success forgets the key's back-off,
 * failure re-queues it rate-limited and logs the error (once per distinct message per key, until it
 * succeeds). Resolves when the queue is shut down and every worker has finished its current key.
 */
export async function runWorkers<K>(queue: WorkQueue<K>, n: number, sync: (key: K) => Promise<void>, opts: RunWorkersOptions = {}): Promise<void> {
  const log = opts.log ?? ((m: string) => console.error(m))
  const lastError = new Map<K, string>()
  const worker = async () => {
    for (;;) {
      const key = await queue.get()
      if (key === undefined) return
      try {
        await sync(key)
        queue.forget(key)
        lastError.delete(key)
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err)
        if (lastError.get(key) !== msg) {
          lastError.set(key, msg)
          log(`${opts.name ? `${opts.name}: ` : ''}error syncing ${String(key)}: ${msg} (will retry)`)
        }
        queue.addRateLimited(key)
      } finally {
        queue.done(key)
      }
    }
  }
  await Promise.all(Array.from({length: Math.max(1, n)}, worker))
}
