/**
 * NodePorts (upstream plugin of the same name): the pod's host ports must be free on the node. A port is a
 * (hostIP, protocol, hostPort) triple; 0.0.0.0 (or an empty hostIP) conflicts with the same protocol/port
 * on any IP, a specific IP conflicts with the same IP or with 0.0.0.0.
 */
import type {FilterPlugin, HostPort, NodeInfo, PodInfo} from '../types.js'

/** Upstream's reason. */
export const ERR_REASON_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports"

const reasons = [ERR_REASON_NODE_PORTS] as const

/** Whether a wanted host port conflicts with the ports in use on the node (upstream HostPortInfo.CheckConflict). */
export function portConflicts(node: NodeInfo, hp: HostPort): boolean {
  if (hp.port <= 0) return false
  const ip = hp.ip || '0.0.0.0'
  const proto = hp.protocol || 'TCP'
  if (ip === '0.0.0.0') return node.usedProtoPorts.has(`${proto}/${hp.port}`)
  return node.usedPorts.has(`0.0.0.0/${proto}/${hp.port}`) || node.usedPorts.has(`${ip}/${proto}/${hp.port}`)
}

/** Filter: null when none of the pod's host ports is taken on the node. */
export function nodePortsFilter(pod: PodInfo, node: NodeInfo): readonly string[] | null {
  for (const hp of pod.hostPorts) if (portConflicts(node, hp)) return reasons
  return null
}

/** The NodePorts plugin (skipped for pods without host ports). */
export const nodePorts: FilterPlugin<true> = {
  name: 'NodePorts',
  preFilter: (pod) => (pod.hostPorts.length ? true : null),
  filter: (_s, pod, node) => nodePortsFilter(pod, node),
}
