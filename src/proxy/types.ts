/**
 * The node proxy's model: what it must listen on (frontends) and where each frontend's traffic may go
 * (backends). Built from Services, Endpoints and Nodes by plan.ts; applied to sockets by proxier.ts.
 */

/** Protocols the proxy carries (SCTP services are skipped). */
export type Protocol = 'TCP' | 'UDP'

/** How a backend is reached from this node. */
export interface Via {
  /** the endpoint's node address (its forwarding listener) */
  host: string
  port: number
}

/** One endpoint of a service port. */
export interface Backend {
  ip: string
  port: number
  /** node the endpoint runs on (absent for endpoints outside the cluster's nodes) */
  nodeName?: string
  /** set when the endpoint is on another node: dial that node's forwarding listener, which dials ip:port there */
  via?: Via
  /** `ip:port`, unique within a service port */
  key: string
}

/** Which of Kubernetes' virtual addresses a frontend implements. */
export type FrontendKind = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalIP'

/** A listening address of the proxy and the backends its connections are balanced over. */
export interface Frontend {
  /** `TCP/10.43.0.10:80` */
  key: string
  protocol: Protocol
  ip: string
  port: number
  kind: FrontendKind
  /**
   * the address may be served by the proxies of several nodes on one machine at once (cluster IPs):
   * bind with SO_REUSEPORT so each of them can listen, and none breaks the others by stopping
   */
  shared: boolean
  /** the service port: `namespace/name:portName` (Kubernetes' ServicePortName) */
  servicePort: string
  /** backends after the traffic policy (Local: this node's endpoints only) */
  backends: Backend[]
  /** ClientIP session affinity timeout in seconds, when the service asks for it */
  affinitySeconds?: number
}

/** The whole desired state of one node's proxy. */
export interface ProxyPlan {
  /** by key */
  frontends: Map<string, Frontend>
  /** the cluster IPs (non-loopback) that must be local addresses of the machine */
  clusterIPs: Set<string>
  /**
   * endpoints on this node that other nodes' proxies may reach through this node's forwarding
   * listener: `TCP/10.88.0.5:8080`
   */
  tunnelTargets: Set<string>
  /** problems worth a log line (unknown node addresses, unsupported protocols) */
  warnings: string[]
}

/** `TCP/ip:port` */
export function endpointKey(protocol: string, ip: string, port: number): string {
  return `${protocol}/${ip.includes(':') ? `[${ip}]` : ip}:${port}`
}
