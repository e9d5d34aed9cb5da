/**
 * In-memory container logs of the fake runtime: the lines, and followers that receive new lines
 * until they stop or the container ends.
 */
import {PassThrough} from 'node:stream'
import type {LogOptions} from './types.js'

/** One log line. */
export interface FakeLogLine {
  at: number
  stream: 'stdout' | 'stderr'
  text: string
}

/** In-memory container logs: lines, and followers that receive new lines until stopped or closed. */
export class FakeLogs {
  readonly lines: FakeLogLine[] = []
  private readonly followers = new Map<PassThrough & {timestamps?: boolean}, () => void>()

  append(line: FakeLogLine): void {
    this.lines.push(line)
    for (const f of this.followers.keys()) f.write(formatLine(line, f.timestamps === true))
  }

  /** Starts a reader: past lines per tail/since, then (follow) new lines until close() or stop. */
  open(opts: LogOptions, now: number, alive: boolean): {stream: PassThrough & {timestamps?: boolean}; stop: () => void; done: Promise<void>} {
    const stream: PassThrough & {timestamps?: boolean} = new PassThrough()
    stream.timestamps = opts.timestamps === true
    let lines = this.lines
    if (opts.sinceSeconds !== undefined && opts.sinceSeconds > 0) lines = lines.filter(l => l.at >= now - opts.sinceSeconds! * 1000)
    if (opts.tailLines !== undefined && opts.tailLines >= 0) lines = opts.tailLines === 0 ? [] : lines.slice(-opts.tailLines)
    for (const l of lines) stream.write(formatLine(l, stream.timestamps))
    let resolveDone!: () => void
    const done = new Promise<void>(resolve => (resolveDone = resolve))
    const stop = () => {
      this.followers.delete(stream)
      if (!stream.writableEnded) stream.end()
      resolveDone()
    }
    if (opts.follow && alive) this.followers.set(stream, stop)
    else stop()
    return {stream, stop, done}
  }

  /** Ends every follower (the container exited or was removed). */
  close(): void {
    for (const stop of [...this.followers.values()]) stop()
  }

  /** Number of active followers (for tests and leak checks). */
  get followerCount(): number {
    return this.followers.size
  }
}

function formatLine(l: FakeLogLine, timestamps: boolean): string {
  return timestamps ? `${new Date(l.at).toISOString()} ${l.text}\n` : `${l.text}\n`
}
