import {afterEach, describe, expect, it} from 'vitest'
import {conflict, internal} from '../api/errors.js'
import type {KubeObject} from '../api/meta.js'
import type {Node} from '../api/types/node.js'
import type {Pod} from '../api/types/pod.js'
import type {InformerHandlers} from '../client/informer.js'
import {makeNode, makePod} from './fixtures.js'
import {Scheduler, type InformerLike, type SchedulerClient} from './scheduler.js'

/** An informer fed by the test. */
class FakeInformer<T extends KubeObject> implements InformerLike<T> {
  readonly objs = new Map<string, T>()
  private handlers: InformerHandlers<T>[] = []
  key = (o: T) => (o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name!)
  addHandlers(h: InformerHandlers<T>) {
    this.handlers.push(h)
    for (const o of this.objs.values()) h.onAdd?.(o)
    return () => (this.handlers = this.handlers.filter((x) => x !== h))
  }
  start() {}
  stop() {}
  waitForSync() {
    return Promise.resolve()
  }
  add(o: T) {
    this.objs.set(this.key(o), o)
    for (const h of this.handlers) h.onAdd?.(o)
  }
  update(o: T) {
    const old = this.objs.get(this.key(o))!
    this.objs.set(this.key(o), o)
    for (const h of this.handlers) h.onUpdate?.(old, o)
  }
  delete(o: T) {
    this.objs.delete(this.key(o))
    for (const h of this.handlers) h.onDelete?.(o)
  }
}

interface Recorded {
  type: string
  reason: string
  message: string
  name?: string
}

function harness(bindError?: (name: string) => Error | undefined) {
  const nodes = new FakeInformer<Node>()
  const pods = new FakeInformer<Pod>()
  const bindings: {name: string; ns?: string; body: any}[] = []
  const patches: {name: string; body: any; type: string; ns?: string; opts: unknown}[] = []
  const events: Recorded[] = []
  let rv = 100
  const client: SchedulerClient = {
    async createSubresource(_ref, name, sub, body: any, ns) {
      await new Promise((r) => setTimeout(r, 1))
      expect(sub).toBe('binding')
      const err = bindError?.(name)
      if (err) throw err
      bindings.push({name, ns, body})
      const p = pods.objs.get(`${ns}/${name}`)!
      pods.update({...p, metadata: {...p.metadata, resourceVersion: String(++rv)}, spec: {...p.spec!, nodeName: body.target.name}})
      return body
    },
    async patch(_ref, name, body: any, type, ns, opts) {
      patches.push({name, body, type, ns, opts})
      const p = pods.objs.get(`${ns}/${name}`)!
      pods.update({...p, metadata: {...p.metadata, resourceVersion: String(++rv)}, status: {...p.status, conditions: body.status.conditions}})
      return p as any
    },
  }
  const recorder = {event: (s: {metadata: {name?: string}}, type: string, reason: string, message: string) => void events.push({type, reason, message, name: s.metadata.name})}
  const ac = new AbortController()
  const sched = new Scheduler(client, {signal: ac.signal, recorder, informers: {nodes, pods}, log: () => {}, queue: {initialBackoffMs: 20, maxBackoffMs: 80}})
  const done = sched.run()
  return {nodes, pods, bindings, patches, events, sched, stop: () => (ac.abort(), done)}
}

async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 5))
  }
}

describe('Scheduler', () => {
  let h: ReturnType<typeof harness>
  afterEach(async () => {
    await h.stop()
  })

  it('binds pods through the binding subresource, spreading replicas, with Scheduled events', async () => {
    h = harness()
    for (const n of ['a', 'b', 'c']) h.nodes.add(makeNode(n))
    for (let i = 0; i < 6; i++) h.pods.add(makePod(`web-${i}`, {owner: 'web', cpu: '100m'}))
    await until(() => h.bindings.length === 6)
    expect(h.bindings[0].body).toEqual({
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: {name: 'web-0', namespace: 'default', uid: 'uid-default-web-0'},
      target: {apiVersion: 'v1', kind: 'Node', name: h.bindings[0].body.target.name},
    })
    const perNode = new Map<string, number>()
    for (const b of h.bindings) perNode.set(b.body.target.name, (perNode.get(b.body.target.name) ?? 0) + 1)
    expect([...perNode.values()]).toEqual([2, 2, 2])
    await until(() => h.events.length === 6)
    expect(h.events[0]).toEqual({type: 'Normal', reason: 'Scheduled', message: `Successfully assigned default/web-0 to ${h.bindings[0].body.target.name}`, name: 'web-0'})
    expect(h.sched.cache.isAssumed('default/web-0')).toBe(false)
    expect(h.sched.queue.counts()).toEqual({active: 0, backoff: 0, unschedulable: 0, inflight: 0})
  })

  it('reports an unschedulable pod once per message, then schedules it when a node is added', async () => {
    h = harness()
    h.nodes.add(makeNode('small', {cpu: '1'}))
    h.pods.add(makePod('big', {cpu: '2'}))
    await until(() => h.patches.length === 1)
    const message = '0/1 nodes are available: 1 Insufficient cpu.'
    expect(h.patches[0]).toMatchObject({name: 'big', type: 'strategic', ns: 'default', opts: {subresource: 'status'}})
    expect(h.patches[0].body).toEqual({
      status: {conditions: [{type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastTransitionTime: expect.stringMatching(/Z$/), lastProbeTime: null}]},
    })
    expect(h.events).toEqual([{type: 'Warning', reason: 'FailedScheduling', message, name: 'big'}])
    // a node change that does not help: retried, same message → event but no new status write
    h.nodes.update(makeNode('small', {cpu: '1', labels: {x: 'y'}}))
    await until(() => h.events.length === 2)
    await new Promise((r) => setTimeout(r, 30))
    expect(h.patches).toHaveLength(1)
    expect(h.sched.queue.counts().unschedulable).toBe(1)
    h.nodes.add(makeNode('large', {cpu: '4'}))
    await until(() => h.bindings.length === 1)
    expect(h.bindings[0].body.target.name).toBe('large')
  })

  it('drops a pod whose binding answers 409 (already bound)', async () => {
    h = harness((name) => (name === 'taken' ? conflict('pods', name, 'pod taken is already assigned to node x') : undefined))
    h.nodes.add(makeNode('a'))
    h.pods.add(makePod('taken', {cpu: '1'}))
    await until(() => h.sched.queue.get('default/taken') === undefined)
    await new Promise((r) => setTimeout(r, 100))
    expect(h.bindings).toHaveLength(0)
    expect(h.sched.cache.isAssumed('default/taken')).toBe(false)
    expect(h.sched.cache.getNode('a')!.requested.milliCPU).toBe(0)
  })

  it('retries a failed binding after its back-off', async () => {
    let failures = 2
    h = harness(() => (failures-- > 0 ? internal('store unavailable') : undefined))
    h.nodes.add(makeNode('a'))
    h.pods.add(makePod('p'))
    await until(() => h.bindings.length === 1)
    expect(h.events.filter((e) => e.reason === 'FailedScheduling').map((e) => e.message)).toEqual(['Binding rejected: Internal error occurred: store unavailable', 'Binding rejected: Internal error occurred: store unavailable'])
    expect(h.patches[0].body.status.conditions[0]).toMatchObject({reason: 'SchedulerError'})
  })

  it('leaves alone pods of other schedulers, bound pods and pods being deleted, but counts bound pods', async () => {
    h = harness()
    h.nodes.add(makeNode('a', {cpu: '2'}))
    h.pods.add(makePod('other', {spec: {containers: [{name: 'c'}], schedulerName: 'my-scheduler'}}))
    const deleting = makePod('deleting')
    deleting.metadata.deletionTimestamp = new Date().toISOString()
    h.pods.add(deleting)
    h.pods.add(makePod('preset', {nodeName: 'a', cpu: '1500m'}))
    h.pods.add(makePod('p', {cpu: '1'}))
    await until(() => h.patches.length === 1)
    expect(h.patches[0].name).toBe('p')
    expect(h.patches[0].body.status.conditions[0].message).toBe('0/1 nodes are available: 1 Insufficient cpu.')
    expect(h.bindings).toHaveLength(0)
    // the preset pod goes away: room again
    h.pods.delete(h.pods.objs.get('default/preset')!)
    await until(() => h.bindings.length === 1)
    expect(h.bindings[0].name).toBe('p')
  })

  it('stops when the signal aborts', async () => {
    h = harness()
    await h.stop()
    h.pods.add(makePod('late'))
    await new Promise((r) => setTimeout(r, 20))
    expect(h.bindings).toHaveLength(0)
  })
})
