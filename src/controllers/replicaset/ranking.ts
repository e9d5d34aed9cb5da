/**
 * Which surplus pods a ReplicaSet deletes first (controller.ActivePodsWithRanks with the
 * LogarithmicScaleDown and PodDeletionCost behaviour Kubernetes enables by default).
 */
import type {Pod} from '../../api/types/pod.js'
import {isPodActive, isPodReady, maxContainerRestarts, podReadyTime} from '../common/pods.js'
import {parseTime} from '../../util/time.js'

/** Annotation users set to make a pod cheaper (lower, deleted first) or dearer to delete. */
export const podDeletionCostAnnotation = 'controller.kubernetes.io/pod-deletion-cost'

const phaseOrdinal: Record<string, number> = {Pending: 0, Unknown: 1, Running: 2}

function deletionCost(pod: Pod): number {
  const v = pod.metadata.annotations?.[podDeletionCostAnnotation]
  if (v === undefined || !/^[+-]?\d+$/.test(v.trim())) return 0
  const n = Number(v)
  return n >= -(2 ** 31) && n < 2 ** 31 ? n : 0
}

/** floor(log2(now - t in ns)), -1 when t is not in the past (LogarithmicScaleDown's buckets). */
function logRank(t: Date, now: Date): number {
  const ns = (now.getTime() - t.getTime()) * 1e6
  return ns > 0 ? Math.trunc(Math.log2(ns)) : -1
}

/**
 * Newer first with time buckets: negative when `a` is more recent than `b`. Times in the same
 * power-of-two age bucket tie, broken by uid (a pseudo-random but stable order).
 */
function compareRecency(a: Date | undefined, b: Date | undefined, pa: Pod, pb: Pod, now: Date | undefined): number {
  const ta = a?.getTime() ?? 0
  const tb = b?.getTime() ?? 0
  if (ta === tb) return 0
  // zero (unknown) times come first
  if (!ta || !tb) return !ta ? -1 : 1
  if (!now) return tb - ta
  const diff = logRank(a!, now) - logRank(b!, now)
  if (diff !== 0) return diff
  const ua = pa.metadata.uid ?? ''
  const ub = pb.metadata.uid ?? ''
  return ua < ub ? -1 : ua > ub ? 1 : 0
}

/**
 * Orders two pods for deletion (negative: `a` goes first), applying in turn: unscheduled before
 * scheduled; Pending < Unknown < Running; not ready before ready; lower pod-deletion-cost first; more
 * co-located related pods (higher rank) first; more recently ready first; more container restarts
 * first; newer first. `now` enables logarithmic time buckets (omit for exact comparisons).
 */
export function comparePodsForDeletion(a: Pod, b: Pod, rankA: number, rankB: number, now?: Date): number {
  const na = a.spec?.nodeName ?? ''
  const nb = b.spec?.nodeName ?? ''
  if (na !== nb && (!na || !nb)) return !na ? -1 : 1
  const pa = phaseOrdinal[a.status?.phase ?? ''] ?? 0
  const pb = phaseOrdinal[b.status?.phase ?? ''] ?? 0
  if (pa !== pb) return pa - pb
  const ra = isPodReady(a)
  const rb = isPodReady(b)
  if (ra !== rb) return ra ? 1 : -1
  const ca = deletionCost(a)
  const cb = deletionCost(b)
  if (ca !== cb) return ca - cb
  if (rankA !== rankB) return rankB - rankA
  if (ra && rb) {
    const c = compareRecency(podReadyTime(a), podReadyTime(b), a, b, now)
    if (c !== 0) return c
  }
  const xa = maxContainerRestarts(a)
  const xb = maxContainerRestarts(b)
  if (xa !== xb) return xb - xa
  return compareRecency(parseTime(a.metadata.creationTimestamp), parseTime(b.metadata.creationTimestamp), a, b, now)
}

/**
 * `pods` sorted so that the ones to delete first come first. A pod's rank is the number of active pods
 * among `related` (pods of every ReplicaSet with the same controller) on the same node.
 */
export function rankPodsForDeletion(pods: readonly Pod[], related: readonly Pod[], now?: Date): Pod[] {
  const onNode = new Map<string, number>()
  for (const p of related) {
    if (!isPodActive(p)) continue
    const node = p.spec?.nodeName ?? ''
    onNode.set(node, (onNode.get(node) ?? 0) + 1)
  }
  const rank = (p: Pod) => onNode.get(p.spec?.nodeName ?? '') ?? 0
  return [...pods].sort((a, b) => comparePodsForDeletion(a, b, rank(a), rank(b), now))
}
