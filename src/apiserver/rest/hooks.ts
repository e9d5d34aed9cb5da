import type {DeleteOptions, KubeObject} from '../../api/meta.js'
import {qosClass} from '../../api/qos.js'
import type {ResourceHooks} from './types.js'

interface PodLike extends KubeObject {
  spec?: {nodeName?: string; terminationGracePeriodSeconds?: number}
  status?: {phase?: string}
}

/** Pods: start Pending with their QoS class; deletions of pods running on a node are graceful. */
const pods: ResourceHooks = {
  initialStatus: (obj) => ({phase: 'Pending', qosClass: qosClass(obj as Parameters<typeof qosClass>[0])}),
  gracePeriod(obj: KubeObject, opts: DeleteOptions): number {
    const pod = obj as PodLike
    // not scheduled, or already finished: nothing runs, remove at once
    if (!pod.spec?.nodeName || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return 0
    const g = opts.gracePeriodSeconds ?? pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30
    return Math.max(0, g)
  },
}

const resetStatus: ResourceHooks = {initialStatus: () => undefined}

/**
 * Default per-resource hooks of the generic registry. Status-subresource kinds start with an empty status
 * (their controllers fill it); nodes keep the status their kubelet registers with; events and leases may be
 * created by PUT (as Kubernetes allows).
 */
export function defaultHooks(): Record<string, ResourceHooks> {
  return {
    pods,
    namespaces: {initialStatus: () => ({phase: 'Active'})},
    services: {initialStatus: () => ({loadBalancer: {}})},
    deployments: resetStatus,
    replicasets: resetStatus,
    daemonsets: resetStatus,
    jobs: resetStatus,
    events: {allowCreateOnUpdate: true},
    leases: {allowCreateOnUpdate: true},
  }
}
