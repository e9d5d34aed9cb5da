/**
 * Deployment status and conditions (deployment util + progress.go): the counts `kubectl rollout status`
 * reads, Available, and Progressing with its deadline.
 */
import type {Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet} from '../../api/types/apps.js'
import {nowRfc3339, parseTime} from '../../util/time.js'
import {getCondition, removeCondition, setCondition} from '../common/conditions.js'
import {actualReplicaCount, availableReplicaCount, readyReplicaCount, specReplicaCount} from './replicasets.js'
import {deploymentReplicas, maxUnavailable} from './strategy.js'

/** Condition reasons of the deployment controller. */
export const reasons = {
  newReplicaSetCreated: 'NewReplicaSetCreated',
  foundNewReplicaSet: 'FoundNewReplicaSet',
  replicaSetUpdated: 'ReplicaSetUpdated',
  newReplicaSetAvailable: 'NewReplicaSetAvailable',
  progressDeadlineExceeded: 'ProgressDeadlineExceeded',
  paused: 'DeploymentPaused',
  resumed: 'DeploymentResumed',
  replicaSetCreateError: 'ReplicaSetCreateError',
  minimumReplicasAvailable: 'MinimumReplicasAvailable',
  minimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const

/** progressDeadlineSeconds meaning "no deadline" (math.MaxInt32). */
export const noProgressDeadline = 2147483647

/** A condition stamped `now` for both lastUpdateTime and lastTransitionTime. */
export function newCondition(type: string, status: DeploymentCondition['status'], reason: string, message: string, now: Date): DeploymentCondition {
  const t = nowRfc3339(now)
  return {type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message}
}

/** True when progressDeadlineSeconds is set and not MaxInt32. */
export function hasProgressDeadline(d: Deployment): boolean {
  const s = d.spec?.progressDeadlineSeconds
  return s !== undefined && s !== null && s !== noProgressDeadline
}

/**
 * Counts over the Deployment's ReplicaSets and the Available condition (calculateStatus): replicas /
 * ready / available from their status, updated = the new ReplicaSet's pods, unavailable = desired
 * pods (spec) not available; Available while at least replicas - maxUnavailable pods are available.
 */
export function calculateStatus(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment, now: Date): DeploymentStatus {
  const available = availableReplicaCount(allRSs)
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation,
    replicas: actualReplicaCount(allRSs),
    updatedReplicas: actualReplicaCount([newRS]),
    readyReplicas: readyReplicaCount(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, specReplicaCount(allRSs) - available),
    conditions: [...(d.status?.conditions ?? [])],
  }
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount
  const cond =
    available >= deploymentReplicas(d) - maxUnavailable(d)
      ? newCondition('Available', 'True', reasons.minimumReplicasAvailable, 'Deployment has minimum availability.', now)
      : newCondition('Available', 'False', reasons.minimumReplicasUnavailable, 'Deployment does not have minimum availability.', now)
  status.conditions = setCondition(status.conditions, cond)
  return status
}

/** Every desired pod is updated and available, and the current generation was observed (DeploymentComplete). */
export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  const r = deploymentReplicas(d)
  return (s.updatedReplicas ?? 0) === r && (s.replicas ?? 0) === r && (s.availableReplicas ?? 0) === r && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
}

/** `s` shows progress over the Deployment's current status (DeploymentProgressing). */
export function deploymentProgressing(d: Deployment, s: DeploymentStatus): boolean {
  const old = d.status ?? {}
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0)
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0)
  return (
    (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  )
}

/** No progress for progressDeadlineSeconds since the Progressing condition's lastUpdateTime (DeploymentTimedOut). */
export function deploymentTimedOut(d: Deployment, s: DeploymentStatus, now: Date): boolean {
  if (!hasProgressDeadline(d)) return false
  const c = getCondition(s.conditions, 'Progressing')
  if (!c) return false
  if (c.reason === reasons.newReplicaSetAvailable) return false
  if (c.reason === reasons.progressDeadlineExceeded) return true
  const from = parseTime(c.lastUpdateTime)
  return !!from && from.getTime() + d.spec!.progressDeadlineSeconds! * 1000 < now.getTime()
}

/** ReplicaFailure conditions of the new ReplicaSet, else of the old ones, as Deployment conditions. */
function replicaFailures(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): DeploymentCondition[] {
  const convert = (rs: ReplicaSet) =>
    (rs.status?.conditions ?? [])
      .filter((c) => c.type === 'ReplicaFailure')
      .map((c) => ({type: c.type, status: c.status, reason: c.reason, message: c.message, lastUpdateTime: c.lastTransitionTime, lastTransitionTime: c.lastTransitionTime}))
  if (newRS) {
    const own = convert(newRS)
    if (own.length) return own
  }
  return allRSs.filter((rs): rs is ReplicaSet => !!rs && rs !== newRS).flatMap(convert)
}

/**
 * The status after a rollout step (syncRolloutStatus): calculateStatus plus Progressing —
 * NewReplicaSetAvailable once complete, ReplicaSetUpdated (lastUpdateTime refreshed) on any progress,
 * ProgressDeadlineExceeded after the deadline without progress — and ReplicaFailure copied from the
 * ReplicaSets.
 */
export function rolloutStatus(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment, now: Date): DeploymentStatus {
  const s = calculateStatus(allRSs, newRS, d, now)
  if (!hasProgressDeadline(d)) s.conditions = removeCondition(s.conditions, 'Progressing')
  const current = getCondition(d.status?.conditions, 'Progressing')
  const isComplete = s.replicas === s.updatedReplicas && current?.reason === reasons.newReplicaSetAvailable
  if (hasProgressDeadline(d) && !isComplete) {
    const rsName = newRS?.metadata.name
    if (deploymentComplete(d, s)) {
      const msg = rsName ? `ReplicaSet "${rsName}" has successfully progressed.` : 'Deployment has successfully progressed.'
      s.conditions = setCondition(s.conditions, newCondition('Progressing', 'True', reasons.newReplicaSetAvailable, msg, now))
    } else if (deploymentProgressing(d, s)) {
      const msg = rsName ? `ReplicaSet "${rsName}" is progressing.` : 'Deployment is progressing.'
      const cond = newCondition('Progressing', 'True', reasons.replicaSetUpdated, msg, now)
      // progress refreshes lastUpdateTime even when the reason stays the same
      if (current) {
        if (current.status === 'True') cond.lastTransitionTime = current.lastTransitionTime
        s.conditions = removeCondition(s.conditions, 'Progressing')
      }
      s.conditions = setCondition(s.conditions, cond)
    } else if (deploymentTimedOut(d, s, now)) {
      const msg = rsName ? `ReplicaSet "${rsName}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`
      s.conditions = setCondition(s.conditions, newCondition('Progressing', 'False', reasons.progressDeadlineExceeded, msg, now))
    }
  }
  const failures = replicaFailures(allRSs, newRS)
  s.conditions = failures.length ? setCondition(s.conditions, failures[0]) : removeCondition(s.conditions, 'ReplicaFailure')
  return s
}

/**
 * When to look at a rollout again to notice a missed deadline (requeueStuckDeployment): milliseconds
 * until the Progressing condition's lastUpdateTime + progressDeadlineSeconds (plus one second), 0 when
 * that is less than a second away; undefined when there is no deadline to watch.
 */
export function stuckRequeueAfterMs(d: Deployment, s: DeploymentStatus, now: Date): number | undefined {
  const current = getCondition(d.status?.conditions, 'Progressing')
  if (!hasProgressDeadline(d) || !current) return undefined
  if (deploymentComplete(d, s) || current.reason === reasons.progressDeadlineExceeded) return undefined
  const from = parseTime(current.lastUpdateTime)
  if (!from) return undefined
  const after = from.getTime() + d.spec!.progressDeadlineSeconds! * 1000 - now.getTime()
  return after < 1000 ? 0 : after + 1000
}

/**
 * Records pause/resume in Progressing (checkPausedConditions): DeploymentPaused while paused,
 * DeploymentResumed when resumed — never overriding ProgressDeadlineExceeded. Mutates d.status; true
 * when it changed.
 */
export function applyPausedCondition(d: Deployment, now: Date): boolean {
  if (!hasProgressDeadline(d)) return false
  const cond = getCondition(d.status?.conditions, 'Progressing')
  if (cond?.reason === reasons.progressDeadlineExceeded) return false
  const pausedCond = cond?.reason === reasons.paused
  let next: DeploymentCondition | undefined
  if (d.spec?.paused && !pausedCond) next = newCondition('Progressing', 'Unknown', reasons.paused, 'Deployment is paused', now)
  else if (!d.spec?.paused && pausedCond) next = newCondition('Progressing', 'Unknown', reasons.resumed, 'Deployment is resumed', now)
  if (!next) return false
  d.status = {...(d.status ?? {}), conditions: setCondition(d.status?.conditions, next)}
  return true
}
