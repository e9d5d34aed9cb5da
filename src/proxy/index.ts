/**
 * The node proxy (kube-proxy for mkube's node mode), one per node. See proxier.ts for the reconcile
 * loop, plan.ts for the rules, hostnet.ts for the machine-wide cluster IP addresses, tunnel.ts for the
 * cross-node forwarding listener. Optionally runs the node's DNS resolver on the same informers.
 */
import type {Endpoints} from '../api/types/endpoints.js'
import type {Node} from '../api/types/node.js'
import type {ResourceRef} from '../api/resource.js'
import type {Service} from '../api/types/service.js'
import type {Client} from '../client/client.js'
import {InformerFactory} from '../client/informer-factory.js'
import {defaultNodeDnsAddress, startDns, type NodeDns, type DnsOptions} from '../dns/index.js'
import {message} from './errors.js'
import {HostAddresses} from './hostnet.js'
import {Proxier} from './proxier.js'
import {startTunnel, type Tunnel} from './tunnel.js'
import type {ProxyPlan} from './types.js'

export {planProxy, readyEndpoints, nodeAddress, isLoopback, type PlanInput} from './plan.js'
export {Balancer, rendezvous} from './balancer.js'
export {HostAddresses, planHostChanges, parseLoAddresses, parseUnreachableRoutes, defaultStateDir, addressLabel, routeProto} from './hostnet.js'
export {startTunnel, type Tunnel} from './tunnel.js'
export type {Backend, Frontend, ProxyPlan, Protocol} from './types.js'

/** The forwarding listener's port on every node (kube-proxy's metrics port, which mkube does not serve). */
export const defaultTunnelPort = 10249
/** How often the proxy re-applies its plan without a change (re-adds lost addresses, retries failed binds). */
export const defaultResyncMs = 5000

const servicesRef: ResourceRef = {group: '', version: 'v1', resource: 'services', namespaced: true}
const endpointsRef: ResourceRef = {group: '', version: 'v1', resource: 'endpoints', namespaced: true}
const nodesRef: ResourceRef = {group: '', version: 'v1', resource: 'nodes', namespaced: false}

/** Options of startProxy. */
export interface ProxyOptions {
  client: Client
  nodeName: string
  /** this node's address: node ports, load-balancer ports and the forwarding listener bind here */
  nodeIP: string
  /** stops the proxy when aborted (as stop()) */
  signal?: AbortSignal
  log?: (msg: string) => void
  /** a shared informer factory (the node agent's); the proxy creates its own otherwise */
  informers?: InformerFactory
  tunnelPort?: number
  /**
   * cluster IP addresses on the host's loopback device, shared with the machine's other nodes.
   * null: manage none (cluster IPs already local, e.g. a loopback service range in tests)
   */
  hostAddresses?: HostAddresses | null
  /** where the machine-wide claims live (default /run/mkube/proxy) */
  stateDir?: string
  /** the service CIDR, made unreachable while the proxy runs so unassigned cluster IPs fail at once; null: no route */
  serviceCIDR?: string | null
  /** run the node's DNS resolver too (address defaults to defaultNodeDnsAddress(nodeIP), port 53) */
  dns?: false | Partial<Omit<DnsOptions, 'client' | 'informers' | 'log'>>
  resyncMs?: number
}

/** A running node proxy. */
export interface Proxy {
  /** the DNS resolver's address and port when it runs */
  dns?: {address: string; port: number}
  /** the plan last applied */
  plan(): ProxyPlan
  /** keys (`TCP/ip:port`) of the frontends listening now */
  listening(): string[]
  /** re-applies the plan now; resolves when done */
  sync(): Promise<void>
  /** stops listening, releases this node's host addresses (other nodes' stay) */
  stop(): Promise<void>
}

/** Starts a node's proxy: resolves once its informers synced and its first plan is applied. */
export async function startProxy(opts: ProxyOptions): Promise<Proxy> {
  const log = opts.log ?? ((m: string) => console.error(`proxy: ${m}`))
  const own = opts.informers ? undefined : new InformerFactory(opts.client, {log})
  const factory = opts.informers ?? own!
  const services = factory.informer<Service>(servicesRef)
  const endpoints = factory.informer<Endpoints>(endpointsRef)
  const nodes = factory.informer<Node>(nodesRef)
  own?.start()
  let host = opts.hostAddresses === undefined ? new HostAddresses({nodeName: opts.nodeName, stateDir: opts.stateDir, log}) : opts.hostAddresses
  if (opts.hostAddresses === undefined && process.getuid?.() !== 0) {
    log('not running as root: cluster IPs and the DNS address are not added to this machine (node ports still work)')
    host = null
  }
  const dnsAddress = opts.dns === false || opts.dns === undefined ? undefined : (opts.dns.address ?? defaultNodeDnsAddress(opts.nodeIP))
  const serviceCIDR = opts.serviceCIDR === undefined ? '10.43.0.0/16' : opts.serviceCIDR
  const proxier = new Proxier({
    nodeName: opts.nodeName,
    nodeIP: opts.nodeIP,
    tunnelPort: opts.tunnelPort ?? defaultTunnelPort,
    services,
    endpoints,
    nodes,
    host,
    extraAddresses: dnsAddress ? [dnsAddress] : [],
    routes: serviceCIDR ? [serviceCIDR] : [],
    log,
  })
  let tunnel: Tunnel | undefined
  let dns: NodeDns | undefined
  let timer: NodeJS.Timeout | undefined
  let stopping: Promise<void> | undefined
  const unregister: (() => void)[] = []
  const stop = () =>
    (stopping ??= (async () => {
      clearInterval(timer)
      for (const u of unregister) u()
      await proxier.stop()
      await dns?.close().catch((e) => log(`dns close: ${message(e)}`))
      await tunnel?.close()
      await host?.release().catch((e) => log(`releasing host addresses: ${message(e)}`))
      own?.stop()
    })())
  try {
    await Promise.all([services.waitForSync(opts.signal), endpoints.waitForSync(opts.signal), nodes.waitForSync(opts.signal)])
    tunnel = await startTunnel({host: opts.nodeIP, port: opts.tunnelPort ?? defaultTunnelPort, allowed: (k) => proxier.allowsTunnel(k), log})
    const kick = () => void proxier.sync()
    for (const inf of [services, endpoints, nodes]) unregister.push(inf.addHandlers({onAdd: kick, onUpdate: kick, onDelete: kick}))
    await proxier.sync()
    if (dnsAddress && opts.dns) {
      // without its resolver the node still proxies; pods then get the host's DNS settings
      dns = await startDns({...opts.dns, address: dnsAddress, informers: {services, endpoints}, log}).catch((e) => {
        log(`cannot start the node DNS resolver on ${dnsAddress}: ${message(e)}`)
        return undefined
      })
    }
    timer = setInterval(kick, opts.resyncMs ?? defaultResyncMs)
    timer.unref()
  } catch (e) {
    await stop()
    throw e
  }
  opts.signal?.addEventListener('abort', () => void stop(), {once: true})
  return {
    dns: dns ? {address: dns.address, port: dns.port} : undefined,
    plan: () => proxier.plan,
    listening: () => proxier.listening(),
    sync: () => proxier.sync(),
    stop,
  }
}
