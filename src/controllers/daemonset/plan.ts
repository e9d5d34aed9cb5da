/**
 * The DaemonSet controller's decisions, pure: which daemon pods run on which node, where pods must be
 * created or deleted (manage / podsShouldBeOnNode), which old pods a RollingUpdate replaces now
 * (rollingUpdate, with or without surge) and the status counts (updateDaemonSetStatus).
 */
import type {DaemonSet, DaemonSetStatus} from '../../api/types/apps.js'
import type {Node} from '../../api/types/node.js'
import type {Pod} from '../../api/types/pod.js'
import {isPodAvailable, isPodReady} from '../common/pods.js'
import {scaledValue} from '../deployment/index.js'
import {compareDaemonPods, isPodUpdated, targetNodeName} from './pods.js'
import {nodeShouldRunDaemonPod} from './predicates.js'

/** Daemon pods by target node (getNodesToDaemonPods): terminal pods already being deleted and pods without a target are left out. */
export function podsByNode(pods: readonly Pod[]): Map<string, Pod[]> {
  const out = new Map<string, Pod[]>()
  for (const p of pods) {
    const terminal = p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed'
    if (terminal && p.metadata.deletionTimestamp) continue
    const node = targetNodeName(p)
    if (!node) continue
    const list = out.get(node)
    if (list) list.push(p)
    else out.set(node, [p])
  }
  return out
}

/** maxSurge of a RollingUpdate DaemonSet against `desired` nodes (rounded up; 0 for OnDelete). */
export function surgeCount(ds: DaemonSet, desired: number): number {
  const us = ds.spec?.updateStrategy
  if ((us?.type ?? 'RollingUpdate') !== 'RollingUpdate' || !us?.rollingUpdate) return 0
  return scaledValue(us.rollingUpdate.maxSurge ?? 0, desired, true)
}

/** maxUnavailable of a RollingUpdate DaemonSet against `desired` nodes (rounded up; 0 for OnDelete). */
export function unavailableCount(ds: DaemonSet, desired: number): number {
  const us = ds.spec?.updateStrategy
  if ((us?.type ?? 'RollingUpdate') !== 'RollingUpdate' || !us?.rollingUpdate) return 0
  return scaledValue(us.rollingUpdate.maxUnavailable ?? 1, desired, true)
}

/** AllowsSurge: maxSurge resolves to more than 0. */
export function allowsSurge(ds: DaemonSet): boolean {
  try {
    return surgeCount(ds, 1) > 0
  } catch {
    return false
  }
}

/** What manage() decides. */
export interface ManagePlan {
  /** nodes that need a daemon pod */
  createOn: string[]
  /** pods to delete (excess, misplaced, on vanished nodes) */
  delete: Pod[]
  /** Failed daemon pods to replace (subject to the controller's back-off, FailedDaemonPod event) */
  failed: Pod[]
  /** Succeeded daemon pods to delete (SucceededDaemonPod event) */
  succeeded: Pod[]
}

/** podsShouldBeOnNode for one node and its daemon pods. */
export function podsShouldBeOnNode(node: Node, daemonPods: readonly Pod[], ds: DaemonSet, hash: string, now: Date): ManagePlan {
  const plan: ManagePlan = {createOn: [], delete: [], failed: [], succeeded: []}
  const {shouldRun, shouldContinueRunning} = nodeShouldRunDaemonPod(node, ds)
  const exists = daemonPods.length > 0
  if (shouldRun && !exists) {
    plan.createOn.push(node.metadata.name ?? '')
  } else if (shouldContinueRunning) {
    const running: Pod[] = []
    for (const pod of daemonPods) {
      if (pod.metadata.deletionTimestamp) continue
      if (pod.status?.phase === 'Failed') plan.failed.push(pod)
      else if (pod.status?.phase === 'Succeeded') plan.succeeded.push(pod)
      else running.push(pod)
    }
    running.sort(compareDaemonPods)
    if (!allowsSurge(ds)) {
      // at most one pod per node: keep the oldest
      plan.delete.push(...running.slice(1))
      return plan
    }
    if (running.length <= 1) {
      if (running.length === 0 && shouldRun) plan.createOn.push(node.metadata.name ?? '')
      return plan
    }
    // surging: keep the oldest current pod and, while it is not available, the oldest old pod
    let oldestNew: Pod | undefined
    let oldestOld: Pod | undefined
    for (const pod of running) {
      if (isPodUpdated(pod, hash)) {
        if (!oldestNew) {
          oldestNew = pod
          continue
        }
      } else if (!oldestOld) {
        oldestOld = pod
        continue
      }
      plan.delete.push(pod)
    }
    if (oldestNew && oldestOld && (!isPodReady(oldestOld) || isPodAvailable(oldestNew, ds.spec?.minReadySeconds ?? 0, now))) plan.delete.push(oldestOld)
  } else if (exists) {
    plan.delete.push(...daemonPods.filter((p) => !p.metadata.deletionTimestamp))
  }
  return plan
}

/**
 * manage(): podsShouldBeOnNode over every node, plus the daemon pods meant for nodes that no longer exist
 * (upstream deletes only unscheduled ones and leaves bound ones to the pod garbage collector, which mkube
 * does not have: the controller removes both; see the controller for how).
 */
export function manageDaemonSet(ds: DaemonSet, nodes: readonly Node[], byNode: ReadonlyMap<string, Pod[]>, hash: string, now: Date): ManagePlan {
  const plan: ManagePlan = {createOn: [], delete: [], failed: [], succeeded: []}
  const names = new Set<string>()
  for (const node of nodes) {
    names.add(node.metadata.name ?? '')
    const p = podsShouldBeOnNode(node, byNode.get(node.metadata.name ?? '') ?? [], ds, hash, now)
    plan.createOn.push(...p.createOn)
    plan.delete.push(...p.delete)
    plan.failed.push(...p.failed)
    plan.succeeded.push(...p.succeeded)
  }
  for (const [node, pods] of byNode) if (!names.has(node)) plan.delete.push(...pods.filter((p) => !p.metadata.deletionTimestamp))
  return plan
}

/** findUpdatedPodsOnNode: the node's current and old pod (non-deleted), or undefined when it has several of one kind. */
function updatedPodsOnNode(pods: readonly Pod[], hash: string): {newPod?: Pod; oldPod?: Pod} | undefined {
  let newPod: Pod | undefined
  let oldPod: Pod | undefined
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue
    if (isPodUpdated(pod, hash)) {
      if (newPod) return undefined
      newPod = pod
    } else {
      if (oldPod) return undefined
      oldPod = pod
    }
  }
  return {newPod, oldPod}
}

/** What a RollingUpdate step does. */
export interface RollingPlan {
  delete: Pod[]
  createOn: string[]
}

/**
 * rollingUpdate(): without surge, deletes old pods — unavailable ones always, available ones while fewer
 * than maxUnavailable nodes are unavailable — and lets manage() create their replacements; with surge,
 * creates new pods next to old ones (up to maxSurge at a time, at once where the old pod is unavailable)
 * and deletes each old pod once its replacement is available.
 */
export function rollingUpdatePlan(ds: DaemonSet, nodes: readonly Node[], byNode: ReadonlyMap<string, Pod[]>, hash: string, now: Date): RollingPlan {
  const minReady = ds.spec?.minReadySeconds ?? 0
  const available = (p: Pod) => isPodAvailable(p, minReady, now)
  const nodeMap = new Map(nodes.map((n) => [n.metadata.name ?? '', n]))
  // updatedDesiredNodeCounts: nodes that should run a pod count (and take part) even without pods
  const perNode = new Map<string, Pod[]>([...byNode].map(([k, v]) => [k, [...v]]))
  let desired = 0
  for (const n of nodes) {
    if (!nodeShouldRunDaemonPod(n, ds).shouldRun) continue
    desired++
    if (!perNode.has(n.metadata.name ?? '')) perNode.set(n.metadata.name ?? '', [])
  }
  const maxSurge = surgeCount(ds, desired)
  let maxUnavailable = unavailableCount(ds, desired)
  if (desired > 0 && maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1

  if (maxSurge === 0) {
    let numUnavailable = 0
    const replacements: Pod[] = []
    const candidates: Pod[] = []
    for (const pods of perNode.values()) {
      const found = updatedPodsOnNode(pods, hash)
      if (!found) {
        numUnavailable++
        continue
      }
      const {newPod, oldPod} = found
      if ((!oldPod && !newPod) || (oldPod && newPod)) numUnavailable++
      else if (newPod) {
        if (!available(newPod)) numUnavailable++
      } else if (oldPod) {
        if (!available(oldPod)) replacements.push(oldPod)
        else if (numUnavailable < maxUnavailable) candidates.push(oldPod)
      }
    }
    const remaining = Math.min(Math.max(maxUnavailable - numUnavailable, 0), candidates.length)
    return {delete: [...replacements, ...candidates.slice(0, remaining)], createOn: []}
  }

  const oldToDelete: Pod[] = []
  const shouldNotRun: Pod[] = []
  const candidateNodes: string[] = []
  const allowedNodes: string[] = []
  let numSurge = 0
  let numAvailable = 0
  for (const [nodeName, pods] of perNode) {
    const found = updatedPodsOnNode(pods, hash)
    if (!found) {
      numSurge++
      continue
    }
    const {newPod, oldPod} = found
    if (oldPod ? available(oldPod) : newPod ? available(newPod) : false) numAvailable++
    if (!oldPod) continue
    const node = nodeMap.get(nodeName)
    const shouldRun = !!node && nodeShouldRunDaemonPod(node, ds).shouldRun
    if (!newPod) {
      if (!available(oldPod)) {
        if (!shouldRun) oldToDelete.push(oldPod)
        else allowedNodes.push(nodeName)
      } else if (!shouldRun) shouldNotRun.push(oldPod)
      else if (numSurge < maxSurge) candidateNodes.push(nodeName)
    } else if (!available(newPod)) numSurge++
    else oldToDelete.push(oldPod)
  }
  // with surge, availability is kept: a pod on a node that should not run it goes only once enough are available elsewhere
  const deletable = Math.min(Math.max(numAvailable - desired, 0), shouldNotRun.length)
  oldToDelete.push(...shouldNotRun.slice(0, deletable))
  const remainingSurge = Math.min(Math.max(maxSurge - numSurge, 0), candidateNodes.length)
  return {delete: oldToDelete, createOn: [...allowedNodes, ...candidateNodes.slice(0, remainingSurge)]}
}

/** The status counts (updateDaemonSetStatus); observedGeneration is the caller's business. */
export function daemonSetStatusCounts(ds: DaemonSet, nodes: readonly Node[], byNode: ReadonlyMap<string, Pod[]>, hash: string, now: Date): Omit<DaemonSetStatus, 'observedGeneration' | 'collisionCount' | 'conditions'> {
  let desired = 0
  let current = 0
  let misscheduled = 0
  let ready = 0
  let updated = 0
  let available = 0
  for (const node of nodes) {
    const pods = [...(byNode.get(node.metadata.name ?? '') ?? [])]
    const scheduled = pods.length > 0
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) {
      if (scheduled) misscheduled++
      continue
    }
    desired++
    if (!scheduled) continue
    current++
    const pod = pods.sort(compareDaemonPods)[0]
    if (isPodReady(pod)) {
      ready++
      if (isPodAvailable(pod, ds.spec?.minReadySeconds ?? 0, now)) available++
    }
    if (isPodUpdated(pod, hash)) updated++
  }
  return {
    currentNumberScheduled: current,
    numberMisscheduled: misscheduled,
    desiredNumberScheduled: desired,
    numberReady: ready,
    updatedNumberScheduled: updated,
    numberAvailable: available,
    numberUnavailable: desired - available,
  }
}
