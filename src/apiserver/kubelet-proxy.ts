import https from 'node:https'
import tls from 'node:tls'
import type {IncomingMessage, ServerResponse} from 'node:http'
import type {Duplex} from 'node:stream'
import type {KubeObject} from '../api/meta.js'
import {ApiError, badRequest, unavailable} from '../api/errors.js'
import type {RequestInfo} from './request-info.js'
import type {GenericRegistry} from './rest/generic.js'
import type {RequestContext} from './rest/types.js'

/** How the API server reaches kubelets: the cluster CA to verify them and its own client certificate. */
export interface KubeletClientConfig {
  caPem: string
  certPem: string
  keyPem: string
}

/** Default kubelet port (as Kubernetes'). */
export const defaultKubeletPort = 10250

interface PodLike extends KubeObject {
  spec?: {nodeName?: string; containers?: {name: string}[]; initContainers?: {name: string}[]; ephemeralContainers?: {name: string}[]}
  status?: {phase?: string}
}
interface NodeLike extends KubeObject {
  status?: {addresses?: {type: string; address: string}[]; daemonEndpoints?: {kubeletEndpoint?: {Port?: number}}}
}

/** Where a pod's kubelet listens. */
export interface KubeletTarget {
  host: string
  port: number
  pod: PodLike
  container: string
}

/** Picks the container a log/exec request means, as the API server does (explicit, annotation default, or the only one). */
export function pickContainer(pod: PodLike, requested: string | null): string {
  const all = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []), ...(pod.spec?.ephemeralContainers ?? [])].map((c) => c.name)
  const name = pod.metadata.name
  if (requested) {
    if (!all.includes(requested)) throw badRequest(`container ${requested} is not valid for pod ${name}`)
    return requested
  }
  const def = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container']
  if (def && all.includes(def)) return def
  const app = (pod.spec?.containers ?? []).map((c) => c.name)
  if (app.length === 1) return app[0]
  throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${app.join(' ')}]`)
}

/** Resolves the kubelet of a pod: its node's InternalIP (or Hostname) and kubelet port. */
export async function kubeletFor(pods: GenericRegistry, nodes: GenericRegistry, ns: string, name: string, container: string | null, needContainer = true): Promise<KubeletTarget> {
  const pod = (await pods.get(ns, name)) as PodLike
  const nodeName = pod.spec?.nodeName
  if (!nodeName) throw badRequest(`pod ${name} does not have a host assigned`)
  let node: NodeLike
  try {
    node = (await nodes.get('', nodeName)) as NodeLike
  } catch (e) {
    if (e instanceof ApiError && e.code === 404) throw unavailable(`node "${nodeName}" of pod ${name} is not registered`)
    throw e
  }
  const addrs = node.status?.addresses ?? []
  const host = addrs.find((a) => a.type === 'InternalIP')?.address ?? addrs.find((a) => a.type === 'Hostname')?.address
  if (!host) throw unavailable(`node "${nodeName}" has no address to reach its kubelet`)
  const port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port ?? defaultKubeletPort
  return {host, port, pod, container: needContainer ? pickContainer(pod, container) : ''}
}

const logParams = ['follow', 'tailLines', 'sinceSeconds', 'sinceTime', 'timestamps', 'previous', 'limitBytes']

/**
 * Handler of pods/log and pods/exec (also attach): proxies to the pod's kubelet over mutually
 * authenticated TLS. Logs stream through as plain text (flushed as written for follow=true); exec is a
 * WebSocket upgrade and is handled by `upgradeExec`.
 */
export function kubeletSubresources(cfg: () => KubeletClientConfig | undefined, registries: Map<string, GenericRegistry>) {
  const pods = () => registries.get('pods')!
  const nodes = () => registries.get('nodes')!
  return async (req: IncomingMessage, res: ServerResponse, info: RequestInfo, query: URLSearchParams, _reg: GenericRegistry, _ctx: RequestContext): Promise<void> => {
    const kc = cfg()
    if (!kc) throw unavailable('this API server has no kubelet client credentials')
    if (info.subresource === 'log') {
      if (req.method !== 'GET') throw badRequest('pods/log only supports GET')
      const t = await kubeletFor(pods(), nodes(), info.namespace, info.name, query.get('container'))
      const q = new URLSearchParams()
      for (const p of logParams) {
        const v = query.get(p)
        if (v !== null) q.set(p, v)
      }
      const path = `/containerLogs/${encodeURIComponent(info.namespace)}/${encodeURIComponent(info.name)}/${encodeURIComponent(t.container)}?${q}`
      await new Promise<void>((resolve, reject) => {
        const up = https.request({host: t.host, port: t.port, path, method: 'GET', ca: kc.caPem, cert: kc.certPem, key: kc.keyPem, servername: t.host.match(/^[\d.]+$/) ? undefined : t.host}, (kres) => {
          const code = kres.statusCode ?? 502
          res.writeHead(code, {'Content-Type': kres.headers['content-type'] ?? 'text/plain', 'Cache-Control': 'no-cache, private'})
          if (query.get('follow') === 'true') res.flushHeaders()
          kres.pipe(res)
          kres.on('end', resolve)
          kres.on('error', reject)
        })
        up.on('error', (e) => reject(unavailable(`cannot reach the kubelet of node ${t.pod.spec?.nodeName} at ${t.host}:${t.port}: ${e.message}`)))
        req.on('close', () => up.destroy())
        up.end()
      })
      return
    }
    if (info.subresource === 'exec' || info.subresource === 'attach') {
      throw badRequest(`${info.subresource} needs a WebSocket upgrade (subprotocol v5.channel.k8s.io or v4.channel.k8s.io); SPDY is not supported`)
    }
    throw badRequest(`pods/${info.subresource} is not supported`)
  }
}

/**
 * Proxies an exec/attach WebSocket upgrade to the pod's kubelet: opens a TLS connection with the API
 * server's client certificate, replays the upgrade request on the kubelet's path, then pipes bytes both
 * ways. The kubelet speaks the channel protocol; the API server only relays it.
 */
export async function upgradeExec(req: IncomingMessage, socket: Duplex, head: Buffer, info: RequestInfo, query: URLSearchParams, kc: KubeletClientConfig, registries: Map<string, GenericRegistry>): Promise<void> {
  const forward = info.subresource === 'portforward'
  const t = await kubeletFor(registries.get('pods')!, registries.get('nodes')!, info.namespace, info.name, forward ? null : query.get('container'), !forward)
  const phase = t.pod.status?.phase
  if (phase === 'Succeeded' || phase === 'Failed') throw badRequest(`cannot ${forward ? 'port-forward to' : 'exec into a container in'} a completed pod; current phase is ${phase}`)
  const q = new URLSearchParams(query)
  q.delete('container')
  const pod = `${encodeURIComponent(info.namespace)}/${encodeURIComponent(info.name)}`
  const path = forward ? `/portforward/${pod}?${q}` : `/${info.subresource}/${pod}/${encodeURIComponent(t.container)}?${q}`
  const upstream = tls.connect({host: t.host, port: t.port, ca: kc.caPem, cert: kc.certPem, key: kc.keyPem, servername: /^[\d.]+$/.test(t.host) ? undefined : t.host})
  await new Promise<void>((resolve, reject) => {
    upstream.once('secureConnect', resolve)
    upstream.once('error', (e) => reject(unavailable(`cannot reach the kubelet of node ${t.pod.spec?.nodeName} at ${t.host}:${t.port}: ${e.message}`)))
  })
  const skip = new Set(['host', 'authorization', 'content-length'])
  const lines = [`GET ${path} HTTP/1.1`, `Host: ${t.host}:${t.port}`]
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (!skip.has(req.rawHeaders[i].toLowerCase())) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`)
  }
  upstream.write(lines.join('\r\n') + '\r\n\r\n')
  if (head.length) upstream.write(head)
  upstream.pipe(socket)
  socket.pipe(upstream)
  const close = () => {
    upstream.destroy()
    socket.destroy()
  }
  upstream.on('error', close)
  socket.on('error', close)
  upstream.on('close', close)
  socket.on('close', close)
}
