/**
 * The pod event handlers of a controller that owns pods through controllerRefs and counts them with
 * expectations (ReplicaSet, DaemonSet), as upstream's addPod/updatePod/deletePod: an owned pod's
 * creation or deletion is observed on its owner's expectations and the owner is synced; an orphan
 * wakes every owner whose selector matches it (one may adopt it); a changed controllerRef wakes the
 * previous owner too. A pod being deleted counts as deleted as soon as it has a deletionTimestamp.
 */
import type {Pod} from '../../api/types/pod.js'
import type {KubeObject} from '../../api/meta.js'
import type {InformerHandlers} from '../../client/informer.js'
import {jsonEqual} from '../../util/json.js'
import {getControllerOf} from './controller-ref.js'
import {podKey} from './pods.js'
import {keyOf} from './run.js'

/** What the handlers need from their controller (set by the controller's constructor). */
export interface OwnedPodSource<T extends KubeObject> {
  /** the owner a pod's controllerRef names, if it exists (and has the UID the ref names) */
  owner(pod: Pod): T | undefined
  /** owners in the pod's namespace whose non-empty selector matches the pod */
  selecting(pod: Pod): T[]
  /** the controller's expectations (a pod's creation and deletion, by pod key, are observed on them) */
  expectations: {creationObserved(key: string): void; deletionObserved(key: string, podKey: string): void}
  enqueue(key: string): void
  /** an owned pod changed (after its owner was enqueued), e.g. to look again after minReadySeconds */
  ownedPodUpdated?(owner: T, old: Pod, cur: Pod): void
}

/** The pod informer handlers for `src`. */
export function ownedPodHandlers<T extends KubeObject>(src: OwnedPodSource<T>): InformerHandlers<Pod> {
  const deletePod = (pod: Pod) => {
    const owner = src.owner(pod)
    if (!owner) return
    src.expectations.deletionObserved(keyOf(owner), podKey(pod))
    src.enqueue(keyOf(owner))
  }
  const addPod = (pod: Pod) => {
    if (pod.metadata.deletionTimestamp) return deletePod(pod)
    if (getControllerOf(pod)) {
      const owner = src.owner(pod)
      if (!owner) return
      src.expectations.creationObserved(keyOf(owner))
      src.enqueue(keyOf(owner))
      return
    }
    for (const o of src.selecting(pod)) src.enqueue(keyOf(o))
  }
  const updatePod = (old: Pod, cur: Pod) => {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return
    const labelsChanged = !jsonEqual(old.metadata.labels ?? {}, cur.metadata.labels ?? {})
    if (cur.metadata.deletionTimestamp) {
      // a terminating pod no longer counts: its deletion is observed now, not when it is finally gone
      deletePod(cur)
      if (labelsChanged) deletePod(old)
      return
    }
    const refChanged = !jsonEqual(getControllerOf(old), getControllerOf(cur))
    if (refChanged) {
      const prev = src.owner(old)
      if (prev) src.enqueue(keyOf(prev))
    }
    if (getControllerOf(cur)) {
      const owner = src.owner(cur)
      if (!owner) return
      src.enqueue(keyOf(owner))
      src.ownedPodUpdated?.(owner, old, cur)
      return
    }
    if (labelsChanged || refChanged) for (const o of src.selecting(cur)) src.enqueue(keyOf(o))
  }
  return {onAdd: addPod, onUpdate: updatePod, onDelete: deletePod}
}
