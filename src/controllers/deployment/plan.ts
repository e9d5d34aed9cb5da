/**
 * planDeployment: the pure reconcile step of the deployment controller (syncDeployment after claiming):
 * from a Deployment, its ReplicaSets and their pods to the ordered writes of one sync.
 */
import type {Deployment} from '../../api/types/apps.js'
import {semanticEqual} from '../../api/validation/equal.js'
import {Planner, type DeploymentAction, type DeploymentInput} from './planner.js'
import {rolloutRecreate, rolloutRolling} from './rollout.js'
import {deploymentReplicas, isRollingUpdate} from './strategy.js'
import {applyPausedCondition} from './status.js'
import {desiredReplicasOf} from './annotations.js'
import {filterActive} from './replicasets.js'

/** The writes of one sync. */
export interface DeploymentPlan {
  /** ReplicaSet writes and events, in order; stop at the first failure */
  actions: DeploymentAction[]
  /** the Deployment to write through the status subresource (new revision annotation and status), when changed */
  deployment?: Deployment
  /** sync again after this many ms to check the progress deadline (0: soon, with back-off) */
  requeueAfterMs?: number
}

/** True for a selector without requirements (it would select every pod). */
export function selectsEverything(d: Deployment): boolean {
  return semanticEqual(d.spec?.selector ?? {}, {})
}

/** spec.replicas differs from what an active ReplicaSet was last sized for (isScalingEvent). */
function isScalingEvent(p: Planner): boolean {
  const {newRS, oldRSs} = p.newAndOld(false)
  const replicas = deploymentReplicas(p.d)
  return filterActive([...oldRSs, newRS]).some((rs) => {
    const desired = desiredReplicasOf(rs)
    return desired !== undefined && desired !== replicas
  })
}

/** Scaling or paused sync: resize proportionally, keep history trimmed while paused, report status. */
function sync(p: Planner): void {
  const {newRS, oldRSs} = p.newAndOld(false)
  p.scale(newRS, oldRSs)
  if (p.d.spec?.paused) p.cleanup(oldRSs)
  p.syncStatus([...oldRSs, newRS], newRS)
}

/**
 * Plans one sync of `input.deployment` (syncDeployment): a Deployment selecting everything only gets a
 * warning; one being deleted only status; otherwise pause/resume is recorded, then a paused Deployment
 * or a scaling event is handled by proportional scaling, anything else by a step of its strategy.
 */
export function planDeployment(input: DeploymentInput): DeploymentPlan {
  const p = new Planner(input)
  const d = p.d
  if (selectsEverything(d)) {
    p.actions.push({type: 'event', eventType: 'Warning', reason: 'SelectingAll', message: 'This deployment is selecting all pods. A non-empty selector is required.'})
    if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) d.status = {...(d.status ?? {}), observedGeneration: d.metadata.generation}
  } else if (d.metadata.deletionTimestamp) {
    const {newRS, oldRSs} = p.newAndOld(false)
    p.syncStatus([...oldRSs, newRS], newRS)
  } else {
    applyPausedCondition(d, p.now)
    if (d.spec?.paused || isScalingEvent(p)) sync(p)
    else if (isRollingUpdate(d)) rolloutRolling(p)
    else rolloutRecreate(p)
  }
  const before = input.deployment
  const changed = !semanticEqual(before.status ?? {}, d.status ?? {}) || !semanticEqual(before.metadata.annotations ?? {}, d.metadata.annotations ?? {})
  const plan: DeploymentPlan = {actions: p.actions}
  if (changed) plan.deployment = d
  if (p.requeueAfterMs !== undefined) plan.requeueAfterMs = p.requeueAfterMs
  return plan
}
