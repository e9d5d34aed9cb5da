/**
 * The CronJob controller: creates a Job at each scheduled time of a CronJob (see plan.ts for the
 * rules), keeps status.active / lastScheduleTime / lastSuccessfulTime, prunes old Jobs, and syncs each
 * CronJob again at its next schedule time. Event handlers only enqueue keys: a CronJob's own changes,
 * and changes of the Jobs it controls.
 */
import type {CronJob, Job} from '../../api/types/batch.js'
import {jsonEqual} from '../../util/json.js'
import type {ResourceRef} from '../../api/resource.js'
import type {EventRecorder} from '../../client/events.js'
import {isAlreadyExists, isConflict, isNotFound} from '../../client/errors.js'
import type {Informer} from '../../client/informer.js'
import {WorkQueue} from '../../client/workqueue.js'
import type {Controller, ControllerContext} from '../types.js'
import {controllerIndex, controllerIndexValues, getControllerOf} from '../common/controller-ref.js'
import {keyOf, runQueue} from '../common/run.js'
import {jobsRef} from '../job/refs.js'
import {jobFromTemplate, jobRef, planCronJob, rfc3339} from './plan.js'

/** batch/v1 cronjobs. */
export const cronJobsRef: ResourceRef = {group: 'batch', version: 'v1', resource: 'cronjobs', namespaced: true}

/** Options of the CronJob controller (tests inject a clock). */
export interface CronJobControllerOptions {
  now?: () => number
}

/** Runs CronJobs' Jobs on schedule. */
export class CronJobController implements Controller {
  readonly name = 'cronjob-controller'
  readonly queue = new WorkQueue<string>()
  private readonly now: () => number
  private ctx!: ControllerContext
  private recorder!: EventRecorder
  private cronJobs!: Informer<CronJob>
  private jobs!: Informer<Job>

  constructor(opts: CronJobControllerOptions = {}) {
    this.now = opts.now ?? Date.now
  }

  start(ctx: ControllerContext): void {
    this.ctx = ctx
    this.recorder = ctx.recorder(this.name)
    this.cronJobs = ctx.informers.informer<CronJob>(cronJobsRef)
    this.jobs = ctx.informers.informer<Job>(jobsRef)
    this.jobs.addIndex(controllerIndex, controllerIndexValues)
    this.cronJobs.addHandlers({
      onAdd: (cj) => this.queue.add(keyOf(cj)),
      onUpdate: (old, cj) => {
        if (!jsonEqual(old.spec, cj.spec) || old.metadata.deletionTimestamp !== cj.metadata.deletionTimestamp) this.queue.add(keyOf(cj))
      },
    })
    const owner = (j: Job) => {
      const ref = getControllerOf(j)
      if (ref?.kind === 'CronJob' && ref.apiVersion?.startsWith('batch/')) this.queue.add(`${j.metadata.namespace}/${ref.name}`)
    }
    this.jobs.addHandlers({onAdd: owner, onUpdate: (_o, j) => owner(j), onDelete: owner})
  }

  run(signal: AbortSignal): Promise<void> {
    return runQueue(this.queue, this.ctx.options.workers, (key) => this.sync(key), signal, {name: this.name, log: this.ctx.log})
  }

  private subject(cj: CronJob) {
    return {apiVersion: 'batch/v1', kind: 'CronJob', metadata: cj.metadata}
  }

  /** One reconciliation of the CronJob `key` (namespace/name). */
  async sync(key: string): Promise<void> {
    const cj = this.cronJobs.get(key)
    if (!cj) return
    const ns = cj.metadata.namespace ?? ''
    const jobs = this.jobs.byIndex(controllerIndex, `${ns}/${cj.metadata.uid ?? ''}`)
    const now = this.now()
    const plan = planCronJob(cj, jobs, now)
    for (const e of plan.events) this.recorder.event(this.subject(cj), e.type, e.reason, e.message)
    for (const j of [...plan.replace, ...plan.prune]) await this.deleteJob(cj, j)
    const status = plan.status
    if (plan.create) {
      const job = jobFromTemplate(cj, plan.create.name, plan.create.scheduledTime, cj.spec?.timeZone || undefined)
      try {
        const created = await this.ctx.client.create<Job>(jobsRef, job, ns)
        this.recorder.event(this.subject(cj), 'Normal', 'SuccessfulCreate', `Created job ${created.metadata.name}`)
        status.active = [...(status.active ?? []), jobRef(created)]
      } catch (err) {
        if (!isAlreadyExists(err)) {
          this.recorder.event(this.subject(cj), 'Warning', 'FailedCreate', `Error creating job: ${(err as Error).message}`)
          throw err
        }
      }
      status.lastScheduleTime = rfc3339(plan.create.scheduledTime)
    }
    await this.writeStatus(cj, status)
    if (plan.requeueAfterMs !== undefined) this.queue.addAfter(key, plan.requeueAfterMs)
  }

  private async deleteJob(cj: CronJob, job: Job): Promise<void> {
    const name = job.metadata.name ?? ''
    try {
      await this.ctx.client.delete(jobsRef, name, job.metadata.namespace, {propagationPolicy: 'Background', preconditions: {uid: job.metadata.uid}})
      this.recorder.event(this.subject(cj), 'Normal', 'SuccessfulDelete', `Deleted job ${name}`)
    } catch (err) {
      if (isNotFound(err)) return
      this.recorder.event(this.subject(cj), 'Warning', 'FailedDelete', `Deleted job: ${(err as Error).message}`)
      throw err
    }
  }

  /** Writes the status when it changed, once more on a fresh copy after a conflict. */
  private async writeStatus(cj: CronJob, status: CronJob['status']): Promise<void> {
    if (jsonEqual(cj.status ?? {}, status)) return
    try {
      await this.ctx.client.updateStatus(cronJobsRef, {...cj, status})
    } catch (err) {
      if (!isConflict(err)) throw err
      const fresh = await this.ctx.client.get<CronJob>(cronJobsRef, cj.metadata.name ?? '', cj.metadata.namespace)
      await this.ctx.client.updateStatus(cronJobsRef, {...fresh, status})
    }
  }
}
