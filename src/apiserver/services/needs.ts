/**
 * What a Service holds and asks for, in allocation terms (pure). Mirrors the rules of Kubernetes'
 * service REST allocator (pkg/registry/core/service/storage/alloc.go):
 *
 * - every type but ExternalName has a cluster IP; `None` (headless) allocates nothing;
 * - NodePort services, and LoadBalancer services unless allocateLoadBalancerNodePorts is false, get a
 *   node port per service port; ports with the same port number (e.g. DNS on 53/TCP and 53/UDP) share
 *   one node port number, the one the user gave for any of them;
 * - a LoadBalancer with externalTrafficPolicy Local gets a healthCheckNodePort (TCP).
 */
import type {ServiceSpec} from '../../api/types/service.js'
import {nodePortKey, serviceIPKey} from './claims.js'

/** The service's primary cluster IP, when it has a real one (not empty, not None, not ExternalName). */
export function clusterIPOf(spec: ServiceSpec | undefined): string | undefined {
  if (!spec || spec.type === 'ExternalName') return undefined
  const ip = spec.clusterIP || spec.clusterIPs?.[0] || ''
  return ip && ip !== 'None' ? ip : undefined
}

/** Whether the type is given node ports automatically. */
export function allocatesNodePorts(spec: ServiceSpec | undefined): boolean {
  return spec?.type === 'NodePort' || (spec?.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false)
}

/** Whether the service needs a health-check node port. */
export function needsHealthCheckNodePort(spec: ServiceSpec | undefined): boolean {
  return spec?.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local'
}

/** A node port as a claim: protocol and number. */
export interface PortClaim {
  protocol: string
  port: number
}

/** Node ports the spec carries (deduplicated by protocol and number), health-check port included (as TCP). */
export function nodePortsOf(spec: ServiceSpec | undefined): PortClaim[] {
  if (!spec || (spec.type !== 'NodePort' && spec.type !== 'LoadBalancer')) return []
  const out = new Map<string, PortClaim>()
  for (const p of spec.ports ?? []) {
    if (!p.nodePort) continue
    const protocol = p.protocol ?? 'TCP'
    out.set(`${protocol}/${p.nodePort}`, {protocol, port: p.nodePort})
  }
  if (needsHealthCheckNodePort(spec) && spec.healthCheckNodePort) out.set(`TCP/${spec.healthCheckNodePort}`, {protocol: 'TCP', port: spec.healthCheckNodePort})
  return [...out.values()]
}

/** The claim keys a spec holds: its cluster IP and its node ports. */
export function heldKeys(spec: ServiceSpec | undefined): Set<string> {
  const keys = new Set<string>()
  const ip = clusterIPOf(spec)
  if (ip) keys.add(serviceIPKey(ip))
  for (const p of nodePortsOf(spec)) keys.add(nodePortKey(p.protocol, p.port))
  return keys
}

/**
 * Groups the service ports that must share one node port number: same `port` (different protocols).
 * Each group lists port indexes and the number requested by the user for any of them (0 = allocate).
 */
export function nodePortGroups(spec: ServiceSpec): {indexes: number[]; protocols: string[]; requested: number}[] {
  const groups = new Map<number, {indexes: number[]; protocols: string[]; requested: number}>()
  ;(spec.ports ?? []).forEach((p, i) => {
    let g = groups.get(p.port)
    if (!g) groups.set(p.port, (g = {indexes: [], protocols: [], requested: 0}))
    g.indexes.push(i)
    g.protocols.push(p.protocol ?? 'TCP')
    if (p.nodePort && !g.requested) g.requested = p.nodePort
  })
  return [...groups.values()]
}

/**
 * Kubernetes' initIPFamilyFields for a single-stack IPv4 cluster: fills ipFamilies and ipFamilyPolicy,
 * and returns the problems (IPv6 asked for, dual-stack required) as [field, value, detail].
 */
export function initIPFamilies(spec: ServiceSpec): [string, unknown, string][] {
  if (spec.type === 'ExternalName') {
    delete spec.ipFamilies
    delete spec.ipFamilyPolicy
    return []
  }
  const headlessNoSelector = clusterIPOf(spec) === undefined && (spec.clusterIP === 'None' || spec.clusterIPs?.[0] === 'None') && !Object.keys(spec.selector ?? {}).length
  const errs: [string, unknown, string][] = []
  ;(spec.ipFamilies ?? []).forEach((f, i) => {
    if (f !== 'IPv4') errs.push([`spec.ipFamilies[${i}]`, f, 'not configured on this cluster'])
  })
  if (spec.ipFamilyPolicy === 'RequireDualStack' && !headlessNoSelector) {
    errs.push(['spec.ipFamilyPolicy', spec.ipFamilyPolicy, 'this cluster is not configured for dual-stack services'])
  }
  if ((spec.clusterIPs ?? []).length > 1) errs.push(['spec.clusterIPs', spec.clusterIPs, 'this cluster is not configured for dual-stack services'])
  if (errs.length) return errs
  spec.ipFamilyPolicy ??= headlessNoSelector ? 'RequireDualStack' : 'SingleStack'
  if (!(spec.ipFamilies ?? []).length) spec.ipFamilies = ['IPv4']
  return []
}
