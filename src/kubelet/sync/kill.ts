/**
 * Stopping containers and pods as the kubelet's killContainer / killPodWithSyncResult: a Killing
 * event, the preStop hook (its time counts against the grace period), then SIGTERM and SIGKILL once
 * the remaining grace (at least 2 s) is over. Containers whose pod is gone are stopped with the grace
 * period and preStop hook recorded on them at creation.
 */
import type {Container, LifecycleHandler} from '../../api/types/container.js'
import type {Pod} from '../../api/types/pod.js'
import type {KillReason} from '../pod/actions.js'
import type {RuntimePodState} from '../pod/runtime-pod.js'
import {containerAnnotation} from '../refs.js'
import {podSubject} from '../volumes/manager.js'
import type {SyncContext} from './context.js'
import {runHook} from './hooks.js'

/** Kubernetes' minimum shutdown window: containers always get this long before SIGKILL. */
export const minimumGracePeriodSeconds = 2

/** How a kill is done. */
export interface KillOptions {
  /** Killing event message (default "Stopping container <name>") */
  message?: string
  reason?: KillReason | 'hook' | 'delete'
  /** overrides the computed grace period (after the preStop hook) */
  gracePeriodOverride?: number
  /** record no Killing event (pod teardown of an unknown pod) */
  quiet?: boolean
}

/** The grace period of a kill (setTerminationGracePeriod). */
export function terminationGracePeriod(pod: Pod, c: Container | undefined, reason?: KillOptions['reason']): number {
  if (pod.metadata.deletionGracePeriodSeconds !== undefined) return pod.metadata.deletionGracePeriodSeconds
  const probe = reason === 'liveness' ? c?.livenessProbe : reason === 'startup' ? c?.startupProbe : undefined
  if (probe?.terminationGracePeriodSeconds !== undefined) return probe.terminationGracePeriodSeconds
  return pod.spec?.terminationGracePeriodSeconds ?? 30
}

function specOf(pod: Pod, name: string): Container | undefined {
  return [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === name)
}

/** Stops one container instance of `pod` (preStop, SIGTERM, SIGKILL after the remaining grace). */
export async function killContainer(ctx: SyncContext, pod: Pod, target: {id: string; name: string; annotations?: Record<string, string>}, opts: KillOptions = {}): Promise<void> {
  const spec = specOf(pod, target.name)
  let grace = terminationGracePeriod(pod, spec, opts.reason)
  if (!spec && target.annotations?.[containerAnnotation.terminationGracePeriod] && pod.metadata.deletionGracePeriodSeconds === undefined) {
    grace = Number(target.annotations[containerAnnotation.terminationGracePeriod]) || grace
  }
  if (!opts.quiet) ctx.recorder.event(podSubject(pod), 'Normal', 'Killing', opts.message ?? `Stopping container ${target.name}`)
  let preStop: LifecycleHandler | undefined = spec?.lifecycle?.preStop
  if (!preStop && !spec && target.annotations?.[containerAnnotation.preStopHandler]) {
    try {
      preStop = JSON.parse(target.annotations[containerAnnotation.preStopHandler]) as LifecycleHandler
    } catch {
      preStop = undefined
    }
  }
  if (preStop && grace > 0) {
    const started = Date.now()
    const host = pod.spec?.hostNetwork ? ctx.cfg.nodeIP : (pod.status?.podIP ?? ctx.cfg.nodeIP)
    const msg = await runHook({runtime: ctx.runtime, containerId: target.id, container: spec ?? {name: target.name}, host}, pod, preStop, grace * 1000)
    if (msg) ctx.recorder.event(podSubject(pod), 'Warning', 'FailedPreStopHook', msg)
    grace -= Math.floor((Date.now() - started) / 1000)
  }
  if (opts.gracePeriodOverride !== undefined) grace = opts.gracePeriodOverride
  grace = Math.max(grace, minimumGracePeriodSeconds)
  await ctx.runtime.stopContainer(target.id, grace).catch((e: Error) => {
    if (!/not found|no such/i.test(e.message)) throw e
  })
}

/** Stops every running container of the pod in parallel, then its ready sandboxes. */
export async function killPod(ctx: SyncContext, pod: Pod, state: RuntimePodState, opts: KillOptions = {}): Promise<void> {
  const running = state.containers.filter((c) => c.state === 'running' || c.state === 'unknown')
  const results = await Promise.allSettled(running.map((c) => killContainer(ctx, pod, c, opts)))
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (failed) throw failed.reason
  for (const s of state.sandboxes) if (s.state === 'ready') await ctx.runtime.stopPodSandbox(s.id, minimumGracePeriodSeconds)
}
