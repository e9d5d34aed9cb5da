/**
 * The kubelet's HTTPS server (port 10250 by default): what the API server proxies pods/log and
 * pods/exec to. TLS with the node's serving certificate; every client must present a certificate
 * signed by the cluster CA (401 otherwise) and, except for /healthz, be a cluster administrator (the
 * API server's kubelet client certificate is; 403 otherwise).
 *
 * Routes: GET /healthz, GET /containerLogs/{ns}/{pod}/{container}, GET /exec/{ns}/{pod}/{container}
 * and /attach/{ns}/{pod}/{container} (WebSocket upgrades), /portforward/{ns}/{pod} (WebSocket or
 * SPDY/3.1 upgrade, see portforward.ts).
 */
import https from 'node:https'
import type {IncomingMessage, ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'
import type {Duplex} from 'node:stream'
import type {ContainerRuntime} from '../../runtime/types.js'
import type {PodResolver} from './containers.js'
import {ExecHandler} from './exec.js'
import {PortForwardHandler} from './portforward.js'
import {authenticate, authorize, badRequest, notFound, pathSegments, sendStatus, sendStatusOnSocket, toHttpError} from './http.js'
import {serveLogs} from './logs.js'

/** Configuration of the kubelet server (set by the node agent). */
export interface KubeletServerOptions {
  /** address to listen on (the node IP; '0.0.0.0' for all) */
  host: string
  /** 0 = any free port (see the answer's port) */
  port: number
  /** the kubelet's serving certificate and key (from the join) */
  certPem: string
  keyPem: string
  /** the cluster CA: client certificates must be signed by it */
  caPem: string
  /** null when the node has no usable runtime (logs and exec then answer 503) */
  runtime: ContainerRuntime | null
  nodeName: string
  /** finds a pod of this node by namespace and name */
  resolvePod: PodResolver
  log?: (line: string) => void
}

/** A running kubelet server. */
export interface KubeletServer {
  port: number
  close(): Promise<void>
}

type Route = {kind: 'healthz'} | {kind: 'containerLogs' | 'exec' | 'attach'; namespace: string; pod: string; container: string} | {kind: 'portforward'; namespace: string; pod: string}

/** Maps a path to a route; 404 for anything else. */
export function route(pathname: string): Route {
  const seg = pathSegments(pathname)
  if (seg.length === 1 && seg[0] === 'healthz') return {kind: 'healthz'}
  if (seg.length === 4 && (seg[0] === 'containerLogs' || seg[0] === 'exec' || seg[0] === 'attach')) {
    return {kind: seg[0], namespace: seg[1], pod: seg[2], container: seg[3]}
  }
  if (seg.length === 3 && (seg[0] === 'portforward' || seg[0] === 'portForward')) return {kind: 'portforward', namespace: seg[1], pod: seg[2]}
  throw notFound('the server could not find the requested resource')
}

/** Starts the kubelet server. */
export async function startKubeletServer(o: KubeletServerOptions): Promise<KubeletServer> {
  const deps = {runtime: o.runtime, nodeName: o.nodeName, resolvePod: o.resolvePod, log: o.log}
  const exec = new ExecHandler(deps)
  const portForward = new PortForwardHandler(deps)

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'https://kubelet')
    authorize(authenticate(req), req.method ?? 'GET', url.pathname)
    const r = route(url.pathname)
    if (r.kind === 'healthz') {
      res.writeHead(200, {'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff'})
      res.end('ok')
      return
    }
    if (r.kind === 'containerLogs') return serveLogs(deps, req, res, r, url.searchParams)
    if (r.kind === 'portforward') throw badRequest('Upgrade request required: port-forward needs a WebSocket or SPDY/3.1 upgrade')
    if (r.kind === 'attach') throw badRequest('Upgrade request required: attach needs a WebSocket upgrade')
    throw badRequest('Upgrade request required: exec needs a WebSocket upgrade')
  }

  const onUpgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'https://kubelet')
    authorize(authenticate(req), req.method ?? 'GET', url.pathname)
    const r = route(url.pathname)
    if (r.kind === 'portforward') return portForward.upgrade(req, socket, head, r)
    if (r.kind !== 'exec' && r.kind !== 'attach') throw badRequest(`${url.pathname} cannot be upgraded`)
    await exec.upgrade(req, socket, head, r, url.searchParams, r.kind)
  }

  const server = https.createServer({cert: o.certPem, key: o.keyPem, ca: o.caPem, requestCert: true, rejectUnauthorized: false}, (req, res) => {
    handle(req, res).catch((err) => {
      const e = toHttpError(err)
      if (e.code >= 500) o.log?.(`${req.method} ${req.url}: ${(err as Error)?.stack ?? err}`)
      sendStatus(res, e)
    })
  })
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy())
    onUpgrade(req, socket, head).catch((err) => {
      const e = toHttpError(err)
      if (e.code >= 500) o.log?.(`upgrade ${req.url}: ${(err as Error)?.stack ?? err}`)
      sendStatusOnSocket(socket, e)
    })
  })
  server.on('tlsClientError', () => undefined)
  server.requestTimeout = 0
  server.keepAliveTimeout = 65_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(o.port, o.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  o.log?.(`kubelet server listening on https://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}`)
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        exec.closeAll()
        portForward.closeAll()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
