/**
 * Taint-based eviction (the NoExecute taint manager), pure: when a pod on a node with NoExecute taints
 * must be deleted. A tolerated taint lets the pod stay for the toleration's tolerationSeconds (forever
 * without them); an untolerated not-ready/unreachable taint lets it stay podEvictionTimeoutSeconds (the
 * controller's legacy eviction timeout — the API server gives every pod 300 s tolerations for both, so
 * this applies to pods created without them); any other untolerated NoExecute taint evicts at once.
 *
 * Times count from the taint's timeAdded (or from the pod's creation if that is later), so a controller
 * restart neither resets nor loses them; upstream counts from when its taint manager first saw the pod.
 */
import type {Condition} from '../../api/meta.js'
import type {Pod} from '../../api/types/pod.js'
import type {Taint} from '../../api/types/node.js'
import {parseTime} from '../../util/time.js'
import {isLifecycleNoExecuteTaint, toleratesTaint} from './taints.js'

/** The DisruptionTarget condition the taint manager sets on pods it deletes. */
export const taintEvictionCondition: Condition = {type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint'}

/**
 * When (ms) `pod` must be evicted because of the node's NoExecute `taints`, or undefined when it may stay
 * (no such taints, or all tolerated without tolerationSeconds).
 */
export function evictionTime(pod: Pod, taints: readonly Taint[], now: number, podEvictionTimeoutSeconds: number): number | undefined {
  const created = parseTime(pod.metadata.creationTimestamp)?.getTime() ?? 0
  let at: number | undefined
  for (const taint of taints) {
    if (taint.effect !== 'NoExecute') continue
    const start = Math.max(parseTime(taint.timeAdded)?.getTime() ?? now, created)
    const tol = (pod.spec?.tolerations ?? []).find((t) => toleratesTaint(t, taint))
    let deadline: number
    if (!tol) deadline = isLifecycleNoExecuteTaint(taint) ? start + podEvictionTimeoutSeconds * 1000 : now
    else if (tol.tolerationSeconds === undefined || tol.tolerationSeconds === null) continue
    else deadline = start + Math.max(0, tol.tolerationSeconds) * 1000
    at = at === undefined ? deadline : Math.min(at, deadline)
  }
  return at
}
