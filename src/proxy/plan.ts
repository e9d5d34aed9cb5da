/**
 * Proxy planning (pure): from Services, Endpoints and Nodes to the frontends one node listens on and the
 * backends behind each, following kube-proxy's rules:
 *
 * - every service port gets a frontend on the cluster IP (not headless, not ExternalName);
 * - NodePort and LoadBalancer ports also listen on this node's address at the node port, and
 *   LoadBalancer ports at nodeIP:port too (the node address is the load balancer ingress, as k3s' ServiceLB);
 * - only READY addresses receive traffic (notReadyAddresses never do);
 * - internalTrafficPolicy Local limits cluster-IP traffic, externalTrafficPolicy Local node-port and
 *   load-balancer traffic, to this node's endpoints;
 * - an endpoint on another node is reached through that node's forwarding listener (no pod network
 *   spans nodes); an endpoint on this node, or on no node, is dialled directly.
 */
import type {Endpoints, EndpointAddress} from '../api/types/endpoints.js'
import type {Node} from '../api/types/node.js'
import type {Service, ServicePort} from '../api/types/service.js'
import {endpointKey, type Backend, type Frontend, type FrontendKind, type Protocol, type ProxyPlan} from './types.js'
import {isIPv4} from 'node:net'

/** What planning needs besides the objects. */
export interface PlanInput {
  nodeName: string
  /** this node's address: node ports and load-balancer ports listen here */
  nodeIP: string
  /** port of every node's forwarding listener */
  tunnelPort: number
  services: Service[]
  endpoints: Endpoints[]
  nodes: Node[]
}

/** The address other nodes use to reach a node: its first IPv4 InternalIP (else any InternalIP). */
export function nodeAddress(node: Node): string | undefined {
  const internal = (node.status?.addresses ?? []).filter((a) => a.type === 'InternalIP').map((a) => a.address)
  return internal.find((a) => isIPv4(a)) ?? internal[0]
}

/** Whether an address is on the loopback range (already local to the machine, nothing to add). */
export function isLoopback(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1'
}

function objKey(o: {metadata: {namespace?: string; name?: string}}): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`
}

/** The ready endpoints of one service port, matched by port name and protocol (the endpoints controller resolved targetPorts). */
export function readyEndpoints(ep: Endpoints | undefined, sp: ServicePort): {addr: EndpointAddress; port: number}[] {
  const out: {addr: EndpointAddress; port: number}[] = []
  const name = sp.name ?? ''
  const proto = sp.protocol ?? 'TCP'
  for (const ss of ep?.subsets ?? []) {
    const port = (ss.ports ?? []).find((p) => (p.name ?? '') === name && (p.protocol ?? 'TCP') === proto)
    if (!port) continue
    for (const addr of ss.addresses ?? []) out.push({addr, port: port.port})
  }
  return out
}

/** Computes a node's proxy plan. */
export function planProxy(input: PlanInput): ProxyPlan {
  const plan: ProxyPlan = {frontends: new Map(), clusterIPs: new Set(), tunnelTargets: new Set(), warnings: []}
  const nodeIPs = new Map<string, string>()
  for (const n of input.nodes) {
    const a = nodeAddress(n)
    if (a && n.metadata.name) nodeIPs.set(n.metadata.name, a)
  }
  const endpoints = new Map(input.endpoints.map((e) => [objKey(e), e]))
  const unknownNodes = new Set<string>()

  // endpoints on this node that other nodes may reach through the forwarding listener (ready or not:
  // the allow-list only says what may be dialled, the sender chooses ready ones)
  for (const ep of input.endpoints) {
    for (const ss of ep.subsets ?? []) {
      for (const addr of [...(ss.addresses ?? []), ...(ss.notReadyAddresses ?? [])]) {
        if (addr.nodeName !== input.nodeName) continue
        for (const p of ss.ports ?? []) plan.tunnelTargets.add(endpointKey(p.protocol ?? 'TCP', addr.ip, p.port))
      }
    }
  }

  for (const svc of input.services) {
    const spec = svc.spec
    if (!spec || spec.type === 'ExternalName') continue
    const ep = endpoints.get(objKey(svc))
    const clusterIP = spec.clusterIP && spec.clusterIP !== 'None' ? spec.clusterIP : undefined
    const affinitySeconds = spec.sessionAffinity === 'ClientIP' ? (spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800) : undefined
    for (const sp of spec.ports ?? []) {
      const protocol = sp.protocol ?? 'TCP'
      const spName = `${objKey(svc)}:${sp.name ?? ''}`
      if (protocol !== 'TCP' && protocol !== 'UDP') {
        plan.warnings.push(`service port ${spName}: protocol ${protocol} is not supported by the node proxy`)
        continue
      }
      const all: Backend[] = []
      for (const {addr, port} of readyEndpoints(ep, sp)) {
        const b: Backend = {ip: addr.ip, port, nodeName: addr.nodeName, key: `${addr.ip}:${port}`}
        if (addr.nodeName && addr.nodeName !== input.nodeName) {
          const host = nodeIPs.get(addr.nodeName)
          if (!host) {
            unknownNodes.add(addr.nodeName)
            continue
          }
          b.via = {host, port: input.tunnelPort}
        }
        all.push(b)
      }
      const local = all.filter((b) => b.nodeName === input.nodeName)
      const add = (kind: FrontendKind, ip: string, port: number, shared: boolean, backends: Backend[]) => {
        const key = endpointKey(protocol, ip, port)
        if (plan.frontends.has(key)) {
          plan.warnings.push(`service port ${spName}: ${key} is already served by ${plan.frontends.get(key)!.servicePort}`)
          return
        }
        const fe: Frontend = {key, protocol: protocol as Protocol, ip, port, kind, shared, servicePort: spName, backends}
        if (affinitySeconds !== undefined) fe.affinitySeconds = affinitySeconds
        plan.frontends.set(key, fe)
      }
      if (clusterIP) {
        add('ClusterIP', clusterIP, sp.port, true, spec.internalTrafficPolicy === 'Local' ? local : all)
        if (!isLoopback(clusterIP)) plan.clusterIPs.add(clusterIP)
      }
      const external = spec.externalTrafficPolicy === 'Local' ? local : all
      if ((spec.type === 'NodePort' || spec.type === 'LoadBalancer') && sp.nodePort) add('NodePort', input.nodeIP, sp.nodePort, false, external)
      if (spec.type === 'LoadBalancer') add('LoadBalancer', input.nodeIP, sp.port, false, external)
    }
  }
  for (const n of unknownNodes) plan.warnings.push(`node ${n} has no known address: its endpoints are skipped`)
  return plan
}
