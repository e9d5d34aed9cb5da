/**
 * Hollow nodes against an in-process master with the scheduler and controllers: 20 nodes join, register
 * Ready with the advertised capacity and distinct node IPs, renew their Leases, and a Deployment of 40
 * replicas becomes Running across them within their advertised pod capacity. Also: a refused join
 * starts nothing, and node IPs are distinct loopback addresses.
 */
import {rmSync} from 'node:fs'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {KubeObject} from '../api/meta.js'
import type {Lease} from '../api/types/coordination.js'
import type {Node} from '../api/types/node.js'
import type {Pod} from '../api/types/pod.js'
import {leasesRef, nodesRef, podsRef} from '../kubelet/refs.js'
import {until} from '../kubelet/testing.js'
import {startTestMaster, tempDir} from '../../test/harness.js'
import {JoinError} from './join.js'
import {hollowNodeIP, simulateNodes, type HollowNodes} from './simulate.js'

const deploymentsRef = {group: 'apps', version: 'v1', resource: 'deployments', namespaced: true}
const COUNT = 20

let tm: Awaited<ReturnType<typeof startTestMaster>>
let hollow: HollowNodes | undefined
const dirs: string[] = []
const dir = () => {
  const d = tempDir('mkube-simulate-')
  dirs.push(d)
  return d
}

beforeAll(async () => {
  tm = await startTestMaster(undefined, {components: true})
})
afterAll(async () => {
  await hollow?.stop()
  await tm?.stop()
  for (const d of dirs) rmSync(d, {recursive: true, force: true})
})

const isReady = (n: Node) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false

describe('hollowNodeIP', () => {
  it('answers distinct loopback addresses, carrying into the next octets', () => {
    expect([0, 1, 254, 255, 65534, 65535].map(hollowNodeIP)).toEqual(['127.1.0.1', '127.1.0.2', '127.1.0.255', '127.1.1.0', '127.1.255.255', '127.2.0.0'])
    expect(() => hollowNodeIP(-1)).toThrow(RangeError)
  })
})

describe('simulateNodes', () => {
  it('a refused join starts no node and registers nothing', async () => {
    const token = tm.master.joinToken.replace(/\.[a-z0-9]{16}$/, '.0000000000000000')
    const e = await simulateNodes({server: tm.master.url, token, count: 3, namePrefix: 'refused-', dataDir: dir()}).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(JoinError)
    const nodes = await tm.client.list<Node>(nodesRef)
    expect(nodes.items.filter((n) => n.metadata.name?.startsWith('refused-'))).toEqual([])
  })

  it(`${COUNT} hollow nodes register Ready with the advertised capacity and run a 40-replica Deployment`, async () => {
    const readyOrder: number[] = []
    hollow = await simulateNodes({
      server: tm.master.url,
      token: tm.master.joinToken,
      count: COUNT,
      dataDir: dir(),
      capacity: {cpu: '2', memory: '4Gi', pods: '3'},
      startConcurrency: 5,
      kubelet: {heartbeatIntervalMs: 1000, relistPeriodMs: 1000},
      onNodeReady: (_n, k) => readyOrder.push(k),
    })
    expect(hollow.nodes.map((n) => n.nodeName)).toEqual(Array.from({length: COUNT}, (_, i) => `hollow-${i}`))
    expect(readyOrder).toEqual(Array.from({length: COUNT}, (_, i) => i + 1))
    expect(hollow.nodes.every((n) => n.kubeletPort === 0)).toBe(true)

    // every node registered Ready, with its own InternalIP and the advertised capacity
    const nodes = await until('all hollow nodes Ready', async () => {
      const list = (await tm.client.list<Node>(nodesRef)).items.filter((n) => n.metadata.name?.startsWith('hollow-'))
      return list.length === COUNT && list.every(isReady) ? list : undefined
    })
    for (const n of nodes) {
      const i = Number(n.metadata.name!.slice('hollow-'.length))
      expect(n.status?.capacity).toMatchObject({cpu: '2', memory: '4Gi', pods: '3'})
      expect(n.status?.allocatable).toMatchObject({cpu: '2', memory: '4Gi', pods: '3'})
      expect(n.status?.addresses).toContainEqual({type: 'InternalIP', address: hollowNodeIP(i)})
      expect(n.status?.nodeInfo?.containerRuntimeVersion).toMatch(/^fake:\/\//)
    }

    // every node renews its own Lease
    const leases = (await tm.client.list<Lease>(leasesRef, {namespace: 'kube-node-lease'})).items
    const first = new Map(leases.map((l) => [l.metadata.name, l.spec?.renewTime]))
    for (const n of hollow.nodes) expect(first.get(n.nodeName)).toBeTruthy()
    await until('every lease renewed', async () => {
      const now = (await tm.client.list<Lease>(leasesRef, {namespace: 'kube-node-lease'})).items
      return hollow!.nodes.every((n) => {
        const l = now.find((x) => x.metadata.name === n.nodeName)
        return l?.spec?.holderIdentity === n.nodeName && l.spec.renewTime !== first.get(n.nodeName)
      })
    })

    // a Deployment of 40 replicas: 40 pods Running, spread within the advertised pod capacity (3 per node)
    await tm.client.create(deploymentsRef, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {name: 'hollow-web', namespace: 'default'},
      spec: {
        replicas: 40,
        selector: {matchLabels: {app: 'hollow-web'}},
        template: {
          metadata: {labels: {app: 'hollow-web'}},
          spec: {containers: [{name: 'web', image: 'localhost/busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'], resources: {requests: {cpu: '100m', memory: '64Mi'}}}]},
        },
      },
    }, 'default')
    const pods = await until('40 pods Running', async () => {
      const list = (await tm.client.list<Pod>(podsRef, {namespace: 'default', labelSelector: 'app=hollow-web'})).items
      const running = list.filter((p) => p.status?.phase === 'Running' && p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
      return running.length === 40 ? running : undefined
    }, 60_000)
    const perNode = new Map<string, number>()
    for (const p of pods) perNode.set(p.spec!.nodeName!, (perNode.get(p.spec!.nodeName!) ?? 0) + 1)
    expect([...perNode.keys()].every((n) => n.startsWith('hollow-'))).toBe(true)
    expect(Math.max(...perNode.values())).toBeLessThanOrEqual(3)
    expect(perNode.size).toBeGreaterThanOrEqual(14)
    // pod IPs come from the shared fake runtime: distinct; each node's sandboxes are its own
    expect(new Set(pods.map((p) => p.status?.podIP)).size).toBe(40)
    for (const [nodeName, n] of perNode) expect((await hollow.runtime.listPodSandboxes({nodeName})).length).toBe(n)
    const deployment = await until('deployment available', async () => {
      const d = await tm.client.get<KubeObject & {status?: {readyReplicas?: number; availableReplicas?: number}}>(deploymentsRef, 'hollow-web', 'default')
      return d.status?.readyReplicas === 40 ? d : undefined
    })
    expect(deployment.status?.availableReplicas).toBe(40)
  })

  it('with kubeletServer, each node serves logs on its own node IP and reports that port', async () => {
    const two = await simulateNodes({server: tm.master.url, token: tm.master.joinToken, count: 2, namePrefix: 'served-', dataDir: dir(), kubeletServer: true})
    try {
      expect(two.nodes.map((n) => n.nodeIP)).toEqual([hollowNodeIP(0), hollowNodeIP(1)])
      for (const n of two.nodes) {
        expect(n.kubeletPort).toBeGreaterThan(0)
        const node = await tm.client.get<Node>(nodesRef, n.nodeName)
        expect(node.status?.daemonEndpoints?.kubeletEndpoint?.Port).toBe(n.kubeletPort)
      }
      await tm.client.create(podsRef, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {name: 'served-logs', namespace: 'default'},
        spec: {nodeName: 'served-1', containers: [{name: 'main', image: 'localhost/busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600']}]},
      }, 'default')
      await until('served-logs Running', async () => (await tm.client.get<Pod>(podsRef, 'served-logs', 'default')).status?.phase === 'Running')
      // the API server proxies the log request to served-1's kubelet server, which reads the shared fake runtime
      const [ctr] = await two.runtime.listContainers({nodeName: 'served-1'})
      two.runtime.appendLog(ctr.id, 'hello from a hollow pod')
      const text = await tm.client.request<string>('GET', '/api/v1/namespaces/default/pods/served-logs/log', {accept: '*/*'})
      expect(text).toBe('hello from a hollow pod\n')
    } finally {
      await two.stop()
    }
  })
})
