/**
 * The proxier: applies plans to the machine. Every change of a Service, Endpoints or Node (and a
 * periodic resync) recomputes the node's plan and reconciles: host addresses (shared, see hostnet.ts),
 * then listeners — closed when their service port is gone, updated in place when only backends
 * changed, bound when new (a failed bind is retried on the next resync) — and the forwarding listener's
 * allow-list.
 */
import type {Endpoints} from '../api/types/endpoints.js'
import type {Node} from '../api/types/node.js'
import type {Service} from '../api/types/service.js'
import type {Informer} from '../client/informer.js'
import {jsonEqual} from '../util/json.js'
import {connectionErrorCode, message} from './errors.js'
import {startFrontend, type RunningFrontend} from './frontends.js'
import type {HostAddresses} from './hostnet.js'
import {isLoopback, planProxy} from './plan.js'
import type {Frontend, ProxyPlan} from './types.js'

/** How often unchanged host addresses are checked again. */
export const hostCheckMs = 5000

/** What the proxier reads and where it applies. */
export interface ProxierOptions {
  nodeName: string
  nodeIP: string
  tunnelPort: number
  services: Informer<Service>
  endpoints: Informer<Endpoints>
  nodes: Informer<Node>
  /** machine-wide addresses; null when the caller manages none (loopback cluster IPs in tests) */
  host: HostAddresses | null
  /** extra local addresses this node needs (its DNS address) */
  extraAddresses: string[]
  /** CIDRs made unreachable while this node runs (the service CIDR) */
  routes: string[]
  log: (msg: string) => void
}

/** Reconciles one node's listeners with its plan. */
export class Proxier {
  private readonly running = new Map<string, RunningFrontend>()
  private readonly starting = new Map<string, Promise<void>>()
  private readonly reported = new Set<string>()
  private current: ProxyPlan = {frontends: new Map(), clusterIPs: new Set(), tunnelTargets: new Set(), warnings: []}
  private busy: Promise<void> | undefined
  private dirty = false
  private stopped = false
  private lastClaim = ''
  private lastHostSync = 0

  constructor(private readonly opts: ProxierOptions) {}

  /** The plan last applied. */
  get plan(): ProxyPlan {
    return this.current
  }

  /** Keys of the frontends listening now. */
  listening(): string[] {
    return [...this.running.keys()].sort()
  }

  /** Whether `TCP/ip:port` is an endpoint on this node (the forwarding listener's allow-list). */
  allowsTunnel(key: string): boolean {
    return this.current.tunnelTargets.has(key)
  }

  /** Requests a sync; concurrent requests coalesce into one more run. Resolves when a run that saw this request finished. */
  sync(): Promise<void> {
    if (this.stopped) return Promise.resolve()
    if (this.busy) {
      // the running loop goes round once more and resolves after that round
      this.dirty = true
      return this.busy
    }
    const run = async (): Promise<void> => {
      do {
        this.dirty = false
        try {
          await this.syncOnce()
        } catch (e) {
          this.opts.log(`proxy sync failed: ${message(e)}`)
        }
      } while (this.dirty && !this.stopped)
    }
    this.busy = run().finally(() => (this.busy = undefined))
    return this.busy
  }

  private report(key: string, msg: string): void {
    if (this.reported.has(key)) return
    this.reported.add(key)
    this.opts.log(msg)
  }

  private async syncOnce(): Promise<void> {
    const o = this.opts
    const plan = planProxy({
      nodeName: o.nodeName,
      nodeIP: o.nodeIP,
      tunnelPort: o.tunnelPort,
      services: o.services.list(),
      endpoints: o.endpoints.list(),
      nodes: o.nodes.list(),
    })
    this.current = plan
    for (const w of plan.warnings) this.report(`warn:${w}`, w)
    if (o.host) await this.syncHost(o.host, plan)
    if (this.stopped) return
    for (const [key, rf] of [...this.running]) {
      // gone, or now shared differently (SO_REUSEPORT is chosen at bind time): close (and rebind below)
      if (plan.frontends.get(key)?.shared === rf.fe.shared) continue
      this.running.delete(key)
      await rf.close()
    }
    const starts: Promise<void>[] = []
    for (const [key, fe] of plan.frontends) {
      const rf = this.running.get(key)
      if (rf) {
        if (!sameTargets(rf.fe, fe)) rf.update(fe)
        continue
      }
      if (!this.starting.has(key)) starts.push(this.start(fe))
    }
    await Promise.all(starts)
  }

  /**
   * Claims this node's host addresses: when they changed, and otherwise every hostCheckMs (an address
   * someone removed by hand comes back). Failures are logged once and do not stop the listeners.
   */
  private async syncHost(host: HostAddresses, plan: ProxyPlan): Promise<void> {
    const addresses = [...new Set([...plan.clusterIPs, ...this.opts.extraAddresses.filter((a) => !isLoopback(a))])].sort()
    const claim = JSON.stringify([addresses, this.opts.routes])
    if (claim === this.lastClaim && Date.now() - this.lastHostSync < hostCheckMs) return
    try {
      const res = await host.sync({addresses, routes: this.opts.routes})
      this.lastClaim = claim
      this.lastHostSync = Date.now()
      for (const f of res.failed) this.report(`host:${f}`, `cannot set up host address ${f}`)
    } catch (e) {
      this.report(`host-sync:${message(e)}`, `cannot manage host addresses: ${message(e)}`)
    }
  }

  private start(fe: Frontend): Promise<void> {
    const p = startFrontend(fe, this.opts.log)
      .then(async (rf) => {
        const want = this.current.frontends.get(fe.key)
        if (this.stopped || !want) return void (await rf.close())
        this.running.set(fe.key, rf)
        if (!sameTargets(rf.fe, want)) rf.update(want)
        for (const k of [...this.reported]) if (k.startsWith(`bind:${fe.key}:`)) this.reported.delete(k)
      })
      .catch((e) => {
        // retried on the next sync (a port held by something else, an address not local yet)
        this.report(`bind:${fe.key}:${connectionErrorCode(e)}`, `cannot listen on ${fe.key} for ${fe.servicePort}: ${message(e)}`)
      })
      .finally(() => this.starting.delete(fe.key))
    this.starting.set(fe.key, p)
    return p
  }

  /** Closes every listener (host addresses are released by the caller). */
  async stop(): Promise<void> {
    this.stopped = true
    await this.busy
    await Promise.all([...this.starting.values()])
    const all = [...this.running.values()]
    this.running.clear()
    await Promise.all(all.map((rf) => rf.close()))
  }
}

function sameTargets(a: Frontend, b: Frontend): boolean {
  return a.affinitySeconds === b.affinitySeconds && a.servicePort === b.servicePort && jsonEqual(a.backends, b.backends)
}
