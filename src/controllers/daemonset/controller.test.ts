import {afterEach, describe, expect, it} from 'vitest'
import type {DaemonSet} from '../../api/types/apps.js'
import type {Node} from '../../api/types/node.js'
import type {Pod} from '../../api/types/pod.js'
import {podsRef} from '../common/refs.js'
import {FakeCluster, until} from '../common/testing.js'
import {DaemonSetController, daemonSetsRef} from './controller.js'
import {targetNodeName} from './pods.js'

const nodesRef = {group: '', version: 'v1', resource: 'nodes', namespaced: false}
const stops: AbortController[] = []
afterEach(() => stops.splice(0).forEach((s) => s.abort()))

function daemonSet(image = 'agent:1', extra: Partial<NonNullable<DaemonSet['spec']>> = {}): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {name: 'agent', namespace: 'kube-system'},
    spec: {selector: {matchLabels: {app: 'agent'}}, template: {metadata: {labels: {app: 'agent'}}, spec: {containers: [{name: 'c', image}]}}, ...extra},
  }
}

function setup() {
  const cluster = new FakeCluster()
  const ctrl = new DaemonSetController()
  ctrl.start(cluster.context())
  return {cluster, ctrl}
}

const pods = (c: FakeCluster) => c.list<Pod>(podsRef, 'kube-system')
const live = (c: FakeCluster) => pods(c).filter((p) => !p.metadata.deletionTimestamp)
const byNode = (c: FakeCluster) => live(c).map((p) => targetNodeName(p)).sort()
const theDS = (c: FakeCluster) => c.find<DaemonSet>(daemonSetsRef, 'agent', 'kube-system')!

/** What the scheduler and kubelet would do: bind each pod to its target node and report it ready. */
function runAll(c: FakeCluster): void {
  for (const p of live(c)) {
    if (p.spec?.nodeName && p.status?.phase === 'Running') continue
    p.spec = {...p.spec!, nodeName: targetNodeName(p)}
    p.status = {phase: 'Running', conditions: [{type: 'Ready', status: 'True', lastTransitionTime: '2024-01-01T00:00:00Z'}]}
    c.put(podsRef, p)
  }
}

describe('DaemonSetController sync', () => {
  it('creates one pod per eligible node and reports status', async () => {
    const {cluster, ctrl} = setup()
    cluster.seed(nodesRef, {metadata: {name: 'n1'}}, {metadata: {name: 'n2'}}, {metadata: {name: 'n3'}, spec: {taints: [{key: 'dedicated', effect: 'NoSchedule'}]}})
    cluster.seed(daemonSetsRef, daemonSet())
    await ctrl.sync('kube-system/agent')
    expect(byNode(cluster)).toEqual(['n1', 'n2'])
    expect(pods(cluster)[0].metadata.labels?.['controller-revision-hash']).toMatch(/^[a-z0-9]+$/)
    expect(theDS(cluster).status).toMatchObject({desiredNumberScheduled: 2, currentNumberScheduled: 0, observedGeneration: 1})
    runAll(cluster)
    await ctrl.sync('kube-system/agent')
    expect(cluster.actionsOf('create', 'pods')).toHaveLength(2)
    expect(theDS(cluster).status).toMatchObject({desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 2, numberAvailable: 2, updatedNumberScheduled: 2, numberUnavailable: 0, numberMisscheduled: 0})
    expect((await cluster.events()).filter((e) => e.reason === 'SuccessfulCreate')).toHaveLength(2)
  })

  it('adds pods as nodes join, removes them as nodes stop matching or leave', async () => {
    const {cluster, ctrl} = setup()
    cluster.seed(nodesRef, {metadata: {name: 'n1', labels: {edge: 'yes'}}})
    cluster.seed(daemonSetsRef, daemonSet('agent:1', {template: {metadata: {labels: {app: 'agent'}}, spec: {nodeSelector: {edge: 'yes'}, containers: [{name: 'c', image: 'x'}]}}}))
    await ctrl.sync('kube-system/agent')
    runAll(cluster)
    cluster.seed(nodesRef, {metadata: {name: 'n2', labels: {edge: 'yes'}}})
    await ctrl.sync('kube-system/agent')
    runAll(cluster)
    expect(byNode(cluster)).toEqual(['n1', 'n2'])
    cluster.put(nodesRef, {...cluster.find<Node>(nodesRef, 'n1')!, metadata: {name: 'n1', labels: {}}})
    await ctrl.sync('kube-system/agent')
    expect(byNode(cluster)).toEqual(['n2'])
    await cluster.client.delete(nodesRef, 'n2')
    await ctrl.sync('kube-system/agent')
    expect(byNode(cluster)).toEqual([])
    // the pod bound to the vanished node was force-deleted
    expect(cluster.actionsOf('delete', 'pods').some((a) => (a.body as {gracePeriodSeconds?: number}).gracePeriodSeconds === 0)).toBe(true)
  })

  it('rolls a template change out one node at a time (maxUnavailable 1)', async () => {
    const {cluster, ctrl} = setup()
    cluster.seed(nodesRef, {metadata: {name: 'n1'}}, {metadata: {name: 'n2'}})
    cluster.seed(daemonSetsRef, daemonSet())
    await ctrl.sync('kube-system/agent')
    runAll(cluster)
    const oldHash = live(cluster)[0].metadata.labels!['controller-revision-hash']
    cluster.put(daemonSetsRef, {...theDS(cluster), spec: {...theDS(cluster).spec!, template: {metadata: {labels: {app: 'agent'}}, spec: {containers: [{name: 'c', image: 'agent:2'}]}}}})
    await ctrl.sync('kube-system/agent')
    expect(live(cluster)).toHaveLength(1)
    await ctrl.sync('kube-system/agent')
    expect(live(cluster).filter((p) => p.spec!.containers[0].image === 'agent:2')).toHaveLength(1)
    // the new pod is not ready yet: the other node keeps its old pod
    await ctrl.sync('kube-system/agent')
    expect(live(cluster)).toHaveLength(2)
    runAll(cluster)
    for (let i = 0; i < 3; i++) {
      await ctrl.sync('kube-system/agent')
      runAll(cluster)
    }
    expect(live(cluster).map((p) => p.spec!.containers[0].image)).toEqual(['agent:2', 'agent:2'])
    expect(live(cluster).every((p) => p.metadata.labels!['controller-revision-hash'] !== oldHash)).toBe(true)
    expect(theDS(cluster).status).toMatchObject({updatedNumberScheduled: 2, numberAvailable: 2, observedGeneration: 2})
  })

  it('leaves old pods alone with OnDelete', async () => {
    const {cluster, ctrl} = setup()
    cluster.seed(nodesRef, {metadata: {name: 'n1'}})
    cluster.seed(daemonSetsRef, daemonSet('agent:1', {updateStrategy: {type: 'OnDelete'}}))
    await ctrl.sync('kube-system/agent')
    runAll(cluster)
    cluster.put(daemonSetsRef, {...theDS(cluster), spec: {...theDS(cluster).spec!, template: {metadata: {labels: {app: 'agent'}}, spec: {containers: [{name: 'c', image: 'agent:2'}]}}}})
    await ctrl.sync('kube-system/agent')
    await ctrl.sync('kube-system/agent')
    expect(live(cluster).map((p) => p.spec!.containers[0].image)).toEqual(['agent:1'])
    expect(theDS(cluster).status).toMatchObject({updatedNumberScheduled: 0, currentNumberScheduled: 1})
    await cluster.client.delete(podsRef, live(cluster)[0].metadata.name!, 'kube-system')
    await ctrl.sync('kube-system/agent')
    expect(live(cluster).map((p) => p.spec!.containers[0].image)).toEqual(['agent:2'])
  })

  it('replaces a failed pod, with back-off between replacements', async () => {
    const {cluster, ctrl} = setup()
    cluster.seed(nodesRef, {metadata: {name: 'n1'}})
    cluster.seed(daemonSetsRef, daemonSet())
    await ctrl.sync('kube-system/agent')
    runAll(cluster)
    const fail = () => {
      const p = live(cluster)[0]
      cluster.put(podsRef, {...p, status: {phase: 'Failed'}})
    }
    fail()
    await ctrl.sync('kube-system/agent')
    expect(live(cluster)).toHaveLength(0)
    await ctrl.sync('kube-system/agent')
    runAll(cluster)
    fail()
    await ctrl.sync('kube-system/agent')
    expect(live(cluster)).toHaveLength(1) // within the 1 s back-off: not deleted yet
    expect((await cluster.events()).filter((e) => e.reason === 'FailedDaemonPod')).toHaveLength(1)
  })
})

describe('DaemonSetController run', () => {
  it('follows nodes through its queue', async () => {
    const {cluster, ctrl} = setup()
    const stop = new AbortController()
    stops.push(stop)
    const done = ctrl.run(stop.signal)
    cluster.seed(daemonSetsRef, daemonSet())
    cluster.seed(nodesRef, {metadata: {name: 'n1'}})
    await until(() => byNode(cluster).join() === 'n1', 2000, 'pod on n1')
    cluster.seed(nodesRef, {metadata: {name: 'n2'}})
    await until(() => byNode(cluster).join() === 'n1,n2', 2000, 'pod on n2')
    cluster.put(nodesRef, {metadata: {name: 'n2'}, spec: {taints: [{key: 'maintenance', effect: 'NoExecute'}]}})
    await until(() => byNode(cluster).join() === 'n1', 2000, 'pod evicted from tainted n2')
    stop.abort()
    await done
  })
})
