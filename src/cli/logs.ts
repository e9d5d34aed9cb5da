/**
 * `mkube logs`: a container's log through the API server's pods/log subresource (which the API server
 * proxies to the pod's kubelet), with kubectl's flags and wording.
 */
import type {Pod} from '../api/types/pod.js'
import type {Client} from '../client/client.js'
import type {Query} from '../client/paths.js'
import type {StreamHandle} from '../client/stream.js'
import {CliError} from './errors.js'
import {parseGoDuration} from './go-duration.js'
import {containerNames, defaultContainer, podForTarget} from './pod-target.js'

/** Options of `mkube logs` (its flags). */
export interface LogsOptions {
  /** POD or TYPE/NAME */
  target: string
  namespace: string
  container?: string
  follow: boolean
  /** lines from the end; -1 = all */
  tail: number
  /** Go duration: only lines newer than this */
  since?: string
  /** RFC 3339: only lines after this */
  sinceTime?: string
  timestamps: boolean
  previous: boolean
  allContainers: boolean
  /** prefix each line with [pod/NAME/CONTAINER] */
  prefix: boolean
  limitBytes?: number
  /** most concurrent follows (kubectl's --max-log-requests, default 5) */
  maxLogRequests: number
  /** how long to wait for a pod of a workload (kubectl's --pod-running-timeout) */
  podTimeoutMs?: number
  out: (text: string) => void
  err: (text: string) => void
  signal?: AbortSignal
}

/** The pods/log query of one container (kubectl's PodLogOptions); validates the flags as kubectl does. */
export function logQuery(o: Pick<LogsOptions, 'follow' | 'tail' | 'since' | 'sinceTime' | 'timestamps' | 'previous' | 'limitBytes'>, container: string): Query {
  if (o.since !== undefined && o.sinceTime !== undefined) throw new CliError('at most one of `sinceTime` or `sinceSeconds` may be specified')
  if (o.limitBytes !== undefined && o.limitBytes < 1) throw new CliError('--limit-bytes must be greater than 0')
  if (o.tail < -1) throw new CliError('--tail must be greater than or equal to -1')
  let sinceSeconds: number | undefined
  if (o.since !== undefined) {
    let ms: number
    try {
      ms = parseGoDuration(o.since)
    } catch (e) {
      throw new CliError(`invalid argument "${o.since}" for "--since" flag: ${(e as Error).message}`)
    }
    if (ms < 0) throw new CliError('--since must be greater than 0')
    if (ms > 0) sinceSeconds = Math.max(1, Math.round(ms / 1000))
  }
  let sinceTime: string | undefined
  if (o.sinceTime !== undefined) {
    const t = Date.parse(o.sinceTime)
    if (!/^\d{4}-\d{2}-\d{2}T/.test(o.sinceTime) || Number.isNaN(t)) throw new CliError(`--since-time must be RFC 3339 (e.g. 2024-01-02T15:04:05Z), got "${o.sinceTime}"`)
    sinceTime = new Date(t).toISOString().replace(/\.000Z$/, 'Z')
  }
  return {
    container,
    follow: o.follow || undefined,
    previous: o.previous || undefined,
    timestamps: o.timestamps || undefined,
    tailLines: o.tail >= 0 ? o.tail : undefined,
    sinceSeconds,
    sinceTime,
    limitBytes: o.limitBytes,
  }
}

/** The containers to read: all of them (init, app, ephemeral), the one named, or the default one. */
export function logContainers(pod: Pod, o: Pick<LogsOptions, 'container' | 'allContainers' | 'err'>): string[] {
  const names = containerNames(pod)
  if (o.allContainers) {
    if (o.container) throw new CliError(`--all-containers=true should not be specified with container name ${o.container}`)
    return names
  }
  const c = o.container ?? defaultContainer(pod, {err: o.err})
  if (!names.includes(c)) throw new CliError(`container ${c} is not valid for pod ${pod.metadata.name}`)
  return [c]
}

/** Splits text into whole lines per stream, so concurrent streams (and prefixes) never cut a line. */
class LineWriter {
  private tail = ''
  constructor(
    private readonly write: (text: string) => void,
    private readonly prefix: string,
  ) {}

  push(text: string): void {
    const all = this.tail + text
    const end = all.lastIndexOf('\n')
    if (end < 0) {
      this.tail = all
      return
    }
    this.tail = all.slice(end + 1)
    const whole = all.slice(0, end)
    this.write(this.prefix ? whole.split('\n').map((l) => this.prefix + l).join('\n') + '\n' : whole + '\n')
  }

  flush(): void {
    if (this.tail) this.write(this.prefix + this.tail)
    this.tail = ''
  }
}

/** Streams one container's log to `write`; resolves at the end of the log (or on abort). */
async function streamOne(client: Client, pod: Pod, container: string, query: Query, write: (text: string) => void, lineMode: boolean, prefix: string, signal?: AbortSignal): Promise<void> {
  const path = `/api/v1/namespaces/${encodeURIComponent(pod.metadata.namespace ?? 'default')}/pods/${encodeURIComponent(pod.metadata.name ?? '')}/log`
  const lines = lineMode || prefix ? new LineWriter(write, prefix) : undefined
  const handle: StreamHandle = client.stream(path, query, (text) => (lines ? lines.push(text) : write(text)))
  const onAbort = () => handle.stop()
  signal?.addEventListener('abort', onAbort, {once: true})
  try {
    await handle.done
  } finally {
    signal?.removeEventListener('abort', onAbort)
    lines?.flush()
  }
}

/** Runs `mkube logs`. */
export async function runLogs(client: Client, o: LogsOptions): Promise<void> {
  const pod = await podForTarget(client, o.target, {namespace: o.namespace, err: o.err, verb: 'get the logs from', podTimeoutMs: o.podTimeoutMs, signal: o.signal})
  const containers = logContainers(pod, o)
  const queries = containers.map((c) => ({container: c, query: logQuery(o, c)}))
  const prefixOf = (c: string) => (o.prefix ? `[pod/${pod.metadata.name}/${c}] ` : '')
  if (o.follow && queries.length > 1) {
    if (queries.length > o.maxLogRequests) {
      throw new CliError(`you are attempting to follow ${queries.length} log streams, but maximum allowed concurrency is ${o.maxLogRequests}, use --max-log-requests to increase the limit`)
    }
    await Promise.all(queries.map((q) => streamOne(client, pod, q.container, q.query, o.out, true, prefixOf(q.container), o.signal)))
    return
  }
  for (const q of queries) {
    if (o.signal?.aborted) return
    await streamOne(client, pod, q.container, q.query, o.out, false, prefixOf(q.container), o.signal)
  }
}
