import type {IncomingMessage, ServerResponse} from 'node:http'
import type {KubeObject, WatchEvent} from '../api/meta.js'
import {gone} from '../api/errors.js'
import type {StoreEvent, StoreWatch} from '../store/types.js'
import {StoreError} from '../store/types.js'
import {toYaml} from '../util/yaml.js'

/** What a watch request asked for. Built by the resource handler from the query string. */
export interface WatchRequest {
  /** '' or '0': start with ADDED events for the current state; N: every change after revision N */
  resourceVersion: string
  allowBookmarks: boolean
  /** 0 = no limit */
  timeoutSeconds: number
  /** does an object pass the label/field selectors? */
  matches(obj: KubeObject): boolean
  /** transforms an object before it is sent (Table conversion, PartialObjectMetadata) */
  transform(obj: KubeObject, first: boolean): unknown
  encoding: 'json' | 'yaml'
  /** bookmark object factory: {kind, apiVersion, metadata:{resourceVersion}} */
  bookmark(rv: string): unknown
}

/** Source of a watch: the current state (for rv ''/'0') and the change stream from a revision. */
export interface WatchSource {
  list(): Promise<{items: KubeObject[]; revision: number}>
  compactedRevision(): Promise<number>
  watch(from: number, onEvent: (ev: StoreEvent) => void, onError: (err: unknown) => void): StoreWatch
}

/** Bookmark interval: Kubernetes sends one about every minute; we send one every 30 s. */
export const bookmarkIntervalMs = 30_000
/** A watcher that falls this many events behind is cut off (it re-lists and re-watches). */
export const maxPendingEvents = 20_000

/**
 * Translates a store event into the watch event a selector-filtered watcher sees: an object that starts
 * matching is ADDED, one that stops matching is DELETED (Kubernetes' semantics). Null when invisible.
 */
export function filterEvent(ev: StoreEvent, matches: (o: KubeObject) => boolean): WatchEvent | null {
  const cur = ev.object as KubeObject
  const prev = ev.prev as KubeObject | undefined
  switch (ev.type) {
    case 'ADDED':
      return matches(cur) ? {type: 'ADDED', object: cur} : null
    case 'DELETED':
      return matches(prev ?? cur) ? {type: 'DELETED', object: cur} : null
    case 'MODIFIED': {
      const now = matches(cur)
      const before = prev ? matches(prev) : now
      if (now && before) return {type: 'MODIFIED', object: cur}
      if (now) return {type: 'ADDED', object: cur}
      if (before) return {type: 'DELETED', object: cur}
      return null
    }
  }
}

/** Serves a watch as a chunked stream of newline-delimited JSON events until the client goes away or the timeout. */
export async function serveWatch(req: IncomingMessage, res: ServerResponse, src: WatchSource, w: WatchRequest): Promise<void> {
  let first = true
  let pending = 0
  let closed = false
  let lastRv = ''
  const write = (ev: {type: string; object: unknown}) => {
    if (closed) return
    const text = w.encoding === 'yaml' ? `---\n${toYaml(ev)}` : JSON.stringify(ev) + '\n'
    pending++
    const ok = res.write(text, () => {
      pending--
    })
    if (!ok && pending > maxPendingEvents) finish()
  }
  const send = (type: WatchEvent['type'], obj: KubeObject) => {
    lastRv = obj.metadata?.resourceVersion ?? lastRv
    write({type, object: w.transform(obj, first)})
    first = false
  }
  let storeWatch: StoreWatch | undefined
  let timers: NodeJS.Timeout[] = []
  const finish = () => {
    if (closed) return
    closed = true
    storeWatch?.stop()
    for (const t of timers) clearTimeout(t)
    timers = []
    res.end()
  }
  req.on('close', finish)
  res.on('close', finish)

  res.writeHead(200, {
    'Content-Type': w.encoding === 'yaml' ? 'application/yaml' : 'application/json',
    'Transfer-Encoding': 'chunked',
    'Cache-Control': 'no-cache, private',
  })
  res.flushHeaders()

  let from: number
  const rv = w.resourceVersion
  if (rv === '' || rv === '0') {
    const cur = await src.list()
    for (const o of cur.items) if (w.matches(o)) send('ADDED', o)
    from = cur.revision
    lastRv = String(cur.revision)
  } else {
    from = Number(rv)
    lastRv = rv
    if (!Number.isSafeInteger(from) || from < 0) {
      write({type: 'ERROR', object: gone(`invalid resource version: ${rv}`).status})
      finish()
      return
    }
    const compacted = await src.compactedRevision()
    if (from < compacted) {
      write({type: 'ERROR', object: gone(`too old resource version: ${from} (${compacted})`).status})
      finish()
      return
    }
  }
  if (closed) return
  storeWatch = src.watch(
    from,
    (ev) => {
      const out = filterEvent(ev, w.matches)
      if (out) send(out.type, out.object)
      else lastRv = String(ev.revision)
    },
    (err) => {
      const e = err instanceof StoreError && err.kind === 'Gone' ? gone(err.message) : err
      const status = (e as {status?: unknown}).status ?? gone(String((e as Error).message ?? e)).status
      write({type: 'ERROR', object: status})
      finish()
    },
  )
  if (w.allowBookmarks) {
    const tick = () => {
      if (closed) return
      write({type: 'BOOKMARK', object: w.bookmark(lastRv)})
      timers.push(setTimeout(tick, bookmarkIntervalMs))
    }
    timers.push(setTimeout(tick, bookmarkIntervalMs))
  }
  if (w.timeoutSeconds > 0) {
    timers.push(setTimeout(finish, w.timeoutSeconds * 1000))
  }
}
