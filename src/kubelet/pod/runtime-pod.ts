/**
 * The runtime's view of one pod (its sandboxes and container instances), grouped and ordered the way
 * the kubelet's decisions read it: newest sandbox first, newest instance of each container first.
 */
import type {Container as RuntimeContainer, PodSandbox} from '../../runtime/types.js'

/** A container instance; exited ones may carry the runtime's reason (OOMKilled…) and message. */
export type Instance = RuntimeContainer & {reason?: string; message?: string}

/** Sandboxes and container instances of one pod UID, newest first. */
export interface RuntimePodState {
  uid: string
  sandboxes: PodSandbox[]
  containers: Instance[]
}

/** Newest sandbox first: highest attempt, then latest creation. */
export function compareSandboxes(a: PodSandbox, b: PodSandbox): number {
  return b.attempt - a.attempt || b.createdAt - a.createdAt
}

/** Newest instance first: highest restart count (the kubelet increments it on every start), then latest creation. */
export function compareInstances(a: RuntimeContainer, b: RuntimeContainer): number {
  return b.restartCount - a.restartCount || b.createdAt - a.createdAt
}

/** Builds the (sorted) state of one pod. */
export function runtimePodState(uid: string, sandboxes: PodSandbox[], containers: RuntimeContainer[]): RuntimePodState {
  return {
    uid,
    sandboxes: sandboxes.filter((s) => s.podUid === uid).sort(compareSandboxes),
    containers: containers.filter((c) => c.podUid === uid).sort(compareInstances),
  }
}

/** Groups a node-wide listing by pod UID. */
export function groupByPod(sandboxes: PodSandbox[], containers: RuntimeContainer[]): Map<string, RuntimePodState> {
  const out = new Map<string, RuntimePodState>()
  const get = (uid: string) => {
    let s = out.get(uid)
    if (!s) out.set(uid, (s = {uid, sandboxes: [], containers: []}))
    return s
  }
  for (const s of sandboxes) get(s.podUid).sandboxes.push(s)
  for (const c of containers) get(c.podUid).containers.push(c)
  for (const s of out.values()) {
    s.sandboxes.sort(compareSandboxes)
    s.containers.sort(compareInstances)
  }
  return out
}

/** Instances of the container `name`, newest first. */
export function instancesOf(state: RuntimePodState, name: string): Instance[] {
  return state.containers.filter((c) => c.name === name)
}

/** The newest instance of the container `name`. */
export function latestInstance(state: RuntimePodState, name: string): Instance | undefined {
  return state.containers.find((c) => c.name === name)
}

/** The newest sandbox. */
export function latestSandbox(state: RuntimePodState): PodSandbox | undefined {
  return state.sandboxes[0]
}

/** Whether two runtime ids name the same object (podman may report short and full ids). */
export function sameId(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false
  return a === b || (a.length >= 12 && b.length >= 12 && (a.startsWith(b) || b.startsWith(a)))
}

/** A one-line fingerprint of the runtime state of a pod: it changes when any state changes (relist). */
export function fingerprint(state: RuntimePodState | undefined): string {
  if (!state) return ''
  const s = state.sandboxes.map((x) => `${x.id}:${x.state}`).join(',')
  const c = state.containers.map((x) => `${x.id}:${x.state}:${x.exitCode ?? ''}`).join(',')
  return `${s}|${c}`
}
