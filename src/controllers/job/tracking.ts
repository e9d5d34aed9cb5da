/**
 * Pod accounting with the job-tracking finalizer (trackJobStatusAndRemoveFinalizers), pure parts. Every
 * pod is counted exactly once:
 * 1. a finished pod still carrying the finalizer has its UID added to status.uncountedTerminatedPods, and
 *    that status is written;
 * 2. then its finalizer is removed;
 * 3. UIDs in uncountedTerminatedPods whose pod no longer carries the finalizer move into the succeeded /
 *    failed counters.
 * A pod without the finalizer is never looked at again; a crash between the steps leaves the UID listed
 * (counted later, once) — never counted twice. The Complete/Failed condition is added only when nothing is
 * uncounted and no pod is terminating, after the interim SuccessCriteriaMet/FailureTarget condition.
 */
import type {Job, JobCondition, JobStatus} from '../../api/types/batch.js'
import type {Pod} from '../../api/types/pod.js'
import {ensureJobConditionStatus, newCondition} from './conditions.js'
import {completionIndex, formatIntervals, intervalsHas, intervalsTotal, withIndexes, type Intervals} from './indexes.js'
import {isIndexed} from './plan.js'
import {hasTrackingFinalizer, isPodFailed} from './pods.js'
import {maxUncountedPods} from './refs.js'

/** cleanUncountedPodsWithoutFinalizers: moves uncounted UIDs whose pods lost the finalizer into the counters. Returns whether `status` changed. */
export function cleanUncounted(status: JobStatus, uidsWithFinalizer: ReadonlySet<string>): boolean {
  const u = (status.uncountedTerminatedPods ??= {})
  let changed = false
  for (const [key, counter] of [['succeeded', 'succeeded'], ['failed', 'failed']] as const) {
    const list = u[key] ?? []
    const keep = list.filter((uid) => uidsWithFinalizer.has(uid))
    if (keep.length !== list.length) {
      status[counter] = (status[counter] ?? 0) + list.length - keep.length
      u[key] = keep
      changed = true
    }
  }
  return changed
}

/** What the tracking step does. */
export interface TrackingPlan {
  /** the status to write first (new uncounted UIDs, counters of pods already without finalizer, interim condition, indexes) */
  status: JobStatus
  needsFlush: boolean
  /** pods whose finalizer is then removed */
  removeFinalizers: Pod[]
  /** UIDs of the job's pods still carrying the finalizer (minus those awaiting removal) */
  uidsWithFinalizer: Set<string>
  /** the final condition (Complete or Failed) to add once everything is counted */
  finishedCondition?: JobCondition
  /** the per-sync cap on uncounted pods was hit: the job is not finished in this sync */
  reachedMax: boolean
}

/** What planTracking needs besides the job. */
export interface TrackingInput {
  job: Job
  pods: readonly Pod[]
  expectedRmFinalizers: ReadonlySet<string>
  /** the uncounted UIDs as the sync started */
  uncounted: {succeeded: ReadonlySet<string>; failed: ReadonlySet<string>}
  finishedCondition?: JobCondition
  prevSucceededIndexes?: Intervals
  succeededIndexes?: Intervals
  now: Date
}

/** canRemoveFinalizer: the job is being deleted or finishing, the pod succeeded, or it counts as failed. */
function canRemoveFinalizer(job: Job, finishing: boolean, pod: Pod, failed: boolean): boolean {
  return !!job.metadata.deletionTimestamp || finishing || pod.status?.phase === 'Succeeded' || failed
}

/** Steps 1 and the condition bookkeeping of trackJobStatusAndRemoveFinalizers (see the module comment). */
export function planTracking(t: TrackingInput, needsFlush: boolean): TrackingPlan {
  const job = t.job
  const status: JobStatus = structuredClone(job.status ?? {})
  const indexed = isIndexed(job)
  const completions = job.spec?.completions ?? 0
  const uidsWithFinalizer = new Set<string>()
  for (const p of t.pods) if (hasTrackingFinalizer(p) && !t.expectedRmFinalizers.has(p.metadata.uid ?? '')) uidsWithFinalizer.add(p.metadata.uid ?? '')
  const u = (status.uncountedTerminatedPods ??= {})
  if (cleanUncounted(status, uidsWithFinalizer)) needsFlush = true

  const removeFinalizers: Pod[] = []
  const newSucceededIndexes: number[] = []
  let reachedMax = false
  const finishing = !!t.finishedCondition
  const failing = finishing && t.finishedCondition!.type !== 'SuccessCriteriaMet'
  for (const pod of indexed ? [...t.pods].sort((a, b) => completionIndex(a) - completionIndex(b)) : t.pods) {
    const uid = pod.metadata.uid ?? ''
    if (!hasTrackingFinalizer(pod) || t.expectedRmFinalizers.has(uid)) continue
    const failed = isPodFailed(pod, job)
    if (!canRemoveFinalizer(job, finishing, pod, failed)) continue
    removeFinalizers.push(pod)
    if (pod.status?.phase === 'Succeeded' && !t.uncounted.failed.has(uid)) {
      if (indexed) {
        const ix = completionIndex(pod)
        if (ix >= 0 && ix < completions && !intervalsHas(t.prevSucceededIndexes ?? [], ix)) {
          newSucceededIndexes.push(ix)
          needsFlush = true
        }
      } else if (!t.uncounted.succeeded.has(uid)) {
        u.succeeded = [...(u.succeeded ?? []), uid]
        needsFlush = true
      }
    } else if (failed || failing) {
      // once the job fails, every pod not yet terminated counts as failed
      const ix = completionIndex(pod)
      if (!t.uncounted.failed.has(uid) && (!indexed || (ix >= 0 && ix < completions))) {
        u.failed = [...(u.failed ?? []), uid]
        needsFlush = true
      }
    }
    if (newSucceededIndexes.length + (u.succeeded?.length ?? 0) + (u.failed?.length ?? 0) >= maxUncountedPods) {
      reachedMax = true
      break
    }
  }
  if (indexed) {
    const all = withIndexes(t.prevSucceededIndexes ?? [], newSucceededIndexes)
    const s = formatIntervals(all)
    if (s !== (status.completedIndexes ?? '')) needsFlush = true
    status.succeeded = intervalsTotal(all)
    status.completedIndexes = s
  }
  let finishedCondition = t.finishedCondition
  if (finishedCondition?.type === 'FailureTarget') {
    status.conditions = [...(status.conditions ?? []), finishedCondition]
    needsFlush = true
    finishedCondition = newCondition('Failed', 'True', finishedCondition.reason ?? '', finishedCondition.message ?? '', t.now)
  }
  if (finishedCondition?.type === 'SuccessCriteriaMet') {
    if (!(status.conditions ?? []).some((c) => c.type === 'SuccessCriteriaMet' && c.status === 'True')) {
      status.conditions = [...(status.conditions ?? []), finishedCondition]
      needsFlush = true
    }
    finishedCondition = newCondition('Complete', 'True', finishedCondition.reason ?? '', finishedCondition.message ?? '', t.now)
  }
  return {status, needsFlush, removeFinalizers, uidsWithFinalizer, finishedCondition, reachedMax}
}

/**
 * enactJobFinished: adds the final condition (and completionTime for Complete) when no pod is uncounted
 * and none is terminating. Returns whether it did.
 */
export function enactFinished(status: JobStatus, finished: JobCondition | undefined, terminating: number, now: Date): boolean {
  if (!finished) return false
  const u = status.uncountedTerminatedPods
  if ((u?.succeeded?.length ?? 0) + (u?.failed?.length ?? 0) > 0) return false
  if (terminating > 0) return false
  ;[status.conditions] = ensureJobConditionStatus(status.conditions, finished.type, 'True', finished.reason ?? '', finished.message ?? '', now)
  if (finished.type === 'Complete') status.completionTime = finished.lastTransitionTime
  return true
}
