/**
 * Endpoints subset arithmetic (k8s.io/kubernetes/pkg/api/v1/endpoints): RepackSubsets regroups
 * one-address-one-port subsets into the canonical N×M form — every set of addresses sharing exactly the
 * same ports becomes one subset; an address that is not ready for some port is not ready there (not-ready
 * wins) — and sorts the result; truncation at 1000 addresses as the endpoints controller does.
 *
 * Ordering: addresses by IP then target uid, as upstream. Upstream orders ports and subsets by an md5 of a
 * Go-specific dump, which cannot be reproduced here; mkube orders ports by (name, port, protocol) and
 * subsets by their first address, which is just as deterministic.
 */
import type {EndpointAddress, EndpointPort, EndpointSubset} from '../../api/types/endpoints.js'

/** Addresses an Endpoints object may hold before it is truncated. */
export const maxEndpointsCapacity = 1000

function addressKey(a: EndpointAddress): string {
  return `${a.ip}\u0000${a.targetRef?.uid ?? ''}`
}

function portKey(p: EndpointPort): string {
  return JSON.stringify([p.name ?? '', p.port, p.protocol ?? '', p.appProtocol ?? null])
}

function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  if (a.ip !== b.ip) return a.ip < b.ip ? -1 : 1
  const ua = a.targetRef?.uid ?? ''
  const ub = b.targetRef?.uid ?? ''
  return ua < ub ? -1 : ua > ub ? 1 : 0
}

function comparePorts(a: EndpointPort, b: EndpointPort): number {
  const ka = [a.name ?? '', String(a.port).padStart(5, '0'), a.protocol ?? '', a.appProtocol ?? ''].join('\u0000')
  const kb = [b.name ?? '', String(b.port).padStart(5, '0'), b.protocol ?? '', b.appProtocol ?? ''].join('\u0000')
  return ka < kb ? -1 : ka > kb ? 1 : 0
}

function subsetSortKey(s: EndpointSubset): string {
  const first = s.addresses?.[0] ?? s.notReadyAddresses?.[0]
  return [first ? addressKey(first) : '', s.addresses?.length ? '0' : '1', JSON.stringify((s.ports ?? []).map(portKey))].join('\u0001')
}

/** Sorts the addresses and ports of every subset, then the subsets (in place; returns `subsets`). */
export function sortSubsets(subsets: EndpointSubset[]): EndpointSubset[] {
  for (const s of subsets) {
    s.addresses?.sort(compareAddresses)
    s.notReadyAddresses?.sort(compareAddresses)
    s.ports?.sort(comparePorts)
  }
  return subsets.sort((a, b) => {
    const ka = subsetSortKey(a)
    const kb = subsetSortKey(b)
    return ka < kb ? -1 : ka > kb ? 1 : 0
  })
}

/** RepackSubsets: the canonical, sorted form of `subsets` (addresses de-duplicated by IP and target uid). */
export function repackSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  const allAddrs = new Map<string, EndpointAddress>()
  // port (or the "no ports" sentinel, null) → address key → ready
  const byPort = new Map<string, {port: EndpointPort | null; addrs: Map<string, boolean>}>()
  const add = (addr: EndpointAddress, port: EndpointPort | null, ready: boolean) => {
    const key = addressKey(addr)
    if (!allAddrs.has(key)) allAddrs.set(key, addr)
    const pk = port ? portKey(port) : ''
    let entry = byPort.get(pk)
    if (!entry) byPort.set(pk, (entry = {port, addrs: new Map()}))
    const was = entry.addrs.get(key)
    if (was === undefined || was) entry.addrs.set(key, ready)
  }
  for (const s of subsets) {
    const ports: (EndpointPort | null)[] = s.ports?.length ? s.ports : [null]
    for (const p of ports) {
      for (const a of s.addresses ?? []) add(a, p, true)
      for (const a of s.notReadyAddresses ?? []) add(a, p, false)
    }
  }
  // group ports by the exact set of (address, ready) they are offered on
  const groups = new Map<string, {addrs: Map<string, boolean>; ports: EndpointPort[]}>()
  for (const {port, addrs} of byPort.values()) {
    const h = [...addrs].map(([k, r]) => `${k}\u0000${r}`).sort().join('\u0001')
    let g = groups.get(h)
    if (!g) groups.set(h, (g = {addrs, ports: []}))
    if (port) g.ports.push(port)
  }
  const out: EndpointSubset[] = []
  for (const {addrs, ports} of groups.values()) {
    const subset: EndpointSubset = {}
    const ready = [...addrs].filter(([, r]) => r).map(([k]) => structuredClone(allAddrs.get(k)!))
    const notReady = [...addrs].filter(([, r]) => !r).map(([k]) => structuredClone(allAddrs.get(k)!))
    if (ready.length) subset.addresses = ready
    if (notReady.length) subset.notReadyAddresses = notReady
    if (ports.length) subset.ports = ports.map((p) => ({...p}))
    out.push(subset)
  }
  return sortSubsets(out)
}

/** Addresses (ready and not ready) in `subsets`. */
export function countAddresses(subsets: readonly EndpointSubset[] | undefined): number {
  let n = 0
  for (const s of subsets ?? []) n += (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0)
  return n
}

/**
 * truncateEndpoints: keeps at most maxEndpointsCapacity addresses — not-ready ones are dropped first; when
 * the ready ones alone exceed the capacity, each subset keeps its proportional share of them (rounded up,
 * later subsets getting what is left). Returns the truncated copy, or undefined when nothing had to go.
 */
export function truncateSubsets(subsets: readonly EndpointSubset[], max = maxEndpointsCapacity): EndpointSubset[] | undefined {
  let ready = 0
  let notReady = 0
  for (const s of subsets) {
    ready += s.addresses?.length ?? 0
    notReady += s.notReadyAddresses?.length ?? 0
  }
  if (ready + notReady <= max) return undefined
  const truncateReady = ready > max
  const budget = truncateReady ? max : max - ready
  const total = truncateReady ? ready : notReady
  let left = budget
  return subsets.map((orig) => {
    const s = structuredClone(orig)
    const n = truncateReady ? (s.addresses?.length ?? 0) : (s.notReadyAddresses?.length ?? 0)
    const take = Math.min(Math.ceil((n / total) * budget), left)
    if (truncateReady) {
      s.addresses = (s.addresses ?? []).slice(0, take)
      s.notReadyAddresses = []
      left -= s.addresses.length
    } else {
      s.notReadyAddresses = (s.notReadyAddresses ?? []).slice(0, take)
      left -= s.notReadyAddresses.length
    }
    if (!s.addresses?.length) delete s.addresses
    if (!s.notReadyAddresses?.length) delete s.notReadyAddresses
    return s
  })
}
