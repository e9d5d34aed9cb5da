/**
 * Deleting everything in a namespace (namespaced_resources_deleter.go's deleteAllContent): for every
 * namespaced resource, DELETE the collection (Background propagation; pods get their usual graceful
 * termination), then list what remains and why.
 */
import type {KubeObject} from '../../api/meta.js'
import type {Pod} from '../../api/types/pod.js'
import {resources} from '../../api/registry.js'
import type {ResourceRef} from '../../api/resource.js'
import type {Client} from '../../client/client.js'
import {ApiError} from '../../api/errors.js'
import {finalizerEstimateSeconds, podTerminationEstimate, type ContentResult} from './conditions.js'

/** Every namespaced resource mkube serves (the namespace controller's discovery). */
export function namespacedResources(): ResourceRef[] {
  return resources.filter((r) => r.namespaced).map(({group, version, resource, namespaced}) => ({group, version, resource, namespaced}))
}

function unsupported(err: unknown): boolean {
  return err instanceof ApiError && (err.code === 405 || err.code === 404)
}

/** What one resource's deletion left: remaining objects, their finalizers, the wait estimate and any error. */
export async function deleteResourceContent(client: Client, ref: ResourceRef, namespace: string, deletedAt: Date | undefined, now: () => Date): Promise<ContentResult> {
  const base = {resource: ref.resource, group: ref.group}
  const gvr = `{${ref.group} ${ref.version} ${ref.resource}}`
  try {
    let estimate = 0
    if (ref.group === '' && ref.resource === 'pods') {
      const pods = await client.list<Pod>(ref, {namespace})
      estimate = podTerminationEstimate(pods.items ?? [], deletedAt, now())
    }
    try {
      await client.deleteCollection(ref, namespace, {}, {propagationPolicy: 'Background'})
    } catch (err) {
      if (!unsupported(err)) throw err
      // no deletecollection: delete one by one
      for (const item of (await client.list(ref, {namespace})).items ?? []) {
        try {
          await client.delete(ref, item.metadata.name ?? '', namespace, {propagationPolicy: 'Background'})
        } catch (e) {
          if (!unsupported(e)) throw e
        }
      }
    }
    const left: KubeObject[] = (await client.list(ref, {namespace})).items ?? []
    if (left.length === 0) return {...base, remaining: 0, finalizers: {}, estimateSeconds: 0}
    const finalizers: Record<string, number> = {}
    for (const o of left) for (const f of o.metadata.finalizers ?? []) finalizers[f] = (finalizers[f] ?? 0) + 1
    if (estimate > 0) return {...base, remaining: left.length, finalizers, estimateSeconds: estimate}
    // objects waiting on finalizers are expected: give the finalizers' owners (the garbage collector …) time
    if (Object.keys(finalizers).length) return {...base, remaining: left.length, finalizers, estimateSeconds: finalizerEstimateSeconds}
    return {...base, remaining: left.length, finalizers, estimateSeconds: 0, error: `unexpected items still remain in namespace: ${namespace} for gvr: ${gvr}`}
  } catch (err) {
    return {...base, remaining: 0, finalizers: {}, estimateSeconds: 0, error: `${gvr}: ${(err as Error).message}`}
  }
}
