/**
 * Leader election over a coordination.k8s.io/v1 Lease, as client-go's leaderelection package (LeaseLock):
 * candidates try to acquire the lease every retryPeriod (jittered); the holder renews it every
 * retryPeriod and steps down — aborting the leading signal, then onStoppedLeading — as soon as it has not
 * renewed for renewDeadline, which is shorter than the leaseDuration others wait before taking over, so
 * two leaders never act at once. Writes use optimistic concurrency (resourceVersion): a 409 means another
 * candidate won the race. A clean shutdown releases the lease (no holder) so a successor takes over at
 * its next retry; a dead leader is replaced about leaseDuration after its last renewal.
 *
 * Unlike client-go's Run, a leader that lost its lease goes back to being a candidate (once its leading
 * work has returned) until the signal aborts; onStoppedLeading is only called after having led.
 */
import type {ResourceRef} from '../api/resource.js'
import type {Lease} from '../api/types/coordination.js'
import type {Client} from '../client/client.js'
import {isNotFound} from '../client/errors.js'
import {decide, type Observation, observe, recordKey, releaseSpec} from './decide.js'

/** leases (coordination.k8s.io/v1). */
export const leasesRef: ResourceRef = {group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespaced: true}

/** The client calls leader election makes. */
export type LeaseClient = Pick<Client, 'get' | 'create' | 'update'>

/** Options of runLeaderElection (client-go's LeaderElectionConfig). */
export interface LeaderElectionOptions {
  /** the lease's name, e.g. kube-scheduler */
  name: string
  /** default kube-system */
  namespace?: string
  /** unique per candidate process, e.g. `${hostname}_${uuid}` */
  identity: string
  /** how long others wait after the last observed renewal before taking over (default 15) */
  leaseDurationSeconds?: number
  /** how long the leader keeps trying to renew before stepping down (default 10) */
  renewDeadlineSeconds?: number
  /** interval between attempts (default 2) */
  retryPeriodSeconds?: number
  /** stops the election (releasing the lease when leading, unless releaseOnCancel is false) */
  signal: AbortSignal
  /** called on becoming leader; must stop its work when `signal` aborts */
  onStartedLeading(signal: AbortSignal): void | Promise<void>
  /** called after the leading signal was aborted (lease lost or shutdown) */
  onStoppedLeading?(): void
  /** called when the observed holder changes (including to ourselves) */
  onNewLeader?(identity: string): void
  /** release the lease on shutdown (default true) */
  releaseOnCancel?: boolean
  log?: (msg: string) => void
}

const JITTER_FACTOR = 1.2

/** Resolves after ms, or at once when the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const done = () => {
      clearTimeout(t)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const t = setTimeout(done, Math.max(0, ms))
    signal.addEventListener('abort', done, {once: true})
  })
}

/** `p`, or false if it has not settled by local time `deadline`. */
function before<T>(p: Promise<T>, deadline: number, fallback: T): Promise<T> {
  let t: NodeJS.Timeout | undefined
  const timeout = new Promise<T>((resolve) => (t = setTimeout(() => resolve(fallback), Math.max(0, deadline - Date.now()))))
  return Promise.race([p, timeout]).finally(() => clearTimeout(t))
}

/** One candidate. */
export class LeaderElector {
  private lease: Lease | undefined
  private observed: Observation | undefined
  private leading = false
  private lastHolder: string | undefined
  private readonly ns: string
  private readonly leaseMs: number
  private readonly renewMs: number
  private readonly retryMs: number
  private readonly log: (msg: string) => void

  constructor(
    private readonly client: LeaseClient,
    private readonly opts: LeaderElectionOptions,
  ) {
    this.ns = opts.namespace ?? 'kube-system'
    this.leaseMs = (opts.leaseDurationSeconds ?? 15) * 1000
    this.renewMs = (opts.renewDeadlineSeconds ?? 10) * 1000
    this.retryMs = (opts.retryPeriodSeconds ?? 2) * 1000
    this.log = opts.log ?? ((m) => console.error(m))
    if (!opts.identity) throw new Error('leader election: identity is required')
    if (!(this.leaseMs > this.renewMs)) throw new Error('leader election: leaseDuration must be greater than renewDeadline')
    if (!(this.renewMs > JITTER_FACTOR * this.retryMs) || !(this.retryMs > 0)) throw new Error('leader election: renewDeadline must be greater than retryPeriod*1.2')
  }

  /** Whether this candidate currently leads. */
  isLeader(): boolean {
    return this.leading
  }

  /** The holder last observed ('' when free). */
  get leader(): string | undefined {
    return this.lastHolder
  }

  private get where(): string {
    return `${this.ns}/${this.opts.name}`
  }

  /** Runs until the signal aborts. */
  async run(): Promise<void> {
    const {signal} = this.opts
    while (!signal.aborted) {
      const acquiredAt = await this.acquire()
      if (acquiredAt === undefined) return
      this.leading = true
      this.log(`leaderelection: ${this.opts.identity} acquired lease ${this.where}`)
      const ac = new AbortController()
      const work = Promise.resolve()
        .then(() => this.opts.onStartedLeading(ac.signal))
        .catch((err: unknown) => this.log(`leaderelection: leading work failed: ${(err as Error)?.stack ?? err}`))
      const outcome = await this.renew(acquiredAt)
      this.leading = false
      ac.abort()
      if (outcome === 'lost') this.log(`leaderelection: ${this.opts.identity} lost lease ${this.where}`)
      if (outcome === 'stopped') {
        // let the work stop before giving the lease away (bounded: the lease stays valid meanwhile)
        await before(work, Date.now() + this.renewMs, undefined)
        if (this.opts.releaseOnCancel !== false) await this.release()
        this.opts.onStoppedLeading?.()
        return
      }
      this.opts.onStoppedLeading?.()
      await work
    }
  }

  /** Tries until acquired (→ the local time the successful attempt started) or stopped (→ undefined). */
  private async acquire(): Promise<number | undefined> {
    const {signal} = this.opts
    while (!signal.aborted) {
      const started = Date.now()
      if (await this.tryAcquireOrRenew()) return signal.aborted ? (await this.release(), undefined) : started
      await sleep(this.retryMs * (1 + Math.random() * JITTER_FACTOR), signal)
    }
    return undefined
  }

  /** Renews every retryPeriod; 'lost' once renewDeadline passed since the last successful renewal. */
  private async renew(lastRenew: number): Promise<'lost' | 'stopped'> {
    const {signal} = this.opts
    for (;;) {
      await sleep(this.retryMs, signal)
      if (signal.aborted) return 'stopped'
      const deadline = lastRenew + this.renewMs
      for (;;) {
        const started = Date.now()
        if (started >= deadline) return 'lost'
        if (await before(this.tryAcquireOrRenew(), deadline, false)) {
          lastRenew = started
          break
        }
        if (signal.aborted) return 'stopped'
        await sleep(Math.min(this.retryMs, deadline - Date.now()), signal)
        if (signal.aborted) return 'stopped'
      }
    }
  }

  private seen(lease: Lease, now: number): void {
    this.lease = lease
    this.observed = observe(lease, this.observed, now)
    const holder = lease.spec?.holderIdentity ?? ''
    if (holder !== this.lastHolder) {
      this.lastHolder = holder
      if (holder) this.opts.onNewLeader?.(holder)
    }
  }

  private wrote(lease: Lease, now: number): void {
    this.observed = {record: recordKey(lease.spec), at: now}
    this.seen(lease, now)
  }

  /** One attempt (client-go tryAcquireOrRenew): true when we hold the lease afterwards. */
  async tryAcquireOrRenew(): Promise<boolean> {
    const {name, identity} = this.opts
    const duration = Math.ceil(this.leaseMs / 1000)
    const now = Date.now()
    // fast path: renew the lease we hold from our copy
    if (this.leading && this.lease?.spec?.holderIdentity === identity) {
      const d = decide(this.lease, now, identity, duration, this.observed)
      if (d.action === 'update') {
        try {
          this.wrote(await this.client.update<Lease>(leasesRef, {...this.lease, spec: d.spec}, this.ns), now)
          return true
        } catch {
          // conflict or error: read the lease and decide again
        }
      }
    }
    let lease: Lease
    try {
      lease = await this.client.get<Lease>(leasesRef, name, this.ns)
    } catch (err) {
      if (!isNotFound(err)) {
        this.log(`leaderelection: reading lease ${this.where}: ${(err as Error).message}`)
        return false
      }
      const d = decide(undefined, now, identity, duration)
      if (d.action !== 'create') return false
      try {
        const obj: Lease = {apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: {name, namespace: this.ns}, spec: d.spec}
        this.wrote(await this.client.create<Lease>(leasesRef, obj, this.ns), now)
        return true
      } catch {
        return false
      }
    }
    this.seen(lease, now)
    const d = decide(lease, now, identity, duration, this.observed)
    if (d.action !== 'update') return false
    try {
      this.wrote(await this.client.update<Lease>(leasesRef, {...lease, spec: d.spec}, this.ns), now)
      return true
    } catch {
      // 409: someone else wrote first
      return false
    }
  }

  /** Gives the lease up (no holder) if we hold it. */
  private async release(): Promise<void> {
    const lease = this.lease
    if (!lease || lease.spec?.holderIdentity !== this.opts.identity) return
    try {
      this.wrote(await this.client.update<Lease>(leasesRef, {...lease, spec: releaseSpec(lease.spec, Date.now())}, this.ns), Date.now())
      this.log(`leaderelection: ${this.opts.identity} released lease ${this.where}`)
    } catch (err) {
      this.log(`leaderelection: releasing lease ${this.where}: ${(err as Error).message}`)
    }
  }
}

/**
 * Runs leader election until `opts.signal` aborts: calls onStartedLeading(signal) whenever this candidate
 * becomes leader and aborts that signal (then onStoppedLeading) when it stops being leader.
 */
export async function runLeaderElection(client: LeaseClient, opts: LeaderElectionOptions): Promise<void> {
  await new LeaderElector(client, opts).run()
}
