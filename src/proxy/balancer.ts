/**
 * Backend choice for one frontend (pure apart from the injected clock): round-robin over the ready
 * backends, skipping ones that just refused a connection; ClientIP session affinity keeps a client on
 * the backend it got until `affinitySeconds` pass without a new connection (as kube-proxy's affinity
 * timeout) or the backend goes away.
 *
 * A client's first backend under affinity is chosen by rendezvous hashing of its IP over the backend
 * set, not by the round-robin cursor: when several nodes' proxies on one machine share a cluster IP
 * (each may accept a given connection), they then agree on the client's backend.
 */
import {createHash} from 'node:crypto'
import type {Backend} from './types.js'

/** How long a backend that refused a connection is avoided while others remain. */
export const failurePenaltyMs = 5_000

interface AffinityEntry {
  backend: string
  lastUsed: number
}

/** Chooses backends for one frontend. */
export class Balancer {
  private backends: Backend[] = []
  private cursor: number
  private readonly affinity = new Map<string, AffinityEntry>()
  private readonly failedUntil = new Map<string, number>()

  constructor(
    private affinitySeconds: number | undefined,
    private readonly now: () => number = Date.now,
    random: () => number = Math.random,
  ) {
    this.cursor = Math.floor(random() * 1_000_000)
  }

  /** Replaces the backend set; affinity to removed backends ends, and so do their failure marks. */
  update(backends: Backend[], affinitySeconds: number | undefined): void {
    this.backends = backends
    this.affinitySeconds = affinitySeconds
    const keys = new Set(backends.map((b) => b.key))
    for (const [client, e] of this.affinity) if (!keys.has(e.backend) || affinitySeconds === undefined) this.affinity.delete(client)
    for (const k of this.failedUntil.keys()) if (!keys.has(k)) this.failedUntil.delete(k)
  }

  /** The current backends. */
  get all(): readonly Backend[] {
    return this.backends
  }

  /** Whether a backend with this key is still in the set. */
  has(key: string): boolean {
    return this.backends.some((b) => b.key === key)
  }

  /**
   * The backend for a new connection (or UDP session) from `clientIP`, excluding `tried` (backends that
   * already failed this connection); undefined when none is left.
   */
  pick(clientIP: string, tried: ReadonlySet<string> = new Set()): Backend | undefined {
    const now = this.now()
    const candidates = this.backends.filter((b) => !tried.has(b.key))
    if (!candidates.length) return undefined
    const healthy = candidates.filter((b) => (this.failedUntil.get(b.key) ?? 0) <= now)
    const pool = healthy.length ? healthy : candidates
    if (this.affinitySeconds !== undefined) {
      const e = this.affinity.get(clientIP)
      if (e && now - e.lastUsed <= this.affinitySeconds * 1000) {
        const b = pool.find((x) => x.key === e.backend)
        if (b) {
          e.lastUsed = now
          return b
        }
      }
      const b = rendezvous(clientIP, pool)
      this.affinity.set(clientIP, {backend: b.key, lastUsed: now})
      return b
    }
    const b = pool[this.cursor % pool.length]
    this.cursor = (this.cursor + 1) % 1_000_000_000
    return b
  }

  /** Records that `key` refused or failed a connection: avoided for a while if others remain. */
  failed(key: string): void {
    this.failedUntil.set(key, this.now() + failurePenaltyMs)
  }

  /** Drops expired affinity entries (called now and then). */
  expire(): void {
    if (this.affinitySeconds === undefined) return
    const now = this.now()
    for (const [client, e] of this.affinity) if (now - e.lastUsed > this.affinitySeconds * 1000) this.affinity.delete(client)
  }
}

/** Highest-random-weight choice of a backend for a client: stable while the backend set is. */
export function rendezvous(clientIP: string, backends: Backend[]): Backend {
  let best = backends[0]
  let bestScore = -1n
  for (const b of backends) {
    const score = createHash('sha1').update(`${clientIP}|${b.key}`).digest().readBigUInt64BE(0)
    if (score > bestScore) {
      best = b
      bestScore = score
    }
  }
  return best
}
