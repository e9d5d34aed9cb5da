/**
 * NodeReady: a node whose Ready condition is not True takes no new pods, exactly as the taints the node
 * lifecycle controller adds for it would decide (upstream filters through those taints; this plugin applies
 * them from the condition itself, so a node is filtered even before the controller has tainted it):
 * Ready False → node.kubernetes.io/not-ready:NoSchedule, Ready Unknown or missing →
 * node.kubernetes.io/unreachable:NoSchedule. A pod tolerating that taint passes. The reason is the
 * TaintToleration reason for the taint.
 */
import type {Taint} from '../../api/types/node.js'
import type {FilterPlugin, NodeInfo, PodInfo} from '../types.js'
import {tolerated, untoleratedTaintReason} from './taint-toleration.js'

/** The taint implied by Ready=False. */
export const NOT_READY_TAINT: Taint = {key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule'}
/** The taint implied by Ready=Unknown (or no Ready condition). */
export const UNREACHABLE_TAINT: Taint = {key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule'}

const notReady = [untoleratedTaintReason(NOT_READY_TAINT)] as const
const unreachable = [untoleratedTaintReason(UNREACHABLE_TAINT)] as const

/** Filter: null for a Ready node (or a pod tolerating the implied taint), else the taint's reason. */
export function nodeReadyFilter(pod: PodInfo, node: NodeInfo): readonly string[] | null {
  if (node.ready === 'True') return null
  const taint = node.ready === 'False' ? NOT_READY_TAINT : UNREACHABLE_TAINT
  if (tolerated(pod.tolerations, taint)) return null
  return node.ready === 'False' ? notReady : unreachable
}

/** The NodeReady plugin. */
export const nodeReady: FilterPlugin<true> = {
  name: 'NodeReady',
  preFilter: () => true,
  filter: (_s, pod, node) => nodeReadyFilter(pod, node),
}
