/**
 * GET/POST /portforward/{namespace}/{pod} as an upgrade: `kubectl port-forward`'s protocol
 * (portforward.k8s.io) over SPDY/3.1, tunnelled in a WebSocket (subprotocol
 * SPDY/3.1+portforward.k8s.io, kubectl ≥ 1.30's default) or on the upgraded connection itself
 * (Upgrade: SPDY/3.1, the older client). For each forwarded connection the client opens an error
 * stream and a data stream sharing a requestID and naming the port; the kubelet connects to that port
 * on the pod's IP (the node's loopback for host-network pods) and copies bytes both ways. A connection
 * that fails is reported on the error stream, as the kubelet words it.
 *
 * Difference from Kubernetes: the kubelet there connects from inside the pod's network namespace, so
 * a server listening on the pod's 127.0.0.1 only is reachable too; here the pod IP is dialled.
 */
import type {IncomingMessage} from 'node:http'
import {connect} from 'node:net'
import type {Duplex} from 'node:stream'
import {createWebSocketStream, WebSocketServer, type WebSocket} from 'ws'
import {requireRuntime, type ServerDeps} from './containers.js'
import {badRequest, HttpError, notFound} from './http.js'
import {SpdyServerSession, type SpdyStream} from './spdy.js'

/** The WebSocket subprotocol of port-forward tunnelled SPDY. */
export const PORT_FORWARD_WS_PROTOCOL = 'SPDY/3.1+portforward.k8s.io'
/** The stream protocol of port-forward over a SPDY upgrade. */
export const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io'

/** Where the pod's ports are reached. */
async function podAddress(deps: ServerDeps, namespace: string, pod: string): Promise<{ip: string; uid: string}> {
  const runtime = requireRuntime(deps)
  const resolved = await deps.resolvePod(namespace, pod)
  if (!resolved) throw notFound(`pod ${namespace}/${pod} is not on node ${deps.nodeName}`)
  const sandboxes = await runtime.listPodSandboxes({nodeName: deps.nodeName, podUid: resolved.uid})
  const ready = sandboxes.find((s) => s.state === 'ready')
  if (!ready) throw badRequest(`pod ${namespace}/${pod} has no running sandbox`)
  return {ip: ready.hostNetwork ? '127.0.0.1' : (ready.ip ?? ''), uid: resolved.uid}
}

/** Handles port-forward upgrades for one kubelet server. */
export class PortForwardHandler {
  private readonly wss = new WebSocketServer({noServer: true, handleProtocols: (offered) => (offered.has(PORT_FORWARD_WS_PROTOCOL) ? PORT_FORWARD_WS_PROTOCOL : false), perMessageDeflate: false})
  private readonly sessions = new Set<SpdyServerSession>()

  constructor(private readonly deps: ServerDeps) {}

  async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, target: {namespace: string; pod: string}): Promise<void> {
    const {ip, uid} = await podAddress(this.deps, target.namespace, target.pod)
    if (!ip) throw badRequest(`pod ${target.namespace}/${target.pod} has no IP address yet`)
    const upgrade = String(req.headers.upgrade ?? '').toLowerCase()
    let io: Duplex
    if (upgrade === 'websocket') {
      const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim())
      if (!offered.includes(PORT_FORWARD_WS_PROTOCOL)) throw badRequest(`port-forward over WebSocket needs subprotocol ${PORT_FORWARD_WS_PROTOCOL}; offered [${offered.join(' ')}]`)
      const ws = await new Promise<WebSocket | undefined>((resolve) => {
        const onClose = () => resolve(undefined)
        socket.once('close', onClose)
        this.wss.handleUpgrade(req, socket, head, (w) => {
          socket.off('close', onClose)
          resolve(w)
        })
      })
      if (!ws) return
      io = createWebSocketStream(ws)
    } else if (upgrade === 'spdy/3.1') {
      const versions = String(req.headers['x-stream-protocol-version'] ?? '').split(',').map((s) => s.trim())
      if (!versions.includes(PORT_FORWARD_PROTOCOL)) throw new HttpError(403, 'Forbidden', `unable to upgrade: unable to negotiate protocol: client supports [${versions.join(' ')}], server supports [${PORT_FORWARD_PROTOCOL}]`)
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${PORT_FORWARD_PROTOCOL}\r\n\r\n`)
      if (head.length) socket.unshift(head)
      io = socket
    } else {
      throw badRequest('port-forward needs an upgrade: WebSocket (subprotocol SPDY/3.1+portforward.k8s.io) or SPDY/3.1')
    }
    this.deps.log?.(`port-forward ${target.namespace}/${target.pod} (${ip}) over ${upgrade === 'websocket' ? 'WebSocket' : 'SPDY'}`)
    const pairs = new Map<string, {error?: SpdyStream; data?: SpdyStream}>()
    const session = new SpdyServerSession(io, {
      onStream: (s) => {
        const requestId = s.headers.requestid ?? String(s.id)
        const pair = pairs.get(requestId) ?? {}
        pairs.set(requestId, pair)
        if (s.headers.streamtype === 'error') {
          pair.error = s
          // the client never writes on the error stream
          s.onData = () => undefined
          return
        }
        if (s.headers.streamtype !== 'data') {
          s.reset()
          return
        }
        pair.data = s
        this.forward(s, () => pairs.get(requestId)?.error, ip, uid, target, () => pairs.delete(requestId))
      },
      onClose: () => this.sessions.delete(session),
    })
    this.sessions.add(session)
  }

  /** Copies one data stream to and from the pod's port. */
  private forward(s: SpdyStream, errorStream: () => SpdyStream | undefined, ip: string, uid: string, target: {namespace: string; pod: string}, done: () => void): void {
    const port = Number(s.headers.port)
    const fail = (message: string) => {
      const e = errorStream()
      e?.write(Buffer.from(message))
      e?.end()
      s.end()
      done()
    }
    if (!Number.isInteger(port) || port < 1 || port > 65535) return fail(`invalid port ${JSON.stringify(s.headers.port ?? '')}`)
    const pending: Buffer[] = []
    let remoteDone = false
    const tcp = connect({host: ip, port})
    let connected = false
    s.onData = (chunk) => {
      if (chunk === null) {
        remoteDone = true
        if (connected) tcp.end()
        return
      }
      if (connected) tcp.write(chunk)
      else pending.push(chunk)
    }
    tcp.once('connect', () => {
      connected = true
      for (const c of pending.splice(0)) tcp.write(c)
      if (remoteDone) tcp.end()
    })
    tcp.on('data', (c: Buffer) => s.write(c))
    tcp.on('end', () => {
      s.end()
      errorStream()?.end()
      done()
    })
    tcp.on('error', (err) => {
      if (!connected) return fail(`error forwarding port ${port} to pod ${target.namespace}/${target.pod}, uid ${uid}: failed to connect to ${ip}:${port}: ${err.message}`)
      s.end()
      errorStream()?.end()
      done()
    })
  }

  /** Ends every session (server shutdown). */
  closeAll(): void {
    for (const s of this.sessions) s.close()
    this.wss.close()
  }
}
