/**
 * The pod phase from the container statuses, as the kubelet's getPhase computes it: init containers
 * first (a failed one with restartPolicy Never fails the pod), then the app containers' states and the
 * restart policy.
 */
import type {ContainerStatus, PodPhase, PodSpec} from '../../api/types/pod.js'

/** Whether any app container has started (running, terminated, or waiting after having terminated). */
export function hasAnyRegularContainerStarted(spec: PodSpec, statuses: ContainerStatus[]): boolean {
  const names = new Set(spec.containers.map((c) => c.name))
  return statuses.some(
    (s) => names.has(s.name) && (s.state?.running !== undefined || s.state?.terminated !== undefined || (s.state?.waiting !== undefined && s.lastState?.terminated !== undefined)),
  )
}

/** Whether a phase is terminal (the pod's containers will never run again). */
export function isTerminalPhase(phase: string | undefined): boolean {
  return phase === 'Succeeded' || phase === 'Failed'
}

/**
 * Kubernetes' getPhase. `statuses` holds init and app container statuses; `podIsTerminal` is true
 * when the pod is being shut down for good (deleted), so that stopped containers end it whatever the
 * restart policy.
 */
export function podPhase(spec: PodSpec, statuses: ContainerStatus[], podIsTerminal: boolean): PodPhase {
  const byName = new Map(statuses.map((s) => [s.name, s]))
  const policy = spec.restartPolicy ?? 'Always'
  let pendingInitialization = 0
  let failedInitialization = 0
  for (const c of spec.initContainers ?? []) {
    const s = byName.get(c.name)
    if (!s) {
      pendingInitialization++
      continue
    }
    if (s.state?.running) pendingInitialization++
    else if (s.state?.terminated) {
      if (s.state.terminated.exitCode !== 0) failedInitialization++
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated) {
        if (s.lastState.terminated.exitCode !== 0) failedInitialization++
      } else pendingInitialization++
    } else pendingInitialization++
  }

  let unknown = 0
  let running = 0
  let waiting = 0
  let stopped = 0
  let succeeded = 0
  for (const c of spec.containers) {
    const s = byName.get(c.name)
    if (!s) {
      unknown++
      continue
    }
    if (s.state?.running) running++
    else if (s.state?.terminated) {
      stopped++
      if (s.state.terminated.exitCode === 0) succeeded++
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated) stopped++
      else waiting++
    } else unknown++
  }

  if (failedInitialization > 0 && policy === 'Never') return 'Failed'
  if ((pendingInitialization > 0 && !hasAnyRegularContainerStarted(spec, statuses)) || waiting > 0) return 'Pending'
  if (running > 0 && unknown === 0) return 'Running'
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (podIsTerminal) return stopped === succeeded ? 'Succeeded' : 'Failed'
    if (policy === 'Always') return 'Running'
    if (stopped === succeeded) return 'Succeeded'
    if (policy === 'Never') return 'Failed'
    return 'Running'
  }
  return 'Pending'
}
