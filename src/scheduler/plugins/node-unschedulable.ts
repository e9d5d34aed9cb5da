/**
 * NodeUnschedulable (upstream plugin of the same name): a cordoned node (spec.unschedulable) takes no new
 * pods, unless the pod tolerates the node.kubernetes.io/unschedulable:NoSchedule taint (DaemonSet pods do).
 */
import type {Taint} from '../../api/types/node.js'
import type {FilterPlugin, NodeInfo, PodInfo} from '../types.js'
import {tolerated} from './taint-toleration.js'

/** Upstream's reason. */
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable'

/** The taint a cordoned node implies. */
export const UNSCHEDULABLE_TAINT: Taint = {key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule'}

const reasons = [ERR_REASON_UNSCHEDULABLE] as const

/** Filter: null unless the node is unschedulable and the pod does not tolerate that. */
export function nodeUnschedulableFilter(pod: PodInfo, node: NodeInfo): readonly string[] | null {
  if (!node.unschedulable) return null
  return tolerated(pod.tolerations, UNSCHEDULABLE_TAINT) ? null : reasons
}

/** The NodeUnschedulable plugin. */
export const nodeUnschedulable: FilterPlugin<true> = {
  name: 'NodeUnschedulable',
  preFilter: () => true,
  filter: (_s, pod, node) => nodeUnschedulableFilter(pod, node),
}
