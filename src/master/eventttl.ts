import type {KubeObject} from '../api/meta.js'
import {ApiError} from '../api/errors.js'
import type {GenericRegistry} from '../apiserver/rest/generic.js'
import type {RequestContext} from '../apiserver/rest/types.js'

const sys: RequestContext = {user: {username: 'system:apiserver', groups: ['system:masters']}, dryRun: false}

/** The time an event was last seen: lastTimestamp, else eventTime, else creationTimestamp (ms; NaN if none). */
export function lastSeen(ev: KubeObject): number {
  const e = ev as KubeObject & {lastTimestamp?: string | null; eventTime?: string | null; series?: {lastObservedTime?: string}}
  const t = e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp
  return t ? Date.parse(t) : Number.NaN
}

/**
 * Expires events, as the API server's --event-ttl does (default 1 h): every `intervalMs`, events last seen
 * more than `ttlMs` ago are deleted, so a busy cluster's events do not grow without bound.
 * Returns a function that stops the sweeper.
 */
export function startEventTtl(events: GenericRegistry, ttlMs = 3_600_000, intervalMs = 60_000, log?: (m: string) => void): () => void {
  let running = false
  const sweep = async () => {
    if (running) return
    running = true
    try {
      const cutoff = Date.now() - ttlMs
      const {items} = await events.list('', (e) => lastSeen(e) < cutoff)
      for (const e of items) {
        try {
          await events.delete(e.metadata.namespace ?? '', e.metadata.name!, {}, sys)
        } catch (err) {
          if (!(err instanceof ApiError && err.code === 404)) throw err
        }
      }
    } catch (err) {
      log?.(`event TTL sweep failed: ${(err as Error).message}`)
    } finally {
      running = false
    }
  }
  const timer = setInterval(() => void sweep(), intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
