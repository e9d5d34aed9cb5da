/**
 * ServiceAllocator: cluster IPs and node ports for Services, with the store as the only source of truth
 * (see claims.ts), so several API server processes on one data dir never hand out the same value: each
 * allocation is an atomic create of the value's claim key, and the loser of a race moves on to another
 * candidate (dynamic) or gets 422 (requested value).
 *
 * `allocate` runs before a create/update is stored and returns what it claimed (released again if the
 * write fails) and what the new spec no longer holds (released once the write is committed).
 */
import type {StatusCause} from '../../api/meta.js'
import type {Service, ServiceSpec} from '../../api/types/service.js'
import {cause, invalid} from '../../api/errors.js'
import type {Store} from '../../store/types.js'
import {candidateOffsets, cidrAddress, cidrContains, parsePortRange, parseServiceCIDR, type PortRange, type ServiceCIDR} from './cidr.js'
import {Claims, nodePortKey, nodePortPrefix, serviceIPKey, serviceIPPrefix, type ClaimOwner} from './claims.js'
import {allocatesNodePorts, heldKeys, initIPFamilies, needsHealthCheckNodePort, nodePortGroups} from './needs.js'

/** The defaults of k3s: service CIDR 10.43.0.0/16, node ports 30000-32767. */
export const defaultServiceCIDR = '10.43.0.0/16'
export const defaultNodePortRange = '30000-32767'

/** Options of the allocator (flags of `mkube master start`). */
export interface ServiceAllocatorOptions {
  /** IPv4 CIDR of cluster IPs (default 10.43.0.0/16) */
  serviceCIDR?: string
  /** node port range (default 30000-32767) */
  nodePortRange?: string
  /** [0, 1) source for the random starting points (tests make it deterministic) */
  random?: () => number
}

/** A claim this operation made, or one the new spec gave up, with the claim's revision when known. */
export interface ClaimRef {
  key: string
  /** resourceVersion of the claim when the release was decided (release only if unchanged) */
  revision?: number
}

/** What `allocate` did. */
export interface AllocationResult {
  /** claims made by this operation: release them if the write fails */
  claimed: string[]
  /** claims the old object held that the new one does not: release them once the write is committed */
  released: ClaimRef[]
}

/** Claims a key for the service being allocated (true: it is the service's now); undo() gives back what this operation claimed. */
type Take = ((key: string, kind: 'ServiceIPClaim' | 'NodePortClaim') => Promise<boolean>) & {
  undo?: (key: string) => Promise<void>
  /** keys the stored object already holds (kept as they are, even outside a range changed since) */
  held?: Set<string>
}

/** Raised inside allocate(); turned into one 422 with every cause. */
class AllocationFailure extends Error {
  constructor(readonly causes: StatusCause[]) {
    super(causes.map((c) => `${c.field}: ${c.message}`).join(', '))
  }
}

/** Allocates cluster IPs and node ports for Services. */
export class ServiceAllocator {
  readonly claims: Claims
  readonly serviceCIDR: ServiceCIDR
  readonly nodePorts: PortRange
  private readonly random: () => number

  constructor(store: Store, opts: ServiceAllocatorOptions = {}) {
    this.claims = new Claims(store)
    this.serviceCIDR = parseServiceCIDR(opts.serviceCIDR ?? defaultServiceCIDR)
    this.nodePorts = parsePortRange(opts.nodePortRange ?? defaultNodePortRange)
    this.random = opts.random ?? Math.random
  }

  /** The cluster IP of the `kubernetes` Service: the first address of the range (10.43.0.1). */
  get kubernetesServiceIP(): string {
    return cidrAddress(this.serviceCIDR, 0)
  }

  /**
   * Fills in and claims the cluster IP and node ports `svc` needs (`old`: the stored object on update).
   * On a dry run nothing is claimed, but values are chosen and conflicts reported the same way. Throws
   * a 422 ApiError naming the field on a conflict or an out-of-range request (after undoing its claims).
   */
  async allocate(svc: Service, old: Service | undefined, dryRun: boolean): Promise<AllocationResult> {
    const spec = (svc.spec ??= {})
    const owner: ClaimOwner = {namespace: svc.metadata.namespace ?? '', name: svc.metadata.name ?? '', uid: svc.metadata.uid ?? ''}
    const held = heldKeys(old?.spec)
    const claimed: string[] = []
    const take: Take = async (key, kind) => {
      if (held.has(key)) return true
      if (dryRun) {
        const cur = await this.claims.get(key)
        return !cur || cur.owner.uid === owner.uid
      }
      const ok = await this.claims.claim(key, kind, owner)
      if (ok) claimed.push(key)
      return ok
    }
    take.held = held
    take.undo = async (key) => {
      const i = claimed.indexOf(key)
      if (i < 0) return
      claimed.splice(i, 1)
      await this.claims.release(key, owner.uid)
    }
    try {
      const famErrs = initIPFamilies(spec)
      if (famErrs.length) throw new AllocationFailure(famErrs.map(([f, v, d]) => cause.invalid(f, v, d)))
      await this.allocateClusterIP(spec, take)
      await this.allocateNodePorts(spec, take)
    } catch (e) {
      for (const key of claimed) await this.claims.release(key, owner.uid)
      if (e instanceof AllocationFailure) throw invalid('Service', owner.name, e.causes)
      throw e
    }
    const now = heldKeys(spec)
    const released: ClaimRef[] = []
    for (const key of held) {
      if (now.has(key)) continue
      const cur = await this.claims.get(key)
      if (cur && cur.owner.uid === owner.uid) released.push({key, revision: Number(cur.metadata?.resourceVersion)})
    }
    return {claimed, released}
  }

  private async allocateClusterIP(spec: ServiceSpec, take: Take): Promise<void> {
    if (spec.type === 'ExternalName') return
    const requested = spec.clusterIP || spec.clusterIPs?.[0] || ''
    if (requested === 'None') return
    if (requested) {
      if (take.held?.has(serviceIPKey(requested))) return
      const fail = (detail: string) => new AllocationFailure([cause.invalid('spec.clusterIPs', spec.clusterIPs ?? [requested], `failed to allocate IP ${requested}: ${detail}`)])
      if (!cidrContains(this.serviceCIDR, requested)) {
        throw fail(`the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${this.serviceCIDR.cidr}`)
      }
      if (!(await take(serviceIPKey(requested), 'ServiceIPClaim'))) throw fail('provided IP is already allocated')
      return
    }
    const used = new Set((await this.claims.list(serviceIPPrefix)).keys())
    for (const off of candidateOffsets(this.serviceCIDR, this.random)) {
      const ip = cidrAddress(this.serviceCIDR, off)
      if (used.has(serviceIPKey(ip))) continue
      if (await take(serviceIPKey(ip), 'ServiceIPClaim')) {
        spec.clusterIP = ip
        spec.clusterIPs = [ip]
        return
      }
    }
    throw new AllocationFailure([cause.invalid('spec.clusterIPs', [], 'failed to allocate a serviceIP: range is full')])
  }

  private async allocateNodePorts(spec: ServiceSpec, take: Take): Promise<void> {
    if (spec.type !== 'NodePort' && spec.type !== 'LoadBalancer') return
    const ports = spec.ports ?? []
    const errs: StatusCause[] = []
    // node ports the user gave (or an update kept): claimed as they are
    for (let i = 0; i < ports.length; i++) {
      const p = ports[i]
      if (!p.nodePort) continue
      const err = await this.claimPort(p.nodePort, [p.protocol ?? 'TCP'], take)
      if (err) errs.push(cause.invalid(`spec.ports[${i}].nodePort`, p.nodePort, err))
    }
    // the others, when the type allocates: ports of one number share a node port number (53/TCP and
    // 53/UDP get the same one), the one a sibling already has if it is free for them
    if (allocatesNodePorts(spec)) {
      for (const g of nodePortGroups(spec)) {
        const open = g.indexes.filter((i) => !ports[i].nodePort)
        if (!open.length) continue
        const protocols = [...new Set(open.map((i) => ports[i].protocol ?? 'TCP'))]
        let port: number | undefined
        if (g.requested && !(await this.claimPort(g.requested, protocols, take))) port = g.requested
        port ??= await this.allocatePort(protocols, take)
        if (port === undefined) errs.push(cause.invalid(`spec.ports[${open[0]}].nodePort`, 0, 'failed to allocate a nodePort: range is full'))
        else for (const i of open) ports[i].nodePort = port
      }
    }
    if (needsHealthCheckNodePort(spec)) {
      const field = 'spec.healthCheckNodePort'
      if (spec.healthCheckNodePort) {
        const err = await this.claimPort(spec.healthCheckNodePort, ['TCP'], take)
        if (err) errs.push(cause.invalid(field, spec.healthCheckNodePort, `failed to allocate requested HealthCheck NodePort ${spec.healthCheckNodePort}: ${err}`))
      } else {
        const port = await this.allocatePort(['TCP'], take)
        if (port === undefined) errs.push(cause.invalid(field, 0, 'failed to allocate a nodePort: range is full'))
        else spec.healthCheckNodePort = port
      }
    }
    if (errs.length) throw new AllocationFailure(errs)
  }

  /** Claims one requested port number for every protocol (all or none); returns the error detail, or undefined. */
  private async claimPort(port: number, protocols: string[], take: Take): Promise<string | undefined> {
    if (protocols.every((p) => take.held?.has(nodePortKey(p, port)))) return undefined
    if (port < this.nodePorts.first || port >= this.nodePorts.first + this.nodePorts.size) {
      return `provided port is not in the valid range. The range of valid ports is ${this.nodePorts.text}`
    }
    const got: string[] = []
    for (const proto of protocols) {
      const key = nodePortKey(proto, port)
      if (!(await take(key, 'NodePortClaim'))) {
        for (const k of got) await take.undo?.(k)
        return 'provided port is already allocated'
      }
      got.push(key)
    }
    return undefined
  }

  /** Picks and claims a free port number for every protocol at once; undefined when the range is full. */
  private async allocatePort(protocols: string[], take: Take): Promise<number | undefined> {
    const used = new Set((await this.claims.list(nodePortPrefix)).keys())
    next: for (const off of candidateOffsets(this.nodePorts, this.random)) {
      const port = this.nodePorts.first + off
      if (protocols.some((p) => used.has(nodePortKey(p, port)))) continue
      const got: string[] = []
      for (const proto of protocols) {
        const key = nodePortKey(proto, port)
        if (!(await take(key, 'NodePortClaim'))) {
          // lost a race for one protocol: give back the others and move on
          for (const k of got) await take.undo?.(k)
          continue next
        }
        got.push(key)
      }
      return port
    }
    return undefined
  }

  /** Releases every claim `svc` holds (after it is deleted). */
  async releaseAll(svc: Service): Promise<void> {
    const uid = svc.metadata.uid ?? ''
    for (const key of heldKeys(svc.spec)) await this.claims.release(key, uid)
  }

  /** Whether `ip` is a cluster IP of this allocator's range. */
  inRange(ip: string): boolean {
    return cidrContains(this.serviceCIDR, ip)
  }
}

