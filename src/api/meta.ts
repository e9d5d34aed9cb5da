/**
 * Kubernetes object metadata types (meta/v1), field for field with the upstream JSON names.
 * Who sets what is noted per field: "server" = the API server on create/update, "client" = the author.
 */

/** TypeMeta: apiVersion and kind; set by the client, filled in by the server on every answer. */
export interface TypeMeta {
  apiVersion?: string
  kind?: string
}

/** OwnerReference: set by controllers (or clients); read by the garbage collector. */
export interface OwnerReference {
  apiVersion: string
  kind: string
  name: string
  uid: string
  controller?: boolean
  blockOwnerDeletion?: boolean
}

/** ManagedFieldsEntry is accepted and stored, not interpreted (server-side apply is not implemented). */
export interface ManagedFieldsEntry {
  manager?: string
  operation?: string
  apiVersion?: string
  time?: string
  fieldsType?: string
  fieldsV1?: unknown
  subresource?: string
}

/** ObjectMeta: metadata every persisted object carries. */
export interface ObjectMeta {
  /** client (or derived from generateName by the server); DNS-1123 subdomain for most kinds */
  name?: string
  /** client; the server appends 5 random characters when name is empty */
  generateName?: string
  /** client or from the request path; defaulted to "default" for namespaced kinds */
  namespace?: string
  /** server: a UUID set on create, immutable */
  uid?: string
  /** server: the store revision of the last write, as a decimal string; clients echo it for optimistic concurrency */
  resourceVersion?: string
  /** server: 1 on create, incremented when spec (or non-metadata/status content) changes */
  generation?: number
  /** server: RFC 3339 time of creation */
  creationTimestamp?: string
  /** server: set when a delete is requested on an object with finalizers (or graceful pod deletion) */
  deletionTimestamp?: string
  /** server: seconds of grace granted by the delete request */
  deletionGracePeriodSeconds?: number
  /** client */
  labels?: Record<string, string>
  /** client */
  annotations?: Record<string, string>
  /** controllers or clients; read by the garbage collector */
  ownerReferences?: OwnerReference[]
  /** clients and controllers; the object is only removed once this is empty */
  finalizers?: string[]
  managedFields?: ManagedFieldsEntry[]
  selfLink?: string
}

/** ListMeta: set by the server on list answers. */
export interface ListMeta {
  resourceVersion?: string
  continue?: string
  remainingItemCount?: number
  selfLink?: string
}

/** Any persisted Kubernetes object. */
export interface KubeObject extends TypeMeta {
  metadata: ObjectMeta
  [field: string]: unknown
}

/** A list of objects as the API server returns it (kind is "<Kind>List"). */
export interface KubeList<T = KubeObject> extends TypeMeta {
  metadata: ListMeta
  items: T[]
}

/** A watch event on the wire and in the client. */
export interface WatchEvent<T = KubeObject> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR'
  object: T
}

/** StatusCause: one reason a request was rejected; field uses JSON path syntax (spec.containers[0].name). */
export interface StatusCause {
  reason?: string
  message?: string
  field?: string
}

/** Status: the body of every error answer (and of some successful deletes). */
export interface Status extends TypeMeta {
  metadata?: ListMeta
  status?: 'Success' | 'Failure'
  message?: string
  reason?: string
  details?: {
    name?: string
    group?: string
    kind?: string
    uid?: string
    causes?: StatusCause[]
    retryAfterSeconds?: number
  }
  code?: number
}

/** LabelSelector (meta/v1): matchLabels ANDed with matchExpressions. */
export interface LabelSelectorRequirement {
  key: string
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'
  values?: string[]
}
export interface LabelSelector {
  matchLabels?: Record<string, string>
  matchExpressions?: LabelSelectorRequirement[]
}

/** A condition as most status types carry it. Set by the controller owning the status. */
export interface Condition {
  type: string
  status: 'True' | 'False' | 'Unknown'
  reason?: string
  message?: string
  lastTransitionTime?: string
  lastUpdateTime?: string
  lastProbeTime?: string | null
  lastHeartbeatTime?: string
  observedGeneration?: number
}

/** DeleteOptions: body of DELETE requests. */
export interface DeleteOptions extends TypeMeta {
  gracePeriodSeconds?: number
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground'
  preconditions?: {uid?: string; resourceVersion?: string}
  orphanDependents?: boolean
  dryRun?: string[]
}
