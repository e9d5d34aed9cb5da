/**
 * One sync of a running pod (the kubelet's SyncPod): compute the actions, kill what must go, set up
 * volumes, (re)create the sandbox, start the next init container or the app containers (honouring the
 * crash-loop and start back-offs), then refresh probes and write the status. Answers when the pod
 * must be synced again (a back-off ending, an init container to watch, an error to retry).
 */
import type {Container} from '../../api/types/container.js'
import type {Pod} from '../../api/types/pod.js'
import {nowRfc3339} from '../../util/time.js'
import {computePodActions, crashLoopBackOff, type PodActions} from '../pod/actions.js'
import {formatPod, startKey} from '../pod/restart.js'
import {podDnsConfig, sandboxConfig} from '../pod/sandbox-config.js'
import {generatePodStatus} from '../pod/status.js'
import type {RuntimePodState} from '../pod/runtime-pod.js'
import type {ProbeKind, ProbeResult} from '../probes/state.js'
import {containerAnnotation} from '../refs.js'
import {podSubject, VolumeSetUpError} from '../volumes/manager.js'
import {containerHash} from './container-config.js'
import type {SyncContext} from './context.js'
import {killContainer, killPod} from './kill.js'
import {startContainer} from './start.js'
import {fetchState, podAddress} from './state.js'

/** What a sync asks of the pod worker. */
export interface SyncResult {
  /** sync the pod again after this many ms */
  requeueAfterMs?: number
}

/** How often a pod with a running init container is re-read (init containers progress on exit). */
const initPollMs = 1000

/** The container-status context of a pod: reasons, probe results, runtime name. */
export function statusContext(ctx: SyncContext, pod: Pod) {
  const uid = pod.metadata.uid!
  return {
    runtimeName: ctx.runtime.name,
    reason: (name: string) => ctx.reasons.get(uid, name),
    started: (name: string, id: string) => ctx.probes.started(uid, name, id),
    ready: (name: string, id: string) => ctx.probes.ready(uid, name, id),
  }
}

/** Computes the pod's status from `state` and writes it when it changed; answers the pod as now stored. */
export async function writeStatus(ctx: SyncContext, pod: Pod, state: RuntimePodState, podIsTerminal: boolean): Promise<Pod> {
  const status = generatePodStatus({pod, state, ctx: statusContext(ctx, pod), hostIP: ctx.cfg.nodeIP, now: nowRfc3339(), podIsTerminal})
  return ctx.status.update(pod, status)
}

/** Seeds a new probe worker from the API status: an instance the API already shows ready/started stays so. */
function probeSeed(pod: Pod) {
  return (name: string, id: string, kind: ProbeKind): ProbeResult | undefined => {
    const s = pod.status?.containerStatuses?.find((x) => x.name === name && !!x.containerID && x.containerID.endsWith(`://${id}`))
    if (kind === 'readiness' && s?.ready) return 'success'
    if (kind === 'startup' && s?.started) return 'success'
    return undefined
  }
}

/** Removes sandboxes older than the newest one that no container instance uses any more. */
async function collectSandboxes(ctx: SyncContext, state: RuntimePodState): Promise<void> {
  for (const s of state.sandboxes.slice(1)) {
    if (s.state === 'ready') continue
    if (state.containers.some((c) => c.sandboxId === s.id || (c.sandboxId && s.id.startsWith(c.sandboxId)))) continue
    await ctx.runtime.removePodSandbox(s.id)
  }
}

/** Syncs a pod that is neither being deleted nor terminal. */
export async function syncPod(ctx: SyncContext, seen: Pod, refreshVolumes: boolean): Promise<SyncResult> {
  let pod = seen
  const uid = pod.metadata.uid!
  let requeue: number | undefined
  const wait = (ms: number) => (requeue = Math.max(0, Math.min(requeue ?? Infinity, ms)))
  let state = await fetchState(ctx, uid)
  // a pod seen for the first time shows its status (Pending, ContainerCreating, startTime) before a possibly long start
  if (!pod.status?.startTime) pod = await writeStatus(ctx, pod, state, false)
  const actions = computePodActions(pod, state, {
    livenessFailed: (name, id) => ctx.probes.failed(uid, name, id, 'liveness'),
    startupFailed: (name, id) => ctx.probes.failed(uid, name, id, 'startup'),
    hash: containerHash,
    instanceHash: (i) => i.annotations[containerAnnotation.hash],
  })
  let acted = false
  if (actions.killPod) {
    if (actions.createSandbox && state.sandboxes.length) ctx.recorder.event(podSubject(pod), 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.')
    if (state.containers.some((c) => c.state === 'running') || state.sandboxes.some((s) => s.state === 'ready')) {
      await killPod(ctx, pod, state)
      acted = true
    }
    if (actions.createSandbox) {
      const inits = new Set((pod.spec?.initContainers ?? []).map((c) => c.name))
      await Promise.all(state.containers.filter((c) => inits.has(c.name)).map((c) => ctx.runtime.removeContainer(c.id)))
    }
  } else if (actions.kill.length) {
    await Promise.all(actions.kill.map((k) => killContainer(ctx, pod, {id: k.id, name: k.name}, {message: k.message, reason: k.reason})))
    acted = true
  }
  if (actions.createSandbox || !actions.killPod) {
    const started = await startPhase(ctx, pod, actions, state, refreshVolumes, wait)
    acted ||= started.acted
    if (started.state) state = started.state
  }
  if (acted) state = await fetchState(ctx, uid)
  ctx.probes.sync(pod, state, podAddress(ctx, pod, state), probeSeed(pod))
  await writeStatus(ctx, pod, state, false)
  await collectSandboxes(ctx, state)
  return requeue === undefined ? {} : {requeueAfterMs: requeue}
}

/** Volumes, sandbox and container starts. */
async function startPhase(ctx: SyncContext, pod: Pod, actions: PodActions, state: RuntimePodState, refreshVolumes: boolean, wait: (ms: number) => void): Promise<{acted: boolean; state?: RuntimePodState}> {
  const uid = pod.metadata.uid!
  let volumePaths: Map<string, string>
  try {
    volumePaths = await ctx.volumes.setUp(pod, refreshVolumes || actions.createSandbox)
  } catch (e) {
    if (!(e instanceof VolumeSetUpError)) throw e
    wait(ctx.cfg.errorRetryMs)
    return {acted: false}
  }
  let acted = false
  let sandboxId = actions.sandboxId
  if (actions.createSandbox) {
    const attempt = Math.max(actions.attempt, (ctx.sandboxAttempts.get(uid) ?? -1) + 1)
    const dns = podDnsConfig(pod, {clusterDNS: ctx.cfg.clusterDNS, clusterDomain: ctx.cfg.clusterDomain, host: ctx.hostResolv})
    if (dns.warning) ctx.recorder.event(podSubject(pod), 'Warning', 'MissingClusterDNS', dns.warning)
    try {
      const cfg = sandboxConfig(pod, ctx.cfg.nodeName, ctx.cfg.nodeIP, attempt, dns.dns)
      sandboxId = await ctx.startGate.run('sandbox', () => ctx.runtime.runPodSandbox(cfg))
    } catch (e) {
      ctx.recorder.event(podSubject(pod), 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: ${(e as Error).message}`)
      wait(ctx.cfg.errorRetryMs)
      return {acted: false}
    }
    ctx.sandboxAttempts.set(uid, attempt)
    acted = true
    state = await fetchState(ctx, uid)
  }
  if (!sandboxId) return {acted, state}
  const target = {sandboxId, podIP: podAddress(ctx, pod, state), volumePaths}
  const toStart: Container[] = actions.nextInit ? [actions.nextInit] : actions.start
  for (const c of toStart) {
    const sk = startKey(pod, c)
    if (ctx.crashBackoff.isInBackOffSinceUpdate(sk)) {
      wait(ctx.crashBackoff.retryAtSinceUpdate(sk) - Date.now())
      continue
    }
    const bo = crashLoopBackOff(pod, c, state, ctx.crashBackoff, Date.now())
    if (bo.inBackOff) {
      ctx.reasons.set(uid, c.name, {reason: 'CrashLoopBackOff', message: bo.message})
      ctx.recorder.event(podSubject(pod), 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${formatPod(pod)}`)
      wait(bo.retryAt - Date.now())
      continue
    }
    acted = true
    if (await startContainer(ctx, pod, c, state, target)) {
      if (actions.nextInit) wait(initPollMs)
      continue
    }
    const why = ctx.reasons.get(uid, c.name)?.reason
    if (why === 'ImagePullBackOff') wait(ctx.images.retryAt(pod, c.image ?? '') - Date.now())
    else if (why === 'RunContainerError' || why === 'CreateContainerError') wait(ctx.crashBackoff.retryAtSinceUpdate(sk) - Date.now())
    else wait(ctx.cfg.errorRetryMs)
  }
  if (!actions.nextInit && (pod.spec?.initContainers ?? []).length && state.containers.some((c) => c.state === 'running' && pod.spec!.initContainers!.some((i) => i.name === c.name))) wait(initPollMs)
  return {acted, state}
}
