/**
 * The Node object a kubelet registers and the status it reports (pure): default labels, capacity
 * and allocatable (memory minus the 100Mi hard eviction threshold, ephemeral storage minus 10%),
 * addresses, nodeInfo, daemon endpoints, images, and the conditions (MemoryPressure, DiskPressure,
 * PIDPressure, Ready) with transition times kept while a condition does not change.
 */
import type {Node, NodeCondition, NodeStatus, Taint} from '../../api/types/node.js'
import type {ResourceList} from '../../api/types/common.js'
import type {ImageInfo} from '../../runtime/types.js'
import {kubeletVersion} from '../refs.js'
import type {MachineInfo} from './machine.js'

/** Hard eviction threshold of memory.available (kubelet default). */
const evictionMemoryBytes = 100 * 1024 * 1024

/** Capacity overrides (hollow nodes). */
export interface CapacityOverrides {
  cpu?: string
  memory?: string
  pods?: string
  ephemeralStorage?: string
}

/** Capacity and allocatable of the node. */
export function nodeResources(m: MachineInfo, o: CapacityOverrides = {}): {capacity: ResourceList; allocatable: ResourceList} {
  const memKi = Math.floor(m.memoryBytes / 1024)
  const diskKi = Math.floor(m.ephemeralStorageBytes / 1024)
  const capacity: ResourceList = {
    cpu: o.cpu ?? String(m.cpuCores),
    'ephemeral-storage': o.ephemeralStorage ?? `${diskKi}Ki`,
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: o.memory ?? `${memKi}Ki`,
    pods: o.pods ?? '110',
  }
  const allocatable: ResourceList = {
    ...capacity,
    'ephemeral-storage': o.ephemeralStorage ?? String(Math.floor(diskKi * 1024 * 0.9)),
    memory: o.memory ?? `${Math.max(0, memKi - evictionMemoryBytes / 1024)}Ki`,
  }
  return {capacity, allocatable}
}

/** The labels a kubelet puts on its Node. */
export function nodeLabels(nodeName: string, m: MachineInfo, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'beta.kubernetes.io/arch': m.architecture,
    'beta.kubernetes.io/os': m.operatingSystem,
    'kubernetes.io/arch': m.architecture,
    'kubernetes.io/hostname': nodeName,
    'kubernetes.io/os': m.operatingSystem,
    ...extra,
  }
}

/** Runtime facts of the status. */
export interface RuntimeFacts {
  /** `<runtime>://<version>`, '' when unknown */
  version: string
  ready: boolean
  /** why not ready */
  message: string
}

/** What nodeStatus needs. */
export interface NodeStatusInput {
  nodeName: string
  nodeIP: string
  kubeletPort: number
  machine: MachineInfo
  capacity?: CapacityOverrides
  runtime: RuntimeFacts
  images: ImageInfo[]
  /** RFC 3339 now */
  now: string
  /** conditions currently on the Node (transition times are kept from them) */
  oldConditions?: NodeCondition[]
}

function condition(type: string, ok: boolean, reasonOk: string, msgOk: string, reasonBad: string, msgBad: string, healthy: 'True' | 'False'): NodeCondition {
  const good = ok
  const status = good ? healthy : healthy === 'True' ? 'False' : 'True'
  return {type, status, reason: good ? reasonOk : reasonBad, message: good ? msgOk : msgBad}
}

/** The node's conditions (upstream order) with heartbeat `now` and kept transition times. */
export function nodeConditions(runtime: RuntimeFacts, now: string, old: NodeCondition[] = []): NodeCondition[] {
  const fresh = [
    condition('MemoryPressure', true, 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', 'KubeletHasInsufficientMemory', 'kubelet has insufficient memory available', 'False'),
    condition('DiskPressure', true, 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', 'KubeletHasDiskPressure', 'kubelet has disk pressure', 'False'),
    condition('PIDPressure', true, 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', 'KubeletHasInsufficientPID', 'kubelet has insufficient PID available', 'False'),
    condition('Ready', runtime.ready, 'KubeletReady', 'kubelet is posting ready status', 'KubeletNotReady', `container runtime is down: ${runtime.message}`, 'True'),
  ]
  return fresh.map((c) => {
    const prev = old.find((o) => o.type === c.type)
    return {...c, lastHeartbeatTime: now, lastTransitionTime: prev && prev.status === c.status && prev.lastTransitionTime ? prev.lastTransitionTime : now}
  })
}

/** The images the node reports: the 50 largest, with their names. */
export function nodeImages(images: ImageInfo[]): NonNullable<NodeStatus['images']> {
  return [...images]
    .sort((a, b) => b.size - a.size)
    .slice(0, 50)
    .map((i) => ({names: i.repoTags.length ? [...i.repoTags] : [i.id], sizeBytes: i.size}))
}

/** The status fields the kubelet owns. */
export function nodeStatus(i: NodeStatusInput): NodeStatus {
  const {capacity, allocatable} = nodeResources(i.machine, i.capacity)
  return {
    capacity,
    allocatable,
    conditions: nodeConditions(i.runtime, i.now, i.oldConditions),
    addresses: [
      {type: 'InternalIP', address: i.nodeIP},
      {type: 'Hostname', address: i.nodeName},
    ],
    daemonEndpoints: {kubeletEndpoint: {Port: i.kubeletPort}},
    nodeInfo: {
      machineID: i.machine.machineID,
      systemUUID: i.machine.systemUUID,
      bootID: i.machine.bootID,
      kernelVersion: i.machine.kernelVersion,
      osImage: i.machine.osImage,
      containerRuntimeVersion: i.runtime.version,
      kubeletVersion,
      kubeProxyVersion: '',
      operatingSystem: i.machine.operatingSystem,
      architecture: i.machine.architecture,
    },
    images: nodeImages(i.images),
  }
}

/** Whether two statuses differ in anything but heartbeat times. */
export function nodeStatusChanged(a: NodeStatus | undefined, b: NodeStatus): boolean {
  const strip = (s: NodeStatus | undefined) => JSON.stringify({...s, conditions: s?.conditions?.map(({lastHeartbeatTime: _h, ...c}) => c)})
  return strip(a) !== strip(b)
}

/** The Node a kubelet registers. */
export function newNode(nodeName: string, labels: Record<string, string>, taints: Taint[] | undefined, status: NodeStatus): Node {
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {name: nodeName, labels, annotations: {'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true'}},
    spec: {},
    status,
  }
  if (taints?.length) node.spec!.taints = taints.map((t) => ({...t}))
  return node
}
