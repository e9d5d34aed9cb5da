/**
 * GET /containerLogs/{namespace}/{pod}/{container}: a container's log as text/plain, with the
 * PodLogOptions the API server forwards (follow, tailLines, sinceSeconds, sinceTime, timestamps,
 * previous, limitBytes). With follow, lines are written as the container writes them; the answer ends
 * when the container's log ends (it exited) or the client goes away.
 */
import type {IncomingMessage, ServerResponse} from 'node:http'
import type {Readable} from 'node:stream'
import type {LogStream} from '../../runtime/types.js'
import {findContainer, requireRuntime, type ServerDeps} from './containers.js'
import {badRequest, boolParam, HttpError} from './http.js'

/** The log options of a request (PodLogOptions). */
export interface LogRequest {
  follow: boolean
  previous: boolean
  timestamps: boolean
  tailLines?: number
  sinceSeconds?: number
  /** ms since the epoch */
  sinceTime?: number
  limitBytes?: number
}

function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name)
  if (v === null || v === '') return undefined
  if (!/^-?\d+$/.test(v.trim())) throw badRequest(`couldn't parse ${name} ${JSON.stringify(v)}: not an integer`)
  return Number(v)
}

/**
 * Parses and validates the options as Kubernetes does (ValidatePodLogOptions): tailLines >= 0,
 * limitBytes > 0, sinceSeconds > 0, at most one of sinceSeconds and sinceTime. 400 for unparsable
 * values, 422 Invalid for out-of-range ones.
 */
export function parseLogQuery(q: URLSearchParams, pod: string): LogRequest {
  const r: LogRequest = {follow: boolParam(q, 'follow'), previous: boolParam(q, 'previous'), timestamps: boolParam(q, 'timestamps')}
  r.tailLines = intParam(q, 'tailLines')
  r.sinceSeconds = intParam(q, 'sinceSeconds')
  r.limitBytes = intParam(q, 'limitBytes')
  const st = q.get('sinceTime')
  if (st) {
    const t = Date.parse(st)
    if (!/^\d{4}-\d{2}-\d{2}T/.test(st) || Number.isNaN(t)) throw badRequest(`couldn't parse sinceTime ${JSON.stringify(st)}: not an RFC 3339 time`)
    r.sinceTime = t
  }
  const errs: string[] = []
  if (r.tailLines !== undefined && r.tailLines < 0) errs.push(`tailLines: Invalid value: ${r.tailLines}: must be greater than or equal to 0`)
  if (r.limitBytes !== undefined && r.limitBytes < 1) errs.push(`limitBytes: Invalid value: ${r.limitBytes}: must be greater than 0`)
  if (r.sinceSeconds !== undefined && r.sinceTime !== undefined) errs.push('Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified')
  else if (r.sinceSeconds !== undefined && r.sinceSeconds < 1) errs.push(`sinceSeconds: Invalid value: ${r.sinceSeconds}: must be greater than 0`)
  if (errs.length) {
    const list = errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`
    throw new HttpError(422, 'Invalid', `PodLogOptions "${pod}" is invalid: ${list}`)
  }
  return r
}

/** The runtime's sinceSeconds for a request (sinceTime becomes the seconds elapsed since then, at least 1). */
export function sinceSecondsOf(r: LogRequest, now: number): number | undefined {
  if (r.sinceSeconds !== undefined) return r.sinceSeconds
  if (r.sinceTime !== undefined) return Math.max(1, Math.ceil((now - r.sinceTime) / 1000))
  return undefined
}

/**
 * Copies a log stream to the response, at most `limitBytes` bytes (then the log is stopped), flushing
 * each chunk as it comes. Resolves when the answer is complete or the client went away.
 */
export function pipeLog(log: LogStream, res: ServerResponse, limitBytes?: number): Promise<void> {
  const src: Readable = log.stream
  let left = limitBytes ?? Infinity
  return new Promise((resolve) => {
    let finished = false
    const finish = () => {
      if (finished) return
      finished = true
      src.off('data', onData)
      log.stop()
      if (!res.writableEnded) res.end()
      resolve()
    }
    const onData = (chunk: Buffer) => {
      if (finished) return
      const part = chunk.length > left ? chunk.subarray(0, left) : chunk
      left -= part.length
      if (!res.write(part)) {
        src.pause()
        res.once('drain', () => src.resume())
      }
      if (left <= 0) finish()
    }
    src.on('data', onData)
    src.once('end', finish)
    src.once('error', finish)
    res.once('close', finish)
  })
}

/** Serves one containerLogs request (path already split and authorized). */
export async function serveLogs(
  deps: ServerDeps & {now?: () => number},
  req: IncomingMessage,
  res: ServerResponse,
  target: {namespace: string; pod: string; container: string},
  query: URLSearchParams,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'MethodNotAllowed', 'containerLogs only supports GET')
  const opts = parseLogQuery(query, target.pod)
  const c = await findContainer(deps, {...target, previous: opts.previous})
  const now = (deps.now ?? Date.now)()
  let log: LogStream
  try {
    log = await requireRuntime(deps).logs(c.id, {
      follow: opts.follow && !opts.previous && c.state !== 'exited',
      tailLines: opts.tailLines,
      sinceSeconds: sinceSecondsOf(opts, now),
      timestamps: opts.timestamps,
    })
  } catch (e) {
    throw new HttpError(500, 'InternalError', `failed to get logs of container "${target.container}" in pod "${target.pod}": ${(e as Error).message}`)
  }
  if (res.destroyed) {
    log.stop()
    return
  }
  res.writeHead(200, {'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private', 'X-Content-Type-Options': 'nosniff'})
  res.flushHeaders()
  if (req.method === 'HEAD') {
    log.stop()
    res.end()
    return
  }
  await pipeLog(log, res, opts.limitBytes)
}
