/**
 * GET /exec/{namespace}/{pod}/{container}?command=…&stdin&stdout&stderr&tty as a WebSocket upgrade
 * (subprotocol v5.channel.k8s.io, else v4.channel.k8s.io). Everything that can be refused is refused
 * before the handshake with an HTTP Status answer (the API server relays it to the client, which shows
 * "unable to upgrade connection: …"); once upgraded, exec-session.ts runs the command.
 */
import type {IncomingMessage} from 'node:http'
import type {Duplex} from 'node:stream'
import {WebSocketServer, type WebSocket} from 'ws'
import {parseProtocolHeader, selectProtocol, SUPPORTED_PROTOCOLS} from './channel.js'
import {findContainer, requireRuntime, type ServerDeps} from './containers.js'
import {runExecSession, type ExecStreams} from './exec-session.js'
import {badRequest, boolParam, HttpError, notFound} from './http.js'

/** A parsed exec request. */
export interface ExecRequest {
  command: string[]
  streams: ExecStreams
}

/**
 * Parses the exec query. Accepts the API server's names (stdin, stdout, stderr, tty: "true") and the
 * kubelet's own (input, output, error, tty: "1"). As Kubernetes: a command is required, at least one
 * stream must be asked for, and stderr is dropped with a tty (the terminal merges it into stdout).
 */
export function parseExecQuery(q: URLSearchParams): ExecRequest {
  const command = q.getAll('command')
  if (command.length === 0) throw badRequest('you must specify at least one command for the container')
  const tty = boolParam(q, 'tty')
  const streams: ExecStreams = {
    stdin: boolParam(q, 'stdin', 'input'),
    stdout: boolParam(q, 'stdout', 'output'),
    stderr: boolParam(q, 'stderr', 'error') && !tty,
    tty,
  }
  if (!streams.stdin && !streams.stdout && !streams.stderr) throw badRequest('you must specify at least 1 of stdin, stdout, stderr')
  return {command, streams}
}

/** Parses the attach query: the streams only (the container's own process is attached to). */
export function parseAttachQuery(q: URLSearchParams): ExecStreams {
  const tty = boolParam(q, 'tty')
  const streams: ExecStreams = {stdin: boolParam(q, 'stdin', 'input'), stdout: boolParam(q, 'stdout', 'output'), stderr: boolParam(q, 'stderr', 'error') && !tty, tty}
  if (!streams.stdin && !streams.stdout && !streams.stderr) throw badRequest('you must specify at least 1 of stdin, stdout, stderr')
  return streams
}

/** Handles exec and attach upgrades for one kubelet server. */
export class ExecHandler {
  private readonly wss = new WebSocketServer({noServer: true, handleProtocols: (offered) => selectProtocol(offered) ?? false, perMessageDeflate: false, maxPayload: 16 << 20})
  private readonly sessions = new Set<WebSocket>()

  constructor(private readonly deps: ServerDeps) {}

  /**
   * Validates the request and, when it can run, completes the WebSocket handshake and runs the
   * command. Throws HttpError (answered on the socket by the caller) for anything refused earlier.
   */
  async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, target: {namespace: string; pod: string; container: string}, query: URLSearchParams, mode: 'exec' | 'attach' = 'exec'): Promise<void> {
    const parsed: ExecRequest = mode === 'exec' ? parseExecQuery(query) : {command: [], streams: parseAttachQuery(query)}
    const c = await findContainer(this.deps, {...target, previous: false})
    const runtime = requireRuntime(this.deps)
    if (c.state !== 'running') throw notFound(`container not found (${JSON.stringify(target.container)})`)
    const upgrade = String(req.headers.upgrade ?? '').toLowerCase()
    if (upgrade !== 'websocket') {
      throw badRequest(`${req.headers.upgrade ? `${req.headers.upgrade} is` : 'a plain request is'} not supported: ${mode} needs a WebSocket upgrade with subprotocol ${SUPPORTED_PROTOCOLS.join(' or ')}`)
    }
    const offered = parseProtocolHeader(req.headers['sec-websocket-protocol'])
    const protocol = selectProtocol(offered)
    if (!protocol) throw badRequest(`requested protocol(s) are not supported: [${offered.join(' ')}]; supports [${SUPPORTED_PROTOCOLS.join(' ')}]`)
    const ws = await new Promise<WebSocket>((resolve, reject) => {
      // ws answers a malformed handshake itself (400) and never calls back: detect that by the socket closing
      const onClose = () => reject(new HttpError(400, 'BadRequest', 'WebSocket handshake failed'))
      socket.once('close', onClose)
      this.wss.handleUpgrade(req, socket, head, (w) => {
        socket.off('close', onClose)
        resolve(w)
      })
    }).catch(() => undefined)
    if (!ws) return
    this.sessions.add(ws)
    ws.once('close', () => this.sessions.delete(ws))
    const log = this.deps.log
    log?.(`${mode} ${target.namespace}/${target.pod}/${target.container}${mode === 'exec' ? `: ${parsed.command.join(' ')}` : ''} (${protocol}${parsed.streams.tty ? ', tty' : ''})`)
    const opts = {tty: parsed.streams.tty, stdin: parsed.streams.stdin}
    await runExecSession(ws, {
      protocol,
      cmd: mode === 'exec' ? parsed.command : [`attach to ${target.container}`],
      streams: parsed.streams,
      log,
      start: () => (mode === 'exec' ? runtime.exec(c.id, parsed.command, opts) : runtime.attach(c.id, opts)),
      attach: mode === 'attach',
    })
  }

  /** Ends every running exec (server shutdown). */
  closeAll(): void {
    for (const ws of this.sessions) ws.terminate()
    this.wss.close()
  }
}
