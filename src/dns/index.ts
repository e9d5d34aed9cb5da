/**
 * Cluster DNS, one resolver per node: the cluster zone from Services and Endpoints (informers), other
 * names forwarded to the node's upstream resolvers. Also the pod-side settings the kubelet applies.
 */
import type {Endpoints} from '../api/types/endpoints.js'
import type {Service} from '../api/types/service.js'
import type {ResourceRef} from '../api/resource.js'
import type {Client} from '../client/client.js'
import type {Informer} from '../client/informer.js'
import {InformerFactory} from '../client/informer-factory.js'
import {ClusterZone} from './records.js'
import {parseUpstream, systemUpstreams, type Upstream} from './resolvconf.js'
import {startDnsServer, type DnsServer} from './server.js'

export {ClusterZone, clusterTTL, endpointHost, reverseName, isHeadless, schemaVersion, type Lookup} from './records.js'
export {podDnsConfig, formatResolvConf, defaultNodeDnsAddress, type PodDnsConfig} from './pod-config.js'
export {parseResolvConf, parseUpstream, systemUpstreams, type ResolvConf, type Upstream} from './resolvconf.js'
export {handleQuery, startDnsServer, type DnsServer, type DnsServerOptions} from './server.js'
export * as wire from './wire.js'

export const servicesRef: ResourceRef = {group: '', version: 'v1', resource: 'services', namespaced: true}
export const endpointsRef: ResourceRef = {group: '', version: 'v1', resource: 'endpoints', namespaced: true}

/** Options of startDns. */
export interface DnsOptions {
  /** where the Services and Endpoints come from: a client (own informers), a shared factory, or informers */
  client?: Client
  informers?: InformerFactory | {services: Informer<Service>; endpoints: Informer<Endpoints>}
  /** listen address (pods must reach it; see defaultNodeDnsAddress) */
  address: string
  /** default 53 (0 = any free port) */
  port?: number
  /** upstream resolvers (`1.2.3.4`, `1.2.3.4:5353`); default: the nameservers of /etc/resolv.conf */
  upstreams?: (string | Upstream)[]
  clusterDomain?: string
  /** per-upstream timeout (default 2 s) */
  timeoutMs?: number
  log?: (msg: string) => void
}

/** A running node resolver. */
export interface NodeDns extends DnsServer {
  /** the zone as it is now (for tests and diagnostics) */
  zone(): ClusterZone
}

/** Starts a node resolver; resolves once the informers synced and the sockets are bound. */
export async function startDns(opts: DnsOptions): Promise<NodeDns> {
  let own: InformerFactory | undefined
  let services: Informer<Service>
  let endpoints: Informer<Endpoints>
  if (opts.informers && !(opts.informers instanceof InformerFactory)) {
    ;({services, endpoints} = opts.informers)
  } else {
    const factory = opts.informers ?? (own = new InformerFactory(requireClient(opts.client), {log: opts.log}))
    services = factory.informer<Service>(servicesRef)
    endpoints = factory.informer<Endpoints>(endpointsRef)
    if (own) own.start()
  }
  const domain = opts.clusterDomain ?? 'cluster.local'
  let zone: ClusterZone | undefined
  const invalidate = () => (zone = undefined)
  const unregister = [services, endpoints].map((inf) => (inf as Informer).addHandlers({onAdd: invalidate, onUpdate: invalidate, onDelete: invalidate}))
  try {
    await Promise.all([services.waitForSync(), endpoints.waitForSync()])
    const port = opts.port ?? 53
    const upstreams = (opts.upstreams ? opts.upstreams.map((u) => (typeof u === 'string' ? parseUpstream(u) : u)) : await systemUpstreams())
      // never forward to ourselves
      .filter((u) => !(u.host === opts.address && (u.port === port || port === 0)))
    const server = await startDnsServer({
      address: opts.address,
      port,
      upstreams,
      timeoutMs: opts.timeoutMs,
      log: opts.log,
      zone: () => (zone ??= new ClusterZone(domain, services.list(), endpoints.list())),
    })
    return {
      ...server,
      zone: () => (zone ??= new ClusterZone(domain, services.list(), endpoints.list())),
      async close() {
        for (const u of unregister) u()
        await server.close()
        own?.stop()
      },
    }
  } catch (e) {
    for (const u of unregister) u()
    own?.stop()
    throw e
  }
}

function requireClient(c: Client | undefined): Client {
  if (!c) throw new Error('startDns: a client or informers are required')
  return c
}
