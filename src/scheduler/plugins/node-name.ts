/**
 * NodeName (upstream plugin of the same name): a pod naming a node in spec.nodeName fits only that node.
 * The scheduler never queues such pods (they bypass scheduling), so this only matters to callers that
 * evaluate a preset pod against the cluster (e.g. checking a pod that names its node).
 */
import type {FilterPlugin, NodeInfo, PodInfo} from '../types.js'

/** Upstream's reason. */
export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name"

const reasons = [ERR_REASON_NODE_NAME] as const

/** Filter: null when the pod names no node or names this one. */
export function nodeNameFilter(pod: PodInfo, node: NodeInfo): readonly string[] | null {
  const want = pod.pod.spec?.nodeName
  return !want || want === node.name ? null : reasons
}

/** The NodeName plugin. */
export const nodeName: FilterPlugin<string> = {
  name: 'NodeName',
  preFilter: (pod) => pod.pod.spec?.nodeName || null,
  filter: (want, _pod, node) => (want === node.name ? null : reasons),
}
