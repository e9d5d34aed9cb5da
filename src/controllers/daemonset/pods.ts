/**
 * DaemonSet pods: the revision hash, the pod a DaemonSet creates for a node, and which node a pod is for.
 *
 * Revisions: upstream records each template in a ControllerRevision and labels pods with its hash
 * (controller-revision-hash). mkube keeps no ControllerRevision objects: the hash is computed directly
 * from the pod template (plus status.collisionCount) like the deployment controller's pod-template-hash
 * (canonical JSON, FNV-32a, safe-encoded), so pods of the current template are recognised by that label.
 */
import type {NodeSelectorTerm} from '../../api/types/affinity.js'
import type {Affinity} from '../../api/types/affinity.js'
import type {DaemonSet} from '../../api/types/apps.js'
import type {OwnerReference} from '../../api/meta.js'
import type {Pod, PodTemplateSpec} from '../../api/types/pod.js'
import {computeHash} from '../deployment/index.js'
import {withDaemonTolerations} from './predicates.js'

/** The label carrying a pod's template revision (apps.ControllerRevisionHashLabelKey / DefaultDaemonSetUniqueLabelKey). */
export const revisionHashLabel = 'controller-revision-hash'

/** The current revision hash of a DaemonSet. */
export function daemonSetHash(ds: DaemonSet): string {
  return computeHash(ds.spec?.template, ds.status?.collisionCount)
}

/** CreatePodTemplate: the template with the daemon tolerations and the revision hash label. */
export function daemonPodTemplate(ds: DaemonSet, hash: string): PodTemplateSpec {
  const t = structuredClone(ds.spec?.template ?? {})
  const spec = t.spec ?? {containers: []}
  spec.tolerations = withDaemonTolerations(spec.tolerations, spec.hostNetwork === true)
  t.spec = spec
  t.metadata = {...(t.metadata ?? {}), labels: {...(t.metadata?.labels ?? {}), [revisionHashLabel]: hash}}
  return t
}

/**
 * ReplaceDaemonSetPodNodeNameNodeAffinity: the required node affinity becomes the single term
 * `metadata.name In [node]` (the scheduler then binds the pod there); preferred terms and pod
 * (anti-)affinity are kept.
 */
export function pinToNode(affinity: Affinity | undefined, node: string): Affinity {
  const term: NodeSelectorTerm = {matchFields: [{key: 'metadata.name', operator: 'In', values: [node]}]}
  const out = structuredClone(affinity ?? {})
  out.nodeAffinity = {...(out.nodeAffinity ?? {}), requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [term]}}
  return out
}

/** The pod the DaemonSet creates for `node` (generateName `<ds>-`, controller reference, pinned by affinity). */
export function newDaemonPod(ds: DaemonSet, hash: string, node: string, controllerRef: OwnerReference): Pod {
  const t = daemonPodTemplate(ds, hash)
  const md = t.metadata ?? {}
  const spec = t.spec!
  spec.affinity = pinToNode(spec.affinity, node)
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {generateName: `${ds.metadata.name}-`, namespace: ds.metadata.namespace, labels: {...(md.labels ?? {})}, ownerReferences: [controllerRef]},
    spec,
  }
  if (md.annotations) pod.metadata.annotations = {...md.annotations}
  if (md.finalizers?.length) pod.metadata.finalizers = [...md.finalizers]
  return pod
}

/** GetTargetNodeName: spec.nodeName, else the `metadata.name In [x]` required affinity field; undefined otherwise. */
export function targetNodeName(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName
  for (const term of pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const f of term.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In') return f.values?.length === 1 ? f.values[0] : undefined
  }
  return undefined
}

/** IsPodUpdated: the pod carries the current revision hash. */
export function isPodUpdated(pod: Pod, hash: string): boolean {
  return !!hash && pod.metadata.labels?.[revisionHashLabel] === hash
}

/** podByCreationTimestampAndPhase: scheduled pods first, then oldest first, then by name. */
export function compareDaemonPods(a: Pod, b: Pod): number {
  const sa = !!a.spec?.nodeName
  const sb = !!b.spec?.nodeName
  if (sa !== sb) return sa ? -1 : 1
  const ta = a.metadata.creationTimestamp ?? ''
  const tb = b.metadata.creationTimestamp ?? ''
  if (ta !== tb) return ta < tb ? -1 : 1
  const na = a.metadata.name ?? ''
  const nb = b.metadata.name ?? ''
  return na < nb ? -1 : na > nb ? 1 : 0
}
