/**
 * The Job controller's writes: pod creation and deletion (with events and expectations), the status
 * flushes of the finalizer-based accounting (tracking.ts), finishing events, and TTL-after-finished
 * deletion.
 */
import type {Job} from '../../api/types/batch.js'
import type {Pod} from '../../api/types/pod.js'
import type {Client} from '../../client/client.js'
import type {EventRecorder} from '../../client/events.js'
import {isConflict, isNotFound} from '../../client/errors.js'
import type {OwnerReference} from '../../api/meta.js'
import type {ControllerExpectations} from '../common/expectations.js'
import {isPodReady, podKey} from '../common/pods.js'
import {podsRef} from '../common/refs.js'
import {isNamespaceTerminating} from '../namespace/terminating.js'
import type {BackoffRecord} from './backoff.js'
import {jobFinishTime} from './conditions.js'
import type {JobAssessment} from './plan.js'
import {hasTrackingFinalizer, newJobPod, removeTrackingFinalizerPatch} from './pods.js'
import {jobsRef} from './refs.js'
import {cleanUncounted, enactFinished, planTracking} from './tracking.js'

/** The event subject of a job. */
export function subjectOf(job: Job) {
  return {apiVersion: 'batch/v1', kind: 'Job', metadata: job.metadata}
}

/** The controller state the writes use. */
export interface JobWritesDeps {
  client: Client
  recorder: EventRecorder
  expectations: ControllerExpectations
  /** per job key: UIDs whose finalizer removal is not observed yet */
  finalizerExpectations: Map<string, Set<string>>
  backoffs: Map<string, BackoffRecord>
  requeueAfter(key: string, ms: number): void
}

/** Writes on behalf of the Job controller. */
export class JobWrites {
  constructor(private readonly d: JobWritesDeps) {}

  /** Creates one pod of the job (at completion `index` for Indexed jobs), with SuccessfulCreate/FailedCreate events. */
  async createPod(job: Job, ref: OwnerReference, index: number | undefined): Promise<void> {
    try {
      const created = await this.d.client.create(podsRef, newJobPod(job, ref, index), job.metadata.namespace)
      this.d.recorder.event(subjectOf(job), 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`)
    } catch (err) {
      if (!isNamespaceTerminating(err)) this.d.recorder.event(subjectOf(job), 'Warning', 'FailedCreate', `Error creating: ${(err as Error).message}`)
      throw err
    }
  }

  /**
   * Deletes pods; with `dropFinalizer` (deleteJobPods: surplus or suspended pods) the tracking finalizer is
   * removed first so they do not count as failures; without it (deleteActivePods: a finishing job) they
   * keep it and are counted. A pod already gone counts as deleted.
   */
  async deletePods(job: Job, pods: readonly Pod[], dropFinalizer: boolean, expectKey?: string): Promise<{deleted: number; deletedReady: number; error?: Error}> {
    let deleted = 0
    let deletedReady = 0
    let error: Error | undefined
    await Promise.all(
      pods.map(async (pod) => {
        const name = pod.metadata.name ?? ''
        try {
          if (dropFinalizer && hasTrackingFinalizer(pod)) await this.d.client.patch(podsRef, name, removeTrackingFinalizerPatch(), 'strategic', pod.metadata.namespace)
          await this.d.client.delete(podsRef, name, pod.metadata.namespace)
          this.d.recorder.event(subjectOf(job), 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`)
        } catch (err) {
          if (expectKey) this.d.expectations.deletionObserved(expectKey, podKey(pod))
          if (!isNotFound(err)) {
            this.d.recorder.event(subjectOf(job), 'Warning', 'FailedDelete', `Error deleting: ${(err as Error).message}`)
            error ??= err as Error
            return
          }
        }
        deleted++
        if (isPodReady(pod)) deletedReady++
      }),
    )
    return {deleted, deletedReady, error}
  }

  /** trackJobStatusAndRemoveFinalizers + flushUncountedAndRemoveFinalizers (see tracking.ts). */
  async trackAndFlush(key: string, job: Job, pods: readonly Pod[], a: JobAssessment, finished: JobAssessment['finishedCondition'], terminating: number, needsUpdate: boolean, now: Date): Promise<void> {
    const expectedRm = this.d.finalizerExpectations.get(key) ?? new Set<string>()
    const plan = planTracking(
      {job, pods, expectedRmFinalizers: expectedRm, uncounted: a.uncounted, finishedCondition: finished, prevSucceededIndexes: a.prevSucceededIndexes, succeededIndexes: a.succeededIndexes, now},
      needsUpdate,
    )
    let cur: Job = {...job, status: plan.status}
    let needsFlush = plan.needsFlush
    if (needsFlush) {
      cur = await this.writeStatus(cur)
      this.d.backoffs.set(key, a.backoff)
      needsFlush = false
    }
    const uids = new Set(plan.uidsWithFinalizer)
    let rmError: Error | undefined
    if (plan.removeFinalizers.length) {
      const expected = this.d.finalizerExpectations.get(key) ?? new Set<string>()
      this.d.finalizerExpectations.set(key, expected)
      await Promise.all(
        plan.removeFinalizers.map(async (pod) => {
          const uid = pod.metadata.uid ?? ''
          expected.add(uid)
          try {
            await this.d.client.patch(podsRef, pod.metadata.name ?? '', removeTrackingFinalizerPatch(), 'strategic', pod.metadata.namespace)
          } catch (err) {
            if (!isNotFound(err)) {
              expected.delete(uid)
              rmError ??= err as Error
              return
            }
          }
          uids.delete(uid)
        }),
      )
    }
    const status = structuredClone(cur.status ?? {})
    if (cleanUncounted(status, uids)) needsFlush = true
    if (rmError) {
      if (needsFlush) await this.writeStatus({...cur, status})
      throw rmError
    }
    const done = !plan.reachedMax && enactFinished(status, plan.finishedCondition, terminating, now)
    if (done) needsFlush = true
    if (!needsFlush) return
    const written = await this.writeStatus({...cur, status})
    if (!done || !plan.finishedCondition) return
    if (plan.finishedCondition.type === 'Complete') {
      const completions = job.spec?.completions
      if (completions !== undefined && (written.status?.succeeded ?? 0) > completions) this.d.recorder.event(subjectOf(job), 'Warning', 'TooManySucceededPods', 'Too many succeeded pods running after completion count reached')
      this.d.recorder.event(subjectOf(job), 'Normal', 'Completed', 'Job completed')
    } else {
      this.d.recorder.event(subjectOf(job), 'Warning', plan.finishedCondition.reason ?? 'Failed', plan.finishedCondition.message ?? '')
    }
    this.d.backoffs.delete(key)
    await this.expireFinished(key, written, now)
  }

  async writeStatus(job: Job): Promise<Job> {
    return this.d.client.updateStatus<Job>(jobsRef, job)
  }

  /** TTL after finished: deletes the job (foreground) ttlSecondsAfterFinished after it finished, else looks again then. */
  async expireFinished(key: string, job: Job, now: Date): Promise<void> {
    const ttl = job.spec?.ttlSecondsAfterFinished
    if (ttl === undefined || ttl === null || job.metadata.deletionTimestamp) return
    const finishedAt = jobFinishTime(job)
    if (!finishedAt) return
    const left = finishedAt.getTime() + ttl * 1000 - now.getTime()
    if (left > 0) {
      this.d.requeueAfter(key, left)
      return
    }
    try {
      await this.d.client.delete(jobsRef, job.metadata.name ?? '', job.metadata.namespace, {propagationPolicy: 'Foreground', preconditions: {uid: job.metadata.uid}})
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err)) throw err
    }
  }
}
