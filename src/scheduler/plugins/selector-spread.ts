/**
 * SelectorSpread: spreads the pods of one owner across nodes and zones (upstream's SelectorSpread scoring,
 * which the default PodTopologySpread constraints replaced with the same intent). Pods belong together when
 * they share a spread key (the controller ownerReference, else namespace + labels; see podinfo.spreadKey).
 * A node scores 100·(max − count)/max, where count is the number of such pods on it and max the highest
 * count among the candidate nodes; when nodes carry topology.kubernetes.io/zone (and region) labels, the
 * zone's score weighs 2/3 of the result. Weight 2, as upstream's PodTopologySpread.
 */
import type {NodeInfo, PodInfo, ScorePlugin} from '../types.js'
import {MAX_NODE_SCORE} from '../types.js'

const ZONE_WEIGHTING = 2 / 3

/** Raw score: pods with the same spread key already on the node. */
export function spreadCount(key: string, node: NodeInfo): number {
  return node.spreadCounts.get(key) ?? 0
}

/** Turns raw counts into scores in place (fewer pods of the owner → higher score). */
export function normalizeSpread(scores: Float64Array, nodes: readonly NodeInfo[]): void {
  let maxNode = 0
  for (let i = 0; i < scores.length; i++) if (scores[i] > maxNode) maxNode = scores[i]
  let byZone: Map<string, number> | undefined
  for (let i = 0; i < nodes.length; i++) {
    const z = nodes[i].zone
    if (z !== '') (byZone ??= new Map()).set(z, (byZone.get(z) ?? 0) + scores[i])
  }
  let maxZone = 0
  if (byZone) for (const v of byZone.values()) if (v > maxZone) maxZone = v
  for (let i = 0; i < scores.length; i++) {
    let f = maxNode > 0 ? (MAX_NODE_SCORE * (maxNode - scores[i])) / maxNode : MAX_NODE_SCORE
    const z = nodes[i].zone
    if (byZone && z !== '') {
      const zoneScore = maxZone > 0 ? (MAX_NODE_SCORE * (maxZone - byZone.get(z)!)) / maxZone : MAX_NODE_SCORE
      f = f * (1 - ZONE_WEIGHTING) + ZONE_WEIGHTING * zoneScore
    }
    scores[i] = Math.trunc(f)
  }
}

/** The SelectorSpread score plugin (skipped for pods without a spread key). */
export const selectorSpread: ScorePlugin<string> = {
  name: 'SelectorSpread',
  weight: 2,
  preScore: (pod: PodInfo) => pod.spreadKey ?? null,
  score: (key, _pod, node) => spreadCount(key, node),
  normalize: (_key, scores, nodes) => normalizeSpread(scores, nodes),
}
