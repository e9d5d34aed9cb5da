/**
 * StaticSource: an in-memory ClusterSource for tests, fixtures renders and the README capture. Objects are
 * set per source key; set() notifies subscribers like a watch event would. Log streams replay canned text.
 */
import type {KubeObject} from '../api/meta.js'
import type {Health} from './health.js'
import {type ClusterSource, type ConnectionState, parseKey, type SourceKey, type Stream} from './source.js'

/** Canned logs: text per "namespace/pod/container", or an Error to fail the stream with. */
export type CannedLogs = Record<string, string | Error>

/** An in-memory ClusterSource. */
export class StaticSource implements ClusterSource {
  readonly server: string
  readonly context?: string
  private readonly data = new Map<string, KubeObject[]>()
  private readonly listeners = new Map<SourceKey, Set<() => void>>()
  private readonly statusListeners = new Set<() => void>()
  private healthState: Health
  private conn: ConnectionState = {lost: false}
  /** subscription counts per key (tests check that views release their watches) */
  readonly refs = new Map<SourceKey, number>()
  /** log streams opened: "namespace/pod/container" */
  readonly opened: string[] = []

  constructor(
    objects: Record<string, readonly unknown[]> = {},
    opts: {server?: string; context?: string; health?: Health; logs?: CannedLogs} = {},
  ) {
    this.server = opts.server ?? 'https://127.0.0.1:6443'
    this.context = opts.context
    this.healthState = opts.health ?? {api: 'reachable', apiMessage: 'readyz check passed', store: 'ok', storeMessage: 'ok'}
    this.cannedLogs = opts.logs ?? {}
    for (const [resource, list] of Object.entries(objects)) this.data.set(resource, list as KubeObject[])
  }

  private readonly cannedLogs: CannedLogs

  /** Replaces the objects of a resource (all namespaces) and notifies subscribers of every key over it. */
  set(resource: string, objects: readonly unknown[]): void {
    this.data.set(resource, objects as KubeObject[])
    for (const [key, fns] of this.listeners) if (parseKey(key).resource === resource) for (const fn of [...fns]) fn()
  }

  /** Sets health and connection state and notifies status listeners. */
  setStatus(health: Partial<Health>, conn: ConnectionState = this.conn): void {
    this.healthState = {...this.healthState, ...health}
    this.conn = conn
    for (const fn of [...this.statusListeners]) fn()
  }

  subscribe(key: SourceKey, onChange: () => void): () => void {
    const set = this.listeners.get(key) ?? new Set()
    set.add(onChange)
    this.listeners.set(key, set)
    this.refs.set(key, (this.refs.get(key) ?? 0) + 1)
    return () => {
      set.delete(onChange)
      this.refs.set(key, (this.refs.get(key) ?? 1) - 1)
    }
  }

  objects(key: SourceKey): readonly KubeObject[] {
    const {resource, namespace} = parseKey(key)
    const all = this.data.get(resource) ?? []
    return namespace === undefined ? all : all.filter((o) => o.metadata.namespace === namespace)
  }

  synced(key: SourceKey): boolean {
    return this.data.has(parseKey(key).resource)
  }

  health(): Health {
    return this.healthState
  }

  connection(): ConnectionState {
    return this.conn
  }

  onStatus(fn: () => void): () => void {
    this.statusListeners.add(fn)
    return () => this.statusListeners.delete(fn)
  }

  logs(namespace: string, pod: string, container: string, onText: (text: string) => void): Stream {
    const id = `${namespace}/${pod}/${container}`
    this.opened.push(id)
    const canned = this.cannedLogs[id]
    let stopped = false
    let end = () => {}
    // like a follow stream: the canned text arrives, then the stream stays open until stop()
    const done = new Promise<void>((resolve, reject) => {
      end = resolve
      queueMicrotask(() => {
        if (stopped) return
        if (canned instanceof Error) return reject(canned)
        if (canned !== undefined) onText(canned)
      })
    })
    return {
      stop: () => {
        stopped = true
        end()
      },
      done,
    }
  }
}
