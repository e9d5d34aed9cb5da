/**
 * One exec over an established WebSocket: relays the channels between the connection and the
 * runtime's ExecSession, then reports how the command ended on the error channel and closes (1000).
 *
 * As the kubelet's streaming server does: an empty message on the lowest writable channel first (tells
 * the client the streams are up), stdin frames to the command (the v5 close signal ends its stdin),
 * resize frames to the terminal, stdout/stderr as they come (with a tty they are merged by the
 * runtime), and when the command has exited and its output is drained, one Status on channel 3.
 * A connection that goes away ends the command.
 */
import type {Readable} from 'node:stream'
import type {WebSocket} from 'ws'
import type {ExecSession} from '../../runtime/types.js'
import {Channel, decodeFrame, encodeFrame, exitCodeStatus, internalErrorStatus, parseResize, statusFrame, successStatus, type ExecStatus} from './channel.js'

/** What the client asked for. */
export interface ExecStreams {
  stdin: boolean
  stdout: boolean
  stderr: boolean
  tty: boolean
}

/** Send no more while this many bytes wait on the socket (then pause the command's output). */
const HIGH_WATER = 1 << 20
/** After the command exited, how long to wait for its output pipes to close (a daemonised child may hold them). */
const DRAIN_GRACE_MS = 2000

/**
 * Runs an exec on `ws`: `start` creates the runtime session (its failure is reported as an
 * InternalError status). Resolves when the connection is closed.
 */
export async function runExecSession(ws: WebSocket, o: {protocol: string; cmd: string[]; streams: ExecStreams; start: () => Promise<ExecSession>; log?: (line: string) => void; attach?: boolean}): Promise<void> {
  const {streams} = o
  let session: ExecSession | undefined
  let closed = false
  /** the command has exited: nothing left to kill */
  let exited = false
  let stdinEnded = false
  const early: Buffer[] = []

  const closedPromise = new Promise<void>((resolve) => ws.once('close', () => resolve()))
  ws.once('close', () => {
    closed = true
    if (!exited) session?.kill()
  })
  ws.on('error', (e) => o.log?.(`exec ${o.cmd.join(' ')}: connection error: ${e.message}`))

  const paused = new Set<Readable>()
  const send = (frame: Buffer, src?: Readable) => {
    if (closed || ws.readyState !== ws.OPEN) return
    ws.send(frame, {binary: true})
    if (src && ws.bufferedAmount > HIGH_WATER && !paused.has(src)) {
      paused.add(src)
      src.pause()
      const resume = () => {
        if (ws.bufferedAmount > HIGH_WATER && !closed) return void setTimeout(resume, 5)
        paused.delete(src)
        src.resume()
      }
      setTimeout(resume, 5)
    }
  }

  const handle = (raw: Buffer) => {
    if (!session) {
      early.push(raw)
      return
    }
    let frame
    try {
      frame = decodeFrame(raw, o.protocol)
    } catch (e) {
      o.log?.(`exec: ${(e as Error).message}; closing`)
      ws.close(1002, 'protocol error')
      return
    }
    if (frame.type === 'close') {
      if (frame.channel === Channel.stdin && !stdinEnded) {
        stdinEnded = true
        session.stdin?.end()
      }
      return
    }
    if (frame.type !== 'data') return
    if (frame.channel === Channel.stdin && streams.stdin && !stdinEnded && session.stdin) {
      // a command that reads slower than the client sends: stop reading the socket until it catches up
      if (!session.stdin.write(frame.data)) {
        ws.pause()
        session.stdin.once('drain', () => ws.resume())
      }
    } else if (frame.channel === Channel.resize && streams.tty) {
      const size = parseResize(frame.data)
      if (size) session.resize(size.Width, size.Height).catch(() => false)
    }
  }
  ws.on('message', (data, isBinary) => {
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)
    if (!isBinary) {
      // every remote-command message is binary; a text message breaks the protocol
      ws.close(1003, 'binary messages only')
      return
    }
    handle(buf)
  })

  // tell the client the streams are up
  send(encodeFrame(streams.stdout ? Channel.stdout : streams.stderr ? Channel.stderr : Channel.error))

  let status: ExecStatus
  try {
    session = await o.start()
  } catch (e) {
    status = internalErrorStatus(`error executing command in container: ${(e as Error).message}`)
    send(statusFrame(status))
    if (!closed) ws.close(1000)
    await closedPromise
    return
  }
  if (closed) session.kill()
  session.stdin?.on('error', () => undefined) // the command may exit before reading its stdin
  for (const raw of early.splice(0)) handle(raw)

  const pump = (src: Readable, channel: number, wanted: boolean) =>
    new Promise<void>((resolve) => {
      src.on('data', (chunk: Buffer) => {
        if (wanted) send(encodeFrame(channel, chunk), src)
      })
      src.once('end', resolve)
      src.once('close', resolve)
      src.once('error', () => resolve())
    })
  const output = Promise.all([pump(session.stdout, Channel.stdout, streams.stdout), pump(session.stderr, Channel.stderr, streams.stderr && !streams.tty)])
  const exitCode = await session.exitCode
  exited = true
  await Promise.race([output, new Promise((r) => setTimeout(r, DRAIN_GRACE_MS).unref())])
  // an attach ends successfully when the container's process does, whatever its exit code (the pod's
  // status carries that, and kubectl run reads it from there)
  if (exitCode === 0 || (o.attach && exitCode > 0)) status = successStatus()
  else if (exitCode > 0) status = exitCodeStatus(o.cmd, exitCode)
  else status = internalErrorStatus(`error executing command in container: the container runtime could not run [${o.cmd.join(' ')}]`)
  send(statusFrame(status))
  if (!closed) ws.close(1000)
  await closedPromise
}
