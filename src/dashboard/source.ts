/**
 * The dashboard's view of the cluster: cached objects per source key kept live by watches, health, the
 * connection state, and log streams. The live implementation is InformerPool (pool.ts); tests and the
 * README capture use StaticSource (static-source.ts).
 */
import type {KubeObject} from '../api/meta.js'
import type {Health} from './health.js'

/**
 * A source key: a plural resource name for all namespaces ("pods"), or "NAMESPACE/resource" for one
 * namespace ("kube-system/leases").
 */
export type SourceKey = string

/** Splits a source key into resource and namespace. */
export function parseKey(key: SourceKey): {resource: string; namespace?: string} {
  const i = key.indexOf('/')
  return i < 0 ? {resource: key} : {namespace: key.slice(0, i), resource: key.slice(i + 1)}
}

/** A running stream (logs): stop() ends it; done settles when it ends, rejecting with the error that ended it. */
export interface Stream {
  stop(): void
  done: Promise<void>
}

/** Whether the API server is reachable, and why not. */
export interface ConnectionState {
  lost: boolean
  /** the last error that is not about connectivity (e.g. a forbidden watch) */
  error?: string
}

/** Everything the dashboard reads from the cluster. */
export interface ClusterSource {
  /** API server URL (for the header and the lost-connection banner) */
  readonly server: string
  /** kubeconfig context name, if known */
  readonly context?: string
  /**
   * Starts (or shares) the watch behind `key` and calls onChange (coalesced, well within a second) after
   * its objects change or it first syncs. Returns the release function; unused watches are stopped.
   */
  subscribe(key: SourceKey, onChange: () => void): () => void
  /** The cached objects of a subscribed key ([] until it has synced). */
  objects(key: SourceKey): readonly KubeObject[]
  /** Whether the key's first list has arrived. */
  synced(key: SourceKey): boolean
  /** The last /readyz probe. */
  health(): Health
  /** Connection state. */
  connection(): ConnectionState
  /** Calls fn when health or connection change. Returns an unsubscribe function. */
  onStatus(fn: () => void): () => void
  /** Streams a container's log (follow, last 100 lines), handing over text chunks. */
  logs(namespace: string, pod: string, container: string, onText: (text: string) => void): Stream
}
