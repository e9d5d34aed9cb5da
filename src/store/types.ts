/**
 * The cluster store interface. One implementation today (SQLite, `sqlite.ts`); a distributed backend
 * later. Only the API server uses it. Keys are strings such as `/registry/pods/default/web-1`; values
 * are Kubernetes objects (JSON-serialisable). The store owns `metadata.resourceVersion`: on every write
 * it sets it to the write's revision (a decimal string) in the stored value and in what it returns.
 */

/** A stored value: any JSON object with a metadata block. */
export interface StoredObject {
  metadata?: {resourceVersion?: string; [k: string]: unknown}
  [k: string]: unknown
}

/** One change, as a watch delivers it. For DELETED, `object` is the last stored value with the deletion's revision. */
export interface StoreEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED'
  key: string
  /** revision of this change; equal to object.metadata.resourceVersion */
  revision: number
  object: StoredObject
  /** the value before this change (absent for ADDED) */
  prev?: StoredObject
}

/** A list answer: the matching objects and the store revision the list is consistent with. */
export interface ListResult {
  items: StoredObject[]
  revision: number
}

/** A running watch. `stop()` ends it; no event is delivered after stop() returns. */
export interface StoreWatch {
  stop(): void
}

/** Callbacks of a watch. `onError` receives StoreError('Gone') when the start revision is compacted. */
export interface WatchHandlers {
  onEvent(ev: StoreEvent): void
  onError?(err: Error): void
}

/**
 * Narrows a watch to the events whose object (or, for an update, its previous value) has `value` under a
 * named index — the store's counterpart of Kubernetes' watch-cache "indexed triggers": with 1,000 kubelets
 * each watching `spec.nodeName=<self>`, an event is handed to one kubelet's watch instead of being
 * filtered by all 1,000. Only a pre-filter: the watcher still applies its full selector. Set by the API
 * server from an equality term of a field selector.
 */
export interface WatchTrigger {
  /** the index's name; every trigger with this name must compute the same `valueOf` */
  index: string
  /** the value this watch wants */
  value: string
  /** the index value of a stored object */
  valueOf(obj: StoredObject): string
}

/** Error kinds the store raises; the API server maps them to Status codes (404, 409, 409, 410). */
export type StoreErrorKind = 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Gone' | 'Corrupt' | 'Unsupported'

/** StoreError: raised by every Store method on a failed precondition. */
export class StoreError extends Error {
  constructor(
    readonly kind: StoreErrorKind,
    message: string,
    /** for Conflict: the current stored value (when it exists) */
    readonly current?: StoredObject,
  ) {
    super(message)
    this.name = 'StoreError'
  }
}

/** Compaction summary. */
export interface CompactResult {
  /** revisions at or below this are gone; watches from them get Gone */
  compactedRevision: number
  /** history rows removed */
  removed: number
}

/** The cluster store. Every method is safe to call concurrently; writes are serialised in revision order. */
export interface Store {
  /** Create `key`; fails with AlreadyExists if it exists. Returns the stored value (with resourceVersion). */
  create(key: string, obj: StoredObject): Promise<StoredObject>
  /** Get `key`; NotFound if absent. */
  get(key: string): Promise<StoredObject>
  /** All objects whose key starts with `prefix`, sorted by key, with the revision they are consistent with. */
  list(prefix: string): Promise<ListResult>
  /**
   * The same as list(), but each object as the JSON text it is stored as (metadata.resourceVersion included),
   * unparsed: lets the API server answer a large list without building every object.
   */
  listRaw(prefix: string): Promise<{values: string[]; revision: number}>
  /**
   * Replace `key` with `obj`. When `expectedRevision` is given (or obj.metadata.resourceVersion is set and
   * non-empty), the current revision must equal it, else Conflict; NotFound if absent.
   */
  update(key: string, obj: StoredObject, expectedRevision?: number): Promise<StoredObject>
  /**
   * Read-modify-write with retries on conflict: `fn` receives the current value and returns the new one
   * (or null to leave it unchanged). Returns what is stored afterwards.
   */
  guaranteedUpdate(key: string, fn: (cur: StoredObject) => StoredObject | null | Promise<StoredObject | null>): Promise<StoredObject>
  /** Delete `key` (Conflict if `expectedRevision` mismatches; NotFound if absent). Returns the deleted value with the deletion revision. */
  delete(key: string, expectedRevision?: number): Promise<StoredObject>
  /**
   * Watch keys under `prefix` for every change with revision > `fromRevision`, in revision order, none
   * missed or repeated. fromRevision 0 means "from now". Too old (compacted) → onError(Gone).
   */
  watch(prefix: string, fromRevision: number, handlers: WatchHandlers, trigger?: WatchTrigger): StoreWatch
  /** The latest revision. */
  currentRevision(): Promise<number>
  /** The oldest revision a watch may start from (compactedRevision + 1 may be watched from compactedRevision). */
  compactedRevision(): Promise<number>
  /** Drop history at or below `revision` (default: per the retention policy) and reclaim space. */
  compact(revision?: number): Promise<CompactResult>
  /** Number of objects under a prefix (cheap count). */
  count(prefix: string): Promise<number>
  /** Stop timers, close files. */
  close(): Promise<void>
}
