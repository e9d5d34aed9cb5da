import type {Condition, KubeObject} from '../meta.js'
import type {ResourceList} from './common.js'
import type {TaintEffect} from './affinity.js'

/** Taint: repels pods without a matching toleration (user, node lifecycle controller). */
export interface Taint {
  key: string
  value?: string
  effect: TaintEffect
  /** NoExecute taints: when the taint was added (set by the server/controller) */
  timeAdded?: string
}

/** NodeSpec. */
export interface NodeSpec {
  /** allocated once (by the node IPAM controller or the kubelet); cannot change once set */
  podCIDR?: string
  podCIDRs?: string[]
  /** immutable once set */
  providerID?: string
  /** cordon: the scheduler places no new pods */
  unschedulable?: boolean
  taints?: Taint[]
  configSource?: unknown
  /** deprecated */
  externalID?: string
}

/** NodeCondition: Ready, MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable (kubelet; node lifecycle controller sets Unknown). */
export interface NodeCondition extends Condition {
  type: 'Ready' | 'MemoryPressure' | 'DiskPressure' | 'PIDPressure' | 'NetworkUnavailable' | string
}

/** NodeAddress: Hostname, InternalIP, ExternalIP, InternalDNS, ExternalDNS. */
export interface NodeAddress {
  type: 'Hostname' | 'InternalIP' | 'ExternalIP' | 'InternalDNS' | 'ExternalDNS'
  address: string
}

/** NodeSystemInfo: reported by the kubelet. */
export interface NodeSystemInfo {
  machineID: string
  systemUUID: string
  bootID: string
  kernelVersion: string
  osImage: string
  containerRuntimeVersion: string
  kubeletVersion: string
  kubeProxyVersion: string
  operatingSystem: string
  architecture: string
  swap?: {capacity?: number}
}

/** NodeDaemonEndpoints: ports the kubelet serves on (note the upstream capitalised `Port`). */
export interface NodeDaemonEndpoints {
  kubeletEndpoint?: {Port: number}
}

/** ContainerImage: an image present on the node. */
export interface ContainerImage {
  names?: string[]
  sizeBytes?: number
}

/** NodeStatus: written by the kubelet (conditions, capacity, addresses …) and the node lifecycle controller. */
export interface NodeStatus {
  capacity?: ResourceList
  /** defaults to capacity */
  allocatable?: ResourceList
  /** deprecated */
  phase?: 'Pending' | 'Running' | 'Terminated'
  conditions?: NodeCondition[]
  addresses?: NodeAddress[]
  daemonEndpoints?: NodeDaemonEndpoints
  nodeInfo?: NodeSystemInfo
  images?: ContainerImage[]
  volumesInUse?: string[]
  volumesAttached?: {name: string; devicePath: string}[]
  config?: unknown
  runtimeHandlers?: {name?: string; features?: Record<string, boolean>}[]
  features?: Record<string, boolean>
}

/** Node (core/v1, cluster-scoped): registered by the kubelet. */
export interface Node extends KubeObject {
  spec?: NodeSpec
  status?: NodeStatus
}
