/**
 * The `kubernetes` Service in `default`: how pods reach the API server (Kubernetes' master endpoint
 * reconciler). Its cluster IP is the first address of the service range; it has no selector, and its
 * Endpoints list the API servers' advertise addresses with the API server port behind service port 443.
 */
import {randomUUID} from 'node:crypto'
import {endpointsDef} from '../../api/kinds/endpoints.js'
import {keyFor} from '../../api/registry.js'
import type {ResourceDef} from '../../api/resource.js'
import type {Endpoints} from '../../api/types/endpoints.js'
import type {Service} from '../../api/types/service.js'
import {ApiError} from '../../api/errors.js'
import {StoreError} from '../../store/types.js'
import {jsonEqual} from '../../util/json.js'
import {nowRfc3339} from '../../util/time.js'
import type {GenericRegistry} from '../rest/generic.js'
import type {RequestContext} from '../rest/types.js'
import {defaultServiceCIDR} from './allocator.js'
import {cidrAddress, parseServiceCIDR} from './cidr.js'

/** An API server's address as the `kubernetes` Endpoints list it. */
export interface ApiServerEndpoint {
  ip: string
  port: number
}

const ctx: RequestContext = {user: {username: 'system:apiserver', groups: ['system:masters']}, dryRun: false}
const labels = {component: 'apiserver', provider: 'kubernetes'}

/** The `kubernetes` Service as the API server wants it. */
export function kubernetesService(clusterIP: string, targetPort: number): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {name: 'kubernetes', namespace: 'default', labels: {...labels}},
    spec: {
      type: 'ClusterIP',
      clusterIP,
      clusterIPs: [clusterIP],
      ports: [{name: 'https', protocol: 'TCP', port: 443, targetPort}],
      sessionAffinity: 'None',
    },
  }
}

/** The `kubernetes` Endpoints subsets for these API servers (sorted, deduplicated; one port per subset). */
export function kubernetesSubsets(servers: ApiServerEndpoint[]): Endpoints['subsets'] {
  const byPort = new Map<number, Set<string>>()
  for (const s of servers) {
    let ips = byPort.get(s.port)
    if (!ips) byPort.set(s.port, (ips = new Set()))
    ips.add(s.ip)
  }
  return [...byPort.entries()]
    .sort(([a], [b]) => a - b)
    .map(([port, ips]) => ({addresses: [...ips].sort().map((ip) => ({ip})), ports: [{name: 'https', port, protocol: 'TCP' as const}]}))
}

/**
 * Creates or updates the `kubernetes` Service (through the services registry, so its cluster IP is
 * claimed like any other) and its Endpoints (exactly `servers`). Idempotent; safe with several API
 * servers starting at once.
 *
 * The Endpoints are written to the store directly, as the API server's own object: an API server that
 * advertises a loopback address (the single-machine default) is still reachable through the node proxy
 * on that machine, but Endpoints validation refuses loopback addresses for user-written objects.
 */
export async function ensureKubernetesService(registries: Map<string, GenericRegistry>, servers: ApiServerEndpoint[], opts: {serviceCIDR?: string} = {}): Promise<void> {
  const services = registries.get('services')
  const endpoints = registries.get('endpoints')
  if (!services || !endpoints) throw new Error('ensureKubernetesService: the services and endpoints registries are required')
  if (!servers.length) throw new Error('ensureKubernetesService: no API server address given')
  const clusterIP = cidrAddress(parseServiceCIDR(opts.serviceCIDR ?? defaultServiceCIDR), 0)
  const port = servers[0].port
  await ensureService(services, kubernetesService(clusterIP, port))
  await ensureEndpoints(endpoints, kubernetesSubsets(servers))
}

async function ensureService(reg: GenericRegistry, want: Service): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    let cur: Service
    try {
      cur = (await reg.get('default', 'kubernetes')) as Service
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 404)) throw e
      try {
        await reg.create('default', structuredClone(want), ctx)
        return
      } catch (e2) {
        if (e2 instanceof ApiError && e2.code === 409) continue
        throw e2
      }
    }
    const spec = cur.spec ?? {}
    const labelsOk = Object.entries(labels).every(([k, v]) => cur.metadata.labels?.[k] === v)
    if (labelsOk && spec.type === 'ClusterIP' && !spec.selector && jsonEqual(spec.ports ?? [], want.spec!.ports) && spec.clusterIP === want.spec!.clusterIP) return
    if (spec.clusterIP && spec.clusterIP !== want.spec!.clusterIP) {
      // the service range changed: the cluster IP is immutable, so the Service is replaced
      await reg.delete('default', 'kubernetes', {}, ctx)
      continue
    }
    const next: Service = {...cur, metadata: {...cur.metadata, labels: {...(cur.metadata.labels ?? {}), ...labels}}, spec: {...spec, ...want.spec, selector: undefined}}
    delete next.spec!.selector
    try {
      await reg.update('default', 'kubernetes', next, ctx)
      return
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 409)) throw e
    }
  }
  throw new Error('could not reconcile the kubernetes Service: it kept changing')
}

async function ensureEndpoints(reg: GenericRegistry, subsets: Endpoints['subsets']): Promise<void> {
  const key = keyFor(endpointsDef as unknown as ResourceDef, 'default', 'kubernetes')
  const store = reg.store
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const cur = (await store.get(key)) as unknown as Endpoints
      if (jsonEqual(cur.subsets ?? [], subsets)) return
      await store.update(key, {...cur, metadata: {...cur.metadata, labels: {...(cur.metadata.labels ?? {}), 'endpointslice.kubernetes.io/skip-mirror': 'true'}}, subsets} as never, Number(cur.metadata.resourceVersion))
      return
    } catch (e) {
      if (e instanceof StoreError && e.kind === 'Conflict') continue
      if (!(e instanceof StoreError && e.kind === 'NotFound')) throw e
    }
    const obj: Endpoints = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {name: 'kubernetes', namespace: 'default', uid: randomUUID(), creationTimestamp: nowRfc3339(), labels: {'endpointslice.kubernetes.io/skip-mirror': 'true'}},
      subsets,
    }
    try {
      await store.create(key, obj as never)
      return
    } catch (e) {
      if (!(e instanceof StoreError && e.kind === 'AlreadyExists')) throw e
    }
  }
  throw new Error('could not reconcile the kubernetes Endpoints: they kept changing')
}
