/**
 * Taints and tolerations (k8s.io/api/core/v1 helpers, taint-based node conditions): toleration matching,
 * the taints the node lifecycle controller derives from node conditions, and the node's new taint list.
 * Shared with the daemonset controller.
 */
import type {Toleration} from '../../api/types/affinity.js'
import type {Node, NodeCondition, Taint} from '../../api/types/node.js'
import {nowRfc3339} from '../../util/time.js'

/** Well-known taint keys (v1.TaintNode*). */
export const taintKeys = {
  notReady: 'node.kubernetes.io/not-ready',
  unreachable: 'node.kubernetes.io/unreachable',
  unschedulable: 'node.kubernetes.io/unschedulable',
  memoryPressure: 'node.kubernetes.io/memory-pressure',
  diskPressure: 'node.kubernetes.io/disk-pressure',
  networkUnavailable: 'node.kubernetes.io/network-unavailable',
  pidPressure: 'node.kubernetes.io/pid-pressure',
} as const

/** nodeConditionToTaintKeyStatusMap: condition type → status → NoSchedule taint key. */
export const conditionTaintKeys: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Ready: {False: taintKeys.notReady, Unknown: taintKeys.unreachable},
  MemoryPressure: {True: taintKeys.memoryPressure},
  DiskPressure: {True: taintKeys.diskPressure},
  NetworkUnavailable: {True: taintKeys.networkUnavailable},
  PIDPressure: {True: taintKeys.pidPressure},
}

const conditionTaintKeySet = new Set(Object.values(conditionTaintKeys).flatMap((m) => Object.values(m)))

export {toleratesTaint} from '../../api/tolerations.js'
import {toleratesTaint} from '../../api/tolerations.js'

/** FindMatchingUntoleratedTaint: the first taint passing `filter` that no toleration tolerates. */
export function findUntoleratedTaint(taints: readonly Taint[] | undefined, tolerations: readonly Toleration[] | undefined, filter: (t: Taint) => boolean = () => true): Taint | undefined {
  return (taints ?? []).find((taint) => filter(taint) && !(tolerations ?? []).some((t) => toleratesTaint(t, taint)))
}

/** Taints are the same taint when key and effect match (MatchTaint). */
export function sameTaint(a: Pick<Taint, 'key' | 'effect'>, b: Pick<Taint, 'key' | 'effect'>): boolean {
  return a.key === b.key && a.effect === b.effect
}

function condition(node: Node, type: string): NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === type)
}

/** True for the NoSchedule taints the controller maintains from conditions and spec.unschedulable. */
function managedNoSchedule(t: Taint): boolean {
  return t.effect === 'NoSchedule' && (t.key === taintKeys.unschedulable || conditionTaintKeySet.has(t.key))
}

/** True for the NoExecute taints the controller maintains from the Ready condition. */
export function isLifecycleNoExecuteTaint(t: Pick<Taint, 'key' | 'effect'>): boolean {
  return t.effect === 'NoExecute' && (t.key === taintKeys.notReady || t.key === taintKeys.unreachable)
}

/**
 * The controller-maintained taints a node should carry (key and effect): NoSchedule ones from its
 * conditions (Ready False/Unknown → not-ready/unreachable, pressure conditions True, NetworkUnavailable
 * True) and spec.unschedulable; the NoExecute not-ready or unreachable taint from the Ready condition.
 * Undefined entries mean "no opinion" (no Ready condition: NoExecute taints are left as they are).
 */
export function desiredLifecycleTaints(node: Node): {noSchedule: string[]; noExecute: string[] | undefined} {
  const noSchedule: string[] = []
  for (const c of node.status?.conditions ?? []) {
    const key = conditionTaintKeys[c.type]?.[c.status]
    if (key) noSchedule.push(key)
  }
  if (node.spec?.unschedulable) noSchedule.push(taintKeys.unschedulable)
  const ready = condition(node, 'Ready')?.status
  const noExecute = ready === 'False' ? [taintKeys.notReady] : ready === 'Unknown' ? [taintKeys.unreachable] : ready === 'True' ? [] : undefined
  return {noSchedule, noExecute}
}

/**
 * The node's taint list after the NoSchedule and NoExecute tainting passes, or undefined when it does not
 * change. Taints the controller does not manage are kept; kept taints keep their timeAdded; added ones get
 * timeAdded = now (SwapNodeControllerTaint).
 */
export function reconcileNodeTaints(node: Node, now: Date): Taint[] | undefined {
  const current = node.spec?.taints ?? []
  const want = desiredLifecycleTaints(node)
  const wanted: Taint[] = want.noSchedule.map((key) => ({key, effect: 'NoSchedule'}))
  if (want.noExecute) wanted.push(...want.noExecute.map((key) => ({key, effect: 'NoExecute' as const})))
  const managed = (t: Taint) => managedNoSchedule(t) || (want.noExecute !== undefined && isLifecycleNoExecuteTaint(t))
  const kept = current.filter((t) => !managed(t) || wanted.some((w) => sameTaint(w, t)))
  const added = wanted.filter((w) => !kept.some((t) => sameTaint(w, t))).map((w) => ({...w, timeAdded: nowRfc3339(now)}))
  if (added.length === 0 && kept.length === current.length) return undefined
  return [...kept, ...added]
}
