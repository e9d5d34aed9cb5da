/**
 * NodeResourcesLeastAllocated: the NodeResourcesFit score with upstream's default LeastAllocated strategy.
 * Per resource (cpu and memory, weight 1 each): (allocatable − requested)·100 / allocatable, where
 * requested counts the pods on the node plus this pod with the non-zero defaults (100m, 200Mi) for
 * containers without requests; 0 when over-committed or when the node has none of the resource. The node
 * score is the weighted mean (integer arithmetic, as upstream). Weight 1.
 */
import type {NodeInfo, PodInfo, ScorePlugin} from '../types.js'
import {MAX_NODE_SCORE} from '../types.js'

/** Upstream's leastRequestedScore for one resource. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity)
}

/** The score of a node for a pod: mean of the cpu and memory least-requested scores. */
export function leastAllocatedScore(pod: PodInfo, node: NodeInfo): number {
  const cpu = leastRequestedScore(node.nonZeroCPU + pod.nonZeroCPU, node.allocatable.milliCPU)
  const mem = leastRequestedScore(node.nonZeroMemory + pod.nonZeroMemory, node.allocatable.memory)
  return Math.trunc((cpu + mem) / 2)
}

/** The NodeResourcesLeastAllocated score plugin (scores are already 0–100). */
export const leastAllocated: ScorePlugin<true> = {
  name: 'NodeResourcesLeastAllocated',
  weight: 1,
  preScore: () => true,
  score: (_s, pod, node) => leastAllocatedScore(pod, node),
}
