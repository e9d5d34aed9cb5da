/**
 * Builders of Node and Pod objects for the scheduler's tests and benchmark (plain objects shaped as the
 * API server returns them; only the fields the scheduler reads).
 */
import type {Toleration} from '../api/types/affinity.js'
import type {ContainerPort} from '../api/types/container.js'
import type {Node, NodeCondition, Taint} from '../api/types/node.js'
import type {Pod, PodSpec} from '../api/types/pod.js'
import {addPodToNode, newNodeInfo, setNode} from './nodeinfo.js'
import {podInfo} from './podinfo.js'
import type {NodeInfo} from './types.js'

/** Options of makeNode. */
export interface NodeFixture {
  cpu?: string
  memory?: string
  pods?: number
  ephemeralStorage?: string
  extra?: Record<string, string>
  labels?: Record<string, string>
  taints?: Taint[]
  unschedulable?: boolean
  /** Ready condition status; null: no Ready condition */
  ready?: NodeCondition['status'] | null
}

/** A Node with the given allocatable (default 4 cpu, 16Gi, 110 pods) and a Ready=True condition. */
export function makeNode(name: string, o: NodeFixture = {}): Node {
  const allocatable: Record<string, string> = {cpu: o.cpu ?? '4', memory: o.memory ?? '16Gi', pods: String(o.pods ?? 110), ...o.extra}
  if (o.ephemeralStorage) allocatable['ephemeral-storage'] = o.ephemeralStorage
  const ready = o.ready === undefined ? 'True' : o.ready
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {name, labels: {'kubernetes.io/hostname': name, ...o.labels}, resourceVersion: '1'},
    spec: {taints: o.taints, unschedulable: o.unschedulable},
    status: {capacity: {...allocatable}, allocatable, conditions: ready === null ? [] : [{type: 'Ready', status: ready}]},
  }
}

/** Options of makePod. */
export interface PodFixture {
  namespace?: string
  cpu?: string
  memory?: string
  ephemeralStorage?: string
  extra?: Record<string, string>
  labels?: Record<string, string>
  /** controller owner: a ReplicaSet of this name (uid `uid-<name>`) */
  owner?: string
  nodeName?: string
  hostPorts?: ContainerPort[]
  tolerations?: Toleration[]
  priority?: number
  spec?: Partial<PodSpec>
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed'
}

/** A Pod with one container requesting the given resources (none by default). */
export function makePod(name: string, o: PodFixture = {}): Pod {
  const requests: Record<string, string> = {...o.extra}
  if (o.cpu) requests.cpu = o.cpu
  if (o.memory) requests.memory = o.memory
  if (o.ephemeralStorage) requests['ephemeral-storage'] = o.ephemeralStorage
  const ns = o.namespace ?? 'default'
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: ns,
      uid: `uid-${ns}-${name}`,
      resourceVersion: '1',
      labels: o.labels,
      ownerReferences: o.owner ? [{apiVersion: 'apps/v1', kind: 'ReplicaSet', name: o.owner, uid: `uid-${o.owner}`, controller: true}] : undefined,
    },
    spec: {
      containers: [{name: 'c', image: 'busybox', resources: Object.keys(requests).length ? {requests} : {}, ports: o.hostPorts}],
      schedulerName: 'default-scheduler',
      nodeName: o.nodeName,
      tolerations: o.tolerations,
      priority: o.priority,
      ...o.spec,
    },
    status: {phase: o.phase ?? 'Pending'},
  }
}

/** A NodeInfo for `node` with `pods` accounted on it. */
export function makeNodeInfo(node: Node, pods: Pod[] = []): NodeInfo {
  const info = newNodeInfo(node.metadata.name ?? '')
  setNode(info, node)
  for (const p of pods) addPodToNode(info, podInfo(p))
  return info
}
