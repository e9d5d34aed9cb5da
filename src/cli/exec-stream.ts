/**
 * The client side of an exec over WebSocket (as client-go's WebSocket executor does it): dials the
 * pods/exec URL through the API server offering v5.channel.k8s.io and v4.channel.k8s.io, copies
 * stdin to channel 0 (then, with v5, half-closes it), terminal sizes to channel 4, channels 1 and 2 to
 * stdout and stderr, and reads the command's outcome from channel 3 when the server closes.
 */
import type {Readable, Writable} from 'node:stream'
import {WebSocket, type ClientOptions} from 'ws'
import type {ClientConfig} from '../client/config.js'
import {errorFromResponse} from '../client/errors.js'
import {USER_AGENT} from '../client/transport.js'
import {Channel, decodeFrame, encodeClose, encodeFrame, encodeResize, outcomeFromStatus, ProtocolError, SUPPORTED_PROTOCOLS, supportsStreamClose, type ExecOutcome} from '../kubelet/server/channel.js'
import {CliError} from './errors.js'

/** A local terminal: its size and size changes (SIGWINCH). */
export interface TerminalSizer {
  size(): {columns: number; rows: number} | undefined
  /** calls back on every size change; returns the unsubscribe function */
  onResize(cb: () => void): () => void
}

/** The local streams of an exec. stdin is copied only when given. */
export interface ExecIO {
  stdin?: Readable
  stdout: Writable
  stderr: Writable
  /** with a tty: the terminal whose size the remote terminal follows */
  terminal?: TerminalSizer
}

/** Stop sending stdin while this many bytes wait on the socket. */
const HIGH_WATER = 1 << 20

/** The WebSocket URL of an HTTP(S) API URL. */
export function websocketUrl(httpUrl: string): string {
  return httpUrl.replace(/^http(s?):\/\//, (_m, s: string) => `ws${s}://`)
}

function readBody(res: Readable, limit = 64 * 1024): Promise<string> {
  return new Promise((resolve) => {
    let body = ''
    res.setEncoding('utf8')
    res.on('data', (d: string) => {
      if (body.length < limit) body += d
    })
    res.on('end', () => resolve(body))
    res.on('error', () => resolve(body))
  })
}

/**
 * Runs an exec over `url` (a ws:// or wss:// pods/exec URL) with the client's credentials. Resolves
 * with the command's outcome; rejects with a CliError when the connection cannot be set up
 * ("unable to upgrade connection: <the server's Status message>").
 */
export function streamExec(url: string, config: ClientConfig, io: ExecIO): Promise<ExecOutcome> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {'User-Agent': config.userAgent ?? USER_AGENT}
    if (config.token) headers.Authorization = `Bearer ${config.token}`
    const options: ClientOptions & {servername?: string} = {
      ca: config.caPem,
      cert: config.certPem,
      key: config.keyPem,
      rejectUnauthorized: !config.insecure,
      servername: config.tlsServerName,
      headers,
      perMessageDeflate: false,
      handshakeTimeout: 30_000,
      maxPayload: 16 << 20,
    }
    const ws = new WebSocket(url, [...SUPPORTED_PROTOCOLS], options)
    let opened = false
    let settled = false
    let status = ''
    const cleanups: (() => void)[] = []
    const settle = (fn: () => void) => {
      if (settled) return
      settled = true
      for (const c of cleanups.splice(0)) c()
      fn()
    }

    ws.on('unexpected-response', (_req, res) => {
      void readBody(res).then((body) => {
        const e = errorFromResponse(res.statusCode ?? 0, body)
        settle(() => reject(new CliError(`unable to upgrade connection: ${e.message}`)))
        ws.terminate()
      })
    })
    ws.on('error', (e) => {
      if (!opened) settle(() => reject(new CliError(`cannot reach the API server at ${config.server}: ${e.message}`)))
    })

    ws.on('open', () => {
      opened = true
      const protocol = ws.protocol
      if (!SUPPORTED_PROTOCOLS.includes(protocol)) {
        settle(() => reject(new CliError(`the server did not negotiate a streaming protocol (offered ${SUPPORTED_PROTOCOLS.join(', ')})`)))
        ws.terminate()
        return
      }
      if (io.terminal) {
        const sendSize = () => {
          const s = io.terminal!.size()
          if (s && ws.readyState === ws.OPEN) ws.send(encodeResize(s.columns, s.rows))
        }
        sendSize()
        cleanups.push(io.terminal.onResize(sendSize))
      }
      if (io.stdin) pumpStdin(ws, io.stdin, protocol, cleanups)
    })

    ws.on('message', (data: Buffer) => {
      let f
      try {
        f = decodeFrame(data, ws.protocol)
      } catch (e) {
        if (e instanceof ProtocolError) return
        throw e
      }
      if (f.type !== 'data' || f.data.length === 0) return
      const out = f.channel === Channel.stdout ? io.stdout : f.channel === Channel.stderr ? io.stderr : undefined
      if (out) {
        if (!out.write(f.data)) {
          ws.pause()
          out.once('drain', () => ws.resume())
        }
      } else if (f.channel === Channel.error) status += f.data.toString('utf8')
    })

    ws.on('close', (code, reason) => {
      if (!opened) return
      let outcome: ExecOutcome
      if (status !== '') outcome = outcomeFromStatus(status)
      else if (code === 1000 || code === 1005) outcome = {exitCode: 0}
      else outcome = {error: `connection to the server closed unexpectedly (WebSocket code ${code}${reason.length ? `: ${reason.toString()}` : ''})`}
      settle(() => resolve(outcome))
    })
  })
}

/** Copies stdin to channel 0 with backpressure; at its end, half-closes stdin (v5). */
function pumpStdin(ws: WebSocket, stdin: Readable, protocol: string, cleanups: (() => void)[]): void {
  const onData = (chunk: Buffer | string) => {
    if (ws.readyState !== ws.OPEN) return
    ws.send(encodeFrame(Channel.stdin, typeof chunk === 'string' ? Buffer.from(chunk) : chunk))
    if (ws.bufferedAmount > HIGH_WATER) {
      stdin.pause()
      const resume = () => (ws.bufferedAmount > HIGH_WATER && ws.readyState === ws.OPEN ? void setTimeout(resume, 5) : stdin.resume())
      setTimeout(resume, 5)
    }
  }
  const onEnd = () => {
    if (ws.readyState === ws.OPEN && supportsStreamClose(protocol)) ws.send(encodeClose(Channel.stdin))
  }
  stdin.on('data', onData)
  stdin.once('end', onEnd)
  stdin.on('error', onEnd)
  stdin.resume()
  cleanups.push(() => {
    stdin.off('data', onData)
    stdin.off('end', onEnd)
    stdin.off('error', onEnd)
    stdin.pause()
  })
}
