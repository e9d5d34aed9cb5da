/**
 * TaintToleration (upstream plugin of the same name). Filter: a node's NoSchedule and NoExecute taints must
 * all be tolerated; the first untolerated one (in the node's order) is the reason. Score: the fewer
 * untolerated PreferNoSchedule taints the better (normalised in reverse, weight 3 as upstream).
 */
import type {Toleration} from '../../api/types/affinity.js'
import type {Taint} from '../../api/types/node.js'
import {defaultNormalizeScore} from '../normalize.js'
import type {FilterPlugin, NodeInfo, PodInfo, ScorePlugin} from '../types.js'

export {toleratesTaint} from '../../api/tolerations.js'
import {toleratesTaint} from '../../api/tolerations.js'

/** Whether any of the tolerations tolerates the taint. */
export function tolerated(tolerations: readonly Toleration[], taint: Taint): boolean {
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true
  return false
}

/** Upstream's reason for an untolerated taint: `node(s) had untolerated taint {key: value}`. */
export function untoleratedTaintReason(taint: Pick<Taint, 'key' | 'value'>): string {
  return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`
}

/** The first NoSchedule/NoExecute taint of `taints` the tolerations do not tolerate. */
export function findUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[]): Taint | undefined {
  for (const taint of taints) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue
    if (!tolerated(tolerations, taint)) return taint
  }
  return undefined
}

/** Filter: null when every NoSchedule/NoExecute taint is tolerated, else the reason for the first that is not. */
export function taintTolerationFilter(pod: PodInfo, node: NodeInfo): string[] | null {
  const taint = findUntoleratedTaint(node.taints, pod.tolerations)
  return taint ? [untoleratedTaintReason(taint)] : null
}

/** Tolerations that count for PreferNoSchedule taints (effect empty or PreferNoSchedule). */
export function preferNoScheduleTolerations(tolerations: readonly Toleration[]): Toleration[] {
  return tolerations.filter((t) => !t.effect || t.effect === 'PreferNoSchedule')
}

/** Raw score: the number of PreferNoSchedule taints not tolerated (lower is better). */
export function countIntolerablePreferNoSchedule(taints: readonly Taint[], tolerations: readonly Toleration[]): number {
  let n = 0
  for (const taint of taints) if (taint.effect === 'PreferNoSchedule' && !tolerated(tolerations, taint)) n++
  return n
}

/** The TaintToleration plugin (filter and score). */
export const taintToleration: FilterPlugin<true> & ScorePlugin<Toleration[]> = {
  name: 'TaintToleration',
  weight: 3,
  preFilter: () => true,
  filter: (_s, pod, node) => (node.taints.length === 0 ? null : taintTolerationFilter(pod, node)),
  preScore(pod, nodes) {
    // skipped when no candidate has a PreferNoSchedule taint: every node would score the same
    for (const n of nodes) for (const t of n.taints) if (t.effect === 'PreferNoSchedule') return preferNoScheduleTolerations(pod.tolerations)
    return null
  },
  score: (tolerations, _pod, node) => countIntolerablePreferNoSchedule(node.taints, tolerations),
  normalize: (_s, scores) => defaultNormalizeScore(scores, true),
}
