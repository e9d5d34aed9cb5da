/**
 * Deployment/ReplicaSet annotations (deployment util): revision numbering, revision history, and the
 * desired/max replica annotations proportional scaling reads.
 */
import type {KubeObject} from '../../api/meta.js'
import type {Deployment, ReplicaSet} from '../../api/types/apps.js'
import {deploymentReplicas, maxSurge} from './strategy.js'

/** The revision of a Deployment (its newest ReplicaSet's) and of each ReplicaSet. */
export const revisionAnnotation = 'deployment.kubernetes.io/revision'
/** Earlier revisions a ReplicaSet had before a rollback re-used it (comma-separated). */
export const revisionHistoryAnnotation = 'deployment.kubernetes.io/revision-history'
/** spec.replicas of the Deployment when the ReplicaSet was last scaled. */
export const desiredReplicasAnnotation = 'deployment.kubernetes.io/desired-replicas'
/** spec.replicas + maxSurge of the Deployment when the ReplicaSet was last scaled. */
export const maxReplicasAnnotation = 'deployment.kubernetes.io/max-replicas'
/** kubectl apply's record (never copied to ReplicaSets). */
export const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration'
/** The extensions/v1beta1 rollback request annotation (never copied). */
export const deprecatedRollbackToAnnotation = 'deprecated.deployment.rollback.to'
/** The label (on ReplicaSets, their selectors and pods) carrying the pod-template-hash. */
export const podTemplateHashLabel = 'pod-template-hash'
/** Set in the pod template by `kubectl rollout restart`: a template change like any other. */
export const restartedAtAnnotation = 'kubectl.kubernetes.io/restartedAt'

/** Annotations of a Deployment that are not copied to its ReplicaSets. */
export const annotationsToSkip: ReadonlySet<string> = new Set([
  lastAppliedAnnotation,
  revisionAnnotation,
  revisionHistoryAnnotation,
  desiredReplicasAnnotation,
  maxReplicasAnnotation,
  deprecatedRollbackToAnnotation,
])

/** Revision history length cap, in characters (~100 revisions). */
export const maxRevisionHistoryChars = 2000

function parseIntStrict(v: string | undefined): number | undefined {
  return v !== undefined && /^[+-]?\d+$/.test(v) ? Number(v) : undefined
}

/** The object's revision: 0 without the annotation, undefined when it is not an integer. */
export function revisionOf(obj: KubeObject): number | undefined {
  const v = obj.metadata.annotations?.[revisionAnnotation]
  return v === undefined ? 0 : parseIntStrict(v)
}

/** The highest revision among `rss` (unparsable ones ignored); 0 for none. */
export function maxRevision(rss: readonly ReplicaSet[]): number {
  let max = 0
  for (const rs of rss) max = Math.max(max, revisionOf(rs) ?? 0)
  return max
}

/** Copies the Deployment's annotations (but annotationsToSkip) onto the ReplicaSet; true when something changed. */
export function copyDeploymentAnnotations(d: Deployment, rs: ReplicaSet): boolean {
  const target = (rs.metadata.annotations ??= {})
  let changed = false
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (annotationsToSkip.has(k) || target[k] === v) continue
    target[k] = v
    changed = true
  }
  return changed
}

/** Sets desired-replicas and max-replicas; true when either changed. */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = (rs.metadata.annotations ??= {})
  let changed = false
  if (a[desiredReplicasAnnotation] !== String(desired)) (a[desiredReplicasAnnotation] = String(desired)), (changed = true)
  if (a[maxReplicasAnnotation] !== String(max)) (a[maxReplicasAnnotation] = String(max)), (changed = true)
  return changed
}

/** True when desired-replicas or max-replicas differ from the given values. */
export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = rs.metadata.annotations ?? {}
  return a[desiredReplicasAnnotation] !== String(desired) || a[maxReplicasAnnotation] !== String(max)
}

/** The desired-replicas annotation as a number, if valid. */
export function desiredReplicasOf(rs: ReplicaSet): number | undefined {
  return parseIntStrict(rs.metadata.annotations?.[desiredReplicasAnnotation])
}

/** The max-replicas annotation as a number, if valid. */
export function maxReplicasOf(rs: ReplicaSet): number | undefined {
  return parseIntStrict(rs.metadata.annotations?.[maxReplicasAnnotation])
}

/**
 * Annotates the Deployment's new ReplicaSet (SetNewReplicaSetAnnotations): copies the Deployment's
 * annotations, raises the revision to `newRevision` when it is lower (keeping the previous revision in
 * revision-history when the ReplicaSet is re-used by a rollback), and for a ReplicaSet about to be
 * created (`exists` false) sets the replica annotations. Returns true when something changed.
 */
export function setNewReplicaSetAnnotations(d: Deployment, rs: ReplicaSet, newRevision: number, exists: boolean, maxHistoryChars = maxRevisionHistoryChars): boolean {
  let changed = copyDeploymentAnnotations(d, rs)
  const a = (rs.metadata.annotations ??= {})
  const had = Object.hasOwn(a, revisionAnnotation)
  const oldRevision = a[revisionAnnotation]
  const old = oldRevision === undefined || oldRevision === '' ? 0 : parseIntStrict(oldRevision)
  if (old === undefined) return changed
  if (old < newRevision) {
    a[revisionAnnotation] = String(newRevision)
    changed = true
    if (had) {
      const history = a[revisionHistoryAnnotation] ?? ''
      if (history === '') a[revisionHistoryAnnotation] = oldRevision!
      else {
        const parts = history.split(',')
        let total = history.length + oldRevision!.length + 1
        let start = 0
        while (total > maxHistoryChars && start < parts.length) total -= parts[start++].length + 1
        if (total <= maxHistoryChars) a[revisionHistoryAnnotation] = [...parts.slice(start), oldRevision!].join(',')
      }
    }
  }
  const replicas = deploymentReplicas(d)
  if (!exists && setReplicasAnnotations(rs, replicas, replicas + maxSurge(d))) changed = true
  return changed
}

/** Sets the Deployment's revision annotation; true when it changed. */
export function setDeploymentRevision(d: Deployment, revision: string): boolean {
  const a = (d.metadata.annotations ??= {})
  if (a[revisionAnnotation] === revision) return false
  a[revisionAnnotation] = revision
  return true
}
