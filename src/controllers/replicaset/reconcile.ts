/**
 * The ReplicaSet controller's pure decisions: how many pods to create or which to delete, the pods it
 * creates, and the status it reports.
 */
import type {OwnerReference} from '../../api/meta.js'
import type {ReplicaSet, ReplicaSetCondition, ReplicaSetStatus} from '../../api/types/apps.js'
import type {Pod} from '../../api/types/pod.js'
import {jsonEqual} from '../../util/json.js'
import {nowRfc3339} from '../../util/time.js'
import {getCondition, removeCondition, setCondition} from '../common/conditions.js'
import {isPodAvailable, isPodReady} from '../common/pods.js'
import {rankPodsForDeletion} from './ranking.js'

/** At most this many pods are created or deleted by one sync (upstream's BurstReplicas). */
export const burstReplicas = 500

/** The size of the first creation batch; each following batch doubles (slowStartBatch). */
export const slowStartInitialBatchSize = 1

/** Desired replica count of a ReplicaSet (spec.replicas, defaulted to 1). */
export function desiredReplicas(rs: ReplicaSet): number {
  return rs.spec?.replicas ?? 1
}

/** What one sync must do: create `create` pods, or delete `delete` (never both). */
export interface ReplicaSetActions {
  create: number
  delete: Pod[]
}

/**
 * Compares the active pods the ReplicaSet owns with spec.replicas (manageReplicas): too few → create
 * the difference (at most burstReplicas); too many → delete the surplus, ranked by rankPodsForDeletion
 * over the pods of every ReplicaSet sharing this one's controller (`related`).
 */
export function reconcileReplicaSet(rs: ReplicaSet, owned: readonly Pod[], related: readonly Pod[], now?: Date): ReplicaSetActions {
  const diff = owned.length - desiredReplicas(rs)
  if (diff < 0) return {create: Math.min(-diff, burstReplicas), delete: []}
  if (diff === 0) return {create: 0, delete: []}
  const n = Math.min(diff, burstReplicas)
  return {create: 0, delete: n < owned.length ? rankPodsForDeletion(owned, related, now).slice(0, n) : [...owned]}
}

/** Batch sizes creating `count` pods: 1, 2, 4, … (the last one what remains). */
export function slowStartBatches(count: number, initial = slowStartInitialBatchSize): number[] {
  const out: number[] = []
  let remaining = count
  let size = Math.min(remaining, initial)
  while (size > 0) {
    out.push(size)
    remaining -= size
    size = Math.min(2 * size, remaining)
  }
  return out
}

/**
 * A new pod from the ReplicaSet's template (GetPodFromTemplate): generateName `<rs>-`, the template's
 * labels, annotations, finalizers and spec, and the ReplicaSet as controller.
 */
export function podFromTemplate(rs: ReplicaSet, controllerRef: OwnerReference): Pod {
  const t = structuredClone(rs.spec?.template ?? {})
  const md = t.metadata ?? {}
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${rs.metadata.name}-`,
      namespace: rs.metadata.namespace,
      labels: md.labels ? {...md.labels} : undefined,
      annotations: md.annotations ? {...md.annotations} : undefined,
      finalizers: md.finalizers?.length ? [...md.finalizers] : undefined,
      ownerReferences: [controllerRef],
    },
    spec: t.spec ?? {containers: []},
  }
  for (const k of ['labels', 'annotations', 'finalizers'] as const) if (pod.metadata[k] === undefined) delete pod.metadata[k]
  return pod
}

/**
 * The status a sync reports (calculateStatus): counts over the owned active pods — fullyLabeled (carry
 * every template label), ready, available (ready for minReadySeconds) — and ReplicaFailure set while
 * creating/deleting fails (FailedCreate/FailedDelete), removed once a sync succeeds.
 */
export function calculateReplicaSetStatus(rs: ReplicaSet, owned: readonly Pod[], manageError: Error | undefined, now: Date): ReplicaSetStatus {
  const templateLabels = Object.entries(rs.spec?.template?.metadata?.labels ?? {})
  const minReady = rs.spec?.minReadySeconds ?? 0
  let fullyLabeled = 0
  let ready = 0
  let available = 0
  for (const pod of owned) {
    if (templateLabels.every(([k, v]) => pod.metadata.labels?.[k] === v)) fullyLabeled++
    if (isPodReady(pod)) ready++
    if (isPodAvailable(pod, minReady, now)) available++
  }
  let conditions = rs.status?.conditions ?? []
  const failure = getCondition(conditions, 'ReplicaFailure')
  if (manageError && !failure) {
    const diff = owned.length - desiredReplicas(rs)
    const cond: ReplicaSetCondition = {
      type: 'ReplicaFailure',
      status: 'True',
      reason: diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '',
      message: manageError.message,
      lastTransitionTime: nowRfc3339(now),
    }
    conditions = setCondition(conditions, cond)
  } else if (!manageError && failure) {
    conditions = removeCondition(conditions, 'ReplicaFailure')
  }
  const status: ReplicaSetStatus = {
    replicas: owned.length,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: ready,
    availableReplicas: available,
    observedGeneration: rs.metadata.generation ?? rs.status?.observedGeneration,
  }
  if (conditions.length) status.conditions = conditions
  return status
}

/** True when `next` differs from the ReplicaSet's current status (or the generation was not observed yet). */
export function replicaSetStatusChanged(rs: ReplicaSet, next: ReplicaSetStatus): boolean {
  const cur = rs.status
  return (
    (cur?.replicas ?? 0) !== next.replicas ||
    (cur?.fullyLabeledReplicas ?? 0) !== (next.fullyLabeledReplicas ?? 0) ||
    (cur?.readyReplicas ?? 0) !== (next.readyReplicas ?? 0) ||
    (cur?.availableReplicas ?? 0) !== (next.availableReplicas ?? 0) ||
    (cur?.observedGeneration ?? 0) !== (next.observedGeneration ?? 0) ||
    !jsonEqual(cur?.conditions ?? [], next.conditions ?? [])
  )
}
