/**
 * API server and store health from `GET /readyz?verbose`: the API server is reachable when it answers at
 * all, and the store is healthy when its check ("[+]etcd ok") passes. Parsing is pure; probe() does the I/O.
 */
import {ApiError} from '../api/errors.js'
import type {Client} from '../client/client.js'
import {isConnectionError} from '../client/errors.js'

/** The last health probe. */
export interface Health {
  /** reachable: answered /readyz (even 503); unreachable: no answer; unknown: not probed yet */
  api: 'reachable' | 'unreachable' | 'unknown'
  /** the /readyz verdict, or the error */
  apiMessage: string
  store: 'ok' | 'failed' | 'unknown'
  storeMessage: string
}

/** Health before the first probe. */
export const UNKNOWN_HEALTH: Health = {api: 'unknown', apiMessage: 'checking…', store: 'unknown', storeMessage: ''}

/** Reads a verbose /readyz body ("[+]etcd ok" / "[-]etcd failed: reason"; the last line is the verdict). */
export function parseReadyz(body: string, ok: boolean): Health {
  const lines = body.split('\n').map((l) => l.trim()).filter((l) => l !== '')
  const verdict = lines.at(-1) ?? (ok ? 'ok' : 'not ready')
  const check = lines.find((l) => /^\[[+-]\](etcd|store)\b/.test(l))
  let store: Health['store'] = 'unknown'
  let storeMessage = ''
  if (check) {
    store = check.startsWith('[+]') ? 'ok' : 'failed'
    storeMessage = check.replace(/^\[[+-]\](etcd|store)\s*/, '').replace(/^failed:\s*/, '')
  } else if (ok) {
    store = 'ok'
    storeMessage = 'ok'
  }
  return {api: 'reachable', apiMessage: verdict, store, storeMessage}
}

/** The health after a probe failure: a 503 still carries the checks; no answer means unreachable. */
export function healthFromError(err: unknown): Health {
  if (err instanceof ApiError) {
    const body = err.status.details?.causes?.[0]?.message ?? err.message
    return parseReadyz(body, false)
  }
  const message = isConnectionError(err) ? ((err.cause as Error | undefined)?.message ?? err.message) : (err as Error)?.message ?? String(err)
  return {api: 'unreachable', apiMessage: message, store: 'unknown', storeMessage: ''}
}

/** Probes /readyz?verbose once (short timeout). Never throws. */
export async function probe(client: Client, timeoutMs = 3000): Promise<Health> {
  try {
    const body = await client.request<string>('GET', '/readyz', {query: {verbose: 1}, raw: true, timeoutMs, accept: 'text/plain'})
    return parseReadyz(body, true)
  } catch (err) {
    return healthFromError(err)
  }
}
