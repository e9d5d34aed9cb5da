/**
 * The object store behind FakeCluster: the API server's write rules (src/apiserver/rest/generic.ts)
 * reduced to what controllers observe, over plain maps. Test support only.
 */
import {randomUUID} from 'node:crypto'
import {alreadyExists, conflict, invalid, notFound} from '../../api/errors.js'
import type {DeleteOptions, KubeObject, Status} from '../../api/meta.js'
import {applyPatch} from '../../api/patch/index.js'
import {findResource, groupVersionOf, prepareForCreate} from '../../api/registry.js'
import type {ResourceDef, ResourceRef} from '../../api/resource.js'
import type {PatchType} from '../../client/types.js'
import {jsonEqual} from '../../util/json.js'
import {nowRfc3339} from '../../util/time.js'
import {resourceKey} from './fake-informers.js'

/** Requests the fake client serves. */
export type Verb = 'get' | 'list' | 'create' | 'update' | 'updateStatus' | 'patch' | 'delete' | 'deleteCollection'

/** FakeStore behaviour switches (see FakeClusterOptions). */
export interface FakeStoreOptions {
  defaults: boolean
  gracefulPods: boolean
  now: () => Date
}

type Emit = (ref: ResourceRef, type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: KubeObject) => void

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789'

function specPart(obj: KubeObject): Record<string, unknown> {
  const {metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest} = obj
  return rest
}

/** In-memory objects by resource and `namespace/name`, with a global resourceVersion counter. */
export class FakeStore {
  private readonly data = new Map<string, Map<string, KubeObject>>()
  private rv = 0

  constructor(
    private readonly opts: FakeStoreOptions,
    private readonly emit: Emit,
  ) {}

  /** The current store revision. */
  revision(): string {
    return String(this.rv)
  }

  /** Deep copies of the objects of `ref` (one namespace when given), in key order. */
  list(ref: ResourceRef, namespace?: string): KubeObject[] {
    const m = this.data.get(resourceKey(ref))
    if (!m) return []
    return [...m.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, o]) => structuredClone(o))
      .filter((o) => namespace === undefined || o.metadata.namespace === namespace)
  }

  /** A deep copy of one object, or undefined. */
  find(ref: ResourceRef, name: string, ns?: string): KubeObject | undefined {
    const o = this.table(ref).get(this.key(ref, name, ns))
    return o && structuredClone(o)
  }

  /** A deep copy of one object; NotFound otherwise. */
  get(ref: ResourceRef, name: string, ns?: string): KubeObject {
    const o = this.find(ref, name, ns)
    if (!o) throw notFound(ref.resource, name, ref.group || undefined)
    return o
  }

  /** POST semantics: generateName, uid, timestamps, generation, registry defaults, AlreadyExists. */
  create(ref: ResourceRef, obj: KubeObject, ns?: string): KubeObject {
    const def = this.def(ref)
    const md = obj.metadata
    if (ref.namespaced) md.namespace = ns || md.namespace || 'default'
    else delete md.namespace
    if (!md.name && md.generateName) md.name = md.generateName + Array.from({length: 5}, () => ALPHANUMS[Math.floor(Math.random() * ALPHANUMS.length)]).join('')
    if (!md.name) throw invalid(def?.kind ?? ref.resource, '', [{reason: 'FieldValueRequired', field: 'metadata.name', message: 'name or generateName is required'}])
    const key = this.key(ref, md.name, md.namespace)
    if (this.table(ref).has(key)) throw alreadyExists(ref.resource, md.name, ref.group || undefined)
    md.uid ??= randomUUID()
    md.creationTimestamp ??= nowRfc3339(this.opts.now())
    if (ref.group === 'apps' || ref.group === 'batch') md.generation = 1
    if (def && this.opts.defaults) {
      prepareForCreate(def, obj)
      def.defaults(obj)
    }
    return this.store(ref, obj, 'ADDED')
  }

  /** Stores `obj` as is (create or replace; only resourceVersion is set): writes of other actors in tests. */
  put(ref: ResourceRef, obj: KubeObject): KubeObject {
    const exists = this.table(ref).has(this.key(ref, obj.metadata.name!, obj.metadata.namespace))
    if (!exists) return this.create(ref, obj)
    return this.store(ref, obj, 'MODIFIED')
  }

  /** PUT semantics for the main resource ('') or the status subresource ('status'). */
  update(ref: ResourceRef, obj: KubeObject, ns: string | undefined, subresource: '' | 'status'): KubeObject {
    const old = this.get(ref, obj.metadata.name ?? '', ns ?? obj.metadata.namespace)
    return this.applyUpdate(ref, old, obj, subresource)
  }

  /** PATCH semantics: applies the patch to the current object, then the update rules. */
  patch(ref: ResourceRef, name: string, patch: unknown, type: PatchType, ns: string | undefined, subresource: string): KubeObject {
    if (type === 'apply') throw new Error('server-side apply is not supported by the fake cluster')
    const old = this.get(ref, name, ns)
    const next = applyPatch(type, this.def(ref)?.kind ?? '', structuredClone(old), typeof patch === 'string' ? patch : structuredClone(patch)) as KubeObject
    return this.applyUpdate(ref, old, next, subresource === 'status' ? 'status' : '')
  }

  /** DELETE semantics: preconditions, Foreground/Orphan finalizers, graceful pods, removal when nothing waits. */
  delete(ref: ResourceRef, name: string, ns: string | undefined, o: DeleteOptions): KubeObject | Status {
    const old = this.get(ref, name, ns)
    const pre = o.preconditions ?? {}
    if (pre.uid && pre.uid !== old.metadata.uid) throw conflict(ref.resource, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`, ref.group || undefined)
    if (pre.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion) throw conflict(ref.resource, name, 'Precondition failed: resourceVersion mismatch', ref.group || undefined)
    const next = structuredClone(old)
    const fins = new Set(next.metadata.finalizers ?? [])
    const policy = o.propagationPolicy ?? (o.orphanDependents ? 'Orphan' : undefined)
    if (policy === 'Foreground') (fins.delete('orphan'), fins.add('foregroundDeletion'))
    if (policy === 'Orphan') (fins.delete('foregroundDeletion'), fins.add('orphan'))
    const graceful = this.opts.gracefulPods && ref.group === '' && ref.resource === 'pods' && (o.gracePeriodSeconds ?? 1) > 0
    if (fins.size === 0 && !graceful) {
      this.table(ref).delete(this.key(ref, name, old.metadata.namespace))
      this.emit(ref, 'DELETED', structuredClone(old))
      return {kind: 'Status', apiVersion: 'v1', status: 'Success', details: {name, kind: ref.resource, uid: old.metadata.uid}}
    }
    if (fins.size) next.metadata.finalizers = [...fins]
    next.metadata.deletionTimestamp ??= nowRfc3339(this.opts.now())
    if (jsonEqual(next, old)) return old
    return this.store(ref, next, 'MODIFIED')
  }

  /** Removes an object unconditionally. */
  remove(ref: ResourceRef, name: string, ns?: string): void {
    const old = this.get(ref, name, ns)
    this.table(ref).delete(this.key(ref, name, old.metadata.namespace))
    this.emit(ref, 'DELETED', old)
  }

  private applyUpdate(ref: ResourceRef, old: KubeObject, obj: KubeObject, subresource: '' | 'status'): KubeObject {
    const name = old.metadata.name!
    const md = obj.metadata
    if (md.resourceVersion && md.resourceVersion !== old.metadata.resourceVersion) {
      throw conflict(ref.resource, name, 'the object has been modified; please apply your changes to the latest version and try again', ref.group || undefined)
    }
    if (md.uid && md.uid !== old.metadata.uid) throw conflict(ref.resource, name, `Precondition failed: UID in precondition: ${md.uid}, UID in object meta: ${old.metadata.uid}`, ref.group || undefined)
    for (const k of ['uid', 'creationTimestamp', 'namespace', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'name'] as const) {
      if (old.metadata[k] === undefined) delete md[k]
      else (md as Record<string, unknown>)[k] = old.metadata[k]
    }
    if (old.metadata.deletionTimestamp && (md.finalizers ?? []).some((f) => !(old.metadata.finalizers ?? []).includes(f))) {
      throw invalid(this.def(ref)?.kind ?? ref.resource, name, [{reason: 'FieldValueForbidden', field: 'metadata.finalizers', message: 'no new finalizers can be added if the object is being deleted'}])
    }
    const def = this.def(ref)
    if (subresource === 'status') {
      for (const k of Object.keys(obj)) if (k !== 'metadata' && k !== 'status' && k !== 'apiVersion' && k !== 'kind') delete obj[k]
      Object.assign(obj, structuredClone(specPart(old)))
      md.finalizers = old.metadata.finalizers
      md.ownerReferences = old.metadata.ownerReferences
      if (md.finalizers === undefined) delete md.finalizers
      if (md.ownerReferences === undefined) delete md.ownerReferences
    } else if (def?.hasStatusSubresource) {
      if (old.status === undefined) delete obj.status
      else obj.status = structuredClone(old.status)
    }
    if (def && this.opts.defaults) def.defaults(obj)
    if (old.metadata.generation !== undefined) {
      md.generation = old.metadata.generation + (jsonEqual(specPart(obj), specPart(old)) ? 0 : 1)
    }
    md.resourceVersion = old.metadata.resourceVersion
    if (jsonEqual(this.typed(ref, obj), this.typed(ref, old))) return old
    if (md.deletionTimestamp && (md.finalizers ?? []).length === 0) {
      const podPending = this.opts.gracefulPods && ref.group === '' && ref.resource === 'pods'
      if (!podPending) {
        this.table(ref).delete(this.key(ref, name, old.metadata.namespace))
        const gone = this.typed(ref, obj)
        this.emit(ref, 'DELETED', structuredClone(gone))
        return gone
      }
    }
    return this.store(ref, obj, 'MODIFIED')
  }

  private store(ref: ResourceRef, obj: KubeObject, type: 'ADDED' | 'MODIFIED'): KubeObject {
    const typed = this.typed(ref, obj)
    typed.metadata.resourceVersion = String(++this.rv)
    this.table(ref).set(this.key(ref, typed.metadata.name!, typed.metadata.namespace), typed)
    this.emit(ref, type, structuredClone(typed))
    return structuredClone(typed)
  }

  private typed(ref: ResourceRef, obj: KubeObject): KubeObject {
    const def = this.def(ref)
    const {apiVersion: _a, kind: _k, ...rest} = obj
    return {apiVersion: groupVersionOf(ref), kind: def?.kind ?? obj.kind, ...rest} as KubeObject
  }

  private def(ref: ResourceRef): ResourceDef | undefined {
    return findResource(ref.group, ref.version, ref.resource)
  }

  private table(ref: ResourceRef): Map<string, KubeObject> {
    const k = resourceKey(ref)
    let m = this.data.get(k)
    if (!m) this.data.set(k, (m = new Map()))
    return m
  }

  private key(ref: ResourceRef, name: string, ns?: string): string {
    return ref.namespaced ? `${ns || 'default'}/${name}` : name
  }
}
