import {randomUUID} from 'node:crypto'
import type {DeleteOptions, KubeObject, StatusCause} from '../../api/meta.js'
import type {ResourceDef} from '../../api/resource.js'
import {ApiError, alreadyExists, badRequest, conflict, invalid, notFound} from '../../api/errors.js'
import {keyFor, prefixFor, prepareForCreate, prepareForUpdate} from '../../api/registry.js'
import {StoreError, type Store, type StoredObject, type StoreWatch, type StoreEvent, type WatchTrigger} from '../../store/types.js'
import {clone, isObject, jsonEqual} from '../../util/json.js'
import {nowRfc3339} from '../../util/time.js'
import type {RequestContext, ResourceHooks} from './types.js'

const nameChars = 'bcdfghjklmnpqrstvwxz2456789'

/** generateName suffix: 5 characters from Kubernetes' alphabet (no vowels, no confusable digits). */
export function randomSuffix(n = 5): string {
  let s = ''
  for (let i = 0; i < n; i++) s += nameChars[Math.floor(Math.random() * nameChars.length)]
  return s
}

/** The object's namespace/name for messages. */
function nameOf(obj: KubeObject): string {
  return obj.metadata?.name ?? ''
}

/** Content other than metadata and status: a change here bumps metadata.generation. */
function specPart(obj: KubeObject): Record<string, unknown> {
  const {metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest} = obj
  return rest
}

/** Kinds that carry metadata.generation: the workload kinds whose controllers report observedGeneration. */
function tracksGeneration(def: ResourceDef): boolean {
  return def.group === 'apps' || def.group === 'batch'
}

/** Maps a StoreError to the Kubernetes Status error for this resource. */
export function storeErrorToApi(err: unknown, def: ResourceDef, name: string): unknown {
  if (!(err instanceof StoreError)) return err
  switch (err.kind) {
    case 'NotFound':
      return notFound(def.resource, name, def.group || undefined)
    case 'AlreadyExists':
      return alreadyExists(def.resource, name, def.group || undefined)
    case 'Conflict':
      return conflict(def.resource, name, 'the object has been modified; please apply your changes to the latest version and try again', def.group || undefined)
    case 'Gone':
      return new ApiError({message: err.message, reason: 'Expired', code: 410})
    default:
      return err
  }
}

/**
 * GenericRegistry: Kubernetes' generic REST storage for one resource over the Store — server-set metadata,
 * defaulting, validation, optimistic concurrency, status subresource rules, graceful deletion and
 * finalizers. Resource-specific behaviour comes through ResourceHooks.
 */
export class GenericRegistry<T extends KubeObject = KubeObject> {
  constructor(
    readonly def: ResourceDef<T>,
    readonly store: Store,
    readonly hooks: ResourceHooks<T> = {},
  ) {}

  private key(ns: string, name: string): string {
    return keyFor(this.def as ResourceDef, this.def.namespaced ? ns : '', name)
  }

  /** The store prefix for a namespace ('' = all namespaces). */
  prefix(ns: string): string {
    return prefixFor(this.def as ResourceDef, this.def.namespaced && ns ? ns : undefined)
  }

  private wrap(err: unknown, name: string): unknown {
    return storeErrorToApi(err, this.def as ResourceDef, name)
  }

  private withType(obj: StoredObject): T {
    const o = obj as unknown as T
    o.apiVersion = this.def.group ? `${this.def.group}/${this.def.version}` : this.def.version
    o.kind = this.def.kind
    return o
  }

  private groupVersion(): string {
    return this.def.group ? `${this.def.group}/${this.def.version}` : this.def.version
  }

  /** Checks the body's apiVersion/kind (when present) against this resource. */
  checkTypeMeta(obj: unknown): asserts obj is T {
    if (!isObject(obj)) throw badRequest('the request body must be a JSON object')
    const gv = this.groupVersion()
    if (obj.apiVersion !== undefined && obj.apiVersion !== gv) {
      throw badRequest(`the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${gv})`)
    }
    if (obj.kind !== undefined && obj.kind !== this.def.kind) {
      throw badRequest(`the kind in the data (${String(obj.kind)}) does not match the expected kind (${this.def.kind})`)
    }
    if (obj.metadata !== undefined && !isObject(obj.metadata)) throw badRequest('metadata must be an object')
    if (obj.metadata === undefined) obj.metadata = {}
  }

  private checkNamespace(obj: T, ns: string): void {
    if (!this.def.namespaced) {
      delete obj.metadata.namespace
      return
    }
    const inObj = obj.metadata.namespace
    if (inObj && ns && inObj !== ns) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request')
    }
    obj.metadata.namespace = inObj || ns
  }

  private validateOrThrow(causes: StatusCause[], obj: T): void {
    if (causes.length) throw invalid(this.def.kind, nameOf(obj), causes, this.def.group || undefined)
  }

  /** GET one object. */
  async get(ns: string, name: string): Promise<T> {
    try {
      return this.withType(await this.store.get(this.key(ns, name)))
    } catch (e) {
      throw this.wrap(e, name)
    }
  }

  /** LIST under a namespace ('' = all), filtered; returns items and the list's revision. */
  async list(ns: string, filter?: (o: T) => boolean): Promise<{items: T[]; revision: number}> {
    const res = await this.store.list(this.prefix(ns))
    const items: T[] = []
    for (const it of res.items) {
      const o = this.withType(it)
      if (!filter || filter(o)) items.push(o)
    }
    return {items, revision: res.revision}
  }

  /**
   * The objects of a list as JSON texts, as they are served, without parsing them: stored values already
   * carry apiVersion, kind (written first, by stripType) and resourceVersion; a value stored otherwise (an
   * older version of the kind) is parsed and re-typed. Every JSON list is answered from these (see sendJsonListOf).
   */
  async listJson(ns: string): Promise<{values: string[]; revision: number}> {
    const res = await this.store.listRaw(this.prefix(ns))
    const head = `{"apiVersion":${JSON.stringify(this.groupVersion())},"kind":${JSON.stringify(this.def.kind)},`
    const values = res.values.map((v) => (v.startsWith(head) ? v : JSON.stringify(this.withType(JSON.parse(v) as StoredObject))))
    return {values, revision: res.revision}
  }

  /** POST: create. */
  async create(ns: string, body: unknown, ctx: RequestContext): Promise<T> {
    this.checkTypeMeta(body)
    const obj = body
    this.checkNamespace(obj, ns)
    const md = obj.metadata
    if (md.resourceVersion) throw badRequest('resourceVersion should not be set on objects to be created')
    if (!md.name && md.generateName) md.name = md.generateName + randomSuffix()
    md.uid = randomUUID()
    md.creationTimestamp = nowRfc3339()
    delete md.deletionTimestamp
    delete md.deletionGracePeriodSeconds
    delete md.selfLink
    if (tracksGeneration(this.def as ResourceDef)) md.generation = 1
    else delete md.generation
    prepareForCreate(this.def, obj)
    this.def.defaults(obj)
    this.validateOrThrow(this.def.validate(obj), obj)
    ctx.admit?.(obj)
    await this.hooks.beforeCreate?.(obj, ctx)
    if (ctx.dryRun) {
      await this.hooks.abortCreate?.(obj)
      return this.withType(obj as unknown as StoredObject)
    }
    try {
      const stored = await this.store.create(this.key(ns, md.name!), this.stripType(obj))
      return this.withType(stored)
    } catch (e) {
      await this.hooks.abortCreate?.(obj)
      throw this.wrap(e, md.name!)
    }
  }

  private stripType(obj: T): StoredObject {
    const {apiVersion: _a, kind: _k, ...rest} = obj
    return {apiVersion: this.groupVersion(), kind: this.def.kind, ...rest} as StoredObject
  }

  /**
   * PUT: update the main resource (subresource '') or the status subresource ('status').
   * A non-empty metadata.resourceVersion is a precondition (409 when stale).
   */
  async update(ns: string, name: string, body: unknown, ctx: RequestContext, subresource = ''): Promise<T> {
    this.checkTypeMeta(body)
    const obj = body
    if (obj.metadata.name && obj.metadata.name !== name) {
      throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`)
    }
    obj.metadata.name = name
    this.checkNamespace(obj, ns)
    let old: T
    try {
      old = this.withType(await this.store.get(this.key(ns, name)))
    } catch (e) {
      if (e instanceof StoreError && e.kind === 'NotFound' && this.hooks.allowCreateOnUpdate && !subresource) {
        delete obj.metadata.resourceVersion
        return this.create(ns, obj, ctx)
      }
      throw this.wrap(e, name)
    }
    if (obj.metadata.resourceVersion) return this.applyUpdate(old, obj, ctx, subresource)
    // an unconditional update (no resourceVersion) applies to whatever is current: retry when another
    // write lands between our read and our write, as Kubernetes' GuaranteedUpdate does
    const wanted = clone(obj)
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.applyUpdate(old, attempt === 0 ? obj : clone(wanted), ctx, subresource)
      } catch (e) {
        if (!(e instanceof ApiError && e.reason === 'Conflict' && attempt < 10)) throw e
        old = await this.get(ns, name)
      }
    }
  }

  /** Runs the update rules of a new object against `old` and stores it (shared by PUT and PATCH). */
  async applyUpdate(old: T, obj: T, ctx: RequestContext, subresource = ''): Promise<T> {
    const name = old.metadata.name!
    const rv = obj.metadata.resourceVersion
    if (rv && rv !== old.metadata.resourceVersion) {
      throw conflict(this.def.resource, name, 'the object has been modified; please apply your changes to the latest version and try again', this.def.group || undefined)
    }
    if (obj.metadata.uid && obj.metadata.uid !== old.metadata.uid) {
      throw conflict(this.def.resource, name, `Precondition failed: UID in precondition: ${obj.metadata.uid}, UID in object meta: ${old.metadata.uid}`, this.def.group || undefined)
    }
    // server-owned metadata always comes from the stored object
    const md = obj.metadata
    md.uid = old.metadata.uid
    md.creationTimestamp = old.metadata.creationTimestamp
    md.namespace = old.metadata.namespace
    if (old.metadata.deletionTimestamp) {
      md.deletionTimestamp = old.metadata.deletionTimestamp
      md.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds
    } else {
      delete md.deletionTimestamp
      delete md.deletionGracePeriodSeconds
    }
    if (old.metadata.generateName && md.generateName === undefined) md.generateName = old.metadata.generateName
    if (old.metadata.deletionTimestamp && (md.finalizers ?? []).some((f) => !(old.metadata.finalizers ?? []).includes(f))) {
      throw invalid(this.def.kind, name, [{reason: 'FieldValueForbidden', field: 'metadata.finalizers', message: 'Forbidden: no new finalizers can be added if the object is being deleted'}], this.def.group || undefined)
    }
    if (subresource === 'status') {
      // status writes change status (and labels/annotations), never spec
      for (const k of Object.keys(obj)) if (k !== 'metadata' && k !== 'status' && k !== 'apiVersion' && k !== 'kind') delete obj[k]
      for (const [k, v] of Object.entries(specPart(old))) obj[k as keyof T] = clone(v) as T[keyof T]
      md.finalizers = old.metadata.finalizers
      md.ownerReferences = old.metadata.ownerReferences
    } else if (subresource === '') {
      if (this.def.hasStatusSubresource) {
        const o = obj as KubeObject
        if ((old as KubeObject).status === undefined) delete o.status
        else o.status = clone((old as KubeObject).status)
      }
      prepareForUpdate(this.def, obj, old)
    }
    this.def.defaults(obj)
    // binding and finalize are server-built changes of otherwise immutable fields (spec.nodeName, spec.finalizers)
    const trusted = subresource === 'binding' || subresource === 'finalize'
    this.validateOrThrow([...this.def.validate(obj), ...(trusted ? [] : this.def.validateUpdate(obj, old))], obj)
    if (tracksGeneration(this.def as ResourceDef)) {
      md.generation = old.metadata.generation ?? 1
      if (!jsonEqual(specPart(obj), specPart(old))) md.generation += 1
    }
    md.resourceVersion = old.metadata.resourceVersion
    ctx.admit?.(obj, old)
    if (jsonEqual(this.comparable(obj), this.comparable(old))) return old // no-op: nothing written, RV unchanged
    if (!subresource) await this.hooks.beforeUpdate?.(obj, old, ctx)
    if (ctx.dryRun) {
      if (!subresource) await this.hooks.abortUpdate?.(obj, old)
      return this.withType(obj as unknown as StoredObject)
    }
    const key = this.key(old.metadata.namespace ?? '', name)
    try {
      if (md.deletionTimestamp && (md.finalizers ?? []).length === 0 && this.finalizable(obj)) {
        const gone = await this.store.delete(key, Number(old.metadata.resourceVersion))
        await this.hooks.afterDelete?.(this.withType(gone))
        return this.withType(gone)
      }
      return this.withType(await this.store.update(key, this.stripType(obj), Number(old.metadata.resourceVersion)))
    } catch (e) {
      if (!subresource) await this.hooks.abortUpdate?.(obj, old)
      throw this.wrap(e, name)
    }
  }

  /** Objects whose removal waits only on metadata.finalizers (graceful pods wait on the kubelet instead). */
  private finalizable(obj: T): boolean {
    if (this.hooks.gracePeriod && (obj.metadata.deletionGracePeriodSeconds ?? 0) > 0) return false
    if (this.def.resource === 'namespaces') return ((obj as {spec?: {finalizers?: string[]}}).spec?.finalizers ?? []).length === 0
    return true
  }

  private comparable(obj: T): unknown {
    const {apiVersion: _a, kind: _k, metadata, ...rest} = obj as KubeObject
    const {resourceVersion: _rv, managedFields: _mf, ...md} = metadata
    return {...rest, metadata: md}
  }

  /**
   * Read-modify-write used by PATCH and subresources: `mutate` builds the new object from a copy of the
   * current one; retried on conflicts unless the result carries an explicit resourceVersion precondition.
   */
  async mutate(ns: string, name: string, ctx: RequestContext, subresource: string, mutate: (cur: T) => T | Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const old = await this.get(ns, name)
      const next = await mutate(clone(old))
      this.checkTypeMeta(next)
      const explicitRv = next.metadata.resourceVersion !== old.metadata.resourceVersion
      if (next.metadata.name !== name) throw badRequest(`the name of the object (${next.metadata.name}) does not match the name on the URL (${name})`)
      try {
        return await this.applyUpdate(old, next, ctx, subresource)
      } catch (e) {
        if (e instanceof ApiError && e.reason === 'Conflict' && !explicitRv && attempt < 10) continue
        throw e
      }
    }
  }

  /**
   * DELETE. Honours preconditions, graceful deletion (pods), finalizers and propagationPolicy (Foreground
   * and Orphan add the finalizers the garbage collector acts on). Returns the object as it is afterwards
   * and whether it is gone from the store.
   */
  async delete(ns: string, name: string, opts: DeleteOptions, ctx: RequestContext): Promise<{obj: T; gone: boolean}> {
    for (let attempt = 0; ; attempt++) {
      const old = await this.get(ns, name)
      const pre = opts.preconditions ?? {}
      if (pre.uid && pre.uid !== old.metadata.uid) {
        throw conflict(this.def.resource, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`, this.def.group || undefined)
      }
      if (pre.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion) {
        throw conflict(this.def.resource, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`, this.def.group || undefined)
      }
      const next = clone(old)
      const md = next.metadata
      const finalizers = new Set(md.finalizers ?? [])
      const policy = opts.propagationPolicy ?? (opts.orphanDependents ? 'Orphan' : undefined)
      if (policy === 'Foreground') {
        finalizers.delete('orphan')
        finalizers.add('foregroundDeletion')
      } else if (policy === 'Orphan') {
        finalizers.delete('foregroundDeletion')
        finalizers.add('orphan')
      }
      const grace = this.hooks.gracePeriod ? this.hooks.gracePeriod(old, opts) : 0
      const nsPending = this.def.resource === 'namespaces' && ((next as {spec?: {finalizers?: string[]}}).spec?.finalizers ?? []).length > 0
      const waits = finalizers.size > 0 || grace > 0 || nsPending
      if (!waits) {
        if (ctx.dryRun) return {obj: old, gone: true}
        try {
          const gone = this.withType(await this.store.delete(this.key(ns, name), Number(old.metadata.resourceVersion)))
          await this.hooks.afterDelete?.(gone)
          return {obj: gone, gone: true}
        } catch (e) {
          if (e instanceof StoreError && e.kind === 'Conflict' && attempt < 10) continue
          throw this.wrap(e, name)
        }
      }
      // the object stays until finalizers are removed / the kubelet confirms termination
      md.finalizers = finalizers.size ? [...finalizers] : undefined
      if (!md.finalizers) delete md.finalizers
      const now = Date.now()
      if (!md.deletionTimestamp) {
        md.deletionTimestamp = nowRfc3339(new Date(now + grace * 1000))
        md.deletionGracePeriodSeconds = grace
      } else if (grace < (md.deletionGracePeriodSeconds ?? 0)) {
        // a shorter grace period may cut an ongoing graceful deletion short
        md.deletionTimestamp = nowRfc3339(new Date(now + grace * 1000))
        md.deletionGracePeriodSeconds = grace
      }
      if (this.def.resource === 'namespaces') {
        ;(next as {status?: {phase?: string}}).status = {...((next as {status?: object}).status ?? {}), phase: 'Terminating'}
      }
      if (ctx.dryRun) return {obj: next, gone: false}
      if (jsonEqual(next, old)) return {obj: old, gone: false}
      try {
        const stored = this.withType(await this.store.update(this.key(ns, name), this.stripType(next), Number(old.metadata.resourceVersion)))
        return {obj: stored, gone: false}
      } catch (e) {
        if (e instanceof StoreError && e.kind === 'Conflict' && attempt < 10) continue
        throw this.wrap(e, name)
      }
    }
  }

  /** Watch the store for this resource (namespace '' = all) from a revision. */
  watch(ns: string, fromRevision: number, onEvent: (ev: StoreEvent) => void, onError: (err: unknown) => void, trigger?: WatchTrigger): StoreWatch {
    return this.store.watch(
      this.prefix(ns),
      fromRevision,
      {
        onEvent: (ev) => {
          this.withType(ev.object)
          if (ev.prev) this.withType(ev.prev)
          onEvent(ev)
        },
        onError: (e) => onError(this.wrap(e, '')),
      },
      trigger,
    )
  }
}
