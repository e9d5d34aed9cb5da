/**
 * Pod workers: syncs are serialised per pod (a sync requested while one runs is run once it ends)
 * and concurrent across pods, as the kubelet's per-pod goroutines. A sync may ask to be repeated
 * later (back-offs); failures are logged and retried after a delay. One timer per pod at most, only
 * while a delayed sync is pending.
 */

/** What a sync answers: when to sync again, if at all. */
export type SyncFn = (uid: string) => Promise<{requeueAfterMs?: number}>

interface WorkerState {
  running: boolean
  pending: boolean
  timer?: NodeJS.Timeout
  at?: number
}

/** Per-pod serialised sync runner. */
export class PodWorkers {
  private readonly workers = new Map<string, WorkerState>()
  private readonly inflight = new Set<Promise<void>>()
  private readonly lastError = new Map<string, string>()
  private stopped = false

  constructor(
    private readonly sync: SyncFn,
    private readonly opts: {errorRetryMs: number; log: (line: string) => void},
  ) {}

  /** Requests a sync of `uid` now, or after `delayMs` (the earliest pending request wins). */
  schedule(uid: string, delayMs = 0): void {
    if (this.stopped) return
    let w = this.workers.get(uid)
    if (!w) this.workers.set(uid, (w = {running: false, pending: false}))
    if (delayMs > 0) {
      const at = Date.now() + delayMs
      if (w.timer && w.at! <= at) return
      clearTimeout(w.timer)
      w.at = at
      w.timer = setTimeout(() => {
        w.timer = undefined
        w.at = undefined
        this.schedule(uid)
      }, delayMs)
      w.timer.unref?.()
      return
    }
    if (w.running) {
      w.pending = true
      return
    }
    this.run(uid, w)
  }

  /** Whether a sync of `uid` is running or requested. */
  busy(uid: string): boolean {
    const w = this.workers.get(uid)
    return !!w && (w.running || w.pending || !!w.timer)
  }

  /** Stops accepting work, cancels delayed syncs and waits for the running ones. */
  async stop(): Promise<void> {
    this.stopped = true
    for (const w of this.workers.values()) clearTimeout(w.timer)
    await Promise.allSettled([...this.inflight])
  }

  private run(uid: string, w: WorkerState): void {
    w.running = true
    w.pending = false
    const p = (async () => {
      try {
        const r = await this.sync(uid)
        this.lastError.delete(uid)
        if (r.requeueAfterMs !== undefined) this.schedule(uid, Math.max(1, r.requeueAfterMs))
      } catch (e) {
        const msg = (e as Error)?.message ?? String(e)
        if (this.lastError.get(uid) !== msg) {
          this.lastError.set(uid, msg)
          this.opts.log(`sync of pod ${uid} failed: ${msg} (will retry)`)
        }
        this.schedule(uid, this.opts.errorRetryMs)
      } finally {
        w.running = false
        if (w.pending && !this.stopped) this.run(uid, w)
        else if (!w.timer && !w.pending) this.workers.delete(uid)
      }
    })()
    this.inflight.add(p)
    void p.finally(() => this.inflight.delete(p))
  }
}
