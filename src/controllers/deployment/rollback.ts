/**
 * Rollback (`rollout undo`) as kubectl does it, client-side: find the ReplicaSet of the wanted revision
 * (default: the previous one) and copy its template (without pod-template-hash) and annotations back
 * into the Deployment; the controller then rolls that template out like any change.
 */
import type {Deployment, ReplicaSet} from '../../api/types/apps.js'
import type {PodTemplateSpec} from '../../api/types/pod.js'
import {getControllerOf} from '../common/controller-ref.js'
import {annotationsToSkip, podTemplateHashLabel, revisionOf} from './annotations.js'
import {equalIgnoreHash} from './replicasets.js'

/** The outcome of rollbackTemplate. */
export interface Rollback {
  /** the revision rolled back to */
  revision: number
  /** template to put in spec.template (absent when skipped) */
  template?: PodTemplateSpec
  /** the Deployment's metadata.annotations afterwards (absent when skipped) */
  annotations?: Record<string, string>
  /** why nothing needs to change, e.g. "current template already matches revision 2" */
  skipped?: string
}

/**
 * What `rollout undo [--to-revision=N]` writes. Considers the ReplicaSets the Deployment controls (all
 * of `replicasets` when the Deployment has no uid yet). Throws kubectl's errors: a paused Deployment,
 * an unknown revision, no history.
 */
export function rollbackTemplate(deploy: Deployment, replicasets: readonly ReplicaSet[], toRevision = 0): Rollback {
  if (deploy.spec?.paused) throw new Error("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again")
  const uid = deploy.metadata.uid
  const owned = replicasets.filter((rs) => !uid || getControllerOf(rs)?.uid === uid)
  let target: ReplicaSet | undefined
  if (toRevision > 0) {
    target = owned.find((rs) => revisionOf(rs) === toRevision)
    if (!target) throw new Error(`unable to find specified revision ${toRevision} in history`)
  } else {
    let latest = -1
    let previous = -1
    let latestRS: ReplicaSet | undefined
    for (const rs of owned) {
      const v = revisionOf(rs)
      if (v === undefined) continue
      if (v > latest) {
        ;[previous, target, latest, latestRS] = [latest, latestRS, v, rs]
      } else if (v > previous) {
        previous = v
        target = rs
      }
    }
    if (!target) throw new Error(`no rollout history found for deployment "${deploy.metadata.name}"`)
  }
  const revision = revisionOf(target) ?? 0
  if (equalIgnoreHash(target.spec?.template, deploy.spec?.template)) return {revision, skipped: `current template already matches revision ${revision}`}
  const template = structuredClone(target.spec?.template ?? {})
  if (template.metadata?.labels) delete template.metadata.labels[podTemplateHashLabel]
  const annotations: Record<string, string> = {}
  for (const k of annotationsToSkip) {
    const v = deploy.metadata.annotations?.[k]
    if (v !== undefined) annotations[k] = v
  }
  for (const [k, v] of Object.entries(target.metadata.annotations ?? {})) if (!annotationsToSkip.has(k)) annotations[k] = v
  return {revision, template, annotations}
}

/** The JSON patch kubectl sends for a rollback (replace spec.template and metadata.annotations). */
export function rollbackPatch(r: Rollback): {op: 'replace'; path: string; value: unknown}[] {
  if (!r.template) return []
  return [
    {op: 'replace', path: '/spec/template', value: r.template},
    {op: 'replace', path: '/metadata/annotations', value: r.annotations ?? {}},
  ]
}
