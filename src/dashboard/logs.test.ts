import {describe, expect, it} from 'vitest'
import {ApiError} from '../api/errors.js'
import {followLogs, LogBuffer} from './logs.js'
import type {Stream} from './source.js'

describe('LogBuffer', () => {
  it('splits chunks into lines per stream, prefixes when asked, and bounds its size', () => {
    const b = new LogBuffer(3)
    b.append('a', 'one\ntw', true)
    b.append('b', 'x\n', true)
    b.append('a', 'o\nthree', true)
    expect(b.lines.map((l) => l.text)).toEqual(['[a] one', '[b] x', '[a] two'])
    b.flush('a', true)
    expect(b.lines.map((l) => l.text)).toEqual(['[b] x', '[a] two', '[a] three'])
    b.append('c', 'tab\there\x1b[31m\r\n', false)
    expect(b.lines.at(-1)!.text).toBe('tab    here[31m')
  })
})

describe('followLogs', () => {
  function stream(): Stream & {end(err?: Error): void} {
    let resolve!: () => void
    let reject!: (e: Error) => void
    const done = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)))
    return {stop: () => resolve(), done, end: (err) => (err ? reject(err) : resolve())}
  }

  it('follows every container, reporting the end and errors of each stream as lines', async () => {
    const streams: Record<string, ReturnType<typeof stream> & {emit?: (t: string) => void}> = {}
    const b = new LogBuffer()
    let changes = 0
    followLogs(
      (c, on) => {
        const s = stream()
        streams[c] = Object.assign(s, {emit: on})
        return s
      },
      ['app', 'sidecar'],
      b,
      () => changes++,
    )
    streams.app.emit!('started\n')
    streams.sidecar.emit!('proxying\n')
    streams.app.end(new ApiError({code: 400, reason: 'BadRequest', message: 'container "app" in pod "x" is waiting to start'}))
    streams.sidecar.end()
    await new Promise((r) => setTimeout(r, 0))
    expect(b.lines.map((l) => l.text)).toEqual([
      '[app] started',
      '[sidecar] proxying',
      '[app] log stream failed: BadRequest: container "app" in pod "x" is waiting to start (r to retry)',
      '[sidecar] — log stream ended (r to reconnect) —',
    ])
    expect(b.lines[2].tone).toBe('error')
    expect(changes).toBe(4)
  })

  it('stops every stream and ignores what arrives after', async () => {
    const b = new LogBuffer()
    let emit!: (t: string) => void
    let stopped = 0
    const stop = followLogs((_c, on) => ((emit = on), {stop: () => stopped++, done: new Promise<void>(() => {})}), ['one'], b, () => {})
    stop()
    emit('late\n')
    expect(stopped).toBe(1)
    expect(b.lines).toEqual([])
  })
})
