import {afterEach, describe, expect, it} from 'vitest'
import {ApiError} from '../../api/errors.js'
import type {KubeObject} from '../../api/meta.js'
import type {ResourceRef} from '../../api/resource.js'
import type {Namespace} from '../../api/types/namespace.js'
import type {Client} from '../../client/client.js'
import {podsRef, replicaSetsRef} from '../common/refs.js'
import {FakeCluster, until} from '../common/testing.js'
import {NamespaceController, namespacesRef} from './controller.js'

const configMapsRef: ResourceRef = {group: '', version: 'v1', resource: 'configmaps', namespaced: true}
const stops: AbortController[] = []
afterEach(() => stops.splice(0).forEach((s) => s.abort()))

/**
 * A FakeCluster whose client treats namespaces as the API server does (the fake store knows nothing of
 * spec.finalizers): PUT namespaces/NAME/status replaces only the status (resourceVersion checked) and keeps
 * a terminating namespace; PUT namespaces/NAME/finalize replaces spec.finalizers and removes a deleted
 * namespace once none are left.
 */
function setup(opts: ConstructorParameters<typeof FakeCluster>[0] = {}) {
  const cluster = new FakeCluster(opts)
  const finalizes: string[] = []
  const statusWrites: string[] = []
  const base = cluster.context()
  const client = Object.assign(Object.create(cluster.client) as Client, {
    async updateStatus(ref: ResourceRef, obj: KubeObject, ns?: string) {
      if (ref.resource !== 'namespaces') return cluster.client.updateStatus(ref, obj, ns)
      const cur = cluster.find<Namespace>(namespacesRef, obj.metadata.name!)
      if (!cur) throw new ApiError({code: 404, reason: 'NotFound', message: `namespaces "${obj.metadata.name}" not found`})
      if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== cur.metadata.resourceVersion) throw new ApiError({code: 409, reason: 'Conflict', message: 'conflict'})
      statusWrites.push(obj.metadata.name!)
      return cluster.put(namespacesRef, {...cur, status: structuredClone(obj.status) as Namespace['status']})
    },
    async updateSubresource(ref: ResourceRef, name: string, sub: string, body: Namespace) {
      if (ref.resource !== 'namespaces' || sub !== 'finalize') throw new Error(`unexpected subresource ${sub}`)
      finalizes.push(name)
      const cur = cluster.find<Namespace>(namespacesRef, name)!
      cur.spec = {...(cur.spec ?? {}), finalizers: body.spec?.finalizers ?? []}
      if (cur.metadata.deletionTimestamp && !cur.spec.finalizers!.length && !(cur.metadata.finalizers ?? []).length) {
        cluster.finishTermination(namespacesRef, name)
        return cur
      }
      return cluster.put(namespacesRef, cur)
    },
  })
  return {cluster, finalizes, statusWrites, ctx: {...base, client}}
}

/** Marks namespace `name` deleted, as the API server does while spec.finalizers holds "kubernetes". */
function terminate(cluster: FakeCluster, name: string, at = new Date()): void {
  const ns = cluster.find<Namespace>(namespacesRef, name)!
  cluster.put(namespacesRef, {...ns, metadata: {...ns.metadata, deletionTimestamp: at.toISOString().replace(/\.\d+Z$/, 'Z')}, status: {phase: 'Terminating'}})
}

const cm = (name: string, ns: string, finalizers?: string[]): KubeObject => ({metadata: {name, namespace: ns, ...(finalizers ? {finalizers} : {})}, data: {}})
const pod = (name: string, ns: string, nodeName?: string): KubeObject => ({metadata: {name, namespace: ns}, spec: {nodeName, containers: [{name: 'c', image: 'x'}]}})

describe('NamespaceController', () => {
  it('ignores namespaces that are not being deleted', async () => {
    const {cluster, ctx} = setup()
    cluster.seed(namespacesRef, {metadata: {name: 'live'}})
    cluster.seed(configMapsRef, cm('a', 'live'))
    const ctrl = new NamespaceController()
    ctrl.start(ctx)
    await ctrl.sync('live')
    expect(cluster.list(configMapsRef)).toHaveLength(1)
    expect(cluster.actions.filter((a) => a.verb !== 'get')).toEqual([])
  })

  it('deletes all content of every namespaced kind, then finalizes the namespace', async () => {
    const {cluster, ctx, finalizes} = setup()
    cluster.seed(namespacesRef, {metadata: {name: 'doomed'}}, {metadata: {name: 'kept'}})
    cluster.seed(configMapsRef, cm('a', 'doomed'), cm('b', 'doomed'), cm('c', 'kept'))
    cluster.seed(podsRef, pod('p', 'doomed'))
    cluster.seed(replicaSetsRef, {metadata: {name: 'rs', namespace: 'doomed'}, spec: {selector: {matchLabels: {a: 'b'}}, template: {metadata: {labels: {a: 'b'}}, spec: {containers: [{name: 'c', image: 'x'}]}}}})
    terminate(cluster, 'doomed')
    const ctrl = new NamespaceController()
    ctrl.start(ctx)
    await ctrl.sync('doomed')
    expect(cluster.list(configMapsRef).map((o) => o.metadata.name)).toEqual(['c'])
    expect(cluster.list(podsRef)).toEqual([])
    expect(cluster.list(replicaSetsRef)).toEqual([])
    expect(cluster.actionsOf('deleteCollection').every((a) => (a.body as {propagationPolicy?: string}).propagationPolicy === 'Background')).toBe(true)
    expect(finalizes).toEqual(['doomed'])
    expect(cluster.find(namespacesRef, 'doomed')).toBeUndefined()
    expect(cluster.find(namespacesRef, 'kept')).toBeDefined()
  })

  it('reports remaining content and finalizers and waits before finalizing', async () => {
    const t0 = new Date('2024-05-01T10:00:00Z')
    let now = new Date(t0.getTime() + 1000)
    const {cluster, ctx, finalizes, statusWrites} = setup({gracefulPods: true})
    cluster.seed(namespacesRef, {metadata: {name: 'doomed'}})
    cluster.seed(configMapsRef, cm('held', 'doomed', ['example.com/hold']))
    cluster.seed(podsRef, pod('web', 'doomed', 'node-1'))
    terminate(cluster, 'doomed', t0)
    const ctrl = new NamespaceController({now: () => now})
    ctrl.start(ctx)
    expect(await ctrl.deleteNamespace('doomed')).toBe(30)
    const ns = cluster.find<Namespace>(namespacesRef, 'doomed')!
    const byType = Object.fromEntries((ns.status?.conditions ?? []).map((c) => [c.type, c]))
    expect(byType.NamespaceContentRemaining).toMatchObject({status: 'True', message: 'Some resources are remaining: configmaps. has 1 resource instances, pods. has 1 resource instances'})
    expect(byType.NamespaceFinalizersRemaining).toMatchObject({status: 'True', message: 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances'})
    expect(byType.NamespaceDeletionContentFailure).toMatchObject({status: 'False'})
    expect(cluster.find(podsRef, 'web', 'doomed')!.metadata.deletionTimestamp).toBeDefined()
    expect(finalizes).toEqual([])
    // a second pass finding the same content writes nothing
    expect(await ctrl.deleteNamespace('doomed')).toBe(30)
    expect(statusWrites).toEqual(['doomed'])

    // the kubelet finishes the pod, the finalizer's owner lets go: the next pass finalizes
    cluster.finishTermination(podsRef, 'web', 'doomed')
    const held = cluster.find(configMapsRef, 'held', 'doomed')!
    cluster.put(configMapsRef, {...held, metadata: {...held.metadata, finalizers: []}})
    now = new Date(t0.getTime() + 60_000)
    expect(await ctrl.deleteNamespace('doomed')).toBe(0)
    expect(finalizes).toEqual(['doomed'])
    expect(cluster.find(namespacesRef, 'doomed')).toBeUndefined()
  })

  it('fails (to be retried) when objects without finalizers will not go, and records why', async () => {
    const {cluster, ctx, finalizes} = setup()
    cluster.seed(namespacesRef, {metadata: {name: 'doomed'}})
    cluster.seed(configMapsRef, cm('a', 'doomed'))
    terminate(cluster, 'doomed')
    cluster.failOn('deleteCollection', 'configmaps', new Error('etcd is sad'))
    const ctrl = new NamespaceController({resources: [configMapsRef]})
    ctrl.start(ctx)
    await expect(ctrl.sync('doomed')).rejects.toThrow('{ v1 configmaps}: etcd is sad')
    const ns = cluster.find<Namespace>(namespacesRef, 'doomed')!
    expect(ns.status?.conditions?.find((c) => c.type === 'NamespaceDeletionContentFailure')).toMatchObject({
      status: 'True',
      reason: 'ContentDeletionFailed',
      message: 'Failed to delete all resource types, 1 remaining: { v1 configmaps}: etcd is sad',
    })
    expect(finalizes).toEqual([])
    await ctrl.sync('doomed')
    expect(finalizes).toEqual(['doomed'])
  })

  it('runs from informer events through its queue', async () => {
    const {cluster, ctx} = setup()
    cluster.seed(namespacesRef, {metadata: {name: 'doomed'}})
    cluster.seed(configMapsRef, cm('a', 'doomed'))
    const ctrl = new NamespaceController()
    ctrl.start(ctx)
    const stop = new AbortController()
    stops.push(stop)
    const done = ctrl.run(stop.signal)
    terminate(cluster, 'doomed')
    await until(() => !cluster.find(namespacesRef, 'doomed'), 2000, 'namespace gone')
    expect(cluster.list(configMapsRef)).toEqual([])
    stop.abort()
    await done
  })
})
