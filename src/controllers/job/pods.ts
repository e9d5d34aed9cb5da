/**
 * Job pods: failure and finish semantics (isPodFailed, getFinishedTime), the tracking finalizer, the
 * deletion order of active pods (controller.ActivePods) and the pods a Job creates.
 */
import type {OwnerReference} from '../../api/meta.js'
import type {Job} from '../../api/types/batch.js'
import type {Container} from '../../api/types/container.js'
import type {Pod} from '../../api/types/pod.js'
import {isPodReady, maxContainerRestarts, podReadyTime} from '../common/pods.js'
import {parseTime} from '../../util/time.js'
import {completionIndex} from './indexes.js'
import {completionIndexAnnotation, completionIndexEnv, jobTrackingFinalizer} from './refs.js'

/** Whether the pod still carries the job-tracking finalizer (it has not been counted yet). */
export function hasTrackingFinalizer(pod: Pod): boolean {
  return (pod.metadata.finalizers ?? []).includes(jobTrackingFinalizer)
}

/** Strategic merge patch removing the tracking finalizer (removeTrackingFinalizerPatch). */
export function removeTrackingFinalizerPatch(): object {
  return {metadata: {'$deleteFromPrimitiveList/finalizers': [jobTrackingFinalizer]}}
}

/** True when only Failed pods are replaced (podReplacementPolicy Failed, or a podFailurePolicy). */
export function onlyReplaceFailedPods(job: Job): boolean {
  return job.spec?.podReplacementPolicy === 'Failed' || !!job.spec?.podFailurePolicy
}

/**
 * isPodFailed: phase Failed, or — unless only failed pods are replaced — deleted before succeeding (a pod
 * that never reaches a terminal phase still counts as a failure).
 */
export function isPodFailed(pod: Pod, job: Job): boolean {
  if (pod.status?.phase === 'Failed') return true
  if (onlyReplaceFailedPods(job)) return false
  return !!pod.metadata.deletionTimestamp && pod.status?.phase !== 'Succeeded'
}

/** FilterActivePods: neither terminal nor being deleted. */
export function isActive(pod: Pod): boolean {
  const phase = pod.status?.phase
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp
}

/** CountTerminatingPods: being deleted and not Failed. */
export function isTerminating(pod: Pod): boolean {
  return !!pod.metadata.deletionTimestamp && pod.status?.phase !== 'Failed'
}

/**
 * When the pod finished (getFinishedTime): the Ready=False transition of a terminal pod, else the last
 * container termination, else the deletion timestamp, else its creation.
 */
export function finishedTime(pod: Pod): number {
  const phase = pod.status?.phase
  if (phase === 'Succeeded' || phase === 'Failed') {
    const ready = pod.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'False')
    const t = parseTime(ready?.lastTransitionTime)
    if (t) return t.getTime()
  }
  let last: number | undefined
  for (const s of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
    const t = parseTime(s.state?.terminated?.finishedAt)?.getTime()
    if (t !== undefined && (last === undefined || t > last)) last = t
  }
  if (last !== undefined) return last
  return (parseTime(pod.metadata.deletionTimestamp) ?? parseTime(pod.metadata.creationTimestamp))?.getTime() ?? 0
}

const phaseOrdinal: Record<string, number> = {Pending: 0, Unknown: 1, Running: 2}

/**
 * controller.ActivePods order (first = deleted first): unassigned before assigned, Pending < Unknown <
 * Running, not ready before ready, ready for less time first, more restarts first, newer first.
 */
export function compareActivePods(a: Pod, b: Pod): number {
  const na = a.spec?.nodeName ?? ''
  const nb = b.spec?.nodeName ?? ''
  if (na !== nb && (!na || !nb)) return !na ? -1 : 1
  const pa = phaseOrdinal[a.status?.phase ?? ''] ?? 0
  const pb = phaseOrdinal[b.status?.phase ?? ''] ?? 0
  if (pa !== pb) return pa - pb
  const ra = isPodReady(a)
  const rb = isPodReady(b)
  if (ra !== rb) return ra ? 1 : -1
  if (ra && rb) {
    // the most recently ready first; an unknown ready time counts as most recent
    const ta = podReadyTime(a)?.getTime() ?? Infinity
    const tb = podReadyTime(b)?.getTime() ?? Infinity
    if (ta !== tb) return ta > tb ? -1 : 1
  }
  const xa = maxContainerRestarts(a)
  const xb = maxContainerRestarts(b)
  if (xa !== xb) return xb - xa
  const ca = parseTime(a.metadata.creationTimestamp)?.getTime() ?? Infinity
  const cb = parseTime(b.metadata.creationTimestamp)?.getTime() ?? Infinity
  return cb === ca ? 0 : cb < ca ? -1 : 1
}

function sortedActive(pods: readonly Pod[]): Pod[] {
  return [...pods].sort(compareActivePods)
}

/**
 * activePodsForRemoval: for Indexed jobs first the pods without a valid index and all but one pod per
 * duplicated index (the keeper is the one ActivePods ranks last); then, up to `rmAtLeast`, the remaining
 * active pods in ActivePods order.
 */
export function activePodsForRemoval(job: Job, active: readonly Pod[], rmAtLeast: number): Pod[] {
  const rm: Pod[] = []
  let left: Pod[] = [...active]
  if (job.spec?.completionMode === 'Indexed') {
    const completions = job.spec.completions ?? 0
    left = []
    const byIndex = new Map<number, Pod[]>()
    for (const p of active) {
      const ix = completionIndex(p)
      if (ix < 0 || ix >= completions) rm.push(p)
      else byIndex.set(ix, [...(byIndex.get(ix) ?? []), p])
    }
    for (const ix of [...byIndex.keys()].sort((a, b) => a - b)) {
      const group = sortedActive(byIndex.get(ix)!)
      rm.push(...group.slice(0, -1))
      left.push(group[group.length - 1])
    }
  }
  if (rm.length < rmAtLeast) rm.push(...sortedActive(left).slice(0, rmAtLeast - rm.length))
  return rm
}

function withIndexEnv(c: Container): Container {
  if ((c.env ?? []).some((e) => e.name === completionIndexEnv)) return c
  return {...c, env: [...(c.env ?? []), {name: completionIndexEnv, valueFrom: {fieldRef: {fieldPath: `metadata.annotations['${completionIndexAnnotation}']`}}}]}
}

const maxGeneratedNameLength = 58

/**
 * The pod a Job creates (GetPodFromTemplate plus the job's additions): generateName `<job>-`, the
 * template's labels, annotations and spec, the tracking finalizer, the Job as controller. For Indexed jobs
 * also the completion index (annotation, label, JOB_COMPLETION_INDEX env var), hostname `<job>-<index>`
 * and generateName `<job>-<index>-`.
 */
export function newJobPod(job: Job, controllerRef: OwnerReference, index?: number): Pod {
  const t = structuredClone(job.spec?.template ?? {})
  const md = t.metadata ?? {}
  const spec = t.spec ?? {containers: []}
  const name = job.metadata.name ?? ''
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${name}-`,
      namespace: job.metadata.namespace,
      labels: {...(md.labels ?? {})},
      finalizers: [...(md.finalizers ?? []).filter((f) => f !== jobTrackingFinalizer), jobTrackingFinalizer],
      ownerReferences: [controllerRef],
    },
    spec,
  }
  if (md.annotations) pod.metadata.annotations = {...md.annotations}
  if (index !== undefined) {
    spec.containers = spec.containers.map(withIndexEnv)
    if (spec.initContainers) spec.initContainers = spec.initContainers.map(withIndexEnv)
    pod.metadata.annotations = {...(pod.metadata.annotations ?? {}), [completionIndexAnnotation]: String(index)}
    pod.metadata.labels = {...pod.metadata.labels, [completionIndexAnnotation]: String(index)}
    spec.hostname = `${name}-${index}`
    const suffix = `-${index}-`
    let prefix = `${name}${suffix}`
    if (prefix.length > maxGeneratedNameLength) prefix = `${prefix.slice(0, maxGeneratedNameLength - suffix.length)}${suffix}`
    pod.metadata.generateName = prefix
  }
  return pod
}
