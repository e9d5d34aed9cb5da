/**
 * Test fixtures for the kind tests: minimal valid manifests and a helper that runs a ResourceDef the way
 * the API server does on create (prepareForCreate → defaults → validate). Not used at runtime.
 */
import type {KubeObject, StatusCause} from '../meta.js'
import type {ResourceDef} from '../resource.js'
import {prepareForCreate} from '../registry.js'

/** A cause reduced to what the tables assert on. */
export interface Found {
  reason?: string
  field?: string
}

/** Distinct causes, in first-seen order (several messages about one field collapse into one). */
export function uniq(found: Found[]): Found[] {
  const seen = new Set<string>()
  return found.filter((f) => {
    const k = `${f.reason}|${f.field}`
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

/** Defaults then validates a deep copy of `obj`; returns [reason, field] pairs. */
export function validateAsCreate<T extends KubeObject>(def: ResourceDef<T>, obj: T): Found[] {
  const o = structuredClone(obj)
  prepareForCreate(def, o)
  def.defaults(o)
  return def.validate(o).map((c: StatusCause) => ({reason: c.reason, field: c.field}))
}

/** Defaults, validates and update-validates `next` against `prev` (both already created). */
export function validateAsUpdate<T extends KubeObject>(def: ResourceDef<T>, next: T, prev: T): Found[] {
  const n = structuredClone(next)
  def.defaults(n)
  return [...def.validate(n), ...def.validateUpdate(n, prev)].map((c) => ({reason: c.reason, field: c.field}))
}

/** A created object: prepareForCreate + defaults applied, with server metadata. */
export function created<T extends KubeObject>(def: ResourceDef<T>, obj: T): T {
  const o = structuredClone(obj)
  o.metadata.uid ??= '11111111-2222-3333-4444-555555555555'
  o.metadata.creationTimestamp ??= '2024-01-01T00:00:00Z'
  prepareForCreate(def, o)
  def.defaults(o)
  return o
}

/** A pod spec template body with one container. */
export function podSpecBody(): Record<string, unknown> {
  return {containers: [{name: 'web', image: 'nginx:1.25', ports: [{containerPort: 80}]}]}
}

/** A valid Pod manifest. */
export function podManifest(): KubeObject {
  return {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'web', namespace: 'default', labels: {app: 'web'}}, spec: podSpecBody()}
}

/** A valid workload manifest (Deployment, ReplicaSet or DaemonSet) selecting app=web. */
export function workloadManifest(kind: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: {name: 'web', namespace: 'default'},
    spec: {selector: {matchLabels: {app: 'web'}}, template: {metadata: {labels: {app: 'web'}}, spec: podSpecBody()}},
  }
}
