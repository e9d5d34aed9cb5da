/**
 * ServiceLB's decisions (pure), after k3s' built-in load balancer: a LoadBalancer Service is served on
 * every Ready node's own address (the node proxy listens on nodeIP:port), so its
 * status.loadBalancer.ingress lists those addresses — a node's ExternalIP addresses when it has any,
 * else its InternalIP addresses — sorted. Services with a loadBalancerClass belong to another
 * implementation and are left alone.
 */
import type {Node} from '../../api/types/node.js'
import type {LoadBalancerIngress, LoadBalancerStatus, Service} from '../../api/types/service.js'
import {isIP} from 'node:net'

/** Whether ServiceLB is responsible for the service's load balancer status. */
export function managesService(svc: Service): boolean {
  return svc.spec?.type === 'LoadBalancer' && !svc.spec.loadBalancerClass
}

/** Whether the node's Ready condition is True. */
export function isNodeReady(node: Node): boolean {
  return (node.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')
}

/** The addresses a node serves load balancers on: ExternalIP addresses if any, else InternalIP. */
export function nodeLoadBalancerIPs(node: Node): string[] {
  const addrs = node.status?.addresses ?? []
  const external = addrs.filter((a) => a.type === 'ExternalIP' && isIP(a.address)).map((a) => a.address)
  if (external.length) return external
  return addrs.filter((a) => a.type === 'InternalIP' && isIP(a.address)).map((a) => a.address)
}

/** The ingress list for a LoadBalancer service given the cluster's nodes (IPv4 only unless the service asks for IPv6). */
export function desiredIngress(svc: Service, nodes: Node[]): LoadBalancerIngress[] {
  const families = new Set(svc.spec?.ipFamilies?.length ? svc.spec.ipFamilies : ['IPv4'])
  const ips = new Set<string>()
  for (const n of nodes) {
    if (!isNodeReady(n) || n.metadata.deletionTimestamp) continue
    for (const ip of nodeLoadBalancerIPs(n)) if (families.has(isIP(ip) === 6 ? 'IPv6' : 'IPv4')) ips.add(ip)
  }
  return [...ips].sort(compareIPs).map((ip) => ({ip, ipMode: 'VIP' as const}))
}

/** Orders IPv4 numerically, IPv6 after, by text. */
function compareIPs(a: string, b: string): number {
  const fa = isIP(a)
  const fb = isIP(b)
  if (fa !== fb) return fa - fb
  if (fa === 4) {
    const na = a.split('.').map(Number)
    const nb = b.split('.').map(Number)
    for (let i = 0; i < 4; i++) if (na[i] !== nb[i]) return na[i] - nb[i]
    return 0
  }
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * The status.loadBalancer a service should have: the desired ingress for managed LoadBalancers, and
 * an empty one for services that stopped being LoadBalancers (as Kubernetes' service controller clears it).
 * undefined = leave the status alone.
 */
export function desiredLoadBalancerStatus(svc: Service, nodes: Node[]): LoadBalancerStatus | undefined {
  if (managesService(svc)) return {ingress: desiredIngress(svc, nodes)}
  if (svc.spec?.type !== 'LoadBalancer' && (svc.status?.loadBalancer?.ingress ?? []).length) return {}
  return undefined
}
