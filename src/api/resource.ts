import type {StatusCause} from './meta.js'
import type {KubeObject} from './meta.js'

/** Identifies a REST resource: what the client needs to build a path. */
export interface ResourceRef {
  /** API group; '' for the core (legacy) group served under /api */
  group: string
  version: string
  /** plural, lower case: pods, deployments */
  resource: string
  namespaced: boolean
}

/** Scale subresource mapping (deployments, replicasets). Paths are dotted JSON paths. */
export interface ScaleDef {
  specReplicasPath: string
  statusReplicasPath: string
  /** path of the LabelSelector object (spec.selector) */
  selectorPath: string
}

/**
 * ResourceDef: everything the API server, discovery, OpenAPI, the CLI and the printers need to know about
 * one built-in kind. Pure data and pure functions (no I/O); defined per kind under src/api/kinds/.
 */
export interface ResourceDef<T extends KubeObject = KubeObject> extends ResourceRef {
  kind: string
  listKind: string
  singular: string
  shortNames: string[]
  /** discovery categories, e.g. ['all'] */
  categories: string[]
  /** subresources served: status, scale, binding, log, exec, eviction … */
  subresources: string[]
  /** the kind has a status the main resource's PUT/PATCH must not change (it is written through /status) */
  hasStatusSubresource: boolean
  scale?: ScaleDef
  /** Fill defaults in place (called on create and on every update before validation). */
  defaults(obj: T): void
  /** Validate a whole object (create and update). Returns one cause per bad field; [] when valid. */
  validate(obj: T): StatusCause[]
  /** Extra update rules (immutable fields …), called after validate on updates. */
  validateUpdate(obj: T, old: T): StatusCause[]
  /** Field-selector fields beyond metadata.name / metadata.namespace (e.g. spec.nodeName, status.phase). */
  selectableFields(obj: T): Record<string, string>
}
