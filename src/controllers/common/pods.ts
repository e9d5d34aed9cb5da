/**
 * Pod state helpers shared by controllers (k8s.io/kubernetes/pkg/api/v1/pod and controller_utils):
 * readiness, availability after minReadySeconds, activeness and restart counts.
 */
import type {PodCondition} from '../../api/types/pod.js'
import type {Pod} from '../../api/types/pod.js'
import {parseTime} from '../../util/time.js'

/** The pod's Ready condition, if the kubelet has reported one. */
export function podReadyCondition(pod: Pod): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'Ready')
}

/** True when the pod's Ready condition is True (podutil.IsPodReady). */
export function isPodReady(pod: Pod): boolean {
  return podReadyCondition(pod)?.status === 'True'
}

/**
 * True when the pod has been ready for at least minReadySeconds at `now` (podutil.IsPodAvailable):
 * ready, and minReadySeconds is 0 or the Ready condition's lastTransitionTime + minReadySeconds is before now.
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: Date): boolean {
  if (!isPodReady(pod)) return false
  if (!minReadySeconds) return true
  const since = parseTime(podReadyCondition(pod)?.lastTransitionTime)
  return since !== undefined && since.getTime() + minReadySeconds * 1000 < now.getTime()
}

/** When the pod last became ready (the Ready=True condition's lastTransitionTime); undefined when not ready. */
export function podReadyTime(pod: Pod): Date | undefined {
  return isPodReady(pod) ? parseTime(podReadyCondition(pod)?.lastTransitionTime) : undefined
}

/** Succeeded or Failed: the pod will never run again. */
export function isPodTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase
  return phase === 'Succeeded' || phase === 'Failed'
}

/** Being deleted (deletionTimestamp set). */
export function isPodTerminating(pod: Pod): boolean {
  return !!pod.metadata.deletionTimestamp
}

/** Neither terminal nor being deleted (controller.IsPodActive): the pods controllers count. */
export function isPodActive(pod: Pod): boolean {
  return !isPodTerminal(pod) && !isPodTerminating(pod)
}

/** The highest restartCount among the pod's containers (0 without statuses). */
export function maxContainerRestarts(pod: Pod): number {
  let max = 0
  for (const c of pod.status?.containerStatuses ?? []) max = Math.max(max, c.restartCount ?? 0)
  return max
}

/** `namespace/name` of a pod: the key expectations track deletions by (controller.PodKey). */
export function podKey(pod: Pod): string {
  return `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`
}
