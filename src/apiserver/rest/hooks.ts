import type {DeleteOptions, KubeObject} from '../../api/meta.js'
import type {ResourceHooks} from './types.js'

interface PodLike extends KubeObject {
  spec?: {nodeName?: string; terminationGracePeriodSeconds?: number}
  status?: {phase?: string}
}

/** Pods: deletions of pods running on a node are graceful (the kubelet finishes them). */
const pods: ResourceHooks = {
  gracePeriod(obj: KubeObject, opts: DeleteOptions): number {
    const pod = obj as PodLike
    // not scheduled, or already finished: nothing runs, remove at once
    if (!pod.spec?.nodeName || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return 0
    const g = opts.gracePeriodSeconds ?? pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30
    return Math.max(0, g)
  },
}

/**
 * Default per-resource hooks of the generic registry (beyond src/api's prepareForCreate/Update strategies):
 * graceful pod deletion; events and leases may be created by PUT, as Kubernetes allows.
 */
export function defaultHooks(): Record<string, ResourceHooks> {
  return {
    pods,
    events: {allowCreateOnUpdate: true},
    leases: {allowCreateOnUpdate: true},
  }
}
