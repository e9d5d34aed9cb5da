/**
 * The CronJob controller's decisions (kube-controller-manager's cronjob controller v2), pure: given a
 * CronJob, the Jobs it controls and the time, what to create, delete and write, and when to look again.
 *
 * - status.active follows the Jobs: finished ones leave it (a success moves lastSuccessfulTime), Jobs
 *   it controls but does not list join it.
 * - The most recent schedule time in (lastScheduleTime or creation, now] is the one to run; older
 *   missed ones are skipped (more than 100 missed gives a TooManyMissedTimes warning). With
 *   startingDeadlineSeconds, a time older than the deadline is missed (MissSchedule).
 * - suspend: nothing is started. Forbid: nothing while a Job is active. Replace: the active Jobs are
 *   deleted first. A Job already created for that time (same name) is not created again.
 * - Finished Jobs beyond successfulJobsHistoryLimit / failedJobsHistoryLimit are deleted, oldest first.
 */
import type {ObjectReference} from '../../api/types/common.js'
import type {CronJob, CronJobStatus, Job} from '../../api/types/batch.js'
import {nextTime, parseSchedule, scheduledTimesBetween, type CronSchedule} from '../../api/cron.js'
import {isJobFinished, jobFinishTime, trueCondition} from '../job/conditions.js'

/** The annotation holding the time a Job was scheduled for (RFC 3339). */
export const scheduledTimestampAnnotation = 'batch.kubernetes.io/cronjob-scheduled-timestamp'

/** Most missed start times listed before giving up (Kubernetes' limit). */
export const maxMissedTimes = 100

/** An event to record on the CronJob. */
export interface PlannedEvent {
  type: 'Normal' | 'Warning'
  reason: string
  message: string
}

/** What one sync does. */
export interface CronJobPlan {
  /** the Job to create (name, scheduled time), if one is due */
  create?: {name: string; scheduledTime: number}
  /** active Jobs to delete first (concurrencyPolicy Replace) */
  replace: Job[]
  /** finished Jobs beyond the history limits */
  prune: Job[]
  /** the status to write (after a successful create it also lists the new Job and lastScheduleTime) */
  status: CronJobStatus
  events: PlannedEvent[]
  /** look again after this many ms (the next schedule time), if ever */
  requeueAfterMs?: number
}

/** The Job name for a schedule time: `<cronjob>-<minutes since the epoch>` (getJobName). */
export function jobNameFor(cj: CronJob, scheduledTime: number): string {
  return `${cj.metadata.name}-${Math.floor(scheduledTime / 60_000)}`
}

/** An ObjectReference to a Job, as status.active holds them. */
export function jobRef(job: Job): ObjectReference {
  return {apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name, namespace: job.metadata.namespace, uid: job.metadata.uid, resourceVersion: job.metadata.resourceVersion}
}

/** RFC 3339 in UTC, whole seconds (metav1.Time's JSON). */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

function ms(t: string | undefined): number | undefined {
  if (!t) return undefined
  const v = Date.parse(t)
  return Number.isNaN(v) ? undefined : v
}

/** Plans one sync at `now` (ms). `schedule` is the parsed spec.schedule (null when it does not parse). */
export function planCronJob(cj: CronJob, jobs: Job[], now: number, schedule: CronSchedule | null = tryParse(cj)): CronJobPlan {
  const spec = cj.spec
  const zone = spec?.timeZone || undefined
  const events: PlannedEvent[] = []
  const status: CronJobStatus = {...(cj.status ?? {})}
  const byUid = new Map(jobs.map((j) => [j.metadata.uid, j]))
  // 1. active list follows the Jobs
  const active: ObjectReference[] = []
  for (const ref of cj.status?.active ?? []) {
    const j = byUid.get(ref.uid)
    if (j && !isJobFinished(j)) active.push(jobRef(j))
  }
  for (const j of jobs) {
    if (!isJobFinished(j) && !active.some((a) => a.uid === j.metadata.uid)) active.push(jobRef(j))
    if (isJobFinished(j) && (cj.status?.active ?? []).some((a) => a.uid === j.metadata.uid)) {
      const ok = !!trueCondition(j, 'Complete')
      events.push({type: 'Normal', reason: 'SawCompletedJob', message: `Saw completed job: ${j.metadata.name}, condition: ${ok ? 'Complete' : 'Failed'}`})
    }
    if (trueCondition(j, 'Complete')) {
      const done = jobFinishTime(j)?.getTime()
      const prev = ms(status.lastSuccessfulTime)
      if (done !== undefined && (prev === undefined || done > prev)) status.lastSuccessfulTime = rfc3339(done)
    }
  }
  status.active = active
  const plan: CronJobPlan = {replace: [], prune: prune(cj, jobs), status, events}
  if (!spec || cj.metadata.deletionTimestamp) return plan
  if (!schedule) {
    events.push({type: 'Warning', reason: 'UnparseableSchedule', message: `unparseable schedule: ${JSON.stringify(spec.schedule)}`})
    return plan
  }
  const next = nextTime(schedule, now, zone)
  if (next !== null) plan.requeueAfterMs = Math.max(1, next - now + 100)
  if (spec.suspend) return plan
  // 2. the most recent unmet schedule time
  let earliest = ms(cj.status?.lastScheduleTime) ?? ms(cj.metadata.creationTimestamp) ?? now
  const deadline = spec.startingDeadlineSeconds
  if (deadline !== undefined && deadline !== null) earliest = Math.max(earliest, now - deadline * 1000)
  const {mostRecent, count} = scheduledTimesBetween(schedule, earliest, now, zone, maxMissedTimes)
  if (mostRecent === null) return plan
  if (count > maxMissedTimes) {
    events.push({type: 'Warning', reason: 'TooManyMissedTimes', message: `too many missed start times: ${count}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`})
  }
  if (deadline !== undefined && deadline !== null && mostRecent + deadline * 1000 < now) {
    events.push({type: 'Warning', reason: 'MissSchedule', message: `Missed scheduled time to start a job: ${rfc3339(mostRecent)}`})
    return plan
  }
  const name = jobNameFor(cj, mostRecent)
  if (jobs.some((j) => j.metadata.name === name)) return plan
  if (spec.concurrencyPolicy === 'Forbid' && active.length > 0) {
    events.push({type: 'Normal', reason: 'JobAlreadyActive', message: `Not starting job because prior execution is running and concurrency policy is Forbid`})
    return plan
  }
  if (spec.concurrencyPolicy === 'Replace') plan.replace = jobs.filter((j) => active.some((a) => a.uid === j.metadata.uid))
  plan.create = {name, scheduledTime: mostRecent}
  return plan
}

function tryParse(cj: CronJob): CronSchedule | null {
  try {
    return parseSchedule(cj.spec?.schedule ?? '')
  } catch {
    return null
  }
}

/** Finished Jobs beyond the history limits, oldest first (by finish, then creation time). */
function prune(cj: CronJob, jobs: Job[]): Job[] {
  const finished = (ok: boolean) =>
    jobs
      .filter((j) => isJobFinished(j) && !j.metadata.deletionTimestamp && !!trueCondition(j, 'Complete') === ok)
      .sort((a, b) => (jobFinishTime(a)?.getTime() ?? ms(a.metadata.creationTimestamp) ?? 0) - (jobFinishTime(b)?.getTime() ?? ms(b.metadata.creationTimestamp) ?? 0))
  const over = (list: Job[], limit: number | undefined) => (limit === undefined || limit === null ? [] : list.slice(0, Math.max(0, list.length - limit)))
  return [...over(finished(true), cj.spec?.successfulJobsHistoryLimit), ...over(finished(false), cj.spec?.failedJobsHistoryLimit)]
}

/** The Job for a schedule time: the template's metadata and spec, owned by the CronJob. */
export function jobFromTemplate(cj: CronJob, name: string, scheduledTime: number, zone: string | undefined): Job {
  const t = cj.spec?.jobTemplate ?? {}
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: cj.metadata.namespace,
      labels: {...(t.metadata?.labels ?? {})},
      annotations: {...(t.metadata?.annotations ?? {}), [scheduledTimestampAnnotation]: zonedRfc3339(scheduledTime, zone)},
      ownerReferences: [{apiVersion: 'batch/v1', kind: 'CronJob', name: cj.metadata.name!, uid: cj.metadata.uid!, controller: true, blockOwnerDeletion: true}],
    },
    spec: structuredClone(t.spec ?? {template: {}}),
  }
}

/** RFC 3339 of an instant (UTC when no zone is named; the named zone's offset otherwise). */
function zonedRfc3339(t: number, zone: string | undefined): string {
  if (!zone || zone === 'UTC' || zone === 'Etc/UTC') return rfc3339(t)
  const f = new Intl.DateTimeFormat('en-US', {timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit'})
  const p: Record<string, string> = {}
  for (const part of f.formatToParts(new Date(t))) p[part.type] = part.value
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second))
  const off = Math.round((wall - Math.floor(t / 1000) * 1000) / 60_000)
  const sign = off < 0 ? '-' : '+'
  const hh = String(Math.floor(Math.abs(off) / 60)).padStart(2, '0')
  const mm = String(Math.abs(off) % 60).padStart(2, '0')
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${off === 0 ? 'Z' : `${sign}${hh}:${mm}`}`
}
