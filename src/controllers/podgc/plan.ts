import type {Pod} from '../../api/types/pod.js'

/**
 * Pods the pod garbage collector removes (upstream's orphaned-pod rule): pods bound to a node that no
 * longer exists. Pure: `nodeExists` comes from the node informer, confirmed live by the caller.
 */
export function orphanedPods(pods: readonly Pod[], nodeExists: (name: string) => boolean): Pod[] {
  return pods.filter((p) => {
    const node = p.spec?.nodeName
    return !!node && !nodeExists(node)
  })
}
