import {afterEach, describe, expect, it} from 'vitest'
import type {Toleration} from '../../api/types/affinity.js'
import type {Lease} from '../../api/types/coordination.js'
import type {Node} from '../../api/types/node.js'
import type {Pod} from '../../api/types/pod.js'
import {podsRef} from '../common/refs.js'
import {FakeCluster, until} from '../common/testing.js'
import {NodeLifecycleController, leasesRef, nodesRef} from './controller.js'

const T = Date.parse('2024-05-01T10:00:00Z')
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
const micro = (ms: number) => new Date(ms).toISOString().replace(/Z$/, '000Z')
const stops: AbortController[] = []
afterEach(() => stops.splice(0).forEach((s) => s.abort()))

function setup(options = {}) {
  let now = T
  const cluster = new FakeCluster({now: () => new Date(now)})
  const ctrl = new NodeLifecycleController({now: () => new Date(now)})
  ctrl.start(cluster.context(options))
  return {cluster, ctrl, at: (ms: number) => (now = T + ms)}
}

/** The kubelet's view: Ready status with a heartbeat at `ms`. */
function postStatus(cluster: FakeCluster, ms: number, status: 'True' | 'False' = 'True', transitionMs = 0): void {
  const node = cluster.find<Node>(nodesRef, 'n1') ?? ({metadata: {name: 'n1'}} as Node)
  node.status = {conditions: [{type: 'Ready', status, reason: status === 'True' ? 'KubeletReady' : 'KubeletNotReady', lastHeartbeatTime: iso(T + ms), lastTransitionTime: iso(T + transitionMs)}]}
  cluster.put(nodesRef, node)
}

function renewLease(cluster: FakeCluster, ms: number): void {
  const lease: Lease = cluster.find<Lease>(leasesRef, 'n1', 'kube-node-lease') ?? {metadata: {name: 'n1', namespace: 'kube-node-lease'}, spec: {holderIdentity: 'n1', leaseDurationSeconds: 40}}
  lease.spec = {...lease.spec, renewTime: micro(T + ms)}
  cluster.put(leasesRef, lease)
}

/** A running pod on n1 (with the API server's default 300 s tolerations unless given). */
function runPod(cluster: FakeCluster, name: string, tolerations?: Toleration[]): Pod {
  const [created] = cluster.seed(podsRef, {metadata: {name, namespace: 'default'}, spec: {nodeName: 'n1', containers: [{name: 'c', image: 'x'}]}})
  const pod = created as Pod
  if (tolerations) pod.spec!.tolerations = tolerations
  pod.status = {phase: 'Running', conditions: [{type: 'Ready', status: 'True', lastTransitionTime: iso(T)}]}
  return cluster.put(podsRef, pod) as Pod
}

const node = (c: FakeCluster) => c.find<Node>(nodesRef, 'n1')!
const ready = (c: FakeCluster) => node(c).status?.conditions?.find((x) => x.type === 'Ready')
const taints = (c: FakeCluster) => (node(c).spec?.taints ?? []).map((t) => `${t.key}:${t.effect}`)

describe('NodeLifecycleController sync', () => {
  it('marks a silent node Unknown, taints it, marks its pods not ready and evicts them after their tolerations', async () => {
    const {cluster, ctrl, at} = setup()
    postStatus(cluster, 0)
    renewLease(cluster, 0)
    const web = runPod(cluster, 'web')
    const forever = runPod(cluster, 'agent', [{operator: 'Exists'}])
    await ctrl.sync('n1')
    expect(ready(cluster)?.status).toBe('True')
    expect(taints(cluster)).toEqual([])

    at(30_000)
    renewLease(cluster, 30_000)
    await ctrl.sync('n1')
    at(69_000) // 39 s after the last renewal: still fine
    await ctrl.sync('n1')
    expect(ready(cluster)?.status).toBe('True')

    at(71_000)
    await ctrl.sync('n1')
    expect(ready(cluster)).toMatchObject({status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastHeartbeatTime: iso(T)})
    expect(cluster.actionsOf('updateStatus', 'nodes')).toHaveLength(1)
    expect(node(cluster).spec?.taints).toEqual([
      {key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: iso(T + 71_000)},
      {key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: iso(T + 71_000)},
    ])
    for (const name of ['web', 'agent']) expect(cluster.find<Pod>(podsRef, name, 'default')!.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False')
    const events = await cluster.events()
    expect(events.filter((e) => e.reason === 'NodeNotReady').map((e) => `${e.involvedObject.kind}/${e.involvedObject.name}: ${e.message}`).sort()).toEqual([
      'Node/n1: Node n1 status is now: NodeNotReady',
      'Pod/agent: Node is not ready',
      'Pod/web: Node is not ready',
    ])

    at(71_000 + 299_000)
    await ctrl.sync('n1')
    expect(cluster.find(podsRef, 'web', 'default')).toBeDefined()
    at(71_000 + 300_000)
    await ctrl.sync('n1')
    expect(cluster.find(podsRef, 'web', 'default')).toBeUndefined()
    expect(cluster.find(podsRef, 'agent', 'default')).toBeDefined()
    const patch = cluster.actionsOf('patch', 'pods')[0]
    expect(patch.body).toMatchObject({metadata: {uid: web.metadata.uid}, status: {conditions: [{type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager'}]}})
    expect((await cluster.events()).filter((e) => e.reason === 'TaintManagerEviction').map((e) => e.message)).toEqual(['Marking for deletion Pod default/web'])
    expect(forever.spec?.tolerations).toEqual([{operator: 'Exists'}])

    // the kubelet is back
    at(400_000)
    postStatus(cluster, 400_000, 'True', 400_000)
    await ctrl.sync('n1')
    expect(taints(cluster)).toEqual([])
  })

  it('taints a node reporting NotReady without touching its pods, and evicts untolerating pods after podEvictionTimeoutSeconds', async () => {
    const {cluster, ctrl, at} = setup({podEvictionTimeoutSeconds: 60})
    postStatus(cluster, 0, 'False')
    const bare = runPod(cluster, 'bare', [])
    await ctrl.sync('n1')
    expect(taints(cluster)).toEqual(['node.kubernetes.io/not-ready:NoSchedule', 'node.kubernetes.io/not-ready:NoExecute'])
    expect(ready(cluster)?.status).toBe('False')
    expect(cluster.find<Pod>(podsRef, 'bare', 'default')!.status?.conditions?.[0].status).toBe('True')
    at(59_000)
    postStatus(cluster, 59_000, 'False')
    await ctrl.sync('n1')
    expect(cluster.find(podsRef, 'bare', 'default')).toBeDefined()
    at(60_000)
    await ctrl.sync('n1')
    expect(cluster.find(podsRef, 'bare', 'default')).toBeUndefined()
    expect(bare.metadata.uid).toBeDefined()
  })

  it('forgets deleted nodes', async () => {
    const {cluster, ctrl} = setup()
    postStatus(cluster, 0)
    await ctrl.sync('n1')
    expect(ctrl.health.has('n1')).toBe(true)
    await cluster.client.delete(nodesRef, 'n1')
    await ctrl.sync('n1')
    expect(ctrl.health.has('n1')).toBe(false)
  })
})

describe('NodeLifecycleController run', () => {
  it('notices a node going silent by itself (timer) and recovers when it reports again', async () => {
    let now = Date.now()
    const cluster = new FakeCluster({now: () => new Date(now)})
    const ctrl = new NodeLifecycleController({now: () => new Date(now)})
    ctrl.start(cluster.context({nodeMonitorGracePeriodSeconds: 0.05}))
    const heartbeat = (status: 'True' | 'False') => {
      const n = cluster.find<Node>(nodesRef, 'n1') ?? ({metadata: {name: 'n1'}} as Node)
      n.status = {conditions: [{type: 'Ready', status, lastHeartbeatTime: new Date(now).toISOString(), lastTransitionTime: new Date(now).toISOString()}]}
      cluster.put(nodesRef, n)
    }
    heartbeat('True')
    const stop = new AbortController()
    stops.push(stop)
    const done = ctrl.run(stop.signal)
    const tick = setInterval(() => (now = Date.now()), 5)
    try {
      await until(() => ready(cluster)?.status === 'Unknown', 2000, 'Unknown after the grace period')
      await until(() => taints(cluster).includes('node.kubernetes.io/unreachable:NoExecute'), 2000, 'unreachable taint')
      heartbeat('True')
      await until(() => taints(cluster).length === 0, 2000, 'taints removed')
    } finally {
      clearInterval(tick)
      stop.abort()
      await done
    }
  })
})
