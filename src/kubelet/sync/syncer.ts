/**
 * The per-pod sync dispatcher: a pod the API no longer has is torn down, a pod being deleted is
 * terminated, a terminal pod is stopped, any other pod is synced. Volumes of running pods are
 * re-read from the API once per sync frequency (updates of configMaps/secrets propagate).
 */
import {isTerminalPhase} from '../pod/phase.js'
import type {SyncContext} from './context.js'
import type {PodRegistry} from './pods.js'
import {syncPod, type SyncResult} from './sync-pod.js'
import {stopTerminalPod, teardownPod, terminatePod} from './terminate.js'

/** Syncs one pod by UID. */
export async function syncByUid(ctx: SyncContext, pods: PodRegistry, uid: string): Promise<SyncResult> {
  const current = pods.get(uid)
  if (!current) {
    await teardownPod(ctx, uid, pods.lastKnown(uid))
    pods.forget(uid)
    return {}
  }
  const pod = ctx.status.latest(current)
  const now = Date.now()
  pods.lastSync.set(uid, now)
  if (pod.metadata.deletionTimestamp) return terminatePod(ctx, pod)
  if (isTerminalPhase(pod.status?.phase)) return stopTerminalPod(ctx, pod)
  const refreshed = pods.volumesRefreshed.get(uid)
  const refresh = refreshed === undefined || now - refreshed >= ctx.cfg.syncFrequencyMs
  if (refresh) pods.volumesRefreshed.set(uid, now)
  return syncPod(ctx, pod, refresh)
}
