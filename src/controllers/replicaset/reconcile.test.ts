import {describe, expect, it} from 'vitest'
import type {ReplicaSet} from '../../api/types/apps.js'
import type {Pod} from '../../api/types/pod.js'
import {claimDecision} from '../common/controller-ref.js'
import {calculateReplicaSetStatus, podFromTemplate, reconcileReplicaSet, replicaSetStatusChanged, slowStartBatches} from './reconcile.js'
import {rankPodsForDeletion} from './ranking.js'

const now = new Date('2030-01-01T12:00:00Z')
const ago = (s: number) => new Date(now.getTime() - s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')

function rs(replicas: number, extra: Partial<ReplicaSet['metadata']> = {}): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {name: 'web', namespace: 'default', uid: 'rs-uid', generation: 2, ...extra},
    spec: {replicas, selector: {matchLabels: {app: 'web'}}, template: {metadata: {labels: {app: 'web', tier: 'fe'}}, spec: {containers: [{name: 'c', image: 'nginx'}]}}},
  }
}

interface PodOpts {
  node?: string
  phase?: 'Pending' | 'Running' | 'Unknown'
  readySince?: number
  restarts?: number
  created?: number
  cost?: number
  labels?: Record<string, string>
}

function pod(name: string, o: PodOpts = {}): Pod {
  return {
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      labels: o.labels ?? {app: 'web', tier: 'fe'},
      creationTimestamp: ago(o.created ?? 10_000),
      ...(o.cost !== undefined ? {annotations: {'controller.kubernetes.io/pod-deletion-cost': String(o.cost)}} : {}),
    },
    spec: {containers: [{name: 'c', image: 'nginx'}], nodeName: o.node ?? 'n1'},
    status: {
      phase: o.phase ?? 'Running',
      conditions: o.readySince !== undefined ? [{type: 'Ready', status: 'True', lastTransitionTime: ago(o.readySince)}] : [{type: 'Ready', status: 'False'}],
      containerStatuses: [{name: 'c', ready: o.readySince !== undefined, restartCount: o.restarts ?? 0, image: 'nginx', imageID: ''}],
    },
  }
}

describe('slowStartBatches', () => {
  it('doubles from 1 and ends with the remainder', () => {
    expect(slowStartBatches(0)).toEqual([])
    expect(slowStartBatches(1)).toEqual([1])
    expect(slowStartBatches(3)).toEqual([1, 2])
    expect(slowStartBatches(10)).toEqual([1, 2, 4, 3])
    expect(slowStartBatches(16)).toEqual([1, 2, 4, 8, 1])
  })
})

describe('reconcileReplicaSet', () => {
  it('creates the missing pods, capped at the burst size', () => {
    expect(reconcileReplicaSet(rs(3), [pod('a', {readySince: 100})], [], now)).toEqual({create: 2, delete: []})
    expect(reconcileReplicaSet(rs(2000), [], [], now).create).toBe(500)
    expect(reconcileReplicaSet(rs(1), [pod('a')], [], now)).toEqual({create: 0, delete: []})
  })

  it('deletes the surplus in upstream rank order', () => {
    const pods = [
      pod('old-ready', {readySince: 5000, created: 9000}),
      pod('running-not-ready'),
      pod('unknown', {phase: 'Unknown'}),
      pod('recently-ready', {readySince: 10, created: 9000}),
      pod('pending', {phase: 'Pending'}),
      pod('unscheduled', {phase: 'Pending', node: ''}),
    ]
    const order = rankPodsForDeletion(pods, pods, now).map((p) => p.metadata.name)
    expect(order).toEqual(['unscheduled', 'pending', 'unknown', 'running-not-ready', 'recently-ready', 'old-ready'])
    expect(reconcileReplicaSet(rs(4), pods, pods, now).delete.map((p) => p.metadata.name)).toEqual(['unscheduled', 'pending'])
  })

  it('prefers higher restart counts, then newer pods, when readiness ties', () => {
    const pods = [pod('old', {readySince: 100, created: 100_000}), pod('new', {readySince: 100, created: 100}), pod('flappy', {readySince: 100, restarts: 7, created: 100_000})]
    expect(rankPodsForDeletion(pods, pods, now).map((p) => p.metadata.name)).toEqual(['flappy', 'new', 'old'])
  })

  it('honours pod-deletion-cost before co-location, and co-location before ready time', () => {
    const crowded = [pod('a', {node: 'busy', readySince: 5000}), pod('b', {node: 'busy', readySince: 5000}), pod('c', {node: 'idle', readySince: 10})]
    // c became ready most recently, but a and b share a node with another related pod
    expect(rankPodsForDeletion(crowded, crowded, now).map((p) => p.metadata.name)).toEqual(['a', 'b', 'c'])
    const costed = [pod('cheap', {readySince: 5000, cost: -10}), pod('dear', {readySince: 10, cost: 100})]
    expect(rankPodsForDeletion(costed, costed, now).map((p) => p.metadata.name)).toEqual(['cheap', 'dear'])
  })

  it('deletes everything when scaling to zero', () => {
    const pods = [pod('a'), pod('b')]
    expect(reconcileReplicaSet(rs(0), pods, [], now).delete).toHaveLength(2)
  })
})

describe('podFromTemplate', () => {
  it('builds a pod with generateName, template labels and the controller reference', () => {
    const ref = {apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-uid', controller: true, blockOwnerDeletion: true}
    const p = podFromTemplate(rs(1), ref)
    expect(p.metadata).toEqual({generateName: 'web-', namespace: 'default', labels: {app: 'web', tier: 'fe'}, ownerReferences: [ref]})
    expect(p.spec?.containers[0].image).toBe('nginx')
  })
})

describe('calculateReplicaSetStatus', () => {
  it('counts fully labeled, ready and available pods', () => {
    const r = rs(3)
    r.spec!.minReadySeconds = 30
    const pods = [pod('a', {readySince: 60}), pod('b', {readySince: 5}), pod('c', {labels: {app: 'web'}})]
    expect(calculateReplicaSetStatus(r, pods, undefined, now)).toEqual({replicas: 3, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 1, observedGeneration: 2})
  })

  it('sets ReplicaFailure on errors and removes it after a clean sync', () => {
    const r = rs(3)
    const failed = calculateReplicaSetStatus(r, [pod('a')], new Error('quota exceeded'), now)
    expect(failed.conditions).toEqual([{type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'quota exceeded', lastTransitionTime: '2030-01-01T12:00:00Z'}])
    r.status = failed
    expect(calculateReplicaSetStatus(r, [pod('a'), pod('b'), pod('c')], undefined, now).conditions).toBeUndefined()
    expect(calculateReplicaSetStatus(r, [pod('a'), pod('b'), pod('c'), pod('d')], new Error('x'), now).conditions).toEqual(failed.conditions)
  })

  it('reports a change only when something differs', () => {
    const r = rs(1)
    const s = calculateReplicaSetStatus(r, [pod('a', {readySince: 1})], undefined, now)
    expect(replicaSetStatusChanged(r, s)).toBe(true)
    r.status = s
    expect(replicaSetStatusChanged(r, calculateReplicaSetStatus(r, [pod('a', {readySince: 1})], undefined, now))).toBe(false)
    r.metadata.generation = 3
    expect(replicaSetStatusChanged(r, calculateReplicaSetStatus(r, [pod('a', {readySince: 1})], undefined, now))).toBe(true)
  })
})

describe('claimDecision', () => {
  const owner = rs(1)
  const ref = {apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-uid', controller: true}
  const withRef = (r?: object, extra: object = {}) => ({metadata: {namespace: 'default', ...(r ? {ownerReferences: [r as typeof ref]} : {}), ...extra}})

  it.each([
    ['owned and matching', withRef(ref), true, owner, 'keep'],
    ['owned, no longer matching', withRef(ref), false, owner, 'release'],
    ['owned, not matching, owner being deleted', withRef(ref), false, rs(1, {deletionTimestamp: ago(1)}), 'ignore'],
    ['owned by another controller', withRef({...ref, uid: 'other'}), true, owner, 'ignore'],
    ['orphan matching', withRef(), true, owner, 'adopt'],
    ['orphan with a non-controller owner', withRef({...ref, uid: 'x', controller: false}), true, owner, 'adopt'],
    ['orphan not matching', withRef(), false, owner, 'ignore'],
    ['orphan, owner being deleted', withRef(), true, rs(1, {deletionTimestamp: ago(1)}), 'ignore'],
    ['orphan being deleted', withRef(undefined, {deletionTimestamp: ago(1)}), true, owner, 'ignore'],
    ['orphan in another namespace', {metadata: {namespace: 'other'}}, true, owner, 'ignore'],
  ])('%s → %s', (_name, child, matches, o, want) => {
    expect(claimDecision(o, child, matches as boolean)).toBe(want)
  })
})
