import type {Condition, KubeObject} from '../meta.js'
import type {IntOrString} from './common.js'

/** ServicePort: one port the service exposes. */
export interface ServicePort {
  /** DNS-1123 label; required (and unique) when the service has more than one port */
  name?: string
  /** TCP (default), UDP or SCTP */
  protocol?: 'TCP' | 'UDP' | 'SCTP'
  appProtocol?: string
  port: number
  /** container port number or name; defaults to `port` */
  targetPort?: IntOrString
  /** NodePort/LoadBalancer: allocated by the API server when 0 or absent */
  nodePort?: number
}

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName'

/** SessionAffinityConfig: ClientIP affinity timeout (defaults to 10800 s). */
export interface SessionAffinityConfig {
  clientIP?: {timeoutSeconds?: number}
}

/** ServiceSpec (user; clusterIP(s) and nodePorts are allocated by the API server when empty). */
export interface ServiceSpec {
  ports?: ServicePort[]
  /** pods with these labels back the service (endpoints controller) */
  selector?: Record<string, string>
  /** "" (allocate), "None" (headless) or an IP of the service range; immutable once set */
  clusterIP?: string
  clusterIPs?: string[]
  /** defaults to ClusterIP */
  type?: ServiceType
  externalIPs?: string[]
  /** None (default) or ClientIP */
  sessionAffinity?: 'None' | 'ClientIP'
  loadBalancerIP?: string
  loadBalancerSourceRanges?: string[]
  /** ExternalName only: the DNS name returned as a CNAME */
  externalName?: string
  /** NodePort/LoadBalancer only: Cluster (default) or Local */
  externalTrafficPolicy?: 'Cluster' | 'Local'
  healthCheckNodePort?: number
  publishNotReadyAddresses?: boolean
  sessionAffinityConfig?: SessionAffinityConfig
  ipFamilies?: ('IPv4' | 'IPv6')[]
  ipFamilyPolicy?: 'SingleStack' | 'PreferDualStack' | 'RequireDualStack'
  /** LoadBalancer only; defaults to true */
  allocateLoadBalancerNodePorts?: boolean
  loadBalancerClass?: string
  /** Cluster (default) or Local; not for ExternalName */
  internalTrafficPolicy?: 'Cluster' | 'Local'
  trafficDistribution?: string
}

/** PortStatus: error state of one load balancer port. */
export interface PortStatus {
  port: number
  protocol: 'TCP' | 'UDP' | 'SCTP'
  error?: string
}

/** LoadBalancerIngress: one address of a load balancer (set by the load-balancer controller). */
export interface LoadBalancerIngress {
  ip?: string
  hostname?: string
  ipMode?: 'VIP' | 'Proxy'
  ports?: PortStatus[]
}

/** LoadBalancerStatus. */
export interface LoadBalancerStatus {
  ingress?: LoadBalancerIngress[]
}

/** ServiceStatus: written through services/status by load-balancer controllers. */
export interface ServiceStatus {
  loadBalancer?: LoadBalancerStatus
  conditions?: Condition[]
}

/** Service (core/v1). */
export interface Service extends KubeObject {
  spec?: ServiceSpec
  status?: ServiceStatus
}
