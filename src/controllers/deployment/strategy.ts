/**
 * Rollout strategy arithmetic (deployment util): maxSurge / maxUnavailable as absolute pod counts.
 */
import type {IntOrString} from '../../api/types/common.js'
import type {Deployment} from '../../api/types/apps.js'

/** spec.replicas of a Deployment (defaulted to 1). */
export function deploymentReplicas(d: Deployment): number {
  return d.spec?.replicas ?? 1
}

/** True unless the strategy is Recreate (RollingUpdate is the default). */
export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate'
}

/**
 * An int-or-percent against `total` (intstr.GetScaledValueFromIntOrPercent): integers as they are;
 * "N%" of total rounded up (`roundUp`) or down. Any other string is an error.
 */
export function scaledValue(v: IntOrString | undefined, total: number, roundUp: boolean): number {
  if (v === undefined || v === null) return 0
  if (typeof v === 'number') return v
  const m = /^(-?\d+)%$/.exec(v)
  if (!m) throw new Error(`invalid value for IntOrString: invalid value ${JSON.stringify(v)}: not a percentage`)
  const exact = (Number(m[1]) * total) / 100
  return roundUp ? Math.ceil(exact) : Math.floor(exact)
}

/**
 * maxSurge (rounded up) and maxUnavailable (rounded down) of `desired` replicas (ResolveFenceposts).
 * When both resolve to 0 — only possible through rounding, validation forbids explicit zeros —
 * maxUnavailable becomes 1 so the rollout can progress.
 */
export function resolveFenceposts(maxSurge: IntOrString | undefined, maxUnavailable: IntOrString | undefined, desired: number): {surge: number; unavailable: number} {
  const surge = scaledValue(maxSurge ?? '25%', desired, true)
  let unavailable = scaledValue(maxUnavailable ?? '25%', desired, false)
  if (surge === 0 && unavailable === 0) unavailable = 1
  return {surge, unavailable}
}

/** Pods the Deployment may run above spec.replicas (0 for Recreate). */
export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0
  const ru = d.spec?.strategy?.rollingUpdate
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, deploymentReplicas(d)).surge
}

/** Pods that may be unavailable during a rollout (0 for Recreate or 0 replicas; at most spec.replicas). */
export function maxUnavailable(d: Deployment): number {
  const replicas = deploymentReplicas(d)
  if (!isRollingUpdate(d) || replicas === 0) return 0
  const ru = d.spec?.strategy?.rollingUpdate
  return Math.min(resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicas).unavailable, replicas)
}
