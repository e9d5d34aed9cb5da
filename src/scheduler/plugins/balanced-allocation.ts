/**
 * NodeResourcesBalancedAllocation (upstream plugin of the same name): prefers nodes whose cpu and memory
 * would be used in similar proportions after placing the pod: score = (1 − |f_cpu − f_mem| / 2)·100,
 * where f is the requested fraction (non-zero requests, capped at 1) of each resource. A node lacking one
 * of the two resources scores 100 (upstream skips resources with no allocatable). Weight 1.
 */
import type {NodeInfo, PodInfo, ScorePlugin} from '../types.js'
import {MAX_NODE_SCORE} from '../types.js'

/** The balanced-allocation score of a node for a pod. */
export function balancedAllocationScore(pod: PodInfo, node: NodeInfo): number {
  const a = node.allocatable
  if (a.milliCPU <= 0 || a.memory <= 0) return MAX_NODE_SCORE
  const fCPU = Math.min(1, (node.nonZeroCPU + pod.nonZeroCPU) / a.milliCPU)
  const fMem = Math.min(1, (node.nonZeroMemory + pod.nonZeroMemory) / a.memory)
  const std = Math.abs((fCPU - fMem) / 2)
  return Math.trunc((1 - std) * MAX_NODE_SCORE)
}

/** The NodeResourcesBalancedAllocation score plugin. */
export const balancedAllocation: ScorePlugin<true> = {
  name: 'NodeResourcesBalancedAllocation',
  weight: 1,
  preScore: () => true,
  score: (_s, pod, node) => balancedAllocationScore(pod, node),
}
