/**
 * Long-running GET requests: plain text streams (logs -f) and watches (newline-delimited JSON events,
 * split on newlines across chunk boundaries). Each returns {stop, done}: `done` resolves when the server
 * ends the answer or stop() is called, and rejects with ApiError (non-2xx answer, watch ERROR event) or
 * ConnectionError (unreachable, or the connection dropped before the answer was complete).
 */
import {StringDecoder} from 'node:string_decoder'
import type {WatchEvent} from '../api/meta.js'
import {ConnectionError, errorFromResponse, errorFromWatchStatus} from './errors.js'
import type {Query} from './paths.js'
import type {Transport} from './transport.js'

/** A running stream or watch. stop() is idempotent; nothing is delivered after it returns. */
export interface StreamHandle {
  stop(): void
  done: Promise<void>
}

/** Options of openStream. */
export interface OpenStreamOptions {
  query?: Query
  accept?: string
  /** end the stream (cleanly) when it has been open this long; guards against silently dead servers */
  maxDurationMs?: number
  /** called when the server ends the answer completely (not on stop, timeout or a drop); a throw fails it */
  onEnd?: () => void
}

/** Opens a streaming GET and hands each decoded text chunk to `onText` (a throw there ends it with that error). */
export function openStream(t: Transport, path: string, opts: OpenStreamOptions, onText: (text: string) => void): StreamHandle {
  const ac = new AbortController()
  let stopped = false
  const isStopped = () => stopped
  const done = (async () => {
    let res
    try {
      res = await t.send('GET', path, {query: opts.query, headers: {Accept: opts.accept ?? 'application/json'}, signal: ac.signal, stream: true})
    } catch (err) {
      if (isStopped()) return
      throw err
    }
    if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) {
      const body = await t.readBody(res, ac.signal).catch(() => '')
      if (isStopped()) return
      throw errorFromResponse(res.statusCode ?? 0, body)
    }
    const r = res
    await new Promise<void>((resolve, reject) => {
      let settled = false
      const settle = (err?: unknown) => {
        if (settled) return
        settled = true
        if (timer) clearTimeout(timer)
        if (err === undefined || isStopped()) resolve()
        else reject(err)
      }
      const timer = opts.maxDurationMs ? setTimeout(() => settle(), opts.maxDurationMs) : undefined
      const fail = (err: unknown) => {
        settle(err)
        r.destroy()
      }
      const dec = new StringDecoder('utf8')
      r.on('data', (chunk: Buffer) => {
        if (settled || isStopped()) return
        try {
          const text = dec.write(chunk)
          if (text) onText(text)
        } catch (err) {
          fail(err)
        }
      })
      r.on('end', () => {
        if (settled || isStopped()) return settle()
        try {
          const rest = dec.end()
          if (rest) onText(rest)
          opts.onEnd?.()
          settle()
        } catch (err) {
          fail(err)
        }
      })
      r.on('error', (err: Error & {code?: string}) => settle(new ConnectionError(t.server, err)))
      r.on('close', () => {
        if (!r.complete) settle(new ConnectionError(t.server, Object.assign(new Error('connection closed before the answer was complete'), {code: 'ECONNRESET'})))
        else settle()
      })
    }).finally(() => {
      if (!r.destroyed && !r.complete) r.destroy()
    })
  })()
  return {
    stop() {
      if (stopped) return
      stopped = true
      ac.abort()
    },
    done,
  }
}

/** Splits a text stream into lines; keeps the unfinished tail for the next chunk. */
export class LineSplitter {
  private tail = ''

  /** Adds text and returns the complete lines it finished (without the newline; blank lines dropped). */
  push(text: string): string[] {
    const parts = (this.tail + text).split('\n')
    this.tail = parts.pop() ?? ''
    return parts.map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '')
  }

  /** The unfinished last line, if any (called at the end of the stream). */
  flush(): string | undefined {
    const t = this.tail.trim()
    this.tail = ''
    return t || undefined
  }
}

/**
 * Opens a watch (the caller puts watch=1 and the other parameters in `opts.query`) and delivers each event.
 * An ERROR event ends the watch with the ApiError of its Status (code 410 when the resourceVersion is gone).
 */
export function openWatch<T>(t: Transport, path: string, opts: OpenStreamOptions, onEvent: (ev: WatchEvent<T>) => void): StreamHandle {
  const lines = new LineSplitter()
  let stopped = false
  const deliver = (line: string) => {
    if (stopped) return
    let ev: WatchEvent<T>
    try {
      ev = JSON.parse(line) as WatchEvent<T>
    } catch {
      throw new Error(`malformed watch event from ${t.server}: ${line.slice(0, 200)}`)
    }
    if (ev.type === 'ERROR') throw errorFromWatchStatus(ev.object)
    onEvent(ev)
  }
  const onEnd = () => {
    const last = lines.flush()
    if (last) deliver(last)
  }
  const handle = openStream(t, path, {...opts, onEnd}, (text) => {
    for (const line of lines.push(text)) deliver(line)
  })
  return {
    stop() {
      stopped = true
      handle.stop()
    },
    done: handle.done,
  }
}
