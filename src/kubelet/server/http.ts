/**
 * HTTP plumbing of the kubelet server: Status answers (JSON, as the API server relays them to
 * clients), on a response or on a raw socket (upgrade requests that are refused before the WebSocket
 * handshake), and the client-certificate authentication and authorization of every request.
 */
import {STATUS_CODES, type IncomingMessage, type ServerResponse} from 'node:http'
import type {Duplex} from 'node:stream'
import type {TLSSocket} from 'node:tls'

/** A refusal with its HTTP code, Status reason and message. */
export class HttpError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
  ) {
    super(message)
  }
}

export const badRequest = (m: string) => new HttpError(400, 'BadRequest', m)
export const notFound = (m: string) => new HttpError(404, 'NotFound', m)

/** The metav1.Status body of an error. */
export function statusBody(e: HttpError): string {
  return JSON.stringify({kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: e.message, reason: e.reason, code: e.code})
}

/** Converts anything thrown into an HttpError (500 InternalError for unexpected errors). */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err
  return new HttpError(500, 'InternalError', `Internal error occurred: ${(err as Error)?.message ?? String(err)}`)
}

/** Answers a Status on a response (when nothing was sent yet). */
export function sendStatus(res: ServerResponse, err: HttpError): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  const body = statusBody(err)
  res.writeHead(err.code, {'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body)})
  res.end(body)
}

/** Answers a Status on the raw socket of an upgrade request, then closes it. */
export function sendStatusOnSocket(socket: Duplex, err: HttpError): void {
  if (!socket.writable) {
    socket.destroy()
    return
  }
  const body = statusBody(err)
  socket.end(
    `HTTP/1.1 ${err.code} ${STATUS_CODES[err.code] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  )
}

/** Who presented a client certificate: its CN and O as Kubernetes maps them to a user and groups. */
export interface CertUser {
  username: string
  groups: string[]
}

/**
 * The user of a request from its TLS client certificate (the server requests one and checks it against
 * the cluster CA): 401 when none was presented or it is not signed by the CA.
 */
export function authenticate(req: IncomingMessage): CertUser {
  const socket = req.socket as TLSSocket
  if (typeof socket.getPeerCertificate !== 'function') throw new HttpError(401, 'Unauthorized', 'Unauthorized')
  const cert = socket.getPeerCertificate()
  if (!cert || Object.keys(cert).length === 0) throw new HttpError(401, 'Unauthorized', 'Unauthorized: a client certificate signed by the cluster CA is required')
  if (!socket.authorized) throw new HttpError(401, 'Unauthorized', `Unauthorized: client certificate rejected (${socket.authorizationError ?? 'unknown reason'})`)
  const org = cert.subject?.O
  const groups = org === undefined ? [] : Array.isArray(org) ? org : [org]
  const cn = cert.subject?.CN
  return {username: (Array.isArray(cn) ? cn[0] : cn) ?? '', groups}
}

/**
 * Whether a user may use the kubelet's API. As on a kubelet that delegates to the API server's RBAC,
 * only cluster administrators (group system:masters, which the API server's kubelet client certificate
 * carries) may read logs or exec; /healthz is open to any authenticated client. 403 otherwise, worded
 * as the kubelet words it.
 */
export function authorize(user: CertUser, method: string, path: string): void {
  if (path === '/healthz') return
  if (user.groups.includes('system:masters')) return
  const verb = method === 'GET' || method === 'HEAD' ? 'get' : method === 'POST' ? 'create' : method.toLowerCase()
  throw new HttpError(403, 'Forbidden', `Forbidden (user=${user.username}, verb=${verb}, resource=nodes, subresource=proxy)`)
}

/** Splits a kubelet path into its decoded segments ('/exec/ns/pod/c' → ['exec','ns','pod','c']). */
export function pathSegments(pathname: string): string[] {
  return pathname
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s)
      } catch {
        throw badRequest(`malformed path segment ${JSON.stringify(s)}`)
      }
    })
}

/** A boolean query parameter: "true"/"1" (the API server's and the kubelet's spellings). */
export function boolParam(q: URLSearchParams, ...names: string[]): boolean {
  return names.some((n) => {
    const v = q.get(n)
    return v === 'true' || v === '1' || v === 'True'
  })
}
