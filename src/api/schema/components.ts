/**
 * The components.schemas table of every type mkube serves, the list kinds derived from it, lookups by
 * group/version/kind, and the per-group-version subsets the OpenAPI v3 documents publish.
 */
import {APPS, AUTOSCALING, BATCH, CORE, COORDINATION, META, POLICY, REF_PREFIX, type GroupVersionKind, type Schema, type SchemaTable} from './dsl.js'
import {metaSchemas} from './meta.js'
import {containerSchemas} from './core-container.js'
import {schedulingSchemas} from './core-scheduling.js'
import {podSchemas} from './core-pod.js'
import {podStatusSchemas} from './core-pod-status.js'
import {volumeSchemas} from './core-volume.js'
import {legacyVolumeSchemas} from './core-volume-legacy.js'
import {serviceSchemas} from './core-service.js'
import {nodeSchemas} from './core-node.js'
import {configSchemas} from './core-config.js'
import {appsSchemas} from './apps.js'
import {batchSchemas} from './batch.js'
import {coordinationAutoscalingSchemas} from './coordination-autoscaling.js'

/** Kinds served as collections, whose "<Kind>List" schema is derived. */
const LISTED = [
  CORE + 'Pod', CORE + 'Service', CORE + 'Endpoints', CORE + 'Node', CORE + 'Namespace', CORE + 'ConfigMap', CORE + 'Secret',
  CORE + 'ServiceAccount', CORE + 'Event', APPS + 'Deployment', APPS + 'ReplicaSet', APPS + 'DaemonSet', BATCH + 'Job', BATCH + 'CronJob', COORDINATION + 'Lease',
]

/** The "<Kind>List" schema of a listed kind. */
function listSchema(itemName: string, item: Schema): Schema {
  const gvk = item['x-kubernetes-group-version-kind']![0]
  return {
    description: `${gvk.kind}List is a list of ${gvk.kind} objects.`,
    type: 'object',
    properties: {
      apiVersion: {type: 'string', description: 'APIVersion defines the versioned schema of this representation of an object.'},
      items: {type: 'array', items: {$ref: REF_PREFIX + itemName}, description: `List of ${gvk.kind} objects.`},
      kind: {type: 'string', description: 'Kind is a string value representing the REST resource this object represents.'},
      metadata: {allOf: [{$ref: REF_PREFIX + META + 'ListMeta'}], description: 'Standard list metadata.'},
    },
    required: ['items'],
    'x-kubernetes-group-version-kind': [{...gvk, kind: gvk.kind + 'List'}],
  }
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o)
    for (const v of Object.values(o)) deepFreeze(v)
  }
  return o
}

function build(): SchemaTable {
  const parts = [metaSchemas, containerSchemas, schedulingSchemas, podSchemas, podStatusSchemas, volumeSchemas, legacyVolumeSchemas, serviceSchemas, nodeSchemas, configSchemas, appsSchemas, batchSchemas, coordinationAutoscalingSchemas]
  const table: SchemaTable = {}
  for (const part of parts) {
    for (const [name, schema] of Object.entries(part)) {
      if (name in table) throw new Error(`schema ${name} is defined twice`)
      table[name] = schema
    }
  }
  for (const name of LISTED) table[name + 'List'] = listSchema(name, table[name])
  return deepFreeze(Object.fromEntries(Object.entries(table).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))))
}

const TABLE = build()

/** "group/version/Kind" → schema name, for every GVK a schema declares. */
const BY_GVK = new Map<string, string>()
/** "Kind" → schema name (first declaration wins; kinds are unique among mkube's types). */
const BY_KIND = new Map<string, string>()
for (const [name, s] of Object.entries(TABLE)) {
  for (const g of s['x-kubernetes-group-version-kind'] ?? []) {
    BY_GVK.set(`${g.group}/${g.version}/${g.kind}`, name)
    if (!BY_KIND.has(g.kind)) BY_KIND.set(g.kind, name)
  }
}

/**
 * The components.schemas map of every type mkube serves, sorted by name (deep-frozen: copy before
 * changing anything).
 */
export function openapiComponents(): SchemaTable {
  return TABLE
}

/** The named schema, or undefined. */
export function schemaByName(name: string): Schema | undefined {
  return Object.prototype.hasOwnProperty.call(TABLE, name) ? TABLE[name] : undefined
}

/** What a kind is looked up by: a GroupVersionKind, or a bare kind name ("Deployment"). */
export type KindRef = GroupVersionKind | string

/** The schema name of a kind ("io.k8s.api.apps.v1.Deployment"), or undefined when mkube has no schema for it. */
export function schemaNameFor(kind: KindRef): string | undefined {
  return typeof kind === 'string' ? BY_KIND.get(kind) : BY_GVK.get(`${kind.group}/${kind.version}/${kind.kind}`)
}

/** The schema a `$ref` (or a single-entry `allOf` around one) points at; the schema itself otherwise. */
export function resolveSchema(s: Schema): Schema {
  let cur = s
  for (let hops = 0; hops < 8; hops++) {
    if (cur.allOf?.length === 1 && !cur.properties && !cur.items && !cur.additionalProperties) cur = cur.allOf[0]
    else if (cur.$ref) {
      const target = schemaByName(cur.$ref.slice(REF_PREFIX.length))
      if (!target) throw new Error(`unresolved schema reference ${cur.$ref}`)
      cur = target
    } else return cur
  }
  throw new Error('schema reference chain too long')
}

/** Names of the schemas `s` refers to directly (anywhere inside it). */
export function referencedNames(s: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(s)) for (const v of s) referencedNames(v, out)
  else if (s && typeof s === 'object') {
    for (const [k, v] of Object.entries(s)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith(REF_PREFIX)) out.add(v.slice(REF_PREFIX.length))
      else if (k !== 'x-kubernetes-group-version-kind') referencedNames(v, out)
    }
  }
  return out
}

/** The named schemas plus everything they reference, transitively. */
export function schemaClosure(roots: Iterable<string>): SchemaTable {
  const out: SchemaTable = {}
  const queue = [...roots]
  while (queue.length) {
    const name = queue.pop()!
    if (name in out) continue
    const s = schemaByName(name)
    if (!s) throw new Error(`no schema named ${name}`)
    out[name] = s
    for (const r of referencedNames(s)) if (!(r in out)) queue.push(r)
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/** Subresources whose request/response kind lives outside the resource's own group/version. */
const SUBRESOURCE_KINDS: Record<string, string> = {
  scale: AUTOSCALING + 'Scale',
  binding: CORE + 'Binding',
  eviction: POLICY + 'Eviction',
}

/**
 * The components.schemas of one group/version's OpenAPI v3 document: every kind (and list kind) of that
 * group/version, the meta types every document carries (Status, DeleteOptions, WatchEvent,
 * APIResourceList, Patch), the kinds of the given subresources (scale → autoscaling/v1 Scale, binding,
 * eviction), and everything those reference.
 */
export function schemasForGroupVersion(group: string, version: string, subresources: Iterable<string> = []): SchemaTable {
  const roots = new Set([META + 'Status', META + 'DeleteOptions', META + 'WatchEvent', META + 'APIResourceList', META + 'Patch'])
  for (const [name, s] of Object.entries(TABLE)) {
    if (s['x-kubernetes-group-version-kind']?.some((g) => g.group === group && g.version === version)) roots.add(name)
  }
  for (const sub of subresources) if (SUBRESOURCE_KINDS[sub]) roots.add(SUBRESOURCE_KINDS[sub])
  return schemaClosure(roots)
}
