/**
 * The rollout strategies on a Planner: RollingUpdate (rolloutRolling) and Recreate (rolloutRecreate).
 */
import type {ReplicaSet} from '../../api/types/apps.js'
import type {Pod} from '../../api/types/pod.js'
import type {Planner} from './planner.js'
import {availableReplicaCount, actualReplicaCount, byCreation, filterActive, newRSNewReplicas, replicasOf, specReplicaCount} from './replicasets.js'
import {deploymentComplete} from './status.js'
import {deploymentReplicas, maxUnavailable} from './strategy.js'

/**
 * One RollingUpdate step: grow the new ReplicaSet within maxSurge; otherwise shrink old ones as far as
 * availability allows (unhealthy pods first); clean up history once complete; then report status.
 */
export function rolloutRolling(p: Planner): void {
  const {newRS, oldRSs} = p.newAndOld(true)
  const all = [...oldRSs, newRS]
  if (newRS && reconcileNewReplicaSet(p, all, newRS)) return p.syncRolloutStatus(all, newRS)
  if (newRS && reconcileOldReplicaSets(p, all, filterActive(oldRSs), newRS)) return p.syncRolloutStatus(all, newRS)
  if (deploymentComplete(p.d, p.d.status ?? {})) p.cleanup(oldRSs)
  p.syncRolloutStatus(all, newRS)
}

/** Scales the new ReplicaSet towards spec.replicas without exceeding replicas + maxSurge in total. */
export function reconcileNewReplicaSet(p: Planner, all: (ReplicaSet | undefined)[], newRS: ReplicaSet): boolean {
  const replicas = deploymentReplicas(p.d)
  if (replicasOf(newRS) === replicas) return false
  if (replicasOf(newRS) > replicas) return p.scaleAndRecord(newRS, replicas)
  return p.scaleAndRecord(newRS, newRSNewReplicas(p.d, all, newRS))
}

/**
 * Scales old ReplicaSets down while at least replicas - maxUnavailable pods stay available, counting
 * the new ReplicaSet's not-yet-available pods as unavailable: first their unavailable pods (oldest
 * ReplicaSets first), then available ones.
 */
export function reconcileOldReplicaSets(p: Planner, all: (ReplicaSet | undefined)[], oldRSs: ReplicaSet[], newRS: ReplicaSet): boolean {
  if (specReplicaCount(oldRSs) === 0) return false
  const minAvailable = deploymentReplicas(p.d) - maxUnavailable(p.d)
  const newUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0)
  const maxScaledDown = specReplicaCount(all) - minAvailable - newUnavailable
  if (maxScaledDown <= 0) return false
  const cleaned = cleanupUnhealthyReplicas(p, oldRSs, maxScaledDown)
  const scaledDown = scaleDownOldForRollingUpdate(p, [...oldRSs, newRS], oldRSs)
  return cleaned + scaledDown > 0
}

/** Removes pods of old ReplicaSets that are not available, up to `maxCleanup` in total. */
function cleanupUnhealthyReplicas(p: Planner, oldRSs: ReplicaSet[], maxCleanup: number): number {
  let total = 0
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= maxCleanup) break
    const replicas = replicasOf(rs)
    const available = rs.status?.availableReplicas ?? 0
    if (replicas === 0 || replicas === available) continue
    const n = Math.min(maxCleanup - total, replicas - available)
    p.scaleAndRecord(rs, replicas - n)
    total += n
  }
  return total
}

/** Scales old ReplicaSets down by the available pods above replicas - maxUnavailable, oldest first. */
function scaleDownOldForRollingUpdate(p: Planner, all: (ReplicaSet | undefined)[], oldRSs: ReplicaSet[]): number {
  const minAvailable = deploymentReplicas(p.d) - maxUnavailable(p.d)
  const available = availableReplicaCount(all)
  if (available <= minAvailable) return 0
  const want = available - minAvailable
  let total = 0
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= want) break
    if (replicasOf(rs) === 0) continue
    const n = Math.min(replicasOf(rs), want - total)
    p.scaleAndRecord(rs, replicasOf(rs) - n)
    total += n
  }
  return total
}

/**
 * One Recreate step: scale every old ReplicaSet to 0; wait until none of their pods is left (terminal
 * pods aside); then create/scale the new ReplicaSet to spec.replicas.
 */
export function rolloutRecreate(p: Planner): void {
  let {newRS, oldRSs} = p.newAndOld(false)
  let all = [...oldRSs, newRS]
  let scaledDown = false
  for (const rs of filterActive(oldRSs)) if (p.scaleAndRecord(rs, 0)) scaledDown = true
  if (scaledDown) return p.syncRolloutStatus(all, newRS)
  if (oldPodsRunning(newRS, oldRSs, p.input.podsByReplicaSet)) return p.syncRolloutStatus(all, newRS)
  if (!newRS) {
    ;({newRS, oldRSs} = p.newAndOld(true))
    all = [...oldRSs, newRS]
  }
  p.scaleAndRecord(newRS!, deploymentReplicas(p.d))
  if (deploymentComplete(p.d, p.d.status ?? {})) p.cleanup(oldRSs)
  p.syncRolloutStatus(all, newRS)
}

/** Old ReplicaSets still report pods, or a pod not of the new ReplicaSet is not terminal yet. */
export function oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[], pods: ReadonlyMap<string, readonly Pod[]>): boolean {
  if (actualReplicaCount(oldRSs) > 0) return true
  for (const [uid, list] of pods) {
    if (newRS && newRS.metadata.uid === uid) continue
    for (const pod of list) {
      const phase = pod.status?.phase
      if (phase !== 'Failed' && phase !== 'Succeeded') return true
    }
  }
  return false
}
