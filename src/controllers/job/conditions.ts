/** Job conditions (job_controller.go's newCondition / ensureJobConditionStatus / IsJobFinished). */
import type {Job, JobCondition} from '../../api/types/batch.js'
import {nowRfc3339} from '../../util/time.js'

/** A condition with lastProbeTime and lastTransitionTime at `now`. */
export function newCondition(type: string, status: 'True' | 'False', reason: string, message: string, now: Date): JobCondition {
  const at = nowRfc3339(now)
  return {type, status, lastProbeTime: at, lastTransitionTime: at, reason, message}
}

/**
 * Sets a condition of `type` to status/reason/message: an existing one is replaced (times now) when any of
 * them differs; a missing one is appended unless the status is False (nothing → False is no news).
 * Returns the new list and whether it changed.
 */
export function ensureJobConditionStatus(list: readonly JobCondition[] | undefined, type: string, status: 'True' | 'False', reason: string, message: string, now: Date): [JobCondition[], boolean] {
  const out = [...(list ?? [])]
  const i = out.findIndex((c) => c.type === type)
  if (i >= 0) {
    const c = out[i]
    if (c.status === status && c.reason === reason && c.message === message) return [out, false]
    out[i] = newCondition(type, status, reason, message, now)
    return [out, true]
  }
  if (status === 'False') return [out, false]
  return [[...out, newCondition(type, status, reason, message, now)], true]
}

/** The condition of `type` with status True, if any. */
export function trueCondition(job: Job, type: string): JobCondition | undefined {
  return job.status?.conditions?.find((c) => c.type === type && c.status === 'True')
}

/** A job is finished once it has a Complete or Failed condition with status True. */
export function isJobFinished(job: Job): boolean {
  return !!(trueCondition(job, 'Complete') ?? trueCondition(job, 'Failed'))
}

/** When the job finished (completionTime, else the Complete/Failed condition's transition time). */
export function jobFinishTime(job: Job): Date | undefined {
  const c = trueCondition(job, 'Complete') ?? trueCondition(job, 'Failed')
  if (!c) return undefined
  const s = job.status?.completionTime ?? c.lastTransitionTime
  const d = s ? new Date(s) : undefined
  return d && !Number.isNaN(d.getTime()) ? d : undefined
}
