/**
 * Client: the typed REST client every component and the CLI use to talk to the API server. Builds paths
 * from a ResourceRef, rebuilds ApiError from Status answers, streams watches and logs.
 */
import type {DeleteOptions, KubeList, KubeObject, Status, WatchEvent} from '../api/meta.js'
import type {ResourceRef} from '../api/resource.js'
import type {ClientConfig} from './config.js'
import {errorFromResponse} from './errors.js'
import {loadKubeconfig, type LoadKubeconfigOptions} from './kubeconfig.js'
import {formatSelector, resourcePath, type Query} from './paths.js'
import {openStream, openWatch, type StreamHandle} from './stream.js'
import {Transport} from './transport.js'
import {PATCH_CONTENT_TYPES, TABLE_ACCEPT, type ListOptions, type PatchOptions, type PatchType, type Table, type TableOptions, type WatchOptions, type WriteOptions} from './types.js'

/** Options of Client.request. */
export interface RequestOptions {
  query?: Query
  /** objects are sent as JSON; strings and bytes as they are */
  body?: unknown
  /** default application/json when there is a body */
  contentType?: string
  /** default application/json */
  accept?: string
  signal?: AbortSignal
  /** return the body text instead of parsing JSON */
  raw?: boolean
  /** overrides the config's timeoutMs */
  timeoutMs?: number
}

const DEFAULT_TIMEOUT_MS = 60_000

function listQuery(o: ListOptions): Query {
  return {
    labelSelector: formatSelector(o.labelSelector),
    fieldSelector: formatSelector(o.fieldSelector),
    limit: o.limit,
    continue: o.continue,
    resourceVersion: o.resourceVersion,
    resourceVersionMatch: o.resourceVersionMatch,
  }
}

function writeQuery(o: WriteOptions = {}): Query {
  return {fieldManager: o.fieldManager, dryRun: o.dryRun ? 'All' : undefined, fieldValidation: o.fieldValidation}
}

/** A client for one API server and identity. Cheap to share; close() when done to free sockets. */
export class Client {
  readonly config: ClientConfig
  private readonly transport: Transport

  constructor(config: ClientConfig) {
    this.config = config
    this.transport = new Transport(config)
  }

  /** A client for a kubeconfig context (see loadKubeconfig). */
  static fromKubeconfig(opts: LoadKubeconfigOptions = {}): Client {
    return new Client(loadKubeconfig(opts))
  }

  /** The API server base URL. */
  get server(): string {
    return this.transport.server
  }

  /** The namespace used when a namespaced request names none. */
  get defaultNamespace(): string {
    return this.config.namespace || 'default'
  }

  /**
   * Sends a request. 2xx → the parsed JSON answer (text when `raw` or when it is not JSON; undefined
   * when empty); otherwise throws ApiError; unreachable server → ConnectionError.
   */
  async request<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = {Accept: opts.accept ?? 'application/json'}
    let body: string | Uint8Array | undefined
    if (opts.body !== undefined) {
      body = typeof opts.body === 'string' || opts.body instanceof Uint8Array ? opts.body : JSON.stringify(opts.body)
      headers['Content-Type'] = opts.contentType ?? 'application/json'
    }
    const timeout = opts.timeoutMs ?? this.config.timeoutMs ?? DEFAULT_TIMEOUT_MS
    const started = Date.now()
    const res = await this.transport.send(method, path, {query: opts.query, headers, body, signal: opts.signal, timeoutMs: timeout})
    const left = timeout ? Math.max(1, timeout - (Date.now() - started)) : undefined
    const text = await this.transport.readBody(res, opts.signal, left)
    const code = res.statusCode ?? 0
    if (code < 200 || code >= 300) throw errorFromResponse(code, text)
    if (opts.raw) return text as T
    if (text === '') return undefined as T
    const ct = String(res.headers['content-type'] ?? '')
    if (ct.includes('json') || /^\s*[[{]/.test(text)) {
      try {
        return JSON.parse(text) as T
      } catch (err) {
        if (ct.includes('json')) throw new Error(`invalid JSON from ${this.server}${path}: ${(err as Error).message}`)
      }
    }
    return text as T
  }

  /** Namespace for an object request: the argument, else the object's, else the default (namespaced kinds only). */
  private ns(ref: ResourceRef, explicit?: string, obj?: {metadata?: {namespace?: string}}): string | undefined {
    if (!ref.namespaced) return undefined
    return explicit || obj?.metadata?.namespace || this.defaultNamespace
  }

  private objectName(obj: KubeObject): string {
    const name = obj.metadata?.name
    if (!name) throw new Error('object has no metadata.name')
    return name
  }

  /** GET one object. */
  get<T extends KubeObject = KubeObject>(ref: ResourceRef, name: string, ns?: string): Promise<T> {
    return this.request<T>('GET', resourcePath(ref, {namespace: this.ns(ref, ns), name}))
  }

  /** GET a collection (one namespace, or all namespaces when opts.namespace is omitted). */
  list<T extends KubeObject = KubeObject>(ref: ResourceRef, opts: ListOptions = {}): Promise<KubeList<T>> {
    return this.request<KubeList<T>>('GET', resourcePath(ref, {namespace: opts.namespace}), {query: listQuery(opts), signal: opts.signal, accept: opts.accept})
  }

  /** POST a new object. */
  create<T extends KubeObject = KubeObject>(ref: ResourceRef, obj: T, ns?: string, opts?: WriteOptions): Promise<T> {
    return this.request<T>('POST', resourcePath(ref, {namespace: this.ns(ref, ns, obj)}), {body: obj, query: writeQuery(opts)})
  }

  /** PUT a whole object (metadata.resourceVersion, when set, is the optimistic-concurrency precondition). */
  update<T extends KubeObject = KubeObject>(ref: ResourceRef, obj: T, ns?: string, opts?: WriteOptions): Promise<T> {
    return this.request<T>('PUT', resourcePath(ref, {namespace: this.ns(ref, ns, obj), name: this.objectName(obj)}), {body: obj, query: writeQuery(opts)})
  }

  /** PUT the status subresource. */
  updateStatus<T extends KubeObject = KubeObject>(ref: ResourceRef, obj: T, ns?: string, opts?: WriteOptions): Promise<T> {
    return this.updateSubresource<T, T>(ref, this.objectName(obj), 'status', obj, this.ns(ref, ns, obj), opts)
  }

  /** PATCH an object (or a subresource) in one of the four patch formats. Apply defaults fieldManager to "mkube". */
  patch<T extends KubeObject = KubeObject>(ref: ResourceRef, name: string, patch: unknown, type: PatchType, ns?: string, opts: PatchOptions = {}): Promise<T> {
    const fieldManager = opts.fieldManager ?? (type === 'apply' ? 'mkube' : undefined)
    return this.request<T>('PATCH', resourcePath(ref, {namespace: this.ns(ref, ns), name, subresource: opts.subresource}), {
      body: typeof patch === 'string' ? patch : JSON.stringify(patch),
      contentType: PATCH_CONTENT_TYPES[type],
      query: {...writeQuery({...opts, fieldManager}), force: type === 'apply' && opts.force ? true : undefined},
    })
  }

  /** DELETE one object. Answers the object (still terminating) or a Success Status. */
  delete<T extends KubeObject = KubeObject>(ref: ResourceRef, name: string, ns?: string, opts?: DeleteOptions): Promise<T | Status> {
    const body = opts ? {apiVersion: 'v1', kind: 'DeleteOptions', ...opts} : undefined
    return this.request<T | Status>('DELETE', resourcePath(ref, {namespace: this.ns(ref, ns), name}), {body})
  }

  /** DELETE every object of a collection matching the selectors (ns omitted → all namespaces). */
  deleteCollection<T extends KubeObject = KubeObject>(ref: ResourceRef, ns: string | undefined, opts: Pick<ListOptions, 'labelSelector' | 'fieldSelector'> = {}, del?: DeleteOptions): Promise<KubeList<T> | Status> {
    const body = del ? {apiVersion: 'v1', kind: 'DeleteOptions', ...del} : undefined
    return this.request('DELETE', resourcePath(ref, {namespace: ns}), {query: listQuery(opts), body})
  }

  /** GET a subresource (status, scale, …). */
  getSubresource<R = KubeObject>(ref: ResourceRef, name: string, subresource: string, ns?: string): Promise<R> {
    return this.request<R>('GET', resourcePath(ref, {namespace: this.ns(ref, ns), name, subresource}))
  }

  /** PUT a subresource (status, scale, …). */
  updateSubresource<R = KubeObject, B = unknown>(ref: ResourceRef, name: string, subresource: string, body: B, ns?: string, opts?: WriteOptions): Promise<R> {
    const n = this.ns(ref, ns, body as {metadata?: {namespace?: string}})
    return this.request<R>('PUT', resourcePath(ref, {namespace: n, name, subresource}), {body, query: writeQuery(opts)})
  }

  /** POST to a subresource (pods/binding, pods/eviction). */
  createSubresource<R = unknown, B = unknown>(ref: ResourceRef, name: string, subresource: string, body: B, ns?: string, opts?: WriteOptions): Promise<R> {
    const n = this.ns(ref, ns, body as {metadata?: {namespace?: string}})
    return this.request<R>('POST', resourcePath(ref, {namespace: n, name, subresource}), {body, query: writeQuery(opts)})
  }

  /** A list (or one object when opts.name is set) rendered by the server as a meta.k8s.io/v1 Table. */
  table(ref: ResourceRef, opts: TableOptions = {}): Promise<Table> {
    const namespace = opts.name !== undefined ? this.ns(ref, opts.namespace) : opts.namespace
    return this.request<Table>('GET', resourcePath(ref, {namespace, name: opts.name}), {
      accept: TABLE_ACCEPT,
      query: {...listQuery(opts), includeObject: opts.includeObject},
      signal: opts.signal,
    })
  }

  /**
   * Watches a collection: delivers each event until stop(), the server's end (timeoutSeconds), or an
   * error: a Status ERROR event (410 when resourceVersion is too old) rejects `done` with its ApiError.
   */
  watch<T extends KubeObject = KubeObject>(ref: ResourceRef, opts: WatchOptions, onEvent: (ev: WatchEvent<T>) => void): StreamHandle {
    const query: Query = {
      watch: 1,
      resourceVersion: opts.resourceVersion,
      labelSelector: formatSelector(opts.labelSelector),
      fieldSelector: formatSelector(opts.fieldSelector),
      allowWatchBookmarks: opts.allowWatchBookmarks ? true : undefined,
      timeoutSeconds: opts.timeoutSeconds,
    }
    const maxDurationMs = opts.timeoutSeconds ? (opts.timeoutSeconds + 30) * 1000 : undefined
    return openWatch<T>(this.transport, resourcePath(ref, {namespace: opts.namespace}), {query, accept: opts.accept, maxDurationMs}, onEvent)
  }

  /** Streams a plain-text answer (pod logs with follow) chunk by chunk. */
  stream(path: string, query: Query | undefined, onData: (text: string) => void): StreamHandle {
    return openStream(this.transport, path, {query, accept: '*/*'}, onData)
  }

  /** Frees the keep-alive connections. */
  close(): void {
    this.transport.close()
  }
}
