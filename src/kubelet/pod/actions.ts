/**
 * What a pod sync must do to converge the runtime to the pod spec (the kubelet's computePodActions):
 * (re)create the sandbox, start the next init container, start or restart app containers, kill
 * containers that failed their liveness/startup probe or whose definition changed, or stop the whole
 * pod when nothing is left to run. Pure: probe results and spec hashes come from the context.
 */
import type {Container} from '../../api/types/container.js'
import type {Pod} from '../../api/types/pod.js'
import type {Backoff} from './backoff.js'
import {containerKey, containerSucceeded, formatPod, shouldContainerBeRestarted, shouldRestartOnFailure} from './restart.js'
import {instancesOf, latestInstance, type Instance, type RuntimePodState} from './runtime-pod.js'

/** Why a running container is killed. */
export type KillReason = 'liveness' | 'startup' | 'changed' | 'unknown'

/** A container instance to kill, with the Killing event's message. */
export interface KillInfo {
  id: string
  name: string
  message: string
  reason: KillReason
}

/** The decisions of one sync. */
export interface PodActions {
  /** stop every container and the sandbox */
  killPod: boolean
  /** create a new sandbox (after killPod when one exists) */
  createSandbox: boolean
  /** attempt number of the sandbox to create, or of the current one */
  attempt: number
  /** the current sandbox */
  sandboxId?: string
  /** the init container to start next */
  nextInit?: Container
  /** app containers to (re)start, in spec order */
  start: Container[]
  kill: KillInfo[]
}

/** Probe results and spec hashes the decisions depend on (set by the kubelet). */
export interface ActionContext {
  livenessFailed(name: string, id: string): boolean
  startupFailed(name: string, id: string): boolean
  /** hash of the container spec now */
  hash(c: Container): string
  /** hash stored on an instance when it was created (undefined: unknown, treated as unchanged) */
  instanceHash(i: Instance): string | undefined
}

/** Kubernetes' PodSandboxChanged: whether a new sandbox is needed, its attempt, and the current sandbox. */
export function sandboxChanged(pod: Pod, state: RuntimePodState): {create: boolean; attempt: number; sandboxId?: string} {
  const latest = state.sandboxes[0]
  if (!latest) return {create: true, attempt: 0}
  const ready = state.sandboxes.filter((s) => s.state === 'ready').length
  if (ready > 1 || latest.state !== 'ready') return {create: true, attempt: latest.attempt + 1, sandboxId: latest.id}
  if (latest.hostNetwork !== (pod.spec?.hostNetwork === true)) return {create: true, attempt: latest.attempt + 1}
  return {create: false, attempt: latest.attempt, sandboxId: latest.id}
}

function initFailed(i: Instance): boolean {
  return i.reason === 'OOMKilled' || (i.state === 'exited' && i.exitCode !== 0) || i.state === 'unknown'
}

/** Whether initialization is complete: an app container runs, or every init container exited 0. */
export function hasInitialized(pod: Pod, state: RuntimePodState): boolean {
  const inits = pod.spec?.initContainers ?? []
  if (inits.length === 0) return true
  if (pod.spec!.containers.some((c) => latestInstance(state, c.name)?.state === 'running')) return true
  return inits.every((c) => containerSucceeded(latestInstance(state, c.name)))
}

/** Kubernetes' findNextInitContainerToRun: the last failed init container, the next one to run, or done. */
export function nextInitContainer(pod: Pod, state: RuntimePodState): {last?: Instance; next?: Container; done: boolean} {
  const inits = pod.spec?.initContainers ?? []
  if (inits.length === 0) return {done: true}
  if (pod.spec!.containers.some((c) => latestInstance(state, c.name)?.state === 'running')) return {done: true}
  for (let i = inits.length - 1; i >= 0; i--) {
    const s = latestInstance(state, inits[i].name)
    if (s && initFailed(s)) return {last: s, next: inits[i], done: false}
  }
  for (let i = inits.length - 1; i >= 0; i--) {
    const s = latestInstance(state, inits[i].name)
    if (!s) continue
    if (s.state === 'running') return {done: false}
    if (s.state === 'exited') return i === inits.length - 1 ? {done: true} : {next: inits[i + 1], done: false}
  }
  return {next: inits[0], done: false}
}

/** computePodActions for a pod that is neither being deleted nor terminal. */
export function computePodActions(pod: Pod, state: RuntimePodState, ctx: ActionContext): PodActions {
  const sb = sandboxChanged(pod, state)
  const spec = pod.spec!
  const actions: PodActions = {killPod: sb.create, createSandbox: sb.create, attempt: sb.attempt, sandboxId: sb.sandboxId, start: [], kill: []}
  if (sb.create) {
    if (!shouldRestartOnFailure(pod) && sb.attempt !== 0 && state.containers.length !== 0) {
      actions.createSandbox = false
      return actions
    }
    const toStart = spec.containers.filter((c) => !(spec.restartPolicy === 'OnFailure' && containerSucceeded(latestInstance(state, c.name))))
    if (hasInitialized(pod, state) && toStart.length === 0) {
      actions.createSandbox = false
      return actions
    }
    if ((spec.initContainers ?? []).length) actions.nextInit = spec.initContainers![0]
    else actions.start = toStart
    return actions
  }

  const init = nextInitContainer(pod, state)
  if (!init.done) {
    if (init.next) {
      if (init.last && initFailed(init.last) && !shouldRestartOnFailure(pod)) actions.killPod = true
      else {
        if (init.last?.state === 'unknown') actions.kill.push({id: init.last.id, name: init.next.name, message: `Init container is in "unknown" state, try killing it before restart`, reason: 'unknown'})
        actions.nextInit = init.next
      }
    }
    return actions
  }

  let keep = 0
  for (const c of spec.containers) {
    const latest = latestInstance(state, c.name)
    if (!latest || latest.state !== 'running') {
      if (shouldContainerBeRestarted(pod, latest)) {
        actions.start.push(c)
        if (latest?.state === 'unknown') actions.kill.push({id: latest.id, name: c.name, message: `Container is in "unknown" state, try killing it before restart`, reason: 'unknown'})
      }
      continue
    }
    let message: string
    let reason: KillReason
    let restart = shouldRestartOnFailure(pod)
    const stored = ctx.instanceHash(latest)
    if (stored !== undefined && stored !== ctx.hash(c)) {
      message = `Container ${c.name} definition changed`
      reason = 'changed'
      restart = true
    } else if (ctx.livenessFailed(c.name, latest.id)) {
      message = `Container ${c.name} failed liveness probe`
      reason = 'liveness'
    } else if (ctx.startupFailed(c.name, latest.id)) {
      message = `Container ${c.name} failed startup probe`
      reason = 'startup'
    } else {
      keep++
      continue
    }
    if (restart) {
      message += ', will be restarted'
      actions.start.push(c)
    }
    actions.kill.push({id: latest.id, name: c.name, message, reason})
  }
  if (keep === 0 && actions.start.length === 0) actions.killPod = true
  return actions
}

/** Go's time.Duration String for whole seconds: 10s, 1m20s, 5m0s. */
export function goDuration(ms: number): string {
  const total = Math.round(ms / 1000)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  if (h) return `${h}h${m}m${s}s`
  if (m) return `${m}m${s}s`
  return `${s}s`
}

/** Result of the crash-loop back-off check before (re)starting a container. */
export type BackOffDecision = {inBackOff: false} | {inBackOff: true; message: string; retryAt: number}

/**
 * Kubernetes' doBackOff: when the newest exited instance finished less than the current back-off ago,
 * the container waits (CrashLoopBackOff); otherwise the back-off grows (10 s, 20 s … 5 min) and it may start.
 */
export function crashLoopBackOff(pod: Pod, c: Container, state: RuntimePodState, backoff: Backoff, now: number): BackOffDecision {
  const exited = instancesOf(state, c.name).find((i) => i.state === 'exited')
  if (!exited) return {inBackOff: false}
  const ts = exited.finishedAt || now
  const key = containerKey(pod, c)
  if (backoff.isInBackOffSince(key, ts)) {
    return {inBackOff: true, message: `back-off ${goDuration(backoff.get(key))} restarting failed container=${c.name} pod=${formatPod(pod)}`, retryAt: backoff.retryAt(key, ts)}
  }
  backoff.next(key, ts)
  return {inBackOff: false}
}
