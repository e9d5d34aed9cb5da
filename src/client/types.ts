/** Request option and answer types of the Client (meta/v1 shapes where Kubernetes defines them). */
import type {ListMeta, ObjectMeta} from '../api/meta.js'

/** A label or field selector: the string form (`a=b,c!=d`) or equality pairs. */
export type Selector = string | Record<string, string>

/** Options of list and table requests (set by the caller). */
export interface ListOptions {
  /** namespace of a namespaced resource; omitted → all namespaces */
  namespace?: string
  /** Accept header (e.g. PARTIAL_LIST_ACCEPT for metadata-only lists); default application/json */
  accept?: string
  labelSelector?: Selector
  fieldSelector?: Selector
  limit?: number
  continue?: string
  /** '' or omitted: most recent; '0': any (cache); otherwise at least / exactly per resourceVersionMatch */
  resourceVersion?: string
  resourceVersionMatch?: 'NotOlderThan' | 'Exact'
  /** aborts the request */
  signal?: AbortSignal
}

/** Options of watch requests. */
export interface WatchOptions {
  namespace?: string
  /** start after this resourceVersion; omitted → the server sends the current state as ADDED events first */
  resourceVersion?: string
  labelSelector?: Selector
  fieldSelector?: Selector
  allowWatchBookmarks?: boolean
  /** the server ends the watch after this many seconds */
  timeoutSeconds?: number
  accept?: string
}

/** Options of create/update/patch writes. */
export interface WriteOptions {
  fieldManager?: string
  /** validate and default without persisting (dryRun=All) */
  dryRun?: boolean
  /** how the server treats unknown or duplicate fields: Strict (reject), Warn (server default), Ignore */
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore'
}

/** Options of patch requests. */
export interface PatchOptions extends WriteOptions {
  subresource?: string
  /** server-side apply: take over conflicting fields */
  force?: boolean
}

/** The patch formats the API server accepts, by short name. */
export type PatchType = 'merge' | 'json' | 'strategic' | 'apply'

/** Content-Type of each patch format. */
export const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
}

/** Accept headers asking for metadata only (PartialObjectMetadata), as client-go's metadata informers do. */
export const PARTIAL_LIST_ACCEPT = 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json'
export const PARTIAL_WATCH_ACCEPT = 'application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io,application/json'

/** Accept header asking for a meta.k8s.io/v1 Table. */
export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io'

/** Options of table requests: a list (or one object when `name` is set) rendered as a Table. */
export interface TableOptions extends ListOptions {
  name?: string
  /** embed rows' objects: None (default server-side), Metadata or Object */
  includeObject?: 'None' | 'Metadata' | 'Object'
}

export type {Table, TableColumnDefinition, TableRow} from '../api/types/table.js'
