import https from 'node:https'
import type {IncomingMessage, ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'
import {ApiError, badRequest, notFound, unauthorized, methodNotAllowed} from '../api/errors.js'
import {resources as allResources} from '../api/registry.js'
import type {ResourceDef} from '../api/resource.js'
import type {Store} from '../store/types.js'
import {type Authenticator, publicPaths} from './auth.js'
import {authorize, forbiddenFor} from './authz.js'
import {kubeletSubresources, upgradeExec, type KubeletClientConfig} from './kubelet-proxy.js'
import {toApiError} from './http.js'
import type {Duplex} from 'node:stream'
import {STATUS_CODES} from 'node:http'
import type {TokenIssuer} from './serviceaccounts/index.js'
import {apiGroup, apiGroupList, apiResourceList, apiVersions, groupVersions, versionInfo} from './discovery.js'
import {handleResource} from './handlers.js'
import {parseJsonBody, readBody, readBodyBytes, sendError, sendObject, sendText} from './http.js'
import {PROTOBUF_MEDIA_TYPE, protobufBodyToJson} from './protobuf/body.js'
import {answerReview, reviewResources} from './reviews.js'
import {openapiV2Protobuf, openapiV3} from './openapi.js'
import {parseRequestInfo} from './request-info.js'
import {GenericRegistry} from './rest/generic.js'
import {defaultHooks} from './rest/hooks.js'
import type {RequestContext, ResourceHooks, UserInfo} from './rest/types.js'
import {Subresources, type OtherSubresourceHandler} from './subresources.js'

/** Options of an API server instance. Set by `mkube master start` (or tests). */
export interface ApiServerOptions {
  store: Store
  /** PEM serving certificate and key */
  tls: {cert: string; key: string}
  authenticator: Authenticator
  /** port to listen on (0 = any free port) */
  port: number
  /** bind address (default 0.0.0.0) */
  host?: string
  /** the address clients use, reported by discovery (default host:port) */
  advertiseAddress?: string
  /** extra hooks per resource plural, merged over the defaults */
  hooks?: Record<string, ResourceHooks>
  /** pods/log, pods/exec … (the kubelet proxy, once nodes exist) */
  otherSubresources?: OtherSubresourceHandler
  /** request log sink; silent by default */
  log?: (line: string) => void
  /** the set of served kinds (default: all built-ins) */
  resources?: ResourceDef[]
  /**
   * Extra non-resource routes (path → handler), e.g. /cacerts and the node join endpoint. The handler gets
   * the authenticated user (or anonymous) and decides itself whom it serves.
   */
  routes?: Map<string, RouteHandler>
  /** credentials to reach kubelets (pods/log, pods/exec); without them those subresources answer 503 */
  kubeletClient?: KubeletClientConfig
  /** signs service-account tokens (serviceaccounts/token, pods' token volumes) */
  serviceAccountIssuer?: TokenIssuer
}

/** A non-resource route handler. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, user: UserInfo | null) => Promise<void>

/** A running API server. */
export interface ApiServer {
  url: string
  port: number
  registries: Map<string, GenericRegistry>
  close(): Promise<void>
}

/** Registries for every served resource, keyed by `group/resource` ('' group for core: '/pods'). */
function buildRegistries(defs: ResourceDef[], store: Store, extra: Record<string, ResourceHooks> = {}): Map<string, GenericRegistry> {
  const hooks = defaultHooks()
  const map = new Map<string, GenericRegistry>()
  for (const d of defs) {
    const h = {...(hooks[d.resource] ?? {}), ...(extra[d.resource] ?? {})}
    map.set(`${d.group}/${d.resource}`, new GenericRegistry(d, store, h))
  }
  return map
}

/** Starts an HTTPS API server over a store. Resolves once it listens. */
export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const defs = opts.resources ?? allResources
  const registries = buildRegistries(defs, opts.store, opts.hooks)
  const byPlural = new Map<string, GenericRegistry>()
  for (const r of registries.values()) if (!byPlural.has(r.def.resource)) byPlural.set(r.def.resource, r)
  const sub = new Subresources(byPlural, opts.otherSubresources ?? kubeletSubresources(() => opts.kubeletClient, byPlural), opts.serviceAccountIssuer)
  const openapi = openapiV3(defs)
  const gvs = groupVersions(defs)
  let advertise = opts.advertiseAddress ?? ''

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'https://x')
    const path = url.pathname.replace(/\/+$/, '') || '/'
    let user: UserInfo | null = null
    const auth = await opts.authenticator.authenticate(req)
    if (auth === 'invalid') throw unauthorized()
    if (auth) user = auth
    const route = opts.routes?.get(path)
    if (route) return route(req, res, user)
    if (!user) {
      if (!(req.method === 'GET' && publicPaths.has(path))) throw unauthorized()
      user = {username: 'system:anonymous', groups: ['system:unauthenticated']}
    }
    if (path === '/healthz' || path === '/livez' || path === '/readyz') {
      if (path === '/readyz') {
        try {
          await opts.store.currentRevision()
        } catch (e) {
          return sendText(res, 503, `[-]etcd failed: ${(e as Error).message}\nreadyz check failed`)
        }
      }
      if (url.searchParams.has('verbose')) return sendText(res, 200, `[+]ping ok\n[+]etcd ok\n${path.slice(1)} check passed\n`)
      return sendText(res, 200, 'ok')
    }
    if (path === '/version') return sendObject(res, 200, versionInfo())
    if (path === '/api') return sendObject(res, 200, apiVersions(advertise))
    if (path === '/apis') return sendObject(res, 200, apiGroupList(defs, reviewResources))
    if (path === '/openapi/v3') return sendObject(res, 200, openapi.root)
    if (path === '/openapi/v2') {
      const body = openapiV2Protobuf()
      res.writeHead(200, {'Content-Type': 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf', 'Content-Length': body.length})
      return void res.end(body)
    }
    if (path.startsWith('/openapi/v3/')) {
      const doc = openapi.docs.get(path.slice('/openapi/v3/'.length))
      if (!doc) throw notFound('openapi', path)
      res.writeHead(200, {'Content-Type': 'application/json', 'Cache-Control': 'public, immutable', ETag: `"${doc.hash}"`})
      return void res.end(doc.body)
    }
    const info = parseRequestInfo(req.method ?? 'GET', path, url.searchParams)
    if (!info.isResourceRequest) {
      if (info.apiPrefix === 'api' && info.version === 'v1') return sendObject(res, 200, apiResourceList('', 'v1', defs))
      const served = [...gvs, ...reviewResources]
      if (info.apiPrefix === 'apis' && info.group && !info.version) {
        const vs = [...new Set(served.filter((g) => g.group === info.group).map((g) => g.version))]
        if (vs.length) return sendObject(res, 200, apiGroup(info.group, vs))
      }
      if (info.apiPrefix === 'apis' && info.group && info.version && served.some((g) => g.group === info.group && g.version === info.version)) {
        return sendObject(res, 200, apiResourceList(info.group, info.version, defs, reviewResources))
      }
      throw new ApiError({message: 'the server could not find the requested resource', reason: 'NotFound', code: 404, details: {}})
    }
    const review = info.apiPrefix === 'apis' ? reviewResources.find((r) => r.group === info.group && r.version === info.version && r.resource === info.resource) : undefined
    if (review) {
      if (info.verb !== 'create' || info.name || info.namespace || info.subresource) throw methodNotAllowed(`only POST to /apis/${review.group}/${review.version}/${review.resource} is supported`)
      const allowed = await authorize(user, info, byPlural)
      if (!allowed.allowed) throw forbiddenFor(user, info, allowed.reason)
      const ct = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
      const text = ct === PROTOBUF_MEDIA_TYPE ? await protobufBodyToJson(await readBodyBytes(req)) : await readBody(req)
      const body = parseJsonBody(text)
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest(`a ${review.kind} must be a JSON object`)
      const u = user
      return sendObject(res, 201, await answerReview(review, body as Record<string, never>, u, (i) => authorize(u, i, byPlural)))
    }
    const reg = registries.get(`${info.group}/${info.resource}`)
    if (!reg || reg.def.version !== info.version || (info.apiPrefix === 'api') !== (info.group === '')) {
      throw new ApiError({message: 'the server could not find the requested resource', reason: 'NotFound', code: 404, details: {}})
    }
    if (req.method === 'HEAD') throw methodNotAllowed('HEAD is not supported')
    const decision = await authorize(user, info, byPlural)
    if (!decision.allowed) throw forbiddenFor(user, info, decision.reason)
    const ctx: RequestContext = {
      admit: decision.admit,
      user,
      dryRun: url.searchParams.getAll('dryRun').includes('All'),
      fieldManager: url.searchParams.get('fieldManager') ?? undefined,
      fieldValidation: url.searchParams.get('fieldValidation') ?? undefined,
    }
    await handleResource(req, res, info, url.searchParams, reg, sub, ctx)
  }

  const server = https.createServer({cert: opts.tls.cert, key: opts.tls.key}, (req, res) => {
    const started = Date.now()
    handle(req, res)
      .catch((err) => {
        if (!(err instanceof ApiError)) opts.log?.(`internal error on ${req.method} ${req.url}: ${(err as Error)?.stack ?? err}`)
        sendError(res, err)
      })
      .finally(() => opts.log?.(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`))
  })
  // exec/attach arrive as WebSocket upgrades, port-forward as WebSocket or SPDY upgrades
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgrade(req, socket, head).catch((err) => {
      const e = toApiError(err)
      const body = JSON.stringify(e.status)
      if (socket.writable) socket.end(`HTTP/1.1 ${e.code} ${STATUS_CODES[e.code] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
      else socket.destroy()
    })
  })
  const upgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'https://x')
    const auth = await opts.authenticator.authenticate(req)
    if (auth === 'invalid' || !auth) throw unauthorized()
    const info = parseRequestInfo('POST', url.pathname, url.searchParams)
    if (!info.isResourceRequest || info.resource !== 'pods' || !['exec', 'attach', 'portforward'].includes(info.subresource)) {
      throw new ApiError({message: 'the server could not find the requested resource', reason: 'NotFound', code: 404, details: {}})
    }
    const decision = await authorize(auth, info, byPlural)
    if (!decision.allowed) throw forbiddenFor(auth, info, decision.reason)
    if (!opts.kubeletClient) throw new ApiError({message: 'this API server has no kubelet client credentials', reason: 'ServiceUnavailable', code: 503})
    await upgradeExec(req, socket, head, info, url.searchParams, opts.kubeletClient, byPlural)
  }
  server.keepAliveTimeout = 65_000
  server.headersTimeout = 70_000
  server.requestTimeout = 0
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  if (!advertise) advertise = `${opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1'}:${port}`
  const host = opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1'
  return {
    url: `https://${host}:${port}`,
    port,
    registries: byPlural,
    close: () =>
      new Promise<void>((resolve) => {
        sub.close()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
