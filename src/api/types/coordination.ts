import type {KubeObject} from '../meta.js'

/** LeaseSpec: written by the holder (leader election, node heartbeats in kube-node-lease). */
export interface LeaseSpec {
  holderIdentity?: string
  leaseDurationSeconds?: number
  /** MicroTime (RFC 3339 with microseconds) */
  acquireTime?: string
  /** MicroTime */
  renewTime?: string
  leaseTransitions?: number
  strategy?: string
  preferredHolder?: string
}

/** Lease (coordination.k8s.io/v1). */
export interface Lease extends KubeObject {
  spec?: LeaseSpec
}
