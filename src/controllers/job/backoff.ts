/**
 * The pod-failure back-off of a Job (backoff_utils.go): failures since the last success and when the
 * last one happened; new pods wait 10 s · 2^(failures−1), capped at 6 minutes, after that failure.
 * Kept in memory per job (as upstream), rebuilt from pods counted after a controller restart.
 */
import type {Pod} from '../../api/types/pod.js'
import {finishedTime} from './pods.js'
import {defaultPodFailureBackoffMs, maxPodFailureBackoffMs} from './refs.js'

/** Failures since the last success, and the time of the last one (ms). */
export interface BackoffRecord {
  failuresAfterLastSuccess: number
  lastFailureTime?: number
}

/** newBackoffRecord: the record after newly counted succeeded and failed pods. */
export function nextBackoffRecord(prev: BackoffRecord | undefined, newSucceeded: readonly Pod[], newFailed: readonly Pod[]): BackoffRecord {
  const rec: BackoffRecord = prev ? {...prev} : {failuresAfterLastSuccess: 0}
  const failedTimes = newFailed.map(finishedTime).sort((a, b) => a - b)
  if (newSucceeded.length === 0) {
    if (failedTimes.length === 0) return rec
    return {failuresAfterLastSuccess: rec.failuresAfterLastSuccess + failedTimes.length, lastFailureTime: failedTimes[failedTimes.length - 1]}
  }
  const lastSuccess = Math.max(...newSucceeded.map(finishedTime))
  const after = failedTimes.filter((t) => t > lastSuccess)
  return after.length ? {failuresAfterLastSuccess: after.length, lastFailureTime: after[after.length - 1]} : {failuresAfterLastSuccess: 0}
}

/** The delay before new pods may be created at `now` (0 when none). */
export function backoffRemaining(rec: BackoffRecord | undefined, now: number, base = defaultPodFailureBackoffMs, max = maxPodFailureBackoffMs): number {
  if (!rec || rec.failuresAfterLastSuccess === 0 || rec.lastFailureTime === undefined) return 0
  let delay = base
  for (let i = 1; i < rec.failuresAfterLastSuccess; i++) {
    delay *= 2
    if (delay >= max) {
      delay = max
      break
    }
  }
  return Math.max(0, delay - (now - rec.lastFailureTime))
}
