/**
 * The HTTP(S) transport of the Client: one keep-alive agent per client carrying the CA, client
 * certificate and TLS settings; bearer token and User-Agent on every request; connection failures mapped
 * to ConnectionError. Knows nothing about Kubernetes objects.
 */
import http, {type IncomingMessage} from 'node:http'
import https from 'node:https'
import tls from 'node:tls'
import type {ClientConfig} from './config.js'
import {ConnectionError} from './errors.js'
import {queryString, type Query} from './paths.js'

/** Default User-Agent. */
export const USER_AGENT = 'mkube/0.1.0'

/** One HTTP request as the transport sends it. */
export interface SendOptions {
  query?: Query
  headers?: Record<string, string>
  body?: string | Uint8Array
  signal?: AbortSignal
  /** ms until the response headers must have arrived and (for non-streams) the body been read; 0 = none */
  timeoutMs?: number
  /** a long-lived answer (watch, log follow): sent on a connection of its own, outside the request pool */
  stream?: boolean
}

/** Sends requests to one API server. */
export class Transport {
  readonly server: string
  private readonly base: URL
  private readonly agent: http.Agent
  private readonly streamAgent: http.Agent
  private readonly secure: boolean

  constructor(private readonly config: ClientConfig) {
    let url: URL
    try {
      url = new URL(config.server)
    } catch {
      throw new Error(`invalid API server URL: ${JSON.stringify(config.server)}`)
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`unsupported API server URL scheme: ${config.server}`)
    this.base = url
    this.server = config.server.replace(/\/+$/, '')
    this.secure = url.protocol === 'https:'
    // Two pools. Requests share at most `maxConnections` keep-alive connections (a burst of 500 creates
    // queues on them instead of opening 500 TLS connections and closing them again); streams (watches, log
    // follows) each hold a connection of their own for as long as they run, outside that limit, so that
    // informers never starve requests. One TLS context (CA, client certificate) serves every connection.
    const max = config.maxConnections ?? 16
    if (this.secure) {
      const secureContext = tls.createSecureContext({ca: config.caPem, cert: config.certPem, key: config.keyPem})
      const tlsOpts = {secureContext, rejectUnauthorized: !config.insecure, servername: config.tlsServerName}
      this.agent = new https.Agent({...tlsOpts, keepAlive: true, maxSockets: max, maxFreeSockets: max})
      this.streamAgent = new https.Agent({...tlsOpts, keepAlive: false})
    } else {
      this.agent = new http.Agent({keepAlive: true, maxSockets: max, maxFreeSockets: max})
      this.streamAgent = new http.Agent({keepAlive: false})
    }
  }

  /** The full URL of a path (for messages). */
  url(path: string, query?: Query): string {
    return `${this.server}${path}${queryString(query)}`
  }

  /**
   * Sends a request and resolves with the response once its headers arrive (the body is not read).
   * Rejects with ConnectionError when the server cannot be reached, or the signal's AbortError.
   */
  send(method: string, path: string, opts: SendOptions = {}): Promise<IncomingMessage> {
    const headers: Record<string, string> = {'User-Agent': this.config.userAgent ?? USER_AGENT, ...opts.headers}
    if (this.config.token) headers.Authorization = `Bearer ${this.config.token}`
    if (opts.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(opts.body))
    const basePath = this.base.pathname.replace(/\/+$/, '')
    const mod = this.secure ? https : http
    return new Promise((resolve, reject) => {
      if (opts.signal?.aborted) return reject(opts.signal.reason)
      const req = mod.request({
        protocol: this.base.protocol,
        hostname: this.base.hostname.replace(/^\[|\]$/g, ''),
        port: this.base.port || (this.secure ? 443 : 80),
        method,
        path: `${basePath}${path}${queryString(opts.query)}`,
        headers,
        agent: opts.stream ? this.streamAgent : this.agent,
        signal: opts.signal,
      })
      let timer: NodeJS.Timeout | undefined
      if (opts.timeoutMs) {
        timer = setTimeout(() => {
          const e = Object.assign(new Error(`no answer within ${opts.timeoutMs! / 1000}s`), {code: 'ETIMEDOUT'})
          req.destroy(e)
        }, opts.timeoutMs)
      }
      req.on('response', (res) => {
        if (timer) clearTimeout(timer)
        resolve(res)
      })
      req.on('error', (err: Error & {code?: string}) => {
        if (timer) clearTimeout(timer)
        if (opts.signal?.aborted) reject(opts.signal.reason)
        else reject(new ConnectionError(this.server, err))
      })
      req.end(opts.body)
    })
  }

  /** Reads a whole response body as UTF-8 (ConnectionError when the connection drops midway). */
  readBody(res: IncomingMessage, signal?: AbortSignal, timeoutMs?: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = []
      let timer: NodeJS.Timeout | undefined
      if (timeoutMs) {
        timer = setTimeout(() => res.destroy(Object.assign(new Error(`no complete answer within ${timeoutMs / 1000}s`), {code: 'ETIMEDOUT'})), timeoutMs)
      }
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        if (timer) clearTimeout(timer)
        resolve(Buffer.concat(chunks).toString('utf8'))
      })
      res.on('error', (err: Error & {code?: string}) => {
        if (timer) clearTimeout(timer)
        reject(signal?.aborted ? signal.reason : new ConnectionError(this.server, err))
      })
    })
  }

  /** Closes idle keep-alive connections and the agent. */
  close(): void {
    this.agent.destroy()
  }
}
