/**
 * Runtime container instances → API ContainerStatus, as the kubelet's convertToAPIContainerStatuses:
 * the newest instance gives the state, the one before it lastState; a container the next sync will
 * (re)start and that has a recorded start failure (CrashLoopBackOff, ErrImagePull…) is Waiting with
 * that reason; never-run containers wait as ContainerCreating (PodInitializing behind init containers).
 */
import type {Container} from '../../api/types/container.js'
import type {ContainerState, ContainerStatus, Pod} from '../../api/types/pod.js'
import {nowRfc3339} from '../../util/time.js'
import {instancesOf, type Instance, type RuntimePodState} from './runtime-pod.js'
import {shouldContainerBeRestarted} from './restart.js'

/** A start failure or back-off recorded for a container (shown as its Waiting reason). */
export interface WaitingReason {
  reason: string
  message: string
}

/** What the conversion needs besides the pod and the runtime state (set by the kubelet). */
export interface ContainerStatusContext {
  /** runtime name for containerID (`podman://<id>`) */
  runtimeName: string
  /** the recorded start failure of a container, if any */
  reason(name: string): WaitingReason | undefined
  /** termination message of an exited instance, if any */
  terminationMessage?(id: string): string | undefined
  /** whether a running instance has passed its startup probe (true without one) */
  started(name: string, id: string): boolean
  /** whether a running, started instance is ready (readiness probe; true without one) */
  ready(name: string, id: string): boolean
}

/** RFC 3339 of epoch milliseconds (undefined stays undefined). */
export function rfc3339(ms: number | undefined): string | undefined {
  return ms === undefined || !ms ? undefined : nowRfc3339(new Date(ms))
}

/** `sha256:<hex>` for a bare image id; other forms as they are. */
export function imageIdOf(id: string): string {
  return /^[0-9a-f]{64}$/.test(id) ? `sha256:${id}` : id
}

function stateOf(c: Instance, containerID: string, message: string | undefined): ContainerState {
  switch (c.state) {
    case 'running':
      return {running: {startedAt: rfc3339(c.startedAt) ?? rfc3339(c.createdAt)}}
    case 'exited': {
      const t: NonNullable<ContainerState['terminated']> = {exitCode: c.exitCode ?? 0, reason: c.reason ?? (c.exitCode === 0 ? 'Completed' : 'Error')}
      if (message ?? c.message) t.message = message ?? c.message
      t.startedAt = rfc3339(c.startedAt)
      t.finishedAt = rfc3339(c.finishedAt)
      t.containerID = containerID
      if (!t.startedAt) delete t.startedAt
      if (!t.finishedAt) delete t.finishedAt
      return {terminated: t}
    }
    default:
      return {waiting: {}}
  }
}

/**
 * Statuses of `containers` (the pod's init containers when `isInit`, else its app containers):
 * init containers in spec order, app containers sorted by name (as Kubernetes).
 */
export function containerStatuses(pod: Pod, containers: Container[], isInit: boolean, state: RuntimePodState, ctx: ContainerStatusContext): ContainerStatus[] {
  const hasInit = (pod.spec?.initContainers ?? []).length > 0
  const old = new Map((isInit ? pod.status?.initContainerStatuses : pod.status?.containerStatuses)?.map((s) => [s.name, s]) ?? [])
  const out: ContainerStatus[] = []
  for (const spec of containers) {
    const image = spec.image ?? ''
    const prev = old.get(spec.name)
    const instances = instancesOf(state, spec.name)
    let status: ContainerStatus
    if (instances.length === 0) {
      // nothing in the runtime (yet, or garbage-collected): a terminated old status stays as it is
      if (prev?.state?.terminated) status = structuredClone(prev)
      else {
        status = {name: spec.name, state: {waiting: {reason: hasInit ? 'PodInitializing' : 'ContainerCreating'}}, ready: false, restartCount: prev?.restartCount ?? 0, image, imageID: ''}
        if (prev?.lastState && Object.keys(prev.lastState).length) status.lastState = structuredClone(prev.lastState)
      }
    } else {
      const [latest, previous] = instances
      const containerID = `${ctx.runtimeName}://${latest.id}`
      status = {
        name: spec.name,
        state: stateOf(latest, containerID, ctx.terminationMessage?.(latest.id)),
        ready: false,
        restartCount: latest.restartCount,
        image,
        imageID: imageIdOf(latest.imageId),
        containerID,
      }
      if (previous) status.lastState = stateOf(previous, `${ctx.runtimeName}://${previous.id}`, ctx.terminationMessage?.(previous.id))
      else if (prev?.lastState?.terminated && prev.restartCount <= latest.restartCount) status.lastState = structuredClone(prev.lastState)
    }
    const latest = instances[0]
    const finishedInit = isInit && latest?.state === 'exited' && latest.exitCode === 0
    if (!finishedInit && shouldContainerBeRestarted(pod, latest)) {
      const why = ctx.reason(spec.name)
      if (why) {
        if (status.state?.terminated) status.lastState = status.state
        status.state = {waiting: {reason: why.reason, message: why.message}}
      }
    }
    status.lastState ??= {}
    const running = status.state?.running !== undefined && latest !== undefined
    status.started = running && ctx.started(spec.name, latest.id)
    status.ready = isInit ? status.state?.terminated?.exitCode === 0 : running && status.started && ctx.ready(spec.name, latest.id)
    out.push(status)
  }
  if (!isInit) out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  return out
}
