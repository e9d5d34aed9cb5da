import {afterEach, describe, expect, it} from 'vitest'
import {ApiError} from '../../api/errors.js'
import type {ReplicaSet} from '../../api/types/apps.js'
import type {Pod} from '../../api/types/pod.js'
import {FakeCluster, until} from '../common/testing.js'
import {podsRef, replicaSetsRef} from '../common/refs.js'
import {ReplicaSetController} from './controller.js'

const template = {metadata: {labels: {app: 'web'}}, spec: {containers: [{name: 'c', image: 'nginx'}]}}

function newRS(replicas: number): ReplicaSet {
  return {apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: {name: 'web', namespace: 'default'}, spec: {replicas, selector: {matchLabels: {app: 'web'}}, template}}
}

function orphan(name: string, labels: Record<string, string> = {app: 'web'}): Pod {
  return {metadata: {name, namespace: 'default', labels}, spec: {containers: [{name: 'c', image: 'nginx'}]}}
}

function setup(opts: ConstructorParameters<typeof FakeCluster>[0] = {}) {
  const cluster = new FakeCluster(opts)
  const ctrl = new ReplicaSetController()
  ctrl.start(cluster.context())
  return {cluster, ctrl}
}

const pods = (c: FakeCluster) => c.list<Pod>(podsRef, 'default')
const theRS = (c: FakeCluster) => c.find<ReplicaSet>(replicaSetsRef, 'web', 'default')!
const eventReasons = async (c: FakeCluster) => (await c.events()).map((e) => e.reason)

describe('ReplicaSetController sync', () => {
  it('creates pods from the template, owned by the ReplicaSet, and reports status', async () => {
    const {cluster, ctrl} = setup()
    const [rs] = cluster.seed(replicaSetsRef, newRS(3))
    await ctrl.sync('default/web')
    const ps = pods(cluster)
    expect(ps).toHaveLength(3)
    for (const p of ps) {
      expect(p.metadata.name).toMatch(/^web-[a-z0-9]{5}$/)
      expect(p.metadata.labels).toEqual({app: 'web'})
      expect(p.metadata.ownerReferences).toEqual([{apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true}])
    }
    // status describes the pods the sync started from; the next sync (after the informer caught up) counts them
    expect(theRS(cluster).status).toMatchObject({replicas: 0, observedGeneration: 1})
    await ctrl.sync('default/web')
    expect(cluster.actionsOf('create', 'pods')).toHaveLength(3)
    expect(theRS(cluster).status).toMatchObject({replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 0, availableReplicas: 0, observedGeneration: 1})
    expect((await eventReasons(cluster)).filter((r) => r === 'SuccessfulCreate')).toHaveLength(3)
  })

  it('does not act twice while its creations are not observed yet (expectations)', async () => {
    const {cluster, ctrl} = setup()
    cluster.seed(replicaSetsRef, newRS(3))
    cluster.hold()
    await ctrl.sync('default/web')
    await ctrl.sync('default/web')
    expect(cluster.actionsOf('create', 'pods')).toHaveLength(3)
    expect(ctrl.expectations.satisfied('default/web')).toBe(false)
    cluster.resume()
    expect(ctrl.expectations.satisfied('default/web')).toBe(true)
    await ctrl.sync('default/web')
    expect(cluster.actionsOf('create', 'pods')).toHaveLength(3)
  })

  it('scales down deleting not-ready pods before ready ones', async () => {
    const {cluster, ctrl} = setup()
    cluster.seed(replicaSetsRef, newRS(3))
    await ctrl.sync('default/web')
    const [a, b] = pods(cluster)
    for (const p of [a, b]) {
      p.spec!.nodeName = 'n1'
      p.status = {phase: 'Running', conditions: [{type: 'Ready', status: 'True', lastTransitionTime: '2020-01-01T00:00:00Z'}]}
      cluster.put(podsRef, p)
    }
    cluster.put(replicaSetsRef, {...theRS(cluster), spec: {...theRS(cluster).spec!, replicas: 2}})
    await ctrl.sync('default/web')
    expect(pods(cluster).map((p) => p.metadata.name).sort()).toEqual([a.metadata.name, b.metadata.name].sort())
    expect(await eventReasons(cluster)).toContain('SuccessfulDelete')
    await ctrl.sync('default/web')
    expect(theRS(cluster).status).toMatchObject({replicas: 2, readyReplicas: 2, availableReplicas: 2})
  })

  it('adopts matching orphans and releases pods that stop matching', async () => {
    const {cluster, ctrl} = setup()
    const [rs] = cluster.seed(replicaSetsRef, newRS(2))
    cluster.seed(podsRef, orphan('stray'), orphan('other', {app: 'db'}))
    await ctrl.sync('default/web')
    const stray = cluster.find<Pod>(podsRef, 'stray', 'default')!
    expect(stray.metadata.ownerReferences?.[0]).toMatchObject({uid: rs.metadata.uid, controller: true})
    expect(cluster.find<Pod>(podsRef, 'other', 'default')!.metadata.ownerReferences).toBeUndefined()
    expect(cluster.actionsOf('create', 'pods')).toHaveLength(1)

    stray.metadata.labels = {app: 'debug'}
    cluster.put(podsRef, stray)
    await ctrl.sync('default/web')
    expect(cluster.find<Pod>(podsRef, 'stray', 'default')!.metadata.ownerReferences).toEqual([])
    expect(pods(cluster).filter((p) => p.metadata.ownerReferences?.length)).toHaveLength(2)
  })

  it('does not adopt while the ReplicaSet is being deleted, nor create', async () => {
    const {cluster, ctrl} = setup()
    const rs = newRS(2)
    rs.metadata.finalizers = ['example.com/hold']
    cluster.seed(replicaSetsRef, rs)
    await cluster.client.delete(replicaSetsRef, 'web', 'default')
    cluster.seed(podsRef, orphan('stray'))
    await ctrl.sync('default/web')
    expect(cluster.find<Pod>(podsRef, 'stray', 'default')!.metadata.ownerReferences).toBeUndefined()
    expect(cluster.actionsOf('create', 'pods')).toHaveLength(0)
  })

  it('refuses adoption when a live read shows the ReplicaSet being deleted (stale cache)', async () => {
    const {cluster, ctrl} = setup()
    const rs = newRS(1)
    rs.metadata.finalizers = ['example.com/hold']
    cluster.seed(replicaSetsRef, rs)
    cluster.seed(podsRef, orphan('stray'))
    cluster.hold()
    await cluster.client.delete(replicaSetsRef, 'web', 'default')
    await expect(ctrl.sync('default/web')).rejects.toThrow(/cannot adopt pods: default\/web has just been deleted/)
    expect(cluster.actionsOf('patch', 'pods')).toHaveLength(0)
    expect(cluster.actionsOf('create', 'pods')).toHaveLength(0)
  })

  it('reports ReplicaFailure and FailedCreate when creation fails, and clears it afterwards', async () => {
    const {cluster, ctrl} = setup()
    cluster.seed(replicaSetsRef, newRS(3))
    cluster.failOn('create', 'pods', new ApiError({code: 403, reason: 'Forbidden', message: 'exceeded quota'}), 2)
    await expect(ctrl.sync('default/web')).rejects.toThrow('exceeded quota')
    // the first batch (1 pod) failed: nothing else was attempted and expectations were lowered
    expect(cluster.actionsOf('create', 'pods')).toHaveLength(1)
    expect(ctrl.expectations.satisfied('default/web')).toBe(true)
    expect(theRS(cluster).status?.conditions).toMatchObject([{type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'exceeded quota'}])
    expect(await eventReasons(cluster)).toContain('FailedCreate')
    await expect(ctrl.sync('default/web')).rejects.toThrow()
    await ctrl.sync('default/web')
    expect(pods(cluster)).toHaveLength(3)
    expect(theRS(cluster).status?.conditions).toBeUndefined()
  })

  it('replaces terminating and terminal pods without counting them', async () => {
    const {cluster, ctrl} = setup({gracefulPods: true})
    cluster.seed(replicaSetsRef, newRS(2))
    await ctrl.sync('default/web')
    const [a, b] = pods(cluster)
    await cluster.client.delete(podsRef, a.metadata.name!, 'default')
    b.status = {phase: 'Failed'}
    cluster.put(podsRef, b)
    await ctrl.sync('default/web')
    const live = pods(cluster).filter((p) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Failed')
    expect(live).toHaveLength(2)
    expect(pods(cluster)).toHaveLength(4)
    await ctrl.sync('default/web')
    expect(cluster.actionsOf('create', 'pods')).toHaveLength(4)
    expect(theRS(cluster).status?.replicas).toBe(2)
  })
})

describe('ReplicaSetController expectations with graceful deletion', () => {
  it('counts a deletion as observed once the pod is terminating, not when it is finally gone', async () => {
    const {cluster, ctrl} = setup({gracefulPods: true})
    cluster.seed(replicaSetsRef, newRS(3))
    await ctrl.sync('default/web')
    cluster.put(replicaSetsRef, {...theRS(cluster), spec: {...theRS(cluster).spec!, replicas: 1}})
    cluster.hold()
    await ctrl.sync('default/web')
    expect(cluster.actionsOf('delete', 'pods')).toHaveLength(2)
    expect(ctrl.expectations.pending('default/web')).toEqual({add: 0, del: 2})
    cluster.resume()
    expect(ctrl.expectations.satisfied('default/web')).toBe(true)
    expect(pods(cluster).filter((p) => p.metadata.deletionTimestamp)).toHaveLength(2)
    await ctrl.sync('default/web')
    expect(cluster.actionsOf('delete', 'pods')).toHaveLength(2)
    expect(cluster.actionsOf('create', 'pods')).toHaveLength(3)
  })
})

describe('ReplicaSetController run', () => {
  const stops: AbortController[] = []
  afterEach(() => stops.forEach((s) => s.abort()))

  it('reacts to informer events through its work queue', async () => {
    const {cluster, ctrl} = setup()
    const stop = new AbortController()
    stops.push(stop)
    const done = ctrl.run(stop.signal)
    cluster.seed(replicaSetsRef, newRS(2))
    await until(() => pods(cluster).length === 2 && theRS(cluster).status?.replicas === 2, 2000, 'two pods')
    const victim = pods(cluster)[0]
    await cluster.client.delete(podsRef, victim.metadata.name!, 'default')
    await until(() => pods(cluster).length === 2 && !pods(cluster).some((p) => p.metadata.name === victim.metadata.name), 2000, 'replacement')
    stop.abort()
    await done
  })
})
