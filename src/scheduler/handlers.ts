/**
 * Informer event routing (upstream's scheduler eventhandlers.go): bound pods feed the cache, pods waiting
 * for this scheduler feed the queue, and events that may free room or add capacity (a node added or
 * changed in a way that matters, a pod deleted or finished) move the unschedulable pods back to the queue.
 */
import type {Node} from '../api/types/node.js'
import type {Pod} from '../api/types/pod.js'
import type {InformerHandlers} from '../client/informer.js'
import {isTerminated, type SchedulerCache} from './cache.js'
import type {SchedulingQueue} from './queue.js'

/** The name of the default scheduler (pods without spec.schedulerName belong to it). */
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler'

function key(pod: Pod): string {
  return `${pod.metadata.namespace || 'default'}/${pod.metadata.name ?? ''}`
}

/**
 * Whether this scheduler must place the pod: not bound, addressed to this scheduler, not being deleted,
 * not finished, and without scheduling gates.
 */
export function needsScheduling(pod: Pod, schedulerName: string): boolean {
  const spec = pod.spec
  if (!spec || spec.nodeName) return false
  if ((spec.schedulerName || DEFAULT_SCHEDULER_NAME) !== schedulerName) return false
  if (pod.metadata.deletionTimestamp || isTerminated(pod)) return false
  return !spec.schedulingGates?.length
}

function conditionStatuses(n: Node): string {
  return JSON.stringify((n.status?.conditions ?? []).map((c) => [c.type, c.status]).sort())
}

/**
 * Whether a node update may make unschedulable pods fit (upstream nodeSchedulingPropertiesChange): it
 * became schedulable, or its allocatable, labels, taints or condition statuses changed. Heartbeats alone
 * (condition times) do not count.
 */
export function nodeSchedulingPropertiesChanged(oldNode: Node, newNode: Node): boolean {
  if (oldNode.spec?.unschedulable && !newNode.spec?.unschedulable) return true
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
  if (!same(oldNode.status?.allocatable, newNode.status?.allocatable)) return true
  if (!same(oldNode.metadata.labels, newNode.metadata.labels)) return true
  if (!same(oldNode.spec?.taints, newNode.spec?.taints)) return true
  return conditionStatuses(oldNode) !== conditionStatuses(newNode)
}

/** Handlers for the pod informer (all pods of all namespaces). */
export function podHandlers(cache: SchedulerCache, queue: SchedulingQueue, schedulerName: string): InformerHandlers<Pod> {
  return {
    onAdd(pod) {
      if (pod.spec?.nodeName) {
        cache.addPod(pod)
        return
      }
      if (needsScheduling(pod, schedulerName) && !cache.isAssumed(key(pod))) queue.add(pod)
    },
    onUpdate(oldPod, pod) {
      if (pod.spec?.nodeName) {
        // bound (by us or anyone else): no longer ours to schedule
        queue.delete(pod)
        if (cache.updatePod(pod)) queue.moveAllToActiveOrBackoff()
        return
      }
      // an unbound version of a pod whose binding is in flight is stale
      if (cache.isAssumed(key(pod))) return
      if (needsScheduling(pod, schedulerName)) queue.update(oldPod, pod)
      else queue.delete(pod)
    },
    onDelete(pod) {
      queue.delete(pod)
      if (cache.removePod(pod)) queue.moveAllToActiveOrBackoff()
    },
  }
}

/** Handlers for the node informer. */
export function nodeHandlers(cache: SchedulerCache, queue: SchedulingQueue): InformerHandlers<Node> {
  return {
    onAdd(node) {
      cache.addNode(node)
      queue.moveAllToActiveOrBackoff()
    },
    onUpdate(oldNode, node) {
      cache.updateNode(node)
      if (nodeSchedulingPropertiesChanged(oldNode, node)) queue.moveAllToActiveOrBackoff()
    },
    onDelete(node) {
      cache.removeNode(node)
    },
  }
}
