import {describe, expect, it} from 'vitest'
import type {Toleration} from '../../api/types/affinity.js'
import type {Taint} from '../../api/types/node.js'
import type {Pod} from '../../api/types/pod.js'
import {evictionTime} from './eviction.js'

const T = Date.parse('2024-05-01T10:00:00Z')
const unreachable: Taint = {key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2024-05-01T10:00:00Z'}
const notReady: Taint = {key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: '2024-05-01T10:01:00Z'}
const custom: Taint = {key: 'example.com/drain', effect: 'NoExecute', timeAdded: '2024-05-01T10:00:00Z'}
const pod = (tolerations: Toleration[] = [], created = '2024-05-01T09:00:00Z'): Pod => ({metadata: {name: 'p', creationTimestamp: created}, spec: {containers: [], tolerations}})
const defaults: Toleration[] = [
  {key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300},
  {key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300},
]

describe('evictionTime', () => {
  it('ignores nodes without NoExecute taints', () => {
    expect(evictionTime(pod(), [], T, 300)).toBeUndefined()
    expect(evictionTime(pod(), [{key: 'x', effect: 'NoSchedule'}], T, 300)).toBeUndefined()
  })
  it('honours tolerationSeconds from the taint time', () => {
    expect(evictionTime(pod(defaults), [unreachable], T, 999)).toBe(T + 300_000)
    expect(evictionTime(pod([{...defaults[1], tolerationSeconds: 30}]), [unreachable], T, 999)).toBe(T + 30_000)
    expect(evictionTime(pod([{...defaults[1], tolerationSeconds: -5}]), [unreachable], T, 999)).toBe(T)
  })
  it('never evicts pods tolerating without tolerationSeconds', () => {
    expect(evictionTime(pod([{operator: 'Exists'}]), [unreachable, custom], T, 300)).toBeUndefined()
  })
  it('uses podEvictionTimeoutSeconds for untolerated lifecycle taints and evicts at once for others', () => {
    expect(evictionTime(pod(), [unreachable], T + 5000, 120)).toBe(T + 120_000)
    expect(evictionTime(pod(), [notReady], T, 120)).toBe(T + 60_000 + 120_000)
    expect(evictionTime(pod(defaults), [unreachable, custom], T + 5000, 120)).toBe(T + 5000)
  })
  it('takes the earliest deadline and counts from the pod creation when later than the taint', () => {
    expect(evictionTime(pod(defaults), [unreachable, notReady], T, 999)).toBe(T + 300_000)
    expect(evictionTime(pod(defaults, '2024-05-01T10:02:00Z'), [unreachable], T, 999)).toBe(T + 120_000 + 300_000)
    expect(evictionTime(pod(defaults), [{...unreachable, timeAdded: undefined}], T + 7, 999)).toBe(T + 7 + 300_000)
  })
})
