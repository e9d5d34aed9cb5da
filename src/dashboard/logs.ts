/**
 * Pod logs: a bounded line buffer fed by one follow stream per container (prefixed with the container
 * name when several are shown), with stream failures shown as lines instead of errors (the log endpoint
 * answers a Status for a pod that is not running, a missing container…).
 */
import {ApiError} from '../api/errors.js'
import type {Stream} from './source.js'
import type {Tone} from './text.js'

/** A log line. */
export interface LogLine {
  text: string
  tone?: Tone
}

/** The most lines kept (older ones are dropped). */
export const MAX_LOG_LINES = 5000

/** Lines from several streams, split on newlines per stream, bounded. */
export class LogBuffer {
  readonly lines: LogLine[] = []
  private readonly tails = new Map<string, string>()

  constructor(private readonly max = MAX_LOG_LINES) {}

  /** Adds a chunk of stream `source`; complete lines are kept, prefixed with "[source] " when `prefix`. */
  append(source: string, text: string, prefix: boolean): void {
    const parts = ((this.tails.get(source) ?? '') + text).split('\n')
    this.tails.set(source, parts.pop() ?? '')
    for (const p of parts) this.push({text: (prefix ? `[${source}] ` : '') + p.replace(/\r$/, '')})
  }

  /** Flushes the unfinished line of a stream (at its end). */
  flush(source: string, prefix: boolean): void {
    const tail = this.tails.get(source)
    this.tails.delete(source)
    if (tail) this.push({text: (prefix ? `[${source}] ` : '') + tail})
  }

  /** Adds a status line (stream ended, error). */
  note(text: string, tone: Tone = 'muted'): void {
    this.push({text, tone})
  }

  private push(l: LogLine): void {
    this.lines.push({...l, text: l.text.replace(/\t/g, '    ').replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '')})
    if (this.lines.length > this.max) this.lines.splice(0, this.lines.length - this.max)
  }
}

/** The message of a stream failure (the Status message for API errors). */
export function streamError(err: unknown): string {
  if (err instanceof ApiError) return `${err.reason}: ${err.message}`
  return (err as Error)?.message ?? String(err)
}

/** Opens a log stream of one container. */
export type OpenLog = (container: string, onText: (text: string) => void) => Stream

/**
 * Follows the logs of `containers` into `buf` (prefixing lines when there are several), calling onChange
 * after each change. Returns a function stopping every stream.
 */
export function followLogs(open: OpenLog, containers: readonly string[], buf: LogBuffer, onChange: () => void): () => void {
  const prefix = containers.length > 1
  let stopped = false
  const streams: Stream[] = []
  for (const c of containers) {
    let s: Stream
    try {
      s = open(c, (text) => {
        if (stopped) return
        buf.append(c, text, prefix)
        onChange()
      })
    } catch (err) {
      buf.note(`${prefix ? `[${c}] ` : ''}cannot open the log stream: ${streamError(err)}`, 'error')
      onChange()
      continue
    }
    streams.push(s)
    s.done.then(
      () => {
        if (stopped) return
        buf.flush(c, prefix)
        buf.note(`${prefix ? `[${c}] ` : ''}— log stream ended (r to reconnect) —`)
        onChange()
      },
      (err) => {
        if (stopped) return
        buf.flush(c, prefix)
        buf.note(`${prefix ? `[${c}] ` : ''}log stream failed: ${streamError(err)} (r to retry)`, 'error')
        onChange()
      },
    )
  }
  return () => {
    stopped = true
    for (const s of streams) s.stop()
  }
}
