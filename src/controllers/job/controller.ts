/**
 * The Job controller (batch/v1): runs a Job's pods to completion — parallelism at a time, up to
 * completions successes (NonIndexed, or one per index for Indexed jobs) — retrying failed pods with a
 * back-off (10 s doubling, 6 min cap) until backoffLimit failures; activeDeadlineSeconds stops it
 * (DeadlineExceeded); suspend deletes its active pods until resumed. Pods are counted through the
 * batch.kubernetes.io/job-tracking finalizer (see tracking.ts), so none is ever counted twice. The job
 * ends with SuccessCriteriaMet then Complete, or FailureTarget then Failed (BackoffLimitExceeded,
 * DeadlineExceeded), once its pods are gone; completionTime is set on completion. A finished job with
 * ttlSecondsAfterFinished is deleted (foreground) that long after it finished, as the TTL-after-finished
 * controller does. Pods left with the finalizer by a deleted job are released.
 *
 * Not implemented: podFailurePolicy rules, successPolicy, backoffLimitPerIndex (a job using them is
 * handled as if they were absent, except that podFailurePolicy switches to replacing only failed pods).
 */
import type {Job} from '../../api/types/batch.js'
import type {Pod} from '../../api/types/pod.js'
import {labelSelectorAsSelector, type Selector} from '../../api/selectors/index.js'
import type {EventRecorder} from '../../client/events.js'
import {isConflict, isNotFound} from '../../client/errors.js'
import type {Informer} from '../../client/informer.js'
import {WorkQueue} from '../../client/workqueue.js'
import {jsonEqual} from '../../util/json.js'
import type {Controller, ControllerContext} from '../types.js'
import {claimChildren, recheckOwner} from '../common/claim.js'
import {getControllerOf, newControllerRef, resolveControllerRef} from '../common/controller-ref.js'
import {ControllerExpectations} from '../common/expectations.js'
import {podKey} from '../common/pods.js'
import {groupOf, podsRef} from '../common/refs.js'
import {keyOf, runQueue} from '../common/run.js'
import {isNamespaceTerminating} from '../namespace/terminating.js'
import {slowStartBatches} from '../replicaset/index.js'
import type {BackoffRecord} from './backoff.js'
import {ensureJobConditionStatus, isJobFinished, newCondition} from './conditions.js'
import {assessJob, isComplete, isSuspended, manageDecision, type JobAssessment} from './plan.js'
import {hasTrackingFinalizer, removeTrackingFinalizerPatch} from './pods.js'
import {jobControllerName, jobKind, jobsRef, jobTrackingFinalizer} from './refs.js'
import {JobWrites, subjectOf} from './writes.js'

/** Options of the Job controller (tests inject a clock). */
export interface JobControllerOptions {
  now?: () => Date
}

/** Work-queue keys of orphan pods whose tracking finalizer must go. */
const orphanPrefix = 'pod:'

function selectorOf(job: Job): Selector | undefined {
  try {
    return labelSelectorAsSelector(job.spec?.selector)
  } catch {
    return undefined
  }
}

function managedElsewhere(job: Job): boolean {
  const m = job.spec?.managedBy
  return !!m && m !== jobControllerName
}

/** Runs Jobs' pods to completion. */
export class JobController implements Controller {
  readonly name = 'job-controller'
  /** job keys (namespace/name) and orphan pod keys (pod:namespace/name) */
  readonly queue = new WorkQueue<string>()
  readonly expectations: ControllerExpectations
  /** per job key: UIDs of pods whose tracking finalizer removal is not observed yet */
  readonly finalizerExpectations = new Map<string, Set<string>>()
  private readonly backoffs = new Map<string, BackoffRecord>()
  private readonly now: () => Date
  private ctx!: ControllerContext
  private recorder!: EventRecorder
  private jobs!: Informer<Job>
  private pods!: Informer<Pod>
  private writes!: JobWrites

  constructor(opts: JobControllerOptions = {}) {
    this.now = opts.now ?? (() => new Date())
    this.expectations = new ControllerExpectations(() => this.now().getTime())
  }

  start(ctx: ControllerContext): void {
    this.ctx = ctx
    this.recorder = ctx.recorder(this.name)
    this.writes = new JobWrites({
      client: ctx.client,
      recorder: this.recorder,
      expectations: this.expectations,
      finalizerExpectations: this.finalizerExpectations,
      backoffs: this.backoffs,
      requeueAfter: (key, ms) => this.queue.addAfter(key, ms),
    })
    this.jobs = ctx.informers.informer<Job>(jobsRef)
    this.pods = ctx.informers.informer<Pod>(podsRef)
    this.jobs.addHandlers({
      onAdd: (j) => this.queue.add(keyOf(j)),
      onUpdate: (_o, j) => this.queue.add(keyOf(j)),
      onDelete: (j) => {
        this.queue.add(keyOf(j))
        // its pods' finalizers must go now that nobody will count them
        for (const p of this.pods.list(j.metadata.namespace)) if (hasTrackingFinalizer(p) && getControllerOf(p)?.uid === j.metadata.uid) this.queue.add(orphanPrefix + keyOf(p))
      },
    })
    this.pods.addHandlers({onAdd: (p) => this.addPod(p), onUpdate: (o, p) => this.updatePod(o, p), onDelete: (p) => this.deletePod(p, true)})
  }

  run(signal: AbortSignal): Promise<void> {
    return runQueue(this.queue, this.ctx.options.workers, (key) => this.sync(key), signal, {name: this.name, log: this.ctx.log})
  }

  private owner(pod: Pod): Job | undefined {
    return resolveControllerRef(pod, 'Job', (k) => this.jobs.get(k))
  }

  private selecting(pod: Pod): Job[] {
    return this.jobs.list(pod.metadata.namespace).filter((j) => {
      const sel = selectorOf(j)
      return !!sel && !sel.empty() && sel.matches(pod.metadata.labels)
    })
  }

  private finalizerObserved(jobKey: string, uid: string | undefined): void {
    const set = this.finalizerExpectations.get(jobKey)
    if (set && uid) set.delete(uid)
  }

  private addPod(pod: Pod): void {
    if (pod.metadata.deletionTimestamp) return this.deletePod(pod, false)
    if (getControllerOf(pod)) {
      const job = this.owner(pod)
      if (!job) {
        if (hasTrackingFinalizer(pod)) this.queue.add(orphanPrefix + keyOf(pod))
        return
      }
      this.expectations.creationObserved(keyOf(job))
      this.queue.add(keyOf(job))
      return
    }
    if (hasTrackingFinalizer(pod)) this.queue.add(orphanPrefix + keyOf(pod))
    for (const j of this.selecting(pod)) this.queue.add(keyOf(j))
  }

  private updatePod(old: Pod, cur: Pod): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return
    // a graceful deletion: replacements may be created now, not when the kubelet is done
    if (cur.metadata.deletionTimestamp) return this.deletePod(cur, false)
    const finalizerRemoved = !hasTrackingFinalizer(cur)
    const refChanged = !jsonEqual(getControllerOf(old), getControllerOf(cur))
    if (refChanged) {
      const prev = this.owner(old)
      if (prev) {
        if (finalizerRemoved) this.finalizerObserved(keyOf(prev), cur.metadata.uid)
        this.queue.add(keyOf(prev))
      }
    }
    if (getControllerOf(cur)) {
      const job = this.owner(cur)
      if (!job) {
        if (!finalizerRemoved) this.queue.add(orphanPrefix + keyOf(cur))
        return
      }
      if (finalizerRemoved) this.finalizerObserved(keyOf(job), cur.metadata.uid)
      this.queue.add(keyOf(job))
      return
    }
    if (!finalizerRemoved) this.queue.add(orphanPrefix + keyOf(cur))
    if (refChanged || !jsonEqual(old.metadata.labels ?? {}, cur.metadata.labels ?? {})) for (const j of this.selecting(cur)) this.queue.add(keyOf(j))
  }

  /**
   * A pod is gone (`final`) or being deleted: its job sees the deletion (expectations) and, once the pod is
   * gone or has lost the finalizer, the finalizer removal; pods no running job counts lose the finalizer.
   */
  private deletePod(pod: Pod, final: boolean): void {
    const hasFinalizer = hasTrackingFinalizer(pod)
    const job = getControllerOf(pod) ? this.owner(pod) : undefined
    if (!job || isJobFinished(job)) {
      if (hasFinalizer && !final) this.queue.add(orphanPrefix + keyOf(pod))
      return
    }
    const key = keyOf(job)
    this.expectations.deletionObserved(key, podKey(pod))
    if (final || !hasFinalizer) this.finalizerObserved(key, pod.metadata.uid)
    this.queue.add(key)
  }

  /** Syncs a job key, or releases an orphan pod key. */
  sync(key: string): Promise<void> {
    return key.startsWith(orphanPrefix) ? this.syncOrphanPod(key.slice(orphanPrefix.length)) : this.syncJob(key)
  }

  /** syncOrphanPod: removes the tracking finalizer of a pod no running job will count. */
  private async syncOrphanPod(key: string): Promise<void> {
    const pod = this.pods.get(key)
    if (!pod || !hasTrackingFinalizer(pod)) return
    const ref = getControllerOf(pod)
    if (ref) {
      if (ref.kind !== 'Job' || groupOf(ref.apiVersion) !== 'batch') return
      const job = this.owner(pod)
      if (job && (managedElsewhere(job) || !isJobFinished(job))) return
    }
    try {
      await this.ctx.client.patch(podsRef, pod.metadata.name ?? '', removeTrackingFinalizerPatch(), 'strategic', pod.metadata.namespace)
    } catch (err) {
      if (!isNotFound(err)) throw err
    }
  }

  /** One reconciliation of job `key` (syncJob). */
  private async syncJob(key: string): Promise<void> {
    const cached = this.jobs.get(key)
    if (!cached) {
      this.expectations.delete(key)
      this.finalizerExpectations.delete(key)
      this.backoffs.delete(key)
      return
    }
    if (managedElsewhere(cached)) return
    const now = this.now()
    if (isJobFinished(cached)) {
      this.backoffs.delete(key)
      return this.writes.expireFinished(key, cached, now)
    }
    const mode = cached.spec?.completionMode ?? 'NonIndexed'
    if (mode !== 'NonIndexed' && mode !== 'Indexed') {
      this.recorder.event(subjectOf(cached), 'Warning', 'UnknownCompletionMode', 'Skipped Job sync because completion mode is unknown')
      return
    }
    const job = structuredClone(cached)
    const satisfied = this.expectations.satisfied(key)
    const pods = await this.podsForJob(job)
    const expectedRm = this.finalizerExpectations.get(key) ?? new Set<string>()
    const a = assessJob({job, pods, expectedRmFinalizers: expectedRm, backoff: this.backoffs.get(key), now})
    if (a.deadlineInMs !== undefined && !a.finishedCondition) this.queue.addAfter(key, a.deadlineInMs)

    let finished = a.finishedCondition
    let active = a.active.length
    let ready = a.ready
    let terminating = a.terminating
    let suspendChanged = false
    let manageError: Error | undefined
    if (finished) {
      // stop what runs; the pods keep their finalizer and are counted as failed
      const r = await this.writes.deletePods(job, a.active, false)
      if (r.deleted !== active || !satisfied) finished = undefined
      active -= r.deleted
      terminating += r.deleted
      ready -= r.deletedReady
      manageError = r.error
    } else {
      let managed = false
      if (satisfied && !job.metadata.deletionTimestamp) {
        const r = await this.manageJob(key, job, a, now)
        active = r.active
        ready = r.ready
        terminating = r.terminating
        manageError = r.error
        managed = true
      }
      if (isComplete(job, a.succeeded, active)) {
        finished = newCondition('SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods', now)
      } else if (managed) {
        const status = job.status!
        if (isSuspended(job)) {
          ;[status.conditions, suspendChanged] = ensureJobConditionStatus(status.conditions, 'Suspended', 'True', 'JobSuspended', 'Job suspended', now)
          if (suspendChanged) this.recorder.event(subjectOf(job), 'Normal', 'Suspended', 'Job suspended')
        } else {
          ;[status.conditions, suspendChanged] = ensureJobConditionStatus(status.conditions, 'Suspended', 'False', 'JobResumed', 'Job resumed', now)
          if (suspendChanged) {
            this.recorder.event(subjectOf(job), 'Normal', 'Resumed', 'Job resumed')
            // activeDeadlineSeconds counts continuous activity: it starts again on resume
            status.startTime = now.toISOString().replace(/\.\d{3}Z$/, 'Z')
          }
        }
      }
    }
    const status = job.status!
    const needsUpdate = suspendChanged || active !== (status.active ?? 0) || ready !== status.ready || terminating !== status.terminating || status.startTime !== cached.status?.startTime
    status.active = active
    status.ready = ready
    status.terminating = terminating
    await this.writes.trackAndFlush(key, job, pods, a, finished, terminating, needsUpdate, now)
    if (manageError) throw manageError
  }

  /** getPodsForJob: claims pods (adoption adds the tracking finalizer, as upstream's ClaimPods does). */
  private async podsForJob(job: Job): Promise<Pod[]> {
    const selector = selectorOf(job)
    if (!selector) return []
    const candidates = this.pods.list(job.metadata.namespace)
    const claimed = await claimChildren(candidates, {
      client: this.ctx.client,
      childRef: podsRef,
      owner: job,
      ownerKind: jobKind,
      matches: (p) => selector.matches(p.metadata.labels),
      canAdopt: recheckOwner(this.ctx.client, jobsRef, job),
    })
    const out: Pod[] = []
    for (const p of claimed) {
      if (getControllerOf(p) || hasTrackingFinalizer(p)) {
        out.push(p)
        continue
      }
      try {
        await this.ctx.client.patch(podsRef, p.metadata.name ?? '', {metadata: {finalizers: [jobTrackingFinalizer], uid: p.metadata.uid}}, 'strategic', p.metadata.namespace)
        out.push({...p, metadata: {...p.metadata, finalizers: [...(p.metadata.finalizers ?? []), jobTrackingFinalizer]}})
      } catch (err) {
        if (!isNotFound(err) && !isConflict(err)) throw err
      }
    }
    return out
  }

  /** manageJob: acts on manageDecision; returns the counts after its writes. */
  private async manageJob(key: string, job: Job, a: JobAssessment, now: Date): Promise<{active: number; ready: number; terminating: number; error?: Error}> {
    let active = a.active.length
    let ready = a.ready
    let terminating = a.terminating
    const d = manageDecision(job, a, now)
    if (d.type === 'wait') this.queue.addAfter(key, d.ms)
    if (d.type === 'delete') {
      this.expectations.expectDeletions(key, d.pods.map(podKey))
      const r = await this.writes.deletePods(job, d.pods, true, key)
      return {active: active - r.deleted, ready: ready - r.deletedReady, terminating: terminating + r.deleted, error: r.error}
    }
    if (d.type !== 'create') return {active, ready, terminating}
    this.expectations.expectCreations(key, d.count)
    const ref = newControllerRef(job, jobKind)
    let error: Error | undefined
    let pos = 0
    for (const size of slowStartBatches(d.count)) {
      const batch = Array.from({length: size}, (_, i) => d.indexes?.[pos + i])
      pos += size
      const results = await Promise.allSettled(batch.map((ix) => this.writes.createPod(job, ref, ix)))
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
      active += size - failed.length
      for (const f of failed) {
        this.expectations.creationObserved(key)
        if (!isNamespaceTerminating(f.reason)) error ??= f.reason as Error
      }
      if (failed.length) {
        for (let i = pos; i < d.count; i++) this.expectations.creationObserved(key)
        break
      }
    }
    return {active, ready, terminating, error}
  }
}
