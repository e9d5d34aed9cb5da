import {afterEach, describe, expect, it} from 'vitest'
import type {KubeObject, OwnerReference} from '../../api/meta.js'
import {resources} from '../../api/registry.js'
import type {ResourceRef} from '../../api/resource.js'
import {FakeCluster, until, type FakeClusterOptions} from '../common/testing.js'
import {deploymentsRef, podsRef, replicaSetsRef} from '../common/refs.js'
import {GarbageCollector} from './controller.js'

const nodesRef: ResourceRef = {group: '', version: 'v1', resource: 'nodes', namespaced: false}
const leasesRef: ResourceRef = {group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespaced: true}
const configMapsRef: ResourceRef = {group: '', version: 'v1', resource: 'configmaps', namespaced: true}

const stops: AbortController[] = []
afterEach(() => {
  for (const s of stops.splice(0)) s.abort()
})

function ownerRef(o: KubeObject, block = true): OwnerReference {
  return {apiVersion: o.apiVersion!, kind: o.kind!, name: o.metadata.name!, uid: o.metadata.uid!, controller: true, blockOwnerDeletion: block}
}

function cm(name: string, owners: OwnerReference[] = []): KubeObject {
  return {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name, namespace: 'default', ...(owners.length ? {ownerReferences: owners} : {})}}
}

/** A deployment → replicaset → 2 pods chain, and a running collector. */
function setup(opts: FakeClusterOptions = {}, gcResources = resources) {
  const cluster = new FakeCluster(opts)
  const [d] = cluster.seed(deploymentsRef, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {name: 'web', namespace: 'default'},
    spec: {replicas: 2, selector: {matchLabels: {app: 'web'}}, template: {metadata: {labels: {app: 'web'}}, spec: {containers: [{name: 'c', image: 'x'}]}}},
  })
  const [rs] = cluster.seed(replicaSetsRef, {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {name: 'web-abc', namespace: 'default', ownerReferences: [ownerRef(d)]},
    spec: {replicas: 2, selector: {matchLabels: {app: 'web'}}, template: {metadata: {labels: {app: 'web'}}, spec: {containers: [{name: 'c', image: 'x'}]}}},
  })
  const pod = (name: string) => ({apiVersion: 'v1', kind: 'Pod', metadata: {name, namespace: 'default', labels: {app: 'web'}, ownerReferences: [ownerRef(rs)]}, spec: {containers: [{name: 'c', image: 'x'}]}})
  cluster.seed(podsRef, pod('web-abc-1'), pod('web-abc-2'))
  const gc = new GarbageCollector({resources: gcResources})
  gc.start(cluster.context())
  const stop = new AbortController()
  stops.push(stop)
  const done = gc.run(stop.signal)
  const names = (ref: ResourceRef) => cluster.list(ref, ref.namespaced ? 'default' : undefined).map((o) => o.metadata.name)
  return {cluster, gc, d, rs, names, stop: () => (stop.abort(), done)}
}

describe('GarbageCollector', () => {
  it('leaves objects whose owners exist alone', async () => {
    const t = setup()
    await new Promise((r) => setTimeout(r, 30))
    expect(t.names(podsRef)).toHaveLength(2)
    expect(t.names(replicaSetsRef)).toEqual(['web-abc'])
    expect(t.cluster.actionsOf('delete')).toEqual([])
    await t.stop()
  })

  it('background: deleting the owner cascades to every level', async () => {
    const t = setup()
    await t.cluster.client.delete(deploymentsRef, 'web', 'default')
    await until(() => t.names(replicaSetsRef).length === 0 && t.names(podsRef).length === 0, 2000, 'cascade')
    // every deletion went through with a uid precondition
    for (const a of t.cluster.actionsOf('delete').filter((x) => x.resource !== 'deployments')) expect(a.body).toMatchObject({propagationPolicy: 'Background', preconditions: {uid: expect.any(String)}})
  })

  it('foreground: the owner stays until its blocking dependents are gone', async () => {
    const t = setup({gracefulPods: true})
    await t.cluster.client.delete(replicaSetsRef, 'web-abc', 'default', {propagationPolicy: 'Foreground'})
    await until(() => t.cluster.list(podsRef, 'default').every((p) => p.metadata.deletionTimestamp), 2000, 'pods terminating')
    await new Promise((r) => setTimeout(r, 20))
    expect(t.cluster.find(replicaSetsRef, 'web-abc', 'default')!.metadata.finalizers).toEqual(['foregroundDeletion'])
    for (const p of t.names(podsRef)) t.cluster.finishTermination(podsRef, p!, 'default')
    await until(() => !t.cluster.find(replicaSetsRef, 'web-abc', 'default'), 2000, 'owner removed')
    expect(t.names(deploymentsRef)).toEqual(['web'])
  })

  it('foreground through three levels: the middle owner is deleted in the foreground too', async () => {
    const t = setup()
    await t.cluster.client.delete(deploymentsRef, 'web', 'default', {propagationPolicy: 'Foreground'})
    await until(() => t.names(deploymentsRef).length === 0, 2000, 'deployment removed')
    expect(t.names(replicaSetsRef)).toEqual([])
    expect(t.names(podsRef)).toEqual([])
    expect(t.cluster.actionsOf('delete', 'replicasets')[0].body).toMatchObject({propagationPolicy: 'Foreground'})
  })

  it('orphan: dependents lose the reference and stay', async () => {
    const t = setup()
    await t.cluster.client.delete(replicaSetsRef, 'web-abc', 'default', {propagationPolicy: 'Orphan'})
    await until(() => !t.cluster.find(replicaSetsRef, 'web-abc', 'default'), 2000, 'owner removed')
    const pods = t.cluster.list(podsRef, 'default')
    expect(pods).toHaveLength(2)
    for (const p of pods) expect(p.metadata.ownerReferences ?? []).toEqual([])
  })

  it('verifies absence with a live read: unobserved owners are kept, missing or replaced ones are not', async () => {
    // the collector does not watch replicasets here: their existence is only known through live reads
    const t = setup({}, resources.filter((r) => r.resource !== 'replicasets'))
    const [live] = t.cluster.seed(configMapsRef, cm('owner'))
    t.cluster.seed(configMapsRef, cm('kept', [ownerRef(live)]), cm('orphaned', [{...ownerRef(live), uid: 'no-such-uid'}]))
    await until(() => !t.cluster.find(configMapsRef, 'orphaned', 'default'), 2000, 'dangling dependent deleted')
    await new Promise((r) => setTimeout(r, 30))
    expect(t.names(podsRef)).toHaveLength(2)
    expect(t.names(configMapsRef).sort()).toEqual(['kept', 'owner'])
    expect(t.cluster.actionsOf('get', 'replicasets').length).toBeGreaterThan(0)
  })

  it('keeps a dependent with one remaining owner, dropping the reference to the missing one', async () => {
    const t = setup()
    const [a] = t.cluster.seed(configMapsRef, cm('a'))
    t.cluster.seed(configMapsRef, cm('shared', [{...ownerRef(a), controller: false}, {...ownerRef(t.rs), controller: false}]))
    await t.cluster.client.delete(configMapsRef, 'a', 'default')
    await until(() => (t.cluster.find(configMapsRef, 'shared', 'default')?.metadata.ownerReferences ?? []).length === 1, 2000, 'reference removed')
    expect(t.cluster.find(configMapsRef, 'shared', 'default')!.metadata.ownerReferences![0].uid).toBe(t.rs.metadata.uid)
  })

  it('handles cluster-scoped owners of namespaced dependents (node leases)', async () => {
    const t = setup()
    const [node] = t.cluster.seed(nodesRef, {apiVersion: 'v1', kind: 'Node', metadata: {name: 'n1'}})
    t.cluster.seed(leasesRef, {apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: {name: 'n1', namespace: 'kube-node-lease', ownerReferences: [{...ownerRef(node), controller: false}]}, spec: {}})
    await new Promise((r) => setTimeout(r, 20))
    expect(t.cluster.find(leasesRef, 'n1', 'kube-node-lease')).toBeDefined()
    await t.cluster.client.delete(nodesRef, 'n1')
    await until(() => !t.cluster.find(leasesRef, 'n1', 'kube-node-lease'), 2000, 'lease collected')
  })
})
