/**
 * NodeInfo maintenance: compiling a Node object into the fields the plugins read, and adding/removing a
 * pod's contribution to the node's aggregates (requested resources, pod count, host ports, spreading
 * counts) in O(pod size).
 */
import {quantityValue} from '../api/quantity.js'
import type {Node} from '../api/types/node.js'
import {addResources, emptyResources, intern, resourcesFromList} from './podinfo.js'
import type {NodeInfo, PodInfo, ReadyStatus} from './types.js'

/** An empty NodeInfo (no node object yet, no pods). */
export function newNodeInfo(name: string): NodeInfo {
  return {
    name,
    labels: {},
    taints: [],
    unschedulable: false,
    ready: 'Unknown',
    zone: '',
    allocatable: emptyResources(),
    allowedPodNumber: 0,
    requested: emptyResources(),
    nonZeroCPU: 0,
    nonZeroMemory: 0,
    pods: new Map(),
    usedPorts: new Map(),
    usedProtoPorts: new Map(),
    spreadCounts: new Map(),
    generation: 0,
  }
}

/** The status of the node's Ready condition; 'Unknown' when it has none. */
export function readyStatus(node: Node): ReadyStatus {
  const c = node.status?.conditions?.find((x) => x.type === 'Ready')
  return c?.status === 'True' || c?.status === 'False' ? c.status : 'Unknown'
}

/** The zone of a node: its region and zone labels, as upstream's GetZoneKey; '' when it has neither. */
export function zoneKey(labels: Record<string, string>): string {
  const region = labels['topology.kubernetes.io/region'] ?? labels['failure-domain.beta.kubernetes.io/region'] ?? ''
  const zone = labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'] ?? ''
  return region === '' && zone === '' ? '' : intern(`${region}:\u0000:${zone}`)
}

/** Sets (or replaces) the node object of a NodeInfo, compiling labels, taints, readiness and allocatable. */
export function setNode(info: NodeInfo, node: Node): void {
  const alloc = node.status?.allocatable ?? node.status?.capacity ?? {}
  info.node = node
  info.labels = node.metadata.labels ?? {}
  info.taints = node.spec?.taints ?? []
  info.unschedulable = node.spec?.unschedulable === true
  info.ready = readyStatus(node)
  info.zone = zoneKey(info.labels)
  info.allocatable = resourcesFromList(alloc)
  let pods = 0
  try {
    pods = alloc.pods === undefined ? 0 : quantityValue(alloc.pods)
  } catch {
    pods = 0
  }
  info.allowedPodNumber = pods
  info.generation++
}

function bump(m: Map<string, number>, key: string, by: number): void {
  const n = (m.get(key) ?? 0) + by
  if (n <= 0) m.delete(key)
  else m.set(key, n)
}

function account(info: NodeInfo, p: PodInfo, sign: 1 | -1): void {
  addResources(info.requested, p.requests, sign)
  info.nonZeroCPU += sign * p.nonZeroCPU
  info.nonZeroMemory += sign * p.nonZeroMemory
  for (const hp of p.hostPorts) {
    bump(info.usedPorts, `${hp.ip}/${hp.protocol}/${hp.port}`, sign)
    bump(info.usedProtoPorts, `${hp.protocol}/${hp.port}`, sign)
  }
  if (p.spreadKey !== undefined) bump(info.spreadCounts, p.spreadKey, sign)
  info.generation++
}

/** Adds a pod to the node (replacing the previous version of the same pod, if any). */
export function addPodToNode(info: NodeInfo, p: PodInfo): void {
  const old = info.pods.get(p.key)
  if (old) account(info, old, -1)
  info.pods.set(p.key, p)
  account(info, p, 1)
}

/** Removes a pod from the node; false when it was not there. */
export function removePodFromNode(info: NodeInfo, key: string): boolean {
  const old = info.pods.get(key)
  if (!old) return false
  info.pods.delete(key)
  account(info, old, -1)
  return true
}
