/**
 * Which nodes a DaemonSet's pod belongs on (NodeShouldRunDaemonPod): the template's nodeName (if any),
 * nodeSelector and required node affinity must match the node, and the pod (with the daemon tolerations
 * added) must tolerate its NoSchedule and NoExecute taints; a pod already there may stay while it only
 * fails NoSchedule taints. Also the node-affinity matching rules themselves (nodeaffinity.Match).
 */
import type {Toleration} from '../../api/types/affinity.js'
import type {NodeSelector, NodeSelectorRequirement, NodeSelectorTerm} from '../../api/types/affinity.js'
import type {DaemonSet} from '../../api/types/apps.js'
import type {Node} from '../../api/types/node.js'
import type {PodSpec} from '../../api/types/pod.js'
import {findUntoleratedTaint, taintKeys} from '../nodelifecycle/taints.js'

function labelRequirementMatches(r: NodeSelectorRequirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, r.key)
  const v = labels[r.key]
  const values = r.values ?? []
  switch (r.operator) {
    case 'In':
      return has && values.includes(v)
    case 'NotIn':
      return !has || !values.includes(v)
    case 'Exists':
      return has
    case 'DoesNotExist':
      return !has
    case 'Gt':
    case 'Lt': {
      if (!has || values.length !== 1 || !/^-?\d+$/.test(values[0]) || !/^-?\d+$/.test(v)) return false
      return r.operator === 'Gt' ? BigInt(v) > BigInt(values[0]) : BigInt(v) < BigInt(values[0])
    }
    default:
      return false
  }
}

function fieldRequirementMatches(r: NodeSelectorRequirement, node: Node): boolean {
  if (r.key !== 'metadata.name') return false
  const name = node.metadata.name ?? ''
  if (r.operator === 'In') return (r.values ?? []).includes(name)
  if (r.operator === 'NotIn') return !(r.values ?? []).includes(name)
  return false
}

/** A term matches when all its expressions and fields do; a term with neither matches nothing. */
export function nodeSelectorTermMatches(term: NodeSelectorTerm, node: Node): boolean {
  const exprs = term.matchExpressions ?? []
  const fields = term.matchFields ?? []
  if (exprs.length === 0 && fields.length === 0) return false
  const labels = node.metadata.labels ?? {}
  return exprs.every((r) => labelRequirementMatches(r, labels)) && fields.every((r) => fieldRequirementMatches(r, node))
}

/** Terms are ORed; no terms match nothing. */
export function nodeSelectorMatches(sel: NodeSelector, node: Node): boolean {
  return (sel.nodeSelectorTerms ?? []).some((t) => nodeSelectorTermMatches(t, node))
}

/** GetRequiredNodeAffinity(pod).Match(node): spec.nodeSelector and the required node affinity. */
export function requiredNodeAffinityMatches(spec: PodSpec | undefined, node: Node): boolean {
  const labels = node.metadata.labels ?? {}
  for (const [k, v] of Object.entries(spec?.nodeSelector ?? {})) if (labels[k] !== v) return false
  const required = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
  return !required || nodeSelectorMatches(required, node)
}

/** The tolerations the DaemonSet controller adds to its pods (AddOrUpdateDaemonPodTolerations). */
export function daemonTolerations(hostNetwork: boolean): Toleration[] {
  const out: Toleration[] = [
    {key: taintKeys.notReady, operator: 'Exists', effect: 'NoExecute'},
    {key: taintKeys.unreachable, operator: 'Exists', effect: 'NoExecute'},
    {key: taintKeys.diskPressure, operator: 'Exists', effect: 'NoSchedule'},
    {key: taintKeys.memoryPressure, operator: 'Exists', effect: 'NoSchedule'},
    {key: taintKeys.pidPressure, operator: 'Exists', effect: 'NoSchedule'},
    {key: taintKeys.unschedulable, operator: 'Exists', effect: 'NoSchedule'},
  ]
  if (hostNetwork) out.push({key: taintKeys.networkUnavailable, operator: 'Exists', effect: 'NoSchedule'})
  return out
}

function sameToleration(a: Toleration, b: Toleration): boolean {
  return (a.key ?? '') === (b.key ?? '') && (a.effect ?? '') === (b.effect ?? '') && (a.operator ?? '') === (b.operator ?? '') && (a.value ?? '') === (b.value ?? '')
}

/**
 * `tolerations` with the daemon tolerations added; one equal in key, operator, value and effect is
 * replaced (AddOrUpdateTolerationInPodSpec), so daemon pods tolerate those taints forever.
 */
export function withDaemonTolerations(tolerations: readonly Toleration[] | undefined, hostNetwork: boolean): Toleration[] {
  const out = [...(tolerations ?? [])].map((t) => ({...t}))
  for (const t of daemonTolerations(hostNetwork)) {
    const i = out.findIndex((x) => sameToleration(x, t))
    if (i >= 0) out[i] = t
    else out.push(t)
  }
  return out
}

/** Whether the DaemonSet should run a pod on `node` and whether one already there may keep running. */
export interface NodeFit {
  shouldRun: boolean
  shouldContinueRunning: boolean
}

/** NodeShouldRunDaemonPod. */
export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): NodeFit {
  const spec = ds.spec?.template?.spec
  const name = node.metadata.name
  if (spec?.nodeName && spec.nodeName !== name) return {shouldRun: false, shouldContinueRunning: false}
  if (!requiredNodeAffinityMatches(spec, node)) return {shouldRun: false, shouldContinueRunning: false}
  const tolerations = withDaemonTolerations(spec?.tolerations, spec?.hostNetwork === true)
  const taints = node.spec?.taints
  if (findUntoleratedTaint(taints, tolerations, (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute')) {
    // scheduled daemon pods may stay unless a NoExecute taint evicts them
    return {shouldRun: false, shouldContinueRunning: !findUntoleratedTaint(taints, tolerations, (t) => t.effect === 'NoExecute')}
  }
  return {shouldRun: true, shouldContinueRunning: true}
}
