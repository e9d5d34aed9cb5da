/**
 * Node health as the node lifecycle controller judges it (tryUpdateNodeHealth): when it last saw the
 * kubelet alive — a new Ready heartbeat in the node status or a renewed Lease in kube-node-lease, taken at
 * the controller's own clock to be immune to skew — and, once that is older than the grace period, the
 * node's conditions turned Unknown.
 */
import type {Lease} from '../../api/types/coordination.js'
import type {Node, NodeCondition} from '../../api/types/node.js'
import {nowRfc3339, parseTime} from '../../util/time.js'

/** What the controller remembers about a node between syncs. */
export interface NodeHealth {
  /** when (controller clock, ms) the kubelet was last seen alive */
  probeTimestamp: number
  /** when (ms) the Ready condition was last seen changing */
  readyTransitionTimestamp: number
  /** the Ready condition as last seen (undefined: the kubelet never posted one) */
  readyHeartbeat?: string
  readyTransition?: string
  hadReady: boolean
  /** the Lease renewTime last seen (ms) */
  leaseRenewTime?: number
}

/** Grace periods (ms). */
export interface HealthOptions {
  /** without a Ready heartbeat or Lease renewal for this long, a node is Unknown (nodeMonitorGracePeriod) */
  gracePeriodMs: number
  /** the same for nodes whose kubelet never posted a Ready condition (nodeStartupGracePeriod) */
  startupGracePeriodMs: number
}

function readyCondition(node: Node): NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === 'Ready')
}

/** Updates the record of `node` with what the node and its Lease show now. */
export function observeNodeHealth(saved: NodeHealth | undefined, node: Node, lease: Lease | undefined, now: number): NodeHealth {
  const ready = readyCondition(node)
  let rec: NodeHealth
  if (!ready) {
    // never posted: count from the node's creation (nodeStartupGracePeriod applies)
    const created = parseTime(node.metadata.creationTimestamp)?.getTime() ?? now
    rec = saved && !saved.hadReady ? {...saved} : {probeTimestamp: created, readyTransitionTimestamp: created, hadReady: false, leaseRenewTime: saved?.leaseRenewTime}
  } else if (!saved || !saved.hadReady) {
    rec = {probeTimestamp: now, readyTransitionTimestamp: now, readyHeartbeat: ready.lastHeartbeatTime, readyTransition: ready.lastTransitionTime, hadReady: true, leaseRenewTime: saved?.leaseRenewTime}
  } else if (saved.readyHeartbeat !== ready.lastHeartbeatTime) {
    rec = {
      probeTimestamp: now,
      readyTransitionTimestamp: saved.readyTransition !== ready.lastTransitionTime ? now : saved.readyTransitionTimestamp,
      readyHeartbeat: ready.lastHeartbeatTime,
      readyTransition: ready.lastTransitionTime,
      hadReady: true,
      leaseRenewTime: saved.leaseRenewTime,
    }
  } else {
    rec = {...saved}
  }
  const renew = parseTime(lease?.spec?.renewTime)?.getTime()
  if (renew !== undefined && (rec.leaseRenewTime === undefined || rec.leaseRenewTime < renew)) {
    rec.leaseRenewTime = renew
    rec.probeTimestamp = now
  }
  return rec
}

/** When (ms) the node stops being considered alive unless the kubelet shows up again. */
export function healthDeadline(node: Node, rec: NodeHealth, o: HealthOptions): number {
  return rec.probeTimestamp + (readyCondition(node) ? o.gracePeriodMs : o.startupGracePeriodMs)
}

/** The condition types turned Unknown when the kubelet is silent. */
export const monitoredConditionTypes = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'] as const

/**
 * The node's conditions once its kubelet has been silent past the grace period: Ready, MemoryPressure,
 * DiskPressure and PIDPressure become Unknown (reason NodeStatusUnknown, "Kubelet stopped posting node
 * status."; never-posted ones are added with NodeStatusNeverUpdated), lastHeartbeatTime kept. Undefined
 * while the node is alive or when nothing changes.
 */
export function staleNodeConditions(node: Node, rec: NodeHealth, now: number, o: HealthOptions): NodeCondition[] | undefined {
  if (now <= healthDeadline(node, rec, o)) return undefined
  const at = nowRfc3339(new Date(now))
  const conditions = (node.status?.conditions ?? []).map((c) => ({...c}))
  let changed = false
  for (const type of monitoredConditionTypes) {
    const cur = conditions.find((c) => c.type === type)
    if (!cur) {
      conditions.push({type, status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.', lastHeartbeatTime: node.metadata.creationTimestamp, lastTransitionTime: at})
      changed = true
    } else if (cur.status !== 'Unknown') {
      cur.status = 'Unknown'
      cur.reason = 'NodeStatusUnknown'
      cur.message = 'Kubelet stopped posting node status.'
      cur.lastTransitionTime = at
      changed = true
    }
  }
  return changed ? conditions : undefined
}
