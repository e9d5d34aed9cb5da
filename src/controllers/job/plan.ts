/**
 * The pure first half of a Job sync (syncJob up to manageJob): what the pods say — active, ready,
 * terminating, newly finished (not counted yet) — the succeeded/failed totals, whether the job must fail
 * (backoffLimit, restart counts under OnFailure, activeDeadlineSeconds) and, for a running job, what
 * manageJob must do: delete surplus pods, create missing ones (after the failure back-off), or nothing.
 */
import type {Job, JobCondition} from '../../api/types/batch.js'
import type {Pod} from '../../api/types/pod.js'
import {isPodReady} from '../common/pods.js'
import {parseTime} from '../../util/time.js'
import {backoffRemaining, nextBackoffRecord, type BackoffRecord} from './backoff.js'
import {newCondition, trueCondition} from './conditions.js'
import {completionIndex, firstPendingIndexes, intervalsTotal, parseIndexes, withIndexes, type Intervals} from './indexes.js'
import {activePodsForRemoval, hasTrackingFinalizer, isActive, isPodFailed, isTerminating, onlyReplaceFailedPods} from './pods.js'
import {maxPodCreateDeletePerSync} from './refs.js'

/** What a sync starts from. */
export interface JobInput {
  job: Job
  /** the job's (claimed) pods */
  pods: readonly Pod[]
  /** UIDs whose finalizer removal was requested but not seen yet */
  expectedRmFinalizers: ReadonlySet<string>
  backoff: BackoffRecord | undefined
  now: Date
}

/** What the pods say (syncJobCtx). */
export interface JobAssessment {
  active: Pod[]
  ready: number
  terminating: number
  terminatingPods: Pod[]
  uncounted: {succeeded: Set<string>; failed: Set<string>}
  newSucceeded: Pod[]
  newFailed: Pod[]
  /** counted + uncounted + newly finished (for Indexed jobs: succeeded indexes) */
  succeeded: number
  failed: number
  /** the failure back-off once the newly finished pods are counted */
  backoff: BackoffRecord
  /** set when the job must stop (FailureTarget / Failed / SuccessCriteriaMet so far) */
  finishedCondition?: JobCondition
  /** ms until activeDeadlineSeconds expires (the sync looks again then) */
  deadlineInMs?: number
  /** Indexed jobs: indexes succeeded before this sync, and including newly succeeded pods */
  prevSucceededIndexes?: Intervals
  succeededIndexes?: Intervals
}

/** spec.suspend. */
export function isSuspended(job: Job): boolean {
  return job.spec?.suspend === true
}

/** Indexed completion mode. */
export function isIndexed(job: Job): boolean {
  return job.spec?.completionMode === 'Indexed'
}

/** getValidPodsWithFilter: pods with the finalizer, not uncounted, not awaiting finalizer removal, with a valid index (Indexed). */
function notCounted(input: JobInput, uncounted: ReadonlySet<string>, pred: (p: Pod) => boolean): Pod[] {
  const completions = input.job.spec?.completions ?? 0
  return input.pods.filter((p) => {
    const uid = p.metadata.uid ?? ''
    if (!hasTrackingFinalizer(p) || uncounted.has(uid) || input.expectedRmFinalizers.has(uid)) return false
    if (isIndexed(input.job)) {
      const ix = completionIndex(p)
      if (ix < 0 || ix >= completions) return false
    }
    return pred(p)
  })
}

/** pastBackoffLimitOnFailure: under restartPolicy OnFailure, container restarts of running/pending pods reach backoffLimit. */
export function pastBackoffLimitOnFailure(job: Job, pods: readonly Pod[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false
  let restarts = 0
  for (const p of pods) {
    if (p.status?.phase !== 'Running' && p.status?.phase !== 'Pending') continue
    for (const s of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) restarts += s.restartCount ?? 0
  }
  const limit = job.spec?.backoffLimit ?? 6
  return limit === 0 ? restarts > 0 : restarts >= limit
}

/** ms left before activeDeadlineSeconds runs out (undefined without a deadline, a start or while suspended). */
export function activeDeadlineRemaining(job: Job, now: Date): number | undefined {
  const d = job.spec?.activeDeadlineSeconds
  const start = parseTime(job.status?.startTime)
  if (d === undefined || d === null || !start || isSuspended(job)) return undefined
  return d * 1000 - (now.getTime() - start.getTime())
}

/** calculateSucceededIndexes: previous completedIndexes, and with the Succeeded pods still carrying the finalizer. */
export function succeededIndexes(job: Job, pods: readonly Pod[]): {prev: Intervals; all: Intervals} {
  const completions = job.spec?.completions ?? 0
  const prev = parseIndexes(job.status?.completedIndexes, completions)
  const fresh = pods.filter((p) => p.status?.phase === 'Succeeded' && hasTrackingFinalizer(p)).map(completionIndex).filter((ix) => ix >= 0 && ix < completions)
  return {prev, all: withIndexes(prev, fresh)}
}

/**
 * Assesses the job's pods (may set status.startTime on `input.job` when it first runs). The finished
 * condition is FailureTarget (BackoffLimitExceeded or DeadlineExceeded) for a job that must fail, the
 * final Failed condition for a job already marked FailureTarget, or an existing SuccessCriteriaMet.
 */
export function assessJob(input: JobInput): JobAssessment {
  const {job, pods, now} = input
  const status = job.status ?? (job.status = {})
  const uncounted = {succeeded: new Set(status.uncountedTerminatedPods?.succeeded ?? []), failed: new Set(status.uncountedTerminatedPods?.failed ?? [])}
  const active = pods.filter(isActive)
  const terminatingPods = pods.filter(isTerminating)
  const newSucceeded = notCounted(input, uncounted.succeeded, (p) => p.status?.phase === 'Succeeded')
  const newFailed = notCounted(input, uncounted.failed, (p) => isPodFailed(p, job))
  const a: JobAssessment = {
    active,
    ready: active.filter(isPodReady).length,
    terminating: terminatingPods.length,
    terminatingPods,
    uncounted,
    newSucceeded,
    newFailed,
    succeeded: (status.succeeded ?? 0) + newSucceeded.length + uncounted.succeeded.size,
    failed: (status.failed ?? 0) + newFailed.length + uncounted.failed.size,
    backoff: nextBackoffRecord(input.backoff, newSucceeded, newFailed),
  }
  if (!status.startTime && !isSuspended(job)) status.startTime = now.toISOString().replace(/\.\d{3}Z$/, 'Z')

  a.finishedCondition = trueCondition(job, 'SuccessCriteriaMet')
  if (!a.finishedCondition) {
    const target = trueCondition(job, 'FailureTarget')
    if (target) a.finishedCondition = newCondition('Failed', 'True', target.reason ?? '', target.message ?? '', now)
  }
  if (!a.finishedCondition) {
    const limit = job.spec?.backoffLimit ?? 6
    if (a.failed > limit || pastBackoffLimitOnFailure(job, pods)) {
      a.finishedCondition = newCondition('FailureTarget', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', now)
    } else {
      const left = activeDeadlineRemaining(job, now)
      if (left !== undefined && left <= 0) a.finishedCondition = newCondition('FailureTarget', 'True', 'DeadlineExceeded', 'Job was active longer than specified deadline', now)
      else if (left !== undefined) a.deadlineInMs = left
    }
  }
  if (isIndexed(job)) {
    const idx = succeededIndexes(job, pods)
    a.prevSucceededIndexes = idx.prev
    a.succeededIndexes = idx.all
    a.succeeded = intervalsTotal(idx.all)
  }
  return a
}

/** What manageJob does. */
export type ManageDecision =
  | {type: 'none'}
  /** delete these active pods (their tracking finalizer removed first: they are not counted as failures) */
  | {type: 'delete'; pods: Pod[]}
  /** create `count` pods (with these completion indexes for Indexed jobs) */
  | {type: 'create'; count: number; indexes?: number[]}
  /** pods are missing but the failure back-off holds creation for this long */
  | {type: 'wait'; ms: number}

/**
 * manageJob's decision: a suspended job deletes all active pods; otherwise the wanted number of active pods
 * is parallelism, capped by the completions still needed (a job without completions keeps what runs once
 * one pod succeeded); surplus pods (and Indexed duplicates) are deleted first, missing ones created once
 * the back-off allows, never more than 500 per sync.
 */
export function manageDecision(job: Job, a: JobAssessment, now: Date): ManageDecision {
  const active = a.active.length
  if (isSuspended(job)) return active ? {type: 'delete', pods: activePodsForRemoval(job, a.active, active)} : {type: 'none'}
  const parallelism = job.spec?.parallelism ?? 1
  const completions = job.spec?.completions
  let want: number
  if (completions === undefined || completions === null) want = a.succeeded > 0 ? active : parallelism
  else want = Math.max(0, Math.min(completions - a.succeeded, parallelism))
  const rm = activePodsForRemoval(job, a.active, Math.max(0, active - want)).slice(0, maxPodCreateDeletePerSync)
  if (rm.length) return {type: 'delete', pods: rm}
  const terminating = onlyReplaceFailedPods(job) ? a.terminating : 0
  let diff = want - terminating - active
  if (diff <= 0) return {type: 'none'}
  const wait = backoffRemaining(a.backoff, now.getTime())
  if (wait > 0) return {type: 'wait', ms: wait}
  diff = Math.min(diff, maxPodCreateDeletePerSync)
  if (!isIndexed(job)) return {type: 'create', count: diff}
  const taken = new Set<number>()
  for (const p of a.active) taken.add(completionIndex(p))
  // pods still terminating hold their index when only failed pods are replaced
  if (onlyReplaceFailedPods(job)) for (const p of a.terminatingPods) taken.add(completionIndex(p))
  const indexes = firstPendingIndexes(a.succeededIndexes ?? [], taken, diff, completions ?? 0)
  return indexes.length ? {type: 'create', count: indexes.length, indexes} : {type: 'none'}
}

/** Whether the job has all the completions it needs once `active` pods remain. */
export function isComplete(job: Job, succeeded: number, active: number): boolean {
  const completions = job.spec?.completions
  if (completions === undefined || completions === null) return succeeded > 0 && active === 0
  return succeeded >= completions && active === 0
}
