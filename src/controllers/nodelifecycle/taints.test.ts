import {describe, expect, it} from 'vitest'
import type {Node, Taint} from '../../api/types/node.js'
import {desiredLifecycleTaints, findUntoleratedTaint, reconcileNodeTaints, toleratesTaint} from './taints.js'

const t0 = new Date('2024-05-01T10:00:00Z')

function node(conditions: Record<string, 'True' | 'False' | 'Unknown'>, taints?: Taint[], unschedulable?: boolean): Node {
  return {
    metadata: {name: 'n1'},
    spec: {...(taints ? {taints} : {}), ...(unschedulable ? {unschedulable} : {})},
    status: {conditions: Object.entries(conditions).map(([type, status]) => ({type, status}))},
  }
}

describe('toleratesTaint', () => {
  const taint: Taint = {key: 'k', value: 'v', effect: 'NoExecute'}
  it('matches key, value and effect as upstream', () => {
    expect(toleratesTaint({key: 'k', value: 'v', effect: 'NoExecute'}, taint)).toBe(true)
    expect(toleratesTaint({key: 'k', operator: 'Equal', value: 'v'}, taint)).toBe(true)
    expect(toleratesTaint({key: 'k', operator: 'Equal', value: 'w'}, taint)).toBe(false)
    expect(toleratesTaint({key: 'k', operator: 'Exists'}, taint)).toBe(true)
    expect(toleratesTaint({operator: 'Exists'}, taint)).toBe(true)
    expect(toleratesTaint({key: 'k', operator: 'Exists', effect: 'NoSchedule'}, taint)).toBe(false)
    expect(toleratesTaint({key: 'other', operator: 'Exists'}, taint)).toBe(false)
    expect(toleratesTaint({key: 'k', operator: 'Exists'}, {key: 'k', effect: 'NoSchedule'})).toBe(true)
    expect(toleratesTaint({key: 'k'}, {key: 'k', effect: 'NoSchedule'})).toBe(true)
  })
  it('finds the first untolerated taint of interest', () => {
    const taints: Taint[] = [{key: 'a', effect: 'PreferNoSchedule'}, {key: 'b', effect: 'NoSchedule'}, {key: 'c', effect: 'NoExecute'}]
    expect(findUntoleratedTaint(taints, [], (t) => t.effect !== 'PreferNoSchedule')?.key).toBe('b')
    expect(findUntoleratedTaint(taints, [{key: 'b', operator: 'Exists'}], (t) => t.effect !== 'PreferNoSchedule')?.key).toBe('c')
    expect(findUntoleratedTaint(taints, [{operator: 'Exists'}])).toBeUndefined()
  })
})

describe('desiredLifecycleTaints', () => {
  it('maps conditions and unschedulable to taint keys', () => {
    expect(desiredLifecycleTaints(node({Ready: 'True'}))).toEqual({noSchedule: [], noExecute: []})
    expect(desiredLifecycleTaints(node({Ready: 'False', MemoryPressure: 'True', DiskPressure: 'False'}, undefined, true))).toEqual({
      noSchedule: ['node.kubernetes.io/not-ready', 'node.kubernetes.io/memory-pressure', 'node.kubernetes.io/unschedulable'],
      noExecute: ['node.kubernetes.io/not-ready'],
    })
    expect(desiredLifecycleTaints(node({Ready: 'Unknown', NetworkUnavailable: 'True', PIDPressure: 'True'}))).toEqual({
      noSchedule: ['node.kubernetes.io/unreachable', 'node.kubernetes.io/network-unavailable', 'node.kubernetes.io/pid-pressure'],
      noExecute: ['node.kubernetes.io/unreachable'],
    })
    expect(desiredLifecycleTaints(node({})).noExecute).toBeUndefined()
  })
})

describe('reconcileNodeTaints', () => {
  it('adds the unreachable taints with timeAdded, keeping user taints', () => {
    const user: Taint = {key: 'dedicated', value: 'gpu', effect: 'NoSchedule'}
    expect(reconcileNodeTaints(node({Ready: 'Unknown'}, [user]), t0)).toEqual([
      user,
      {key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: '2024-05-01T10:00:00Z'},
      {key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2024-05-01T10:00:00Z'},
    ])
  })

  it('swaps unreachable for not-ready and keeps the timeAdded of taints that stay', () => {
    const current: Taint[] = [
      {key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: '2024-05-01T09:00:00Z'},
      {key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2024-05-01T09:00:00Z'},
      {key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule', timeAdded: '2024-05-01T08:00:00Z'},
    ]
    expect(reconcileNodeTaints(node({Ready: 'False', DiskPressure: 'True'}, current), t0)).toEqual([
      {key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule', timeAdded: '2024-05-01T08:00:00Z'},
      {key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule', timeAdded: '2024-05-01T10:00:00Z'},
      {key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: '2024-05-01T10:00:00Z'},
    ])
  })

  it('removes every lifecycle taint once Ready, and is a no-op when up to date', () => {
    const current: Taint[] = [
      {key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule'},
      {key: 'node.kubernetes.io/not-ready', effect: 'NoExecute'},
      {key: 'node.kubernetes.io/not-ready', effect: 'PreferNoSchedule'},
      {key: 'example.com/x', effect: 'NoExecute'},
    ]
    expect(reconcileNodeTaints(node({Ready: 'True'}, current), t0)).toEqual([
      {key: 'node.kubernetes.io/not-ready', effect: 'PreferNoSchedule'},
      {key: 'example.com/x', effect: 'NoExecute'},
    ])
    expect(reconcileNodeTaints(node({Ready: 'True'}, [{key: 'example.com/x', effect: 'NoExecute'}]), t0)).toBeUndefined()
    // no Ready condition yet: NoExecute taints are left alone
    expect(reconcileNodeTaints(node({}, [{key: 'node.kubernetes.io/unreachable', effect: 'NoExecute'}]), t0)).toBeUndefined()
  })
})
