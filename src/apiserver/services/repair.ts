/**
 * The allocation repair pass (Kubernetes' ipallocator/portallocator repair controllers): makes the claim
 * keys match the stored Services. A value a Service holds without a claim is claimed again for it (a
 * crash between storing and claiming, or a restored backup); a claim whose Service is gone, or which the
 * Service no longer holds, is freed — but only once it is older than a grace period, so a create or
 * update still in flight (claimed, not yet stored) is never robbed.
 */
import {serviceDef} from '../../api/kinds/service.js'
import {prefixFor} from '../../api/registry.js'
import type {ResourceDef} from '../../api/resource.js'
import type {Service} from '../../api/types/service.js'
import type {Store} from '../../store/types.js'
import type {ServiceAllocator} from './allocator.js'
import {nodePortPrefix, serviceIPPrefix, type ClaimOwner, type ClaimRecord} from './claims.js'
import {clusterIPOf, heldKeys} from './needs.js'

/** Options of a repair pass. */
export interface RepairOptions {
  /** orphaned claims younger than this are left alone (default 60 s) */
  graceMs?: number
  /** clock (ms) */
  now?: () => number
}

/** What a repair pass changed and found. */
export interface RepairReport {
  /** keys claimed again for the Service that holds them */
  reclaimed: string[]
  /** keys freed (no Service holds them) */
  freed: string[]
  /** conflicts and out-of-range values, as messages */
  problems: string[]
}

/** Runs one repair pass. */
export async function repairAllocations(store: Store, allocator: ServiceAllocator, opts: RepairOptions = {}): Promise<RepairReport> {
  const graceMs = opts.graceMs ?? 60_000
  const now = (opts.now ?? Date.now)()
  const report: RepairReport = {reclaimed: [], freed: [], problems: []}
  const services = (await store.list(prefixFor(serviceDef as unknown as ResourceDef))).items as unknown as Service[]
  // oldest first: when two Services hold one value, the older keeps it (as Kubernetes' repair reports)
  // RFC 3339 timestamps order as plain strings (localeCompare would also load ICU's collation data: +5 MiB RSS)
  const created = (s: {metadata: {creationTimestamp?: string}}) => String(s.metadata.creationTimestamp ?? '')
  services.sort((a, b) => (created(a) < created(b) ? -1 : created(a) > created(b) ? 1 : 0))
  const claims = new Map<string, ClaimRecord>([...(await allocator.claims.list(serviceIPPrefix)), ...(await allocator.claims.list(nodePortPrefix))])
  const wanted = new Map<string, ClaimOwner>()
  for (const svc of services) {
    const owner: ClaimOwner = {namespace: svc.metadata.namespace ?? '', name: svc.metadata.name ?? '', uid: svc.metadata.uid ?? ''}
    const ip = clusterIPOf(svc.spec)
    if (ip && !allocator.inRange(ip)) report.problems.push(`the cluster IP ${ip} of service ${owner.namespace}/${owner.name} is not within the service CIDR ${allocator.serviceCIDR.cidr}`)
    for (const key of heldKeys(svc.spec)) {
      const first = wanted.get(key)
      if (first) {
        report.problems.push(`${describe(key)} is held by both ${first.namespace}/${first.name} and ${owner.namespace}/${owner.name}`)
        continue
      }
      wanted.set(key, owner)
    }
  }
  for (const [key, owner] of wanted) {
    const cur = claims.get(key)
    if (cur?.owner.uid === owner.uid) continue
    const kind = key.startsWith(serviceIPPrefix) ? 'ServiceIPClaim' : 'NodePortClaim'
    const ok = cur ? await allocator.claims.reassign(cur, owner) : await allocator.claims.claim(key, kind, owner)
    if (ok) report.reclaimed.push(key)
    else report.problems.push(`could not claim ${describe(key)} for ${owner.namespace}/${owner.name}: it changed during the repair`)
  }
  for (const [key, cur] of claims) {
    if (wanted.has(key)) continue
    if (now - (cur.claimedAt ?? 0) < graceMs) continue
    if (await allocator.claims.release(key, cur.owner.uid, Number(cur.metadata?.resourceVersion))) report.freed.push(key)
  }
  return report
}

function describe(key: string): string {
  if (key.startsWith(serviceIPPrefix)) return `cluster IP ${key.slice(serviceIPPrefix.length)}`
  return `node port ${key.slice(nodePortPrefix.length).split('/').reverse().join('/')}`
}
