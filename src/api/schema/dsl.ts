/**
 * A small builder DSL for OpenAPI v3 schema objects in the shape the Kubernetes API server publishes under
 * /openapi/v3 (components.schemas): named object types whose fields point at other named types through
 * `allOf: [{$ref}]` (when the field carries a description) or a bare `$ref` (list items, map values).
 */

/** One `x-kubernetes-group-version-kind` entry. */
export interface GroupVersionKind {
  group: string
  version: string
  kind: string
}

/** An OpenAPI v3 schema object, restricted to what Kubernetes' built-in types use. */
export interface Schema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean'
  format?: string
  description?: string
  properties?: Record<string, Schema>
  additionalProperties?: Schema | boolean
  items?: Schema
  required?: string[]
  allOf?: Schema[]
  oneOf?: Schema[]
  $ref?: string
  enum?: unknown[]
  default?: unknown
  'x-kubernetes-group-version-kind'?: GroupVersionKind[]
  'x-kubernetes-patch-merge-key'?: string
  'x-kubernetes-patch-strategy'?: string
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map'
  'x-kubernetes-list-map-keys'?: string[]
  'x-kubernetes-map-type'?: 'atomic' | 'granular'
  'x-kubernetes-int-or-string'?: boolean
  'x-kubernetes-preserve-unknown-fields'?: boolean
  'x-kubernetes-embedded-resource'?: boolean
  'x-kubernetes-unions'?: unknown[]
}

/** Named schemas, keyed as in components.schemas ("io.k8s.api.core.v1.PodSpec"). */
export type SchemaTable = Record<string, Schema>

/** The JSON pointer prefix of component references. */
export const REF_PREFIX = '#/components/schemas/'

/** Name prefixes of the API packages mkube serves. */
export const CORE = 'io.k8s.api.core.v1.'
export const APPS = 'io.k8s.api.apps.v1.'
export const BATCH = 'io.k8s.api.batch.v1.'
export const COORDINATION = 'io.k8s.api.coordination.v1.'
export const AUTOSCALING = 'io.k8s.api.autoscaling.v1.'
export const POLICY = 'io.k8s.api.policy.v1.'
export const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.'
export const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity'
export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString'
export const RAW_EXTENSION = 'io.k8s.apimachinery.pkg.runtime.RawExtension'

function described(s: Schema, description?: string): Schema {
  return description ? {...s, description} : s
}

/** A string field. */
export const str = (description?: string): Schema => described({type: 'string'}, description)
/** A string field with the given allowed values (upstream's `+enum` types). */
export const oneOf = (values: string[], description?: string): Schema => described({type: 'string', enum: values}, description)
/** A 32-bit integer field. */
export const int32 = (description?: string): Schema => described({type: 'integer', format: 'int32'}, description)
/** A 64-bit integer field. */
export const int64 = (description?: string): Schema => described({type: 'integer', format: 'int64'}, description)
/** A boolean field. */
export const bool = (description?: string): Schema => described({type: 'boolean'}, description)
/** A base64-encoded byte string ([]byte in Go). */
export const bytes = (description?: string): Schema => described({type: 'string', format: 'byte'}, description)

/**
 * A reference to a named schema: a bare `$ref` without description (list items, map values), else
 * `allOf: [{$ref}]` next to the description, as upstream's v3 documents write it.
 */
export function ref(name: string, description?: string): Schema {
  const r = {$ref: REF_PREFIX + name}
  return description ? {allOf: [r], description} : r
}

/** A meta/v1 Time field (RFC 3339, seconds precision). */
export const time = (description?: string): Schema => ref(META + 'Time', description)
/** A meta/v1 MicroTime field (RFC 3339, microseconds precision). */
export const microTime = (description?: string): Schema => ref(META + 'MicroTime', description)
/** A resource.Quantity field ("100m", "128Mi", or a number). */
export const quantity = (description?: string): Schema => ref(QUANTITY, description)
/** An intstr.IntOrString field (port numbers or names, "25%"). */
export const intOrString = (description?: string): Schema => ref(INT_OR_STRING, description)
/** A core/v1 type reference. */
export const core = (name: string, description?: string): Schema => ref(CORE + name, description)
/** A meta/v1 type reference. */
export const meta = (name: string, description?: string): Schema => ref(META + name, description)

/** A list (no merge semantics beyond replacement: `x-kubernetes-list-type: atomic`). */
export function arr(items: Schema, description?: string): Schema {
  return described({type: 'array', items, 'x-kubernetes-list-type': 'atomic'}, description)
}

/** A list whose list-type upstream leaves unspecified (treated as atomic). */
export function list(items: Schema, description?: string): Schema {
  return described({type: 'array', items}, description)
}

/** A list of unique primitives (`x-kubernetes-list-type: set`). */
export function set(items: Schema, description?: string): Schema {
  return described({type: 'array', items, 'x-kubernetes-list-type': 'set'}, description)
}

/** A list of unique primitives that strategic merge patches merge as a set (patchStrategy=merge). */
export function mergeSet(items: Schema, description?: string): Schema {
  return {...set(items, description), 'x-kubernetes-patch-strategy': 'merge'}
}

/** A list of objects keyed by `keys` (`x-kubernetes-list-type: map`) without patch metadata. */
export function listMap(keys: string[], items: Schema, description?: string): Schema {
  return described({type: 'array', items, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': keys}, description)
}

/**
 * A list of objects that strategic merge patches merge by `mergeKey` (patchStrategy=merge, or
 * "merge,retainKeys"), keyed for server-side apply by `keys` (defaults to [mergeKey]).
 */
export function mergeList(mergeKey: string, items: Schema, description?: string, opts: {keys?: string[]; retainKeys?: boolean} = {}): Schema {
  return {
    ...listMap(opts.keys ?? [mergeKey], items, description),
    'x-kubernetes-patch-merge-key': mergeKey,
    'x-kubernetes-patch-strategy': opts.retainKeys ? 'merge,retainKeys' : 'merge',
  }
}

/** A string-keyed map. */
export function map(values: Schema, description?: string): Schema {
  return described({type: 'object', additionalProperties: values}, description)
}

/** A named object type. */
export function obj(description: string, properties: Record<string, Schema>, required?: string[]): Schema {
  const s: Schema = {description, type: 'object', properties}
  if (required?.length) s.required = required
  return s
}

/** A top-level kind: an object type tagged with its group/version/kind. */
export function kind(gvk: GroupVersionKind, description: string, properties: Record<string, Schema>, required?: string[]): Schema {
  return {...obj(description, properties, required), 'x-kubernetes-group-version-kind': [gvk]}
}

/** The apiVersion / kind / metadata fields every kind starts with. */
export function typeMeta(metadataDescription = "Standard object's metadata."): Record<string, Schema> {
  return {
    apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
    kind: str('Kind is a string value representing the REST resource this object represents.'),
    metadata: meta('ObjectMeta', metadataDescription),
  }
}
