/**
 * Informer: a local, continuously updated cache of one resource (optionally one namespace and selectors),
 * as client-go's shared informer. Lists, then watches from the list's resourceVersion with bookmarks;
 * on 410 Gone or a lost connection it re-lists (backing off 0.1 s doubling to 10 s while the server is
 * down) and delivers the difference, so handlers see every change exactly as adds, updates and deletes.
 */
import type {KubeObject, WatchEvent} from '../api/meta.js'
import type {ResourceRef} from '../api/resource.js'
import type {Client} from './client.js'
import {isConnectionError, isGone} from './errors.js'
import type {StreamHandle} from './stream.js'
import {PARTIAL_LIST_ACCEPT, PARTIAL_WATCH_ACCEPT, type Selector} from './types.js'

/** Cache key of an object: `namespace/name`, or `name` for cluster-scoped objects (client-go's MetaNamespaceKeyFunc). */
export function objectKey(obj: {metadata?: {namespace?: string; name?: string}}): string {
  const m = obj.metadata ?? {}
  return m.namespace ? `${m.namespace}/${m.name ?? ''}` : (m.name ?? '')
}

/** Change notifications. Called synchronously, in order; a throw is logged and does not stop the informer. */
export interface InformerHandlers<T> {
  onAdd?(obj: T): void
  onUpdate?(oldObj: T, newObj: T): void
  /** receives the last state the informer knew (for a delete seen in a re-list) or the deleted object */
  onDelete?(obj: T): void
}

/** What an informer watches and how it retries (set by the caller; defaults suit controllers). */
export interface InformerOptions {
  namespace?: string
  labelSelector?: Selector
  fieldSelector?: Selector
  /** cache metadata only (PartialObjectMetadata objects: kind, apiVersion and metadata), as client-go's metadata informers */
  metadataOnly?: boolean
  /** watch timeoutSeconds is drawn at random from this range for each watch (default [300, 600]) */
  watchTimeoutSeconds?: [number, number]
  /** re-list back-off: first delay and cap in ms (default 100 and 10 000) */
  backoffMs?: {initial: number; max: number}
  /** where failures are reported (each distinct message once per failure streak); default console.error */
  log?: (message: string) => void
}

/** One named index of an informer's cache: index value → keys of the objects with that value. */
interface CacheIndex<T> {
  fn: (obj: T) => readonly string[]
  keys: Map<string, Set<string>>
}

/** A cache of one resource kept in sync with the API server. */
export class Informer<T extends KubeObject = KubeObject> {
  private readonly cache = new Map<string, T>()
  /** named indexes (client-go's Indexers); 'namespace' always exists */
  private readonly indexes = new Map<string, CacheIndex<T>>([['namespace', {fn: (o) => [o.metadata.namespace ?? ''], keys: new Map()}]])
  private readonly handlers: InformerHandlers<T>[] = []
  private readonly connListeners: ((connected: boolean, err?: Error) => void)[] = []
  private syncWaiters: {resolve(): void; reject(err: Error): void}[] = []
  private rv = ''
  private synced = false
  private started = false
  private stopped = false
  private isConnected = false
  private lastLogged: string | undefined
  private watchHandle: StreamHandle | undefined
  private readonly stopController = new AbortController()
  private readonly log: (message: string) => void

  constructor(
    private readonly client: Client,
    readonly ref: ResourceRef,
    private readonly opts: InformerOptions = {},
  ) {
    this.log = opts.log ?? ((m) => console.error(m))
  }

  /** Starts listing and watching (idempotent). */
  start(): void {
    if (this.started || this.stopped) return
    this.started = true
    void this.run()
  }

  /** Stops watching; no handler is called after stop() returns. Pending waitForSync calls reject. */
  stop(): void {
    if (this.stopped) return
    this.stopped = true
    this.stopController.abort()
    this.watchHandle?.stop()
    const err = new Error(`informer for ${this.ref.resource} stopped before it synced`)
    for (const w of this.syncWaiters) w.reject(err)
    this.syncWaiters = []
  }

  /** Registers handlers; the current cache is replayed to them at once as adds. Returns an unregister function. */
  addHandlers(h: InformerHandlers<T>): () => void {
    this.handlers.push(h)
    if (h.onAdd) for (const obj of [...this.cache.values()]) this.call(() => h.onAdd!(obj))
    return () => {
      const i = this.handlers.indexOf(h)
      if (i >= 0) this.handlers.splice(i, 1)
    }
  }

  /** Shorthand for addHandlers({onAdd}). */
  onAdd(fn: (obj: T) => void): () => void {
    return this.addHandlers({onAdd: fn})
  }

  /** Shorthand for addHandlers({onUpdate}). */
  onUpdate(fn: (oldObj: T, newObj: T) => void): () => void {
    return this.addHandlers({onUpdate: fn})
  }

  /** Shorthand for addHandlers({onDelete}). */
  onDelete(fn: (obj: T) => void): () => void {
    return this.addHandlers({onDelete: fn})
  }

  /** Called with true when a list succeeds after a failure (or the first time) and false when the server is lost. */
  onConnectionChange(fn: (connected: boolean, err?: Error) => void): () => void {
    this.connListeners.push(fn)
    return () => {
      const i = this.connListeners.indexOf(fn)
      if (i >= 0) this.connListeners.splice(i, 1)
    }
  }

  /** Whether the last contact with the API server succeeded. */
  get connected(): boolean {
    return this.isConnected
  }

  /** True once the first list has been delivered to the handlers. */
  hasSynced(): boolean {
    return this.synced
  }

  /** Resolves once synced; rejects when the informer stops first or the signal aborts. */
  waitForSync(signal?: AbortSignal): Promise<void> {
    if (this.synced) return Promise.resolve()
    if (this.stopped) return Promise.reject(new Error(`informer for ${this.ref.resource} stopped before it synced`))
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.syncWaiters = this.syncWaiters.filter((x) => x !== w)
        reject(signal!.reason)
      }
      const w = {
        resolve: () => (signal?.removeEventListener('abort', onAbort), resolve()),
        reject: (err: Error) => (signal?.removeEventListener('abort', onAbort), reject(err)),
      }
      this.syncWaiters.push(w)
      signal?.addEventListener('abort', onAbort, {once: true})
    })
  }

  /** The cached objects (optionally of one namespace). */
  list(namespace?: string): T[] {
    return namespace === undefined ? [...this.cache.values()] : this.byIndex('namespace', namespace)
  }

  /**
   * Adds a named index (client-go's AddIndexers): `fn` gives an object's index values, and byIndex finds
   * objects by one of them without scanning the cache. Informers are shared, so the first `fn` registered
   * under a name serves every later caller of the same name.
   */
  addIndex(name: string, fn: (obj: T) => readonly string[]): void {
    if (this.indexes.has(name)) return
    const ix: CacheIndex<T> = {fn, keys: new Map()}
    this.indexes.set(name, ix)
    for (const [key, obj] of this.cache) this.indexAdd(ix, key, obj)
  }

  /** The cached objects whose index `name` has `value` (in no particular order). Throws for an unknown index. */
  byIndex(name: string, value: string): T[] {
    const ix = this.indexes.get(name)
    if (!ix) throw new Error(`informer ${this.ref.resource}: no index named ${name}`)
    const out: T[] = []
    for (const key of ix.keys.get(value) ?? []) {
      const obj = this.cache.get(key)
      if (obj) out.push(obj)
    }
    return out
  }

  private indexAdd(ix: CacheIndex<T>, key: string, obj: T): void {
    for (const v of ix.fn(obj)) {
      let set = ix.keys.get(v)
      if (!set) ix.keys.set(v, (set = new Set()))
      set.add(key)
    }
  }

  private indexRemove(ix: CacheIndex<T>, key: string, obj: T): void {
    for (const v of ix.fn(obj)) {
      const set = ix.keys.get(v)
      if (set?.delete(key) && set.size === 0) ix.keys.delete(v)
    }
  }

  /** Puts an object into the cache and its indexes; returns the object it replaced. */
  private put(key: string, obj: T): T | undefined {
    const old = this.cache.get(key)
    for (const ix of this.indexes.values()) {
      if (old) {
        const before = ix.fn(old)
        const after = ix.fn(obj)
        if (before.length === after.length && before.every((v, i) => v === after[i])) continue
        this.indexRemove(ix, key, old)
      }
      this.indexAdd(ix, key, obj)
    }
    this.cache.set(key, obj)
    return old
  }

  /** Removes an object from the cache and its indexes; false when it was not cached. */
  private drop(key: string): boolean {
    const old = this.cache.get(key)
    if (!old) return false
    for (const ix of this.indexes.values()) this.indexRemove(ix, key, old)
    return this.cache.delete(key)
  }

  /** The cached object with key `ns/name` (or `name`). */
  get(key: string): T | undefined {
    return this.cache.get(key)
  }

  /** All cache keys. */
  keys(): string[] {
    return [...this.cache.keys()]
  }

  /** The resourceVersion the cache is consistent with (advanced by events and bookmarks). */
  get resourceVersion(): string {
    return this.rv
  }

  private async run(): Promise<void> {
    const {initial, max} = this.opts.backoffMs ?? {initial: 100, max: 10_000}
    let delay = initial
    let needList = true
    const backOff = async () => {
      await this.sleep(delay)
      delay = Math.min(delay * 2, max)
    }
    while (!this.stopped) {
      if (needList) {
        try {
          const list = await this.client.list<T>(this.ref, {
            namespace: this.opts.namespace,
            labelSelector: this.opts.labelSelector,
            fieldSelector: this.opts.fieldSelector,
            signal: this.stopController.signal,
            accept: this.opts.metadataOnly ? PARTIAL_LIST_ACCEPT : undefined,
          })
          if (this.stopped) return
          this.replace(list.items ?? [], list.metadata?.resourceVersion ?? '')
          needList = false
          delay = initial
          this.lastLogged = undefined
          this.setConnected(true)
        } catch (err) {
          if (this.stopped) return
          this.failed('list', err)
          await backOff()
          continue
        }
      }
      const [lo, hi] = this.opts.watchTimeoutSeconds ?? [300, 600]
      const started = Date.now()
      let events = 0
      this.watchHandle = this.client.watch<T>(
        this.ref,
        {
          namespace: this.opts.namespace,
          labelSelector: this.opts.labelSelector,
          fieldSelector: this.opts.fieldSelector,
          resourceVersion: this.rv || undefined,
          allowWatchBookmarks: true,
          accept: this.opts.metadataOnly ? PARTIAL_WATCH_ACCEPT : undefined,
          timeoutSeconds: Math.round(lo + Math.random() * (hi - lo)),
        },
        (ev) => {
          events++
          this.handleEvent(ev)
        },
      )
      try {
        await this.watchHandle.done
        if (this.stopped) return
        // The server ended the watch (timeout): watch again from the last resourceVersion, pacing
        // a server that keeps closing watches at once.
        if (events === 0 && Date.now() - started < 1000) await backOff()
        else delay = initial
      } catch (err) {
        if (this.stopped) return
        needList = true
        if (isGone(err)) continue
        this.failed('watch', err)
        await backOff()
      }
    }
  }

  private failed(what: string, err: unknown): void {
    const e = err instanceof Error ? err : new Error(String(err))
    if (isConnectionError(e)) this.setConnected(false, e)
    const msg = `informer ${this.ref.resource}: ${what} failed: ${e.message}`
    if (msg !== this.lastLogged) {
      this.lastLogged = msg
      this.log(msg)
    }
  }

  private setConnected(connected: boolean, err?: Error): void {
    if (this.isConnected === connected) return
    this.isConnected = connected
    for (const fn of [...this.connListeners]) this.call(() => fn(connected, err))
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms)
      const signal = this.stopController.signal
      function done() {
        clearTimeout(t)
        signal.removeEventListener('abort', done)
        resolve()
      }
      signal.addEventListener('abort', done, {once: true})
    })
  }

  private call(fn: () => void): void {
    try {
      fn()
    } catch (err) {
      this.log(`informer ${this.ref.resource}: handler failed: ${(err as Error)?.stack ?? err}`)
    }
  }

  private emit(kind: 'add' | 'update' | 'delete', a: T, b?: T): void {
    for (const h of [...this.handlers]) {
      if (this.stopped) return
      if (kind === 'add' && h.onAdd) this.call(() => h.onAdd!(a))
      else if (kind === 'update' && h.onUpdate) this.call(() => h.onUpdate!(a, b!))
      else if (kind === 'delete' && h.onDelete) this.call(() => h.onDelete!(a))
    }
  }

  /** Replaces the cache with a fresh list, delivering adds/updates (in list order) then deletes. */
  private replace(items: T[], rv: string): void {
    const fresh = new Map<string, T>()
    for (const obj of items) fresh.set(objectKey(obj), obj)
    for (const [key, obj] of fresh) {
      if (this.stopped) return
      const old = this.put(key, obj)
      if (!old) this.emit('add', obj)
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) this.emit('update', old, obj)
    }
    for (const [key, old] of [...this.cache]) {
      if (this.stopped) return
      if (fresh.has(key)) continue
      this.drop(key)
      this.emit('delete', old)
    }
    this.rv = rv
    if (!this.synced) {
      this.synced = true
      for (const w of this.syncWaiters) w.resolve()
      this.syncWaiters = []
    }
  }

  private handleEvent(ev: WatchEvent<T>): void {
    if (this.stopped) return
    const obj = ev.object
    const rv = obj?.metadata?.resourceVersion
    if (ev.type === 'ADDED' || ev.type === 'MODIFIED') {
      const key = objectKey(obj)
      const old = this.put(key, obj)
      if (old) this.emit('update', old, obj)
      else this.emit('add', obj)
    } else if (ev.type === 'DELETED') {
      const key = objectKey(obj)
      if (this.drop(key)) this.emit('delete', obj)
    }
    if (rv) this.rv = rv
  }
}
