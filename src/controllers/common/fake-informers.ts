/**
 * In-memory stand-ins for Informer and InformerFactory, fed by FakeCluster (see testing.ts). They expose
 * the read side controllers use — handlers, list, get, keys, sync state — with the same semantics:
 * handlers registered late get the cache replayed as adds; an object leaving the informer's scope
 * (namespace, label and field selectors) is delivered as a delete.
 */
import type {KubeObject} from '../../api/meta.js'
import type {ResourceRef} from '../../api/resource.js'
import {findResource} from '../../api/registry.js'
import {fieldSelectorFromSet, parseFieldSelector, parseLabelSelector, selectorFromSet} from '../../api/selectors/index.js'
import type {InformerHandlers, InformerScope} from '../../client/index.js'
import {objectKey} from '../../client/informer.js'
import type {Selector} from '../../client/types.js'

/** `group/resource`: how the fake cluster files objects and events. */
export function resourceKey(ref: Pick<ResourceRef, 'group' | 'resource'>): string {
  return `${ref.group}/${ref.resource}`
}

function labelMatcher(sel: Selector | undefined): (labels: Record<string, string> | undefined) => boolean {
  if (sel === undefined || sel === '') return () => true
  const s = typeof sel === 'string' ? parseLabelSelector(sel) : selectorFromSet(sel)
  return (labels) => s.matches(labels)
}

function fieldMatcher(ref: ResourceRef, sel: Selector | undefined): (obj: KubeObject) => boolean {
  if (sel === undefined || sel === '') return () => true
  const s = typeof sel === 'string' ? parseFieldSelector(sel) : fieldSelectorFromSet(sel)
  const def = findResource(ref.group, ref.version, ref.resource)
  return (obj) => {
    const fields: Record<string, string> = {'metadata.name': obj.metadata.name ?? ''}
    if (ref.namespaced) fields['metadata.namespace'] = obj.metadata.namespace ?? ''
    Object.assign(fields, def?.selectableFields(obj) ?? {})
    return s.matches(fields)
  }
}

/** Whether `obj` is in a namespace/label/field scope. */
export function scopeMatcher(ref: ResourceRef, scope: InformerScope): (obj: KubeObject) => boolean {
  const labels = labelMatcher(scope.labelSelector)
  const fields = fieldMatcher(ref, scope.fieldSelector)
  return (obj) => (!scope.namespace || !ref.namespaced || obj.metadata.namespace === scope.namespace) && labels(obj.metadata.labels) && fields(obj)
}

/** An Informer look-alike over FakeCluster state. Always synced; start/stop only gate delivery. */
export class FakeInformer<T extends KubeObject = KubeObject> {
  private readonly cache = new Map<string, T>()
  private readonly handlers: InformerHandlers<T>[] = []
  private stopped = false
  readonly matches: (obj: KubeObject) => boolean

  constructor(
    readonly ref: ResourceRef,
    readonly scope: InformerScope,
    initial: readonly T[],
  ) {
    this.matches = scopeMatcher(ref, scope)
    for (const o of initial) if (this.matches(o)) this.cache.set(objectKey(o), structuredClone(o))
  }

  /** No-op (the fake is fed by its cluster). */
  start(): void {}

  /** Stops delivering events. */
  stop(): void {
    this.stopped = true
  }

  /** Registers handlers; the cache is replayed to them as adds. Returns an unregister function. */
  addHandlers(h: InformerHandlers<T>): () => void {
    this.handlers.push(h)
    if (h.onAdd) for (const o of [...this.cache.values()]) h.onAdd(o)
    return () => {
      const i = this.handlers.indexOf(h)
      if (i >= 0) this.handlers.splice(i, 1)
    }
  }

  onAdd(fn: (obj: T) => void): () => void {
    return this.addHandlers({onAdd: fn})
  }

  onUpdate(fn: (oldObj: T, newObj: T) => void): () => void {
    return this.addHandlers({onUpdate: fn})
  }

  onDelete(fn: (obj: T) => void): () => void {
    return this.addHandlers({onDelete: fn})
  }

  onConnectionChange(_fn: (connected: boolean, err?: Error) => void): () => void {
    return () => {}
  }

  get connected(): boolean {
    return true
  }

  hasSynced(): boolean {
    return true
  }

  waitForSync(): Promise<void> {
    return Promise.resolve()
  }

  list(namespace?: string): T[] {
    const all = [...this.cache.values()]
    return namespace === undefined ? all : all.filter((o) => o.metadata.namespace === namespace)
  }

  get(key: string): T | undefined {
    return this.cache.get(key)
  }

  private readonly indexFns = new Map<string, (obj: T) => readonly string[]>()

  /** Same contract as Informer.addIndex (the fake scans its cache on byIndex). */
  addIndex(name: string, fn: (obj: T) => readonly string[]): void {
    if (!this.indexFns.has(name)) this.indexFns.set(name, fn)
  }

  byIndex(name: string, value: string): T[] {
    const fn = this.indexFns.get(name)
    if (!fn) throw new Error(`informer ${this.ref.resource}: no index named ${name}`)
    return [...this.cache.values()].filter((o) => fn(o).includes(value))
  }

  keys(): string[] {
    return [...this.cache.keys()]
  }

  get resourceVersion(): string {
    return ''
  }

  /** Applies one change of the cluster (called by FakeCluster.flush). */
  deliver(type: 'ADDED' | 'MODIFIED' | 'DELETED', object: T): void {
    if (this.stopped) return
    const key = objectKey(object)
    const old = this.cache.get(key)
    const obj = structuredClone(object)
    if (type !== 'DELETED' && this.matches(obj)) {
      this.cache.set(key, obj)
      for (const h of [...this.handlers]) {
        if (old) h.onUpdate?.(old, obj)
        else h.onAdd?.(obj)
      }
    } else if (old) {
      this.cache.delete(key)
      for (const h of [...this.handlers]) h.onDelete?.(type === 'DELETED' ? obj : old)
    }
  }
}

/** An InformerFactory look-alike handing out FakeInformers over one FakeCluster. */
export class FakeInformerFactory {
  private readonly informers = new Map<string, FakeInformer>()

  constructor(private readonly snapshot: (ref: ResourceRef) => KubeObject[]) {}

  /** The shared informer of `ref` in `scope` (created, from the cluster's current state, on first request). */
  informer<T extends KubeObject = KubeObject>(ref: ResourceRef, scope: InformerScope = {}): FakeInformer<T> {
    const key = [resourceKey(ref), scope.namespace ?? '', JSON.stringify(scope.labelSelector ?? ''), JSON.stringify(scope.fieldSelector ?? '')].join('|')
    let inf = this.informers.get(key)
    if (!inf) {
      inf = new FakeInformer(ref, scope, this.snapshot(ref))
      this.informers.set(key, inf)
    }
    return inf as unknown as FakeInformer<T>
  }

  /** Every informer created so far. */
  all(): FakeInformer[] {
    return [...this.informers.values()]
  }

  start(): void {}

  waitForSync(): Promise<void> {
    return Promise.resolve()
  }

  stop(): void {
    for (const i of this.informers.values()) i.stop()
  }
}
