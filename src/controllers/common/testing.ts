/**
 * Test support for controllers: FakeCluster, an in-memory API (the Client methods controllers use:
 * get, list, create, update, updateStatus, patch, delete, deleteCollection) with the API server's
 * write rules that matter to controllers — generateName, uid/resourceVersion/generation, registry
 * defaults, status-subresource separation, resourceVersion and uid preconditions, finalizers and
 * propagationPolicy on delete — feeding FakeInformers. Objects are not validated (fixtures may be
 * minimal). Failures can be injected per verb and resource. Never used at runtime.
 *
 * Typical use: `const c = new FakeCluster(); ctrl.start(c.context()); c.seed(ref, obj); await ctrl.sync(key)`
 * (or `ctrl.run(signal)` with `until(pred)`); `c.hold()` / `c.resume()` make informers lag behind writes.
 */
import type {DeleteOptions, KubeList, KubeObject, Status} from '../../api/meta.js'
import type {ResourceRef} from '../../api/resource.js'
import type {ControllerContext, ControllerOptions} from '../types.js'
import type {Client} from '../../client/client.js'
import type {InformerFactory} from '../../client/informer-factory.js'
import type {ListOptions, PatchType} from '../../client/types.js'
import {EventRecorder} from '../../client/events.js'
import {defaultControllerOptions} from '../types.js'
import {FakeInformerFactory, resourceKey, scopeMatcher} from './fake-informers.js'
import {FakeStore, type Verb} from './fake-store.js'

export {FakeInformer, FakeInformerFactory} from './fake-informers.js'
export type {Verb} from './fake-store.js'

/** One request the fake client served (or refused). */
export interface RecordedAction {
  verb: Verb
  resource: string
  namespace?: string
  name?: string
  /** the request body (create/update/updateStatus) or patch */
  body?: unknown
  error?: string
}

/** Options of a FakeCluster. */
export interface FakeClusterOptions {
  /** run registry prepareForCreate/defaults on writes (default true) */
  defaults?: boolean
  /** deliver watch events to informers as soon as a write completes (default true); otherwise call flush() */
  autoFlush?: boolean
  /** pods get deletionTimestamp and stay until finishTermination() (default false: removed at once) */
  gracefulPods?: boolean
  /** the clock for creation and deletion timestamps */
  now?: () => Date
}

const eventsRef: ResourceRef = {group: '', version: 'v1', resource: 'events', namespaced: true}

type Reactor = {verb: Verb; resource: string; times: number; error: (body: unknown) => Error | undefined}

/** An in-memory cluster with a fake Client, fake informers and real EventRecorders writing into it. */
export class FakeCluster {
  readonly store: FakeStore
  readonly actions: RecordedAction[] = []
  readonly logs: string[] = []
  readonly factory: FakeInformerFactory
  private readonly pending: {ref: ResourceRef; type: 'ADDED' | 'MODIFIED' | 'DELETED'; obj: KubeObject}[] = []
  private readonly reactors: Reactor[] = []
  private readonly recorders: EventRecorder[] = []
  private held = false

  constructor(readonly opts: FakeClusterOptions = {}) {
    this.store = new FakeStore({defaults: opts.defaults ?? true, gracefulPods: opts.gracefulPods ?? false, now: opts.now ?? (() => new Date())}, (ref, type, obj) => {
      this.pending.push({ref, type, obj})
    })
    this.factory = new FakeInformerFactory((ref) => this.store.list(ref))
  }

  /** The fake, typed as the real Client for code under test. */
  get client(): Client {
    return this.fakeClient as unknown as Client
  }

  /** The fake informer factory, typed as the real one. */
  get informers(): InformerFactory {
    return this.factory as unknown as InformerFactory
  }

  /** A ControllerContext over this cluster (log lines collected in `logs`). */
  context(options: Partial<ControllerOptions> = {}): ControllerContext {
    return {
      client: this.client,
      informers: this.informers,
      recorder: (component) => {
        const r = new EventRecorder(this.client, {component}, (m) => this.logs.push(m))
        this.recorders.push(r)
        return r
      },
      log: (m) => this.logs.push(m),
      options: {...defaultControllerOptions, workers: 1, ...options},
    }
  }

  /** Adds objects as existing state (no action recorded, events delivered like any write). */
  seed(ref: ResourceRef, ...objs: KubeObject[]): KubeObject[] {
    const out = objs.map((o) => this.store.create(ref, structuredClone(o)))
    this.maybeFlush()
    return out
  }

  /** Current objects of a resource (deep copies), optionally of one namespace. */
  list<T extends KubeObject = KubeObject>(ref: ResourceRef, namespace?: string): T[] {
    return this.store.list(ref, namespace) as T[]
  }

  /** One current object, or undefined. */
  find<T extends KubeObject = KubeObject>(ref: ResourceRef, name: string, namespace?: string): T | undefined {
    return this.store.find(ref, name, namespace) as T | undefined
  }

  /** Writes an object directly (as another actor would, e.g. the kubelet updating pod status). */
  put(ref: ResourceRef, obj: KubeObject): KubeObject {
    const out = this.store.put(ref, structuredClone(obj))
    this.maybeFlush()
    return out
  }

  /** Removes a terminating object for good (the kubelet confirming a graceful pod deletion). */
  finishTermination(ref: ResourceRef, name: string, namespace?: string): void {
    this.store.remove(ref, name, namespace)
    this.maybeFlush()
  }

  /** Makes the next `times` requests of `verb` on `resource` fail with `error` (a function may decline by returning undefined). */
  failOn(verb: Verb, resource: string, error: Error | ((body: unknown) => Error | undefined), times = 1): void {
    this.reactors.push({verb, resource, times, error: typeof error === 'function' ? error : () => error})
  }

  /** Stops delivering events until resume() (informers lag behind the API). */
  hold(): void {
    this.held = true
  }

  /** Resumes automatic delivery and delivers what is pending. */
  resume(): void {
    this.held = false
    this.flush()
  }

  /** Delivers pending watch events to every informer, in write order. */
  flush(): void {
    while (this.pending.length) {
      const ev = this.pending.shift()!
      for (const inf of this.factory.all()) if (resourceKey(inf.ref) === resourceKey(ev.ref)) inf.deliver(ev.type, ev.obj)
    }
  }

  /** Waits for every event the recorders are writing. */
  async flushEvents(): Promise<void> {
    await Promise.all(this.recorders.map((r) => r.flush()))
  }

  /** Waits for pending event writes, then returns the core/v1 Events recorded so far (oldest first). */
  async events(): Promise<{type: string; reason: string; message: string; involvedObject: {kind?: string; name?: string}}[]> {
    await this.flushEvents()
    return this.store.list(eventsRef).map((e) => e as unknown as {type: string; reason: string; message: string; involvedObject: {kind?: string; name?: string}})
  }

  /** Actions of `verb` (on `resource` when given). */
  actionsOf(verb: Verb, resource?: string): RecordedAction[] {
    return this.actions.filter((a) => a.verb === verb && (!resource || a.resource === resource))
  }

  private maybeFlush(): void {
    if ((this.opts.autoFlush ?? true) && !this.held) this.flush()
  }

  private async serve<R>(verb: Verb, ref: ResourceRef, ns: string | undefined, name: string | undefined, body: unknown, fn: () => R): Promise<R> {
    await Promise.resolve()
    const action: RecordedAction = {verb, resource: ref.resource, namespace: ns, name, body: body === undefined ? undefined : structuredClone(body)}
    this.actions.push(action)
    try {
      const r = this.reactors.find((x) => x.verb === verb && x.resource === ref.resource && x.times > 0)
      const injected = r?.error(body)
      if (r && injected) {
        r.times--
        throw injected
      }
      return fn()
    } catch (e) {
      action.error = (e as Error).message
      throw e
    } finally {
      this.maybeFlush()
    }
  }

  private readonly fakeClient = {
    defaultNamespace: 'default',
    get: (ref: ResourceRef, name: string, ns?: string) => this.serve('get', ref, ns, name, undefined, () => this.store.get(ref, name, ns)),
    list: (ref: ResourceRef, o: ListOptions = {}): Promise<KubeList> =>
      this.serve('list', ref, o.namespace, undefined, undefined, () => {
        const match = scopeMatcher(ref, {namespace: o.namespace, labelSelector: o.labelSelector, fieldSelector: o.fieldSelector})
        return {apiVersion: 'v1', kind: 'List', metadata: {resourceVersion: this.store.revision()}, items: this.store.list(ref).filter(match)}
      }),
    create: (ref: ResourceRef, obj: KubeObject, ns?: string) =>
      this.serve('create', ref, ns ?? obj.metadata?.namespace, obj.metadata?.name, obj, () => this.store.create(ref, structuredClone(obj), ns)),
    update: (ref: ResourceRef, obj: KubeObject, ns?: string) =>
      this.serve('update', ref, ns ?? obj.metadata.namespace, obj.metadata.name, obj, () => this.store.update(ref, structuredClone(obj), ns, '')),
    updateStatus: (ref: ResourceRef, obj: KubeObject, ns?: string) =>
      this.serve('updateStatus', ref, ns ?? obj.metadata.namespace, obj.metadata.name, obj, () => this.store.update(ref, structuredClone(obj), ns, 'status')),
    patch: (ref: ResourceRef, name: string, patch: unknown, type: PatchType, ns?: string, o: {subresource?: string} = {}) =>
      this.serve('patch', ref, ns, name, patch, () => this.store.patch(ref, name, patch, type, ns, o.subresource ?? '')),
    delete: (ref: ResourceRef, name: string, ns?: string, o?: DeleteOptions): Promise<KubeObject | Status> =>
      this.serve('delete', ref, ns, name, o, () => this.store.delete(ref, name, ns, o ?? {})),
    deleteCollection: (ref: ResourceRef, ns: string | undefined, sel: Pick<ListOptions, 'labelSelector' | 'fieldSelector'> = {}, o?: DeleteOptions) =>
      this.serve('deleteCollection', ref, ns, undefined, o, () => {
        const match = scopeMatcher(ref, {namespace: ns, ...sel})
        const items = this.store.list(ref).filter(match)
        for (const it of items) this.store.delete(ref, it.metadata.name!, it.metadata.namespace, o ?? {})
        return {apiVersion: 'v1', kind: 'List', metadata: {}, items}
      }),
  }
}

/** Resolves once `pred()` holds, polling across macrotasks (so queued controller work runs); rejects after `timeoutMs`. */
export async function until(pred: () => boolean, timeoutMs = 2000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 2))
  }
}
