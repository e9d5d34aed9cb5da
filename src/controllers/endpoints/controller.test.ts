import {afterEach, describe, expect, it} from 'vitest'
import type {Endpoints} from '../../api/types/endpoints.js'
import type {Pod} from '../../api/types/pod.js'
import type {Service} from '../../api/types/service.js'
import {podsRef} from '../common/refs.js'
import {FakeCluster, until} from '../common/testing.js'
import {EndpointsController, endpointsRef, podChange, servicesRef} from './controller.js'

const stops: AbortController[] = []
afterEach(() => stops.splice(0).forEach((s) => s.abort()))

const service = (name: string, selector?: Record<string, string>): Service => ({
  metadata: {name, namespace: 'ns'},
  spec: {selector, clusterIP: '10.43.0.10', ports: [{port: 80, targetPort: 8080, protocol: 'TCP'}]},
})

function pod(name: string, ip: string, ready = true, labels = {app: 'web'}): Pod {
  return {
    metadata: {name, namespace: 'ns', labels},
    spec: {nodeName: 'n1', containers: [{name: 'c', image: 'x'}]},
    status: {phase: 'Running', podIP: ip, podIPs: [{ip}], conditions: [{type: 'Ready', status: ready ? 'True' : 'False'}]},
  }
}

/** Adds pods with their status (a create resets status, as the API server does; the kubelet then reports it). */
function addPods(c: FakeCluster, ...pods: Pod[]): void {
  for (const p of pods) {
    const [created] = c.seed(podsRef, p)
    c.put(podsRef, {...created, status: p.status})
  }
}

function setup() {
  const cluster = new FakeCluster()
  const ctrl = new EndpointsController()
  ctrl.start(cluster.context())
  return {cluster, ctrl}
}

const ep = (c: FakeCluster, name = 'web') => c.find<Endpoints>(endpointsRef, name, 'ns')
const ips = (e?: Endpoints) => ({ready: (e?.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip)).sort(), notReady: (e?.subsets ?? []).flatMap((s) => (s.notReadyAddresses ?? []).map((a) => a.ip)).sort()})

describe('podChange', () => {
  it('notices readiness, IP, deletion and label changes only', () => {
    const a = pod('a', '10.0.0.1')
    expect(podChange(a, {...a, metadata: {...a.metadata, annotations: {x: 'y'}}})).toEqual({endpoints: false, membership: false})
    expect(podChange(a, pod('a', '10.0.0.1', false)).endpoints).toBe(true)
    expect(podChange(a, pod('a', '10.0.0.2')).endpoints).toBe(true)
    expect(podChange(a, {...a, metadata: {...a.metadata, deletionTimestamp: 'x'}}).endpoints).toBe(true)
    expect(podChange(a, pod('a', '10.0.0.1', true, {app: 'db'}))).toEqual({endpoints: false, membership: true})
  })
})

describe('EndpointsController sync', () => {
  it('writes Endpoints for selected pods and does not rewrite unchanged ones', async () => {
    const {cluster, ctrl} = setup()
    cluster.seed(servicesRef, service('web', {app: 'web'}))
    addPods(cluster, pod('a', '10.0.0.1'), pod('b', '10.0.0.2', false), pod('x', '10.0.0.9', true, {app: 'db'}))
    await ctrl.sync('ns/web')
    expect(ips(ep(cluster))).toEqual({ready: ['10.0.0.1'], notReady: ['10.0.0.2']})
    await ctrl.sync('ns/web')
    expect(cluster.actionsOf('create', 'endpoints')).toHaveLength(1)
    expect(cluster.actionsOf('update', 'endpoints')).toHaveLength(0)
  })

  it('leaves user-managed Endpoints of selector-less services alone', async () => {
    const {cluster, ctrl} = setup()
    cluster.seed(servicesRef, service('ext'))
    cluster.seed(endpointsRef, {metadata: {name: 'ext', namespace: 'ns'}, subsets: [{addresses: [{ip: '192.0.2.1'}], ports: [{port: 5432}]}]})
    addPods(cluster, pod('a', '10.0.0.1'))
    const before = ep(cluster, 'ext')
    await ctrl.sync('ns/ext')
    expect(ep(cluster, 'ext')).toEqual(before)
    expect(cluster.actions.filter((a) => a.resource === 'endpoints')).toEqual([])
  })

  it('deletes the Endpoints with its service', async () => {
    const {cluster, ctrl} = setup()
    cluster.seed(servicesRef, service('web', {app: 'web'}))
    await ctrl.sync('ns/web')
    expect(ep(cluster)).toBeDefined()
    await cluster.client.delete(servicesRef, 'web', 'ns')
    await ctrl.sync('ns/web')
    expect(ep(cluster)).toBeUndefined()
  })
})

describe('EndpointsController run', () => {
  it('follows pod and service changes and removes leftovers at start', async () => {
    const {cluster, ctrl} = setup()
    cluster.seed(endpointsRef, {metadata: {name: 'gone', namespace: 'ns'}}, {metadata: {name: 'lock', namespace: 'ns', annotations: {'control-plane.alpha.kubernetes.io/leader': '{}'}}})
    cluster.seed(servicesRef, service('web', {app: 'web'}))
    const stop = new AbortController()
    stops.push(stop)
    const done = ctrl.run(stop.signal)
    await until(() => !!ep(cluster) && !ep(cluster, 'gone'), 2000, 'endpoints created, leftover removed')
    expect(ep(cluster, 'lock')).toBeDefined()
    addPods(cluster, pod('a', '10.0.0.1', false))
    await until(() => ips(ep(cluster)).notReady.length === 1, 2000, 'not-ready address')
    cluster.put(podsRef, {...cluster.find<Pod>(podsRef, 'a', 'ns')!, status: pod('a', '10.0.0.1').status})
    await until(() => ips(ep(cluster)).ready[0] === '10.0.0.1', 2000, 'ready address')
    cluster.put(podsRef, {...cluster.find<Pod>(podsRef, 'a', 'ns')!, metadata: {...cluster.find<Pod>(podsRef, 'a', 'ns')!.metadata, labels: {app: 'other'}}})
    await until(() => ips(ep(cluster)).ready.length === 0, 2000, 'pod left the service')
    await cluster.client.delete(endpointsRef, 'web', 'ns')
    await until(() => !!ep(cluster), 2000, 're-created')
    await cluster.client.delete(servicesRef, 'web', 'ns')
    await until(() => !ep(cluster), 2000, 'deleted with the service')
    stop.abort()
    await done
  })
})
