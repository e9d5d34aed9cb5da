import type {KubeObject} from '../meta.js'
import type {ObjectReference} from './common.js'

/** EndpointAddress: one backend IP (set by the endpoints controller). */
export interface EndpointAddress {
  ip: string
  hostname?: string
  nodeName?: string
  /** usually the Pod behind the address */
  targetRef?: ObjectReference
}

/** EndpointPort: a port of every address in the subset; names match the service port names. */
export interface EndpointPort {
  name?: string
  port: number
  protocol?: 'TCP' | 'UDP' | 'SCTP'
  appProtocol?: string
}

/** EndpointSubset: addresses × ports. */
export interface EndpointSubset {
  addresses?: EndpointAddress[]
  /** backends not ready yet (failing readiness) */
  notReadyAddresses?: EndpointAddress[]
  ports?: EndpointPort[]
}

/** Endpoints (core/v1): same name as its Service; maintained by the endpoints controller, read by kube-proxy. */
export interface Endpoints extends KubeObject {
  subsets?: EndpointSubset[]
}
