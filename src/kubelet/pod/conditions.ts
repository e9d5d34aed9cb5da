/**
 * The pod conditions the kubelet owns (PodReadyToStartContainers, Initialized, Ready, ContainersReady,
 * PodScheduled), with Kubernetes' reasons and messages, and the merge with the conditions already on
 * the pod (other writers' conditions are kept; transition times only move when a status changes).
 */
import type {Pod, PodCondition, PodPhase, PodSpec, ContainerStatus} from '../../api/types/pod.js'
import {hasAnyRegularContainerStarted} from './phase.js'

/** Condition types written by the kubelet; others (DisruptionTarget, readiness gates) are kept as they are. */
export const kubeletConditionTypes = new Set(['PodScheduled', 'Ready', 'Initialized', 'ContainersReady', 'PodReadyToStartContainers'])

/** Go's fmt %s of a []string: "[a b]". */
function goList(names: string[]): string {
  return `[${names.join(' ')}]`
}

/** PodReadyToStartContainers: True once the sandbox (with its network) exists. */
export function readyToStartContainersCondition(sandboxReady: boolean): PodCondition {
  return {type: 'PodReadyToStartContainers', status: sandboxReady ? 'True' : 'False'}
}

/** Initialized: every init container has exited 0 (or an app container has already started). */
export function initializedCondition(spec: PodSpec, statuses: ContainerStatus[], phase: PodPhase): PodCondition {
  const inits = spec.initContainers ?? []
  if (inits.length === 0) return {type: 'Initialized', status: 'True'}
  const byName = new Map(statuses.map((s) => [s.name, s]))
  const unknown: string[] = []
  const incomplete: string[] = []
  for (const c of inits) {
    const s = byName.get(c.name)
    if (!s) unknown.push(c.name)
    else if (!s.state?.terminated || s.state.terminated.exitCode !== 0) incomplete.push(c.name)
  }
  if (phase === 'Succeeded' && unknown.length === 0) return {type: 'Initialized', status: 'True', reason: 'PodCompleted'}
  if (hasAnyRegularContainerStarted(spec, statuses)) return {type: 'Initialized', status: 'True'}
  const msgs: string[] = []
  if (unknown.length) msgs.push(`containers with unknown status: ${goList(unknown)}`)
  if (incomplete.length) msgs.push(`containers with incomplete status: ${goList(incomplete)}`)
  if (msgs.length === 0) return {type: 'Initialized', status: 'True'}
  return {type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: msgs.join(', ')}
}

/** ContainersReady: every app container is ready. */
export function containersReadyCondition(spec: PodSpec, statuses: ContainerStatus[] | undefined, phase: PodPhase): PodCondition {
  return readiness('ContainersReady', spec, statuses, phase)
}

function readiness(type: 'Ready' | 'ContainersReady', spec: PodSpec, statuses: ContainerStatus[] | undefined, phase: PodPhase): PodCondition {
  if (!statuses) return {type, status: 'False', reason: 'UnknownContainerStatuses'}
  const byName = new Map(statuses.map((s) => [s.name, s]))
  const unknown: string[] = []
  const unready: string[] = []
  for (const c of spec.containers) {
    const s = byName.get(c.name)
    if (!s) unknown.push(c.name)
    else if (!s.ready) unready.push(c.name)
  }
  if (phase === 'Succeeded' && unknown.length === 0) return {type, status: 'False', reason: 'PodCompleted'}
  if (phase === 'Failed') return {type, status: 'False', reason: 'PodFailed'}
  const msgs: string[] = []
  if (unknown.length) msgs.push(`containers with unknown status: ${goList(unknown)}`)
  if (unready.length) msgs.push(`containers with unready status: ${goList(unready)}`)
  if (msgs.length) return {type, status: 'False', reason: 'ContainersNotReady', message: msgs.join(', ')}
  return {type, status: 'True'}
}

/** Ready: containers ready and every readiness gate's condition True. */
export function readyCondition(spec: PodSpec, conditions: PodCondition[], statuses: ContainerStatus[] | undefined, phase: PodPhase): PodCondition {
  const containers = readiness('Ready', spec, statuses, phase)
  const gateMsgs: string[] = []
  for (const g of spec.readinessGates ?? []) {
    const c = conditions.find((x) => x.type === g.conditionType)
    if (!c) gateMsgs.push(`corresponding condition of pod readiness gate "${g.conditionType}" does not exist.`)
    else if (c.status !== 'True') gateMsgs.push(`the status of pod readiness gate "${g.conditionType}" is not "True", but ${c.status}`)
  }
  if (containers.status !== 'True') return containers
  if (gateMsgs.length) return {type: 'Ready', status: 'False', reason: 'ReadinessGatesNotReady', message: gateMsgs.join(', ')}
  return containers
}

/**
 * The pod's conditions: the ones other writers own (kept as they are), then the kubelet's, each with
 * lastTransitionTime kept from the old condition when its status did not change, else `now`.
 */
export function podConditions(pod: Pod, opts: {sandboxReady: boolean; statuses: ContainerStatus[]; appStatuses: ContainerStatus[]; phase: PodPhase; now: string}): PodCondition[] {
  const old = pod.status?.conditions ?? []
  const spec = pod.spec!
  const foreign = old.filter((c) => !kubeletConditionTypes.has(c.type))
  const fresh: PodCondition[] = [readyToStartContainersCondition(opts.sandboxReady), initializedCondition(spec, opts.statuses, opts.phase)]
  fresh.push(readyCondition(spec, old, opts.appStatuses, opts.phase))
  fresh.push(containersReadyCondition(spec, opts.appStatuses, opts.phase))
  fresh.push({type: 'PodScheduled', status: 'True'})
  const out = [...foreign]
  for (const c of fresh) {
    const prev = old.find((o) => o.type === c.type)
    const keepTime = prev && prev.status === c.status && prev.lastTransitionTime
    const cond: PodCondition = {type: c.type, status: c.status, lastProbeTime: null, lastTransitionTime: keepTime ? prev.lastTransitionTime : opts.now}
    if (c.reason) cond.reason = c.reason
    if (c.message) cond.message = c.message
    out.push(cond)
  }
  return out
}
