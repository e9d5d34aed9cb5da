/**
 * The API status of a pod from the runtime state, as the kubelet's generateAPIPodStatus: container
 * statuses, phase (never leaving a terminal phase), the kubelet's conditions, IPs and start time.
 */
import type {Pod, PodStatus} from '../../api/types/pod.js'
import {podConditions} from './conditions.js'
import {containerStatuses, type ContainerStatusContext} from './container-status.js'
import {isTerminalPhase, podPhase} from './phase.js'
import {latestSandbox, type RuntimePodState} from './runtime-pod.js'

/** Inputs of generatePodStatus. */
export interface PodStatusInput {
  pod: Pod
  state: RuntimePodState
  ctx: ContainerStatusContext
  /** the node's IP (hostIP, and podIP of hostNetwork pods) */
  hostIP: string
  /** RFC 3339 now */
  now: string
  /** the pod is being shut down for good: stopped containers make it Succeeded/Failed whatever the restart policy */
  podIsTerminal: boolean
}

/** Computes the pod's status. Fields the kubelet does not own (qosClass, nominatedNodeName, reason, message) are kept. */
export function generatePodStatus(input: PodStatusInput): PodStatus {
  const {pod, state, ctx, hostIP, now} = input
  const spec = pod.spec!
  const old = pod.status ?? {}
  const inits = containerStatuses(pod, spec.initContainers ?? [], true, state, ctx)
  const apps = containerStatuses(pod, spec.containers, false, state, ctx)
  const all = [...inits, ...apps]
  let phase = podPhase(spec, all, input.podIsTerminal)
  if (isTerminalPhase(old.phase) && !isTerminalPhase(phase)) phase = old.phase!
  const sandbox = latestSandbox(state)
  const sandboxReady = sandbox?.state === 'ready'
  const podIP = spec.hostNetwork ? hostIP : sandboxReady && sandbox.ip ? sandbox.ip : old.podIP
  const status: PodStatus = {
    phase,
    conditions: podConditions(pod, {sandboxReady, statuses: all, appStatuses: apps, phase, now}),
    hostIP,
    hostIPs: [{ip: hostIP}],
  }
  if (podIP) {
    status.podIP = podIP
    status.podIPs = spec.hostNetwork || podIP !== old.podIP || !old.podIPs?.length ? [{ip: podIP}] : old.podIPs
  }
  status.startTime = old.startTime ?? now
  if (inits.length) status.initContainerStatuses = inits
  status.containerStatuses = apps
  if (old.qosClass) status.qosClass = old.qosClass
  if (old.nominatedNodeName) status.nominatedNodeName = old.nominatedNodeName
  if (old.reason) status.reason = old.reason
  if (old.message) status.message = old.message
  return status
}
