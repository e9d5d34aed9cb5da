import {describe, expect, it} from 'vitest'
import type {Lease} from '../../api/types/coordination.js'
import type {Node} from '../../api/types/node.js'
import {healthDeadline, observeNodeHealth, staleNodeConditions} from './health.js'

const T = Date.parse('2024-05-01T10:00:00Z')
const o = {gracePeriodMs: 40_000, startupGracePeriodMs: 60_000}

function node(ready?: {status: 'True' | 'False'; heartbeat: string; transition?: string}, extra: Node['status'] = {}): Node {
  return {
    metadata: {name: 'n1', creationTimestamp: '2024-05-01T09:59:00Z'},
    status: {
      ...extra,
      conditions: [
        ...(extra.conditions ?? []),
        ...(ready ? [{type: 'Ready', status: ready.status, lastHeartbeatTime: ready.heartbeat, lastTransitionTime: ready.transition ?? '2024-05-01T09:00:00Z'}] : []),
      ],
    },
  }
}
const lease = (renew: string): Lease => ({metadata: {name: 'n1', namespace: 'kube-node-lease'}, spec: {renewTime: renew}})

describe('observeNodeHealth', () => {
  it('starts the clock when first seen and moves it on new heartbeats or lease renewals only', () => {
    const n = node({status: 'True', heartbeat: '2024-05-01T09:00:00Z'})
    let rec = observeNodeHealth(undefined, n, undefined, T)
    expect(rec.probeTimestamp).toBe(T)
    rec = observeNodeHealth(rec, n, undefined, T + 10_000)
    expect(rec.probeTimestamp).toBe(T)
    rec = observeNodeHealth(rec, n, lease('2024-05-01T10:00:05.000000Z'), T + 20_000)
    expect(rec.probeTimestamp).toBe(T + 20_000)
    rec = observeNodeHealth(rec, n, lease('2024-05-01T10:00:05.000000Z'), T + 30_000)
    expect(rec.probeTimestamp).toBe(T + 20_000)
    rec = observeNodeHealth(rec, node({status: 'True', heartbeat: '2024-05-01T10:00:30Z'}), lease('2024-05-01T10:00:05.000000Z'), T + 35_000)
    expect(rec.probeTimestamp).toBe(T + 35_000)
    expect(rec.readyTransitionTimestamp).toBe(T)
    rec = observeNodeHealth(rec, node({status: 'False', heartbeat: '2024-05-01T10:00:40Z', transition: '2024-05-01T10:00:40Z'}), undefined, T + 41_000)
    expect(rec.readyTransitionTimestamp).toBe(T + 41_000)
  })

  it('counts never-posted nodes from their creation', () => {
    const rec = observeNodeHealth(undefined, node(), undefined, T)
    expect(rec.probeTimestamp).toBe(Date.parse('2024-05-01T09:59:00Z'))
    expect(healthDeadline(node(), rec, o)).toBe(Date.parse('2024-05-01T10:00:00Z'))
  })
})

describe('staleNodeConditions', () => {
  it('does nothing within the grace period', () => {
    const n = node({status: 'True', heartbeat: '2024-05-01T09:00:00Z'})
    const rec = observeNodeHealth(undefined, n, undefined, T)
    expect(staleNodeConditions(n, rec, T + 40_000, o)).toBeUndefined()
  })

  it('turns Ready and the pressure conditions Unknown after it, keeping heartbeats', () => {
    const n = node({status: 'True', heartbeat: '2024-05-01T09:00:00Z'}, {conditions: [{type: 'MemoryPressure', status: 'False', lastHeartbeatTime: 'h'}, {type: 'NetworkUnavailable', status: 'False'}]})
    const rec = observeNodeHealth(undefined, n, undefined, T)
    const out = staleNodeConditions(n, rec, T + 40_001, o)!
    const at = '2024-05-01T10:00:40Z'
    expect(out).toEqual([
      {type: 'MemoryPressure', status: 'Unknown', lastHeartbeatTime: 'h', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: at},
      {type: 'NetworkUnavailable', status: 'False'},
      {type: 'Ready', status: 'Unknown', lastHeartbeatTime: '2024-05-01T09:00:00Z', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: at},
      {type: 'DiskPressure', status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.', lastHeartbeatTime: '2024-05-01T09:59:00Z', lastTransitionTime: at},
      {type: 'PIDPressure', status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.', lastHeartbeatTime: '2024-05-01T09:59:00Z', lastTransitionTime: at},
    ])
    const again = {...n, status: {conditions: out}}
    expect(staleNodeConditions(again, rec, T + 50_000, o)).toBeUndefined()
  })

  it('gives never-posted nodes the startup grace period', () => {
    const rec = observeNodeHealth(undefined, node(), undefined, T)
    expect(staleNodeConditions(node(), rec, T - 1000, o)).toBeUndefined()
    expect(staleNodeConditions(node(), rec, T + 1, o)?.find((c) => c.type === 'Ready')).toMatchObject({status: 'Unknown', reason: 'NodeStatusNeverUpdated'})
  })
})
