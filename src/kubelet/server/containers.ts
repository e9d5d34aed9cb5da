/**
 * Finding the runtime container a logs or exec request means: the pod (resolved by the node agent to
 * its UID), then the instances of the named container in the runtime (each restart is a new runtime
 * container, labelled with the pod UID and container name).
 */
import type {Container, ContainerRuntime} from '../../runtime/types.js'
import {badRequest, HttpError, notFound} from './http.js'

/** What the server needs to know about a pod of this node. */
export interface ResolvedPod {
  uid: string
  /** names of the pod's containers (spec), when known: tells "not started yet" from "no such container" */
  containers?: string[]
  /** why containers are waiting (status.containerStatuses[].state.waiting.reason), by name */
  waiting?: Record<string, string>
}

/** The kubelet's words for a container that has no instance yet, from its waiting reason. */
export function waitingMessage(container: string, pod: string, reason = 'ContainerCreating'): string {
  const why = reason === 'ErrImagePull' ? "image can't be pulled" : reason === 'ImagePullBackOff' ? 'trying and failing to pull image' : reason
  return `container "${container}" in pod "${pod}" is waiting to start: ${why}`
}

/** Resolves a pod of this node by namespace and name; undefined when this node has no such pod. */
export type PodResolver = (namespace: string, name: string) => ResolvedPod | undefined | Promise<ResolvedPod | undefined>

/** The instances of one container, newest first (by restart count, then creation time). */
export function instancesOf(all: Container[], name: string): Container[] {
  return all.filter((c) => c.name === name).sort((a, b) => b.restartCount - a.restartCount || b.createdAt - a.createdAt)
}

/**
 * Picks the instance a request means, as the kubelet does from the container's status: the current
 * one (the newest, running or not: a crash-looping container's logs are those of its last run), or
 * with `previous` the most recent one that has terminated (lastState.terminated). Throws the
 * kubelet's errors: 404 when the pod has no such container, 400 when it has not started yet or
 * there is no terminated instance.
 */
export function pickInstance(instances: Container[], o: {pod: string; container: string; previous: boolean; specContainers?: string[]; waitingReason?: string}): Container {
  const current = instances[0]
  if (!current) {
    if (o.specContainers?.includes(o.container)) throw badRequest(waitingMessage(o.container, o.pod, o.waitingReason))
    throw notFound(`container ${o.container} is not valid for pod ${o.pod}`)
  }
  if (!o.previous) return current
  const last = instances.find((c) => c.state === 'exited')
  if (!last) throw badRequest(`previous terminated container "${o.container}" in pod "${o.pod}" not found`)
  return last
}

/** What request handlers need from the node. */
export interface ServerDeps {
  /** null when the node has no usable runtime */
  runtime: ContainerRuntime | null
  nodeName: string
  resolvePod: PodResolver
  log?: (line: string) => void
}

/** The runtime, or 503 when the node has none. */
export function requireRuntime(deps: ServerDeps): ContainerRuntime {
  if (!deps.runtime) throw new HttpError(503, 'ServiceUnavailable', `node "${deps.nodeName}" has no usable container runtime`)
  return deps.runtime
}

/** Resolves pod and container instance for a request; 404 when the pod is not on this node. */
export async function findContainer(deps: ServerDeps, o: {namespace: string; pod: string; container: string; previous: boolean}): Promise<Container> {
  const runtime = requireRuntime(deps)
  const pod = await deps.resolvePod(o.namespace, o.pod)
  if (!pod) throw notFound(`pod "${o.pod}" does not exist on node "${deps.nodeName}"`)
  let all: Container[]
  try {
    all = await runtime.listContainers({nodeName: deps.nodeName, podUid: pod.uid, all: true})
  } catch (e) {
    throw new HttpError(503, 'ServiceUnavailable', `the container runtime cannot list containers: ${(e as Error).message}`)
  }
  return pickInstance(instancesOf(all, o.container), {pod: o.pod, container: o.container, previous: o.previous, specContainers: pod.containers, waitingReason: pod.waiting?.[o.container]})
}
