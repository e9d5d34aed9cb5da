/**
 * Services end to end on loopback addresses, without containers: an in-process API server with the
 * service allocation hooks (service range 127.0.43.0/24, so cluster IPs are local without touching the
 * host's addresses), two node proxies (127.0.0.2 and 127.0.0.3), fake "pods" = local TCP/UDP servers
 * registered as endpoints on those nodes, the node DNS resolver and the ServiceLB controller.
 */
import dgram from 'node:dgram'
import {Resolver} from 'node:dns/promises'
import net from 'node:net'
import tls from 'node:tls'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {ApiError} from '../../src/api/errors.js'
import type {Endpoints} from '../../src/api/types/endpoints.js'
import type {Node} from '../../src/api/types/node.js'
import type {Service} from '../../src/api/types/service.js'
import type {ApiServer} from '../../src/apiserver/server.js'
import {ensureKubernetesService, type ServiceAllocation} from '../../src/apiserver/services/index.js'
import {startServicesApiServer, type ServicesApiServer} from '../../src/apiserver/services/testing.js'
import {Client} from '../../src/client/client.js'
import {EventRecorder} from '../../src/client/events.js'
import {InformerFactory} from '../../src/client/informer-factory.js'
import {ServiceLBController, nodesRef, servicesRef} from '../../src/controllers/servicelb/index.js'
import {defaultControllerOptions} from '../../src/controllers/types.js'
import {startProxy, type Proxy} from '../../src/proxy/index.js'
import type {SqliteStore} from '../../src/store/index.js'

const randomPort = (lo = 20000, span = 9000) => lo + Math.floor(Math.random() * span)
const tunnelPort = randomPort()

let master: ServicesApiServer
let store: SqliteStore
let api: ApiServer
let alloc: ServiceAllocation
let client: Client
const proxies = new Map<string, Proxy>()
const cleanups: (() => Promise<void> | void)[] = []
const logs: string[] = []

/** An in-process API server with the service hooks (loopback service range) and an admin client. */
async function startServicesMaster(): Promise<void> {
  master = await startServicesApiServer({serviceCIDR: '127.0.43.0/24'})
  ;({api, store, alloc, client} = master)
}

async function addNode(name: string, ip: string): Promise<void> {
  const n = await client.create<Node>(nodesRef, {apiVersion: 'v1', kind: 'Node', metadata: {name}})
  await client.updateStatus<Node>(nodesRef, {...n, status: {addresses: [{type: 'InternalIP', address: ip}], conditions: [{type: 'Ready', status: 'True'}]}})
}

async function startNodeProxy(name: string, ip: string): Promise<Proxy> {
  const p = await startProxy({
    client: new Client({...client.config, userAgent: `proxy-${name}`}),
    nodeName: name,
    nodeIP: ip,
    tunnelPort,
    hostAddresses: null,
    serviceCIDR: null,
    dns: {port: 0, address: ip, upstreams: []},
    log: (m) => logs.push(`${name}: ${m}`),
    resyncMs: 500,
  })
  proxies.set(name, p)
  return p
}

/** A fake pod: TCP and UDP servers on one address answering with their name. */
async function fakePod(ip: string, name: string): Promise<{tcp: number; udp: number}> {
  const srv = net.createServer((s) => {
    s.on('error', () => {})
    s.once('data', () => s.end(name))
  })
  await new Promise<void>((r) => srv.listen(0, ip, r))
  const u = dgram.createSocket('udp4')
  u.on('message', (m, r) => u.send(`${name}:${m}`, r.port, r.address))
  await new Promise<void>((r) => u.bind(0, ip, r))
  cleanups.push(() => new Promise((r) => srv.close(() => r())), () => new Promise((r) => u.close(() => r())))
  return {tcp: (srv.address() as net.AddressInfo).port, udp: u.address().port}
}

/**
 * Endpoints are the endpoints controller's to write; validation refuses loopback addresses, so the test
 * writes its loopback "pods" straight into the store (watchers see it like any write).
 */
async function putEndpoints(name: string, subsets: Endpoints['subsets']): Promise<void> {
  const key = `/registry/core/endpoints/default/${name}`
  const obj = {apiVersion: 'v1', kind: 'Endpoints', metadata: {name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: new Date().toISOString()}, subsets}
  try {
    const cur = await store.get(key)
    await store.update(key, {...obj, metadata: {...obj.metadata, resourceVersion: cur.metadata?.resourceVersion}} as never)
  } catch {
    await store.create(key, obj as never)
  }
}

function get(host: string, port: number, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = net.connect(port, host, () => c.write('GET'))
    let out = ''
    const t = setTimeout(() => {
      c.destroy()
      reject(new Error('timeout'))
    }, timeoutMs)
    c.on('data', (d) => (out += d))
    c.on('end', () => {
      clearTimeout(t)
      resolve(out)
    })
    c.on('error', (e) => {
      clearTimeout(t)
      reject(e)
    })
  })
}

function udp(host: string, port: number, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = dgram.createSocket('udp4')
    const t = setTimeout(() => {
      c.close()
      reject(new Error('no UDP answer'))
    }, 2000)
    c.on('message', (m) => {
      clearTimeout(t)
      c.close()
      resolve(String(m))
    })
    c.send(body, port, host)
  })
}

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 3000): Promise<T> {
  const end = Date.now() + ms
  let last: unknown
  for (;;) {
    try {
      const v = await fn()
      if (ok(v)) return v
      last = v
    } catch (e) {
      last = e
    }
    if (Date.now() > end) throw new Error(`condition not met in ${ms} ms; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

let pod2: {tcp: number; udp: number}
let pod3: {tcp: number; udp: number}
let web: Service

beforeAll(async () => {
  await startServicesMaster()
  await addNode('n2', '127.0.0.2')
  await addNode('n3', '127.0.0.3')
  pod2 = await fakePod('127.0.0.2', 'pod-on-n2')
  pod3 = await fakePod('127.0.0.3', 'pod-on-n3')
  web = await client.create<Service>(servicesRef, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {name: 'web', namespace: 'default'},
    spec: {type: 'NodePort', selector: {app: 'web'}, ports: [{name: 'http', port: 80, targetPort: 'http'}, {name: 'dns', port: 53, protocol: 'UDP', targetPort: 5353}]},
  })
  await putEndpoints('web', [
    {
      addresses: [{ip: '127.0.0.2', nodeName: 'n2'}],
      ports: [
        {name: 'http', port: pod2.tcp, protocol: 'TCP'},
        {name: 'dns', port: pod2.udp, protocol: 'UDP'},
      ],
    },
  ])
  await startNodeProxy('n2', '127.0.0.2')
  await startNodeProxy('n3', '127.0.0.3')
}, 60_000)

afterAll(async () => {
  for (const p of proxies.values()) await p.stop()
  for (const c of cleanups.reverse()) await c()
  await master?.stop()
})

describe('services through the node proxies', () => {
  it('allocated a cluster IP of the range and node ports, and refuses a taken node port with 422', async () => {
    expect(web.spec!.clusterIP).toMatch(/^127\.0\.43\.\d+$/)
    const [http, dns] = web.spec!.ports!
    expect(http.nodePort).toBeGreaterThanOrEqual(30000)
    expect(dns.nodePort).toBeGreaterThanOrEqual(30000)
    const err = await client
      .create<Service>(servicesRef, {apiVersion: 'v1', kind: 'Service', metadata: {name: 'clash', namespace: 'other'}, spec: {type: 'NodePort', ports: [{port: 80, nodePort: http.nodePort}]}})
      .catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).code).toBe(422)
    expect((err as ApiError).message).toContain(`spec.ports[0].nodePort: Invalid value: ${http.nodePort}: provided port is already allocated`)
  })

  it('carries node-port traffic across nodes: n3 forwards to the pod on n2 through n2’s forwarding listener', async () => {
    const np = web.spec!.ports![0].nodePort!
    expect(await eventually(() => get('127.0.0.3', np), (v) => v === 'pod-on-n2')).toBe('pod-on-n2')
    expect(await get('127.0.0.2', np)).toBe('pod-on-n2')
    expect(await get(web.spec!.clusterIP!, 80)).toBe('pod-on-n2')
  })

  it('carries UDP through the node port and the cluster IP', async () => {
    const np = web.spec!.ports![1].nodePort!
    expect(await eventually(() => udp('127.0.0.3', np, 'q1'), (v) => v === 'pod-on-n2:q1')).toBe('pod-on-n2:q1')
    expect(await udp(web.spec!.clusterIP!, 53, 'q2')).toBe('pod-on-n2:q2')
  })

  it('balances over the ready endpoints of both nodes, and drops a not-ready one within 2 s', async () => {
    const np = web.spec!.ports![0].nodePort!
    const both = (ready2: boolean) => [
      {
        addresses: [...(ready2 ? [{ip: '127.0.0.2', nodeName: 'n2'}] : [])],
        notReadyAddresses: ready2 ? [] : [{ip: '127.0.0.2', nodeName: 'n2'}],
        ports: [
          {name: 'http', port: pod2.tcp, protocol: 'TCP' as const},
          {name: 'dns', port: pod2.udp, protocol: 'UDP' as const},
        ],
      },
      {addresses: [{ip: '127.0.0.3', nodeName: 'n3'}], ports: [{name: 'http', port: pod3.tcp, protocol: 'TCP' as const}, {name: 'dns', port: pod3.udp, protocol: 'UDP' as const}]},
    ]
    await putEndpoints('web', both(true))
    const seen = await eventually(
      async () => new Set(await Promise.all(Array.from({length: 10}, () => get('127.0.0.3', np)))),
      (s) => s.size === 2,
    )
    expect([...seen].sort()).toEqual(['pod-on-n2', 'pod-on-n3'])
    await putEndpoints('web', both(false))
    const flipped = Date.now()
    await eventually(
      async () => new Set(await Promise.all(Array.from({length: 10}, () => get('127.0.0.3', np)))),
      (s) => s.size === 1 && s.has('pod-on-n3'),
      2000,
    )
    expect(Date.now() - flipped).toBeLessThan(2000)
  })

  it('serves LoadBalancer ports on the node addresses; ServiceLB reports the Ready nodes as ingress', async () => {
    const factory = new InformerFactory(client, {log: (m) => logs.push(m)})
    const ctrl = new ServiceLBController()
    const ac = new AbortController()
    ctrl.start({client, informers: factory, recorder: (c) => new EventRecorder(client, {component: c}), log: (m) => logs.push(m), options: defaultControllerOptions})
    factory.start()
    await factory.waitForSync()
    const run = ctrl.run(ac.signal)
    try {
      const lbPort = randomPort(29100, 800)
      await client.create<Service>(servicesRef, {apiVersion: 'v1', kind: 'Service', metadata: {name: 'lb', namespace: 'default'}, spec: {type: 'LoadBalancer', ports: [{port: lbPort, targetPort: 80}]}})
      await putEndpoints('lb', [{addresses: [{ip: '127.0.0.3', nodeName: 'n3'}], ports: [{port: pod3.tcp, protocol: 'TCP'}]}])
      expect(await eventually(() => get('127.0.0.2', lbPort), (v) => v === 'pod-on-n3')).toBe('pod-on-n3')
      const svc = await eventually(
        () => client.get<Service>(servicesRef, 'lb', 'default'),
        (s) => (s.status?.loadBalancer?.ingress ?? []).length === 2,
      )
      expect(svc.status!.loadBalancer!.ingress).toEqual([
        {ip: '127.0.0.2', ipMode: 'VIP'},
        {ip: '127.0.0.3', ipMode: 'VIP'},
      ])
    } finally {
      ac.abort()
      await run
      factory.stop()
    }
  })

  it('keeps a client on one endpoint with ClientIP session affinity', async () => {
    const sticky = await client.create<Service>(servicesRef, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {name: 'sticky', namespace: 'default'},
      spec: {sessionAffinity: 'ClientIP', sessionAffinityConfig: {clientIP: {timeoutSeconds: 30}}, ports: [{port: 81, targetPort: 80}]},
    })
    // both nodes' proxies listen on the cluster IP (SO_REUSEPORT) and may each take a connection: they agree on the endpoint
    await putEndpoints('sticky', [
      {addresses: [{ip: '127.0.0.2', nodeName: 'n2'}], ports: [{port: pod2.tcp, protocol: 'TCP'}]},
      {addresses: [{ip: '127.0.0.3', nodeName: 'n3'}], ports: [{port: pod3.tcp, protocol: 'TCP'}]},
    ])
    const ip = sticky.spec!.clusterIP!
    await eventually(() => get(ip, 81), (v) => v.startsWith('pod-on-'))
    await eventually(async () => proxies.get('n2')!.plan().frontends.get(`TCP/${ip}:81`)?.backends.length ?? 0, (n) => n === 2)
    const answers = new Set<string>()
    for (let i = 0; i < 12; i++) answers.add(await get(ip, 81))
    expect(answers.size).toBe(1)
    // without affinity the same client is spread over both
    await client.patch<Service>(servicesRef, 'sticky', {spec: {sessionAffinity: 'None', sessionAffinityConfig: null}}, 'merge', 'default')
    await eventually(async () => proxies.get('n2')!.plan().frontends.get(`TCP/${ip}:81`)?.affinitySeconds, (v) => v === undefined)
    const spread = new Set<string>()
    for (let i = 0; i < 12; i++) spread.add(await get(ip, 81))
    expect(spread.size).toBe(2)
  })

  it('answers cluster DNS on each node’s resolver', async () => {
    const d = proxies.get('n3')!.dns!
    const r = new Resolver({timeout: 2000, tries: 1})
    r.setServers([`${d.address}:${d.port}`])
    expect(await r.resolve4('web.default.svc.cluster.local')).toEqual([web.spec!.clusterIP])
    expect(await r.resolveSrv('_http._tcp.web.default.svc.cluster.local')).toMatchObject([{name: 'web.default.svc.cluster.local', port: 80}])
    await expect(r.resolve4('nope.default.svc.cluster.local')).rejects.toMatchObject({code: 'ENOTFOUND'})
  })

  it('the kubernetes service reaches the API server through a cluster IP', async () => {
    await ensureKubernetesService(api.registries, [{ip: '127.0.0.1', port: api.port}], {serviceCIDR: '127.0.43.0/24'})
    const k = await client.get<Service>(servicesRef, 'kubernetes', 'default')
    expect(k.spec!.clusterIP).toBe('127.0.43.1')
    const answer = await eventually(
      () =>
        new Promise<string>((resolve, reject) => {
          // TLS through the proxy to the API server (its certificate names 127.0.0.1, not the cluster IP)
          const c = tls.connect({host: '127.0.43.1', port: 443, ca: client.config.caPem, checkServerIdentity: () => undefined}, () =>
            c.write(`GET /version HTTP/1.1\r\nHost: kubernetes\r\nAuthorization: Bearer ${client.config.token}\r\nConnection: close\r\n\r\n`),
          )
          let out = ''
          c.on('data', (d) => (out += d))
          c.on('end', () => resolve(out))
          c.on('error', reject)
        }),
      (s) => s.length > 0,
    )
    expect(answer).toMatch(/^HTTP\/1\.1 200/)
    expect(answer).toContain('"gitVersion"')
  })

  it('restarting a node’s proxy restores its listeners; deleting a service frees them on every node', async () => {
    const np = web.spec!.ports![0].nodePort!
    await putEndpoints('web', [
      {addresses: [{ip: '127.0.0.2', nodeName: 'n2'}], ports: [{name: 'http', port: pod2.tcp, protocol: 'TCP'}]},
      {addresses: [{ip: '127.0.0.3', nodeName: 'n3'}], ports: [{name: 'http', port: pod3.tcp, protocol: 'TCP'}]},
    ])
    await proxies.get('n3')!.stop()
    await expect(get('127.0.0.3', np)).rejects.toThrow(/ECONNREFUSED/)
    // n2 carries on: n3's pod is out of reach without n3's forwarding listener, so n2 retries on its own pod
    for (let i = 0; i < 4; i++) expect(await get('127.0.0.2', np)).toBe('pod-on-n2')
    // a service deleted while n3 was down leaves nothing behind when it comes back
    const lb = await client.get<Service>(servicesRef, 'lb', 'default')
    const lbPort = lb.spec!.ports![0].port
    await client.delete(servicesRef, 'lb', 'default')
    await startNodeProxy('n3', '127.0.0.3')
    expect(await get('127.0.0.3', np)).toMatch(/^pod-on-n/)
    expect(proxies.get('n3')!.listening()).not.toContain(`TCP/127.0.0.3:${lbPort}`)
    await expect(get('127.0.0.3', lbPort)).rejects.toThrow(/ECONNREFUSED/)
    // delete web: both nodes close its listeners
    await client.delete(servicesRef, 'web', 'default')
    await eventually(async () => [...proxies.values()].every((p) => !p.listening().some((k) => k.endsWith(`:${np}`))), (v) => v, 2000)
    await expect(get('127.0.0.2', np)).rejects.toThrow(/ECONNREFUSED/)
    await expect(get('127.0.0.3', np)).rejects.toThrow(/ECONNREFUSED/)
    await expect(get(web.spec!.clusterIP!, 80)).rejects.toThrow(/ECONNREFUSED/)
    // the node port is free again
    const again = await client.create<Service>(servicesRef, {apiVersion: 'v1', kind: 'Service', metadata: {name: 'again', namespace: 'other'}, spec: {type: 'NodePort', ports: [{port: 80, nodePort: np}]}})
    expect(again.spec!.ports![0].nodePort).toBe(np)
  })
})
