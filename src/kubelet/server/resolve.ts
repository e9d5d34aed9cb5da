/**
 * Pod resolvers for the kubelet server: from the API server (the pod object, when it is bound to this
 * node) or, when the API server cannot be reached, from the runtime's sandboxes (their labels carry
 * the pod's namespace, name and UID), so logs and exec keep working through a master outage.
 */
import type {Pod} from '../../api/types/pod.js'
import {ApiError} from '../../api/errors.js'
import type {Client} from '../../client/client.js'
import type {ContainerRuntime} from '../../runtime/types.js'
import type {PodResolver, ResolvedPod} from './containers.js'

/** The container names of a pod spec (init, app, ephemeral). */
export function specContainerNames(pod: Pod): string[] {
  const s = pod.spec
  return [...(s?.initContainers ?? []), ...(s?.containers ?? []), ...(s?.ephemeralContainers ?? [])].map((c) => c.name)
}

/** Resolves from the runtime: the pod's ready sandbox, else its newest one. */
export function runtimePodResolver(runtime: ContainerRuntime, nodeName: string): PodResolver {
  return async (namespace, name) => {
    const all = (await runtime.listPodSandboxes({nodeName})).filter((s) => s.namespace === namespace && s.podName === name)
    if (all.length === 0) return undefined
    all.sort((a, b) => Number(b.state === 'ready') - Number(a.state === 'ready') || b.createdAt - a.createdAt)
    return {uid: all[0].podUid}
  }
}

/**
 * Resolves from the API server: the pod, when it is bound to this node (404 or another node →
 * undefined). Falls back to `fallback` when the API server cannot answer.
 */
export function apiPodResolver(client: Client, nodeName: string, fallback?: PodResolver): PodResolver {
  return async (namespace, name): Promise<ResolvedPod | undefined> => {
    let pod: Pod
    try {
      pod = await client.request<Pod>('GET', `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`, {timeoutMs: 10_000})
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) return undefined
      if (fallback) return fallback(namespace, name)
      throw e
    }
    if (pod.spec?.nodeName !== nodeName || !pod.metadata.uid) return undefined
    const waiting: Record<string, string> = {}
    const st = pod.status
    for (const cs of [...(st?.initContainerStatuses ?? []), ...(st?.containerStatuses ?? []), ...(st?.ephemeralContainerStatuses ?? [])]) {
      const reason = cs.state?.waiting?.reason
      if (reason) waiting[cs.name] = reason
    }
    return {uid: pod.metadata.uid, containers: specContainerNames(pod), waiting}
  }
}
