/**
 * Ending pods: a pod with a deletionTimestamp is stopped gracefully (preStop, SIGTERM, SIGKILL after
 * its grace), gets its final status, loses its containers, sandboxes and volume dirs, and the kubelet
 * then completes the deletion (grace 0, UID precondition). Pods gone from the API (force-deleted, or
 * found in the runtime only) are torn down the same way; terminal pods just stop.
 */
import type {Pod} from '../../api/types/pod.js'
import {isConflict, isNotFound} from '../../client/errors.js'
import type {RuntimePodState} from '../pod/runtime-pod.js'
import {podsRef} from '../refs.js'
import type {SyncContext} from './context.js'
import {killPod} from './kill.js'
import {fetchState} from './state.js'
import {writeStatus, type SyncResult} from './sync-pod.js'

/** Forgets every per-pod memory (back-offs, reasons, restart counts, probes, tokens). */
export function forgetPod(ctx: SyncContext, uid: string): void {
  ctx.probes.removePod(uid)
  ctx.reasons.removePod(uid)
  ctx.restartCounts.removePod(uid)
  ctx.sandboxAttempts.delete(uid)
  ctx.crashBackoff.resetPrefix(`${uid}/`)
  ctx.images.removePod(uid)
  ctx.status.removePod(uid)
}

/** Removes the pod's containers, sandboxes and volume dir. */
export async function removePodResources(ctx: SyncContext, uid: string, state: RuntimePodState): Promise<void> {
  await Promise.all(state.containers.map((c) => ctx.runtime.removeContainer(c.id).then(() => ctx.exited.delete(c.id))))
  await Promise.all(state.sandboxes.map((s) => ctx.runtime.removePodSandbox(s.id)))
  await ctx.volumes.tearDown(uid)
}

function running(state: RuntimePodState): boolean {
  return state.containers.some((c) => c.state === 'running' || c.state === 'unknown') || state.sandboxes.some((s) => s.state === 'ready')
}

/** Stops a pod being deleted, writes its final status, removes it from the node, and completes the API deletion. */
export async function terminatePod(ctx: SyncContext, pod: Pod): Promise<SyncResult> {
  const uid = pod.metadata.uid!
  ctx.probes.removePod(uid)
  let state = await fetchState(ctx, uid)
  if (running(state)) {
    await killPod(ctx, pod, state, {reason: 'delete'})
    state = await fetchState(ctx, uid)
  }
  await writeStatus(ctx, pod, state, true).catch((e: Error) => ctx.log(`final status of pod ${pod.metadata.namespace}/${pod.metadata.name}: ${e.message}`))
  await removePodResources(ctx, uid, state)
  try {
    await ctx.client.delete(podsRef, pod.metadata.name!, pod.metadata.namespace, {gracePeriodSeconds: 0, preconditions: {uid}})
  } catch (e) {
    if (!isNotFound(e) && !isConflict(e)) throw e
  }
  forgetPod(ctx, uid)
  return {}
}

/**
 * Tears down a pod the API no longer has: `known` is its last known object (grace from it), else the
 * runtime's labels identify it and it is stopped with the minimum grace.
 */
export async function teardownPod(ctx: SyncContext, uid: string, known: Pod | undefined): Promise<void> {
  ctx.probes.removePod(uid)
  const state = await fetchState(ctx, uid)
  if (running(state)) {
    const sb = state.sandboxes[0]
    const pod: Pod = known ?? {metadata: {uid, name: sb?.podName ?? uid, namespace: sb?.namespace ?? 'default'}}
    await killPod(ctx, pod, state, known ? {reason: 'delete'} : {reason: 'delete', gracePeriodOverride: 1, quiet: true})
  }
  const fresh = await fetchState(ctx, uid)
  await removePodResources(ctx, uid, fresh)
  forgetPod(ctx, uid)
}

/** A pod in a terminal phase: nothing may run any more; its exited containers stay (logs) until it is deleted. */
export async function stopTerminalPod(ctx: SyncContext, pod: Pod): Promise<SyncResult> {
  const uid = pod.metadata.uid!
  ctx.probes.removePod(uid)
  let state = await fetchState(ctx, uid)
  if (running(state)) {
    await killPod(ctx, pod, state)
    state = await fetchState(ctx, uid)
  }
  await writeStatus(ctx, pod, state, true)
  return {}
}
