/**
 * Services with real containers (podman) and the machine's real network: two node proxies on one
 * machine (nodes at 127.0.0.2 and 127.0.0.3) with their cluster IPs on the loopback device, the
 * unreachable route for the service range, and the node DNS resolvers on link-local addresses.
 *
 * Part 1 runs pods as plain podman containers registered as endpoints, so it needs only podman and
 * root. Part 2 is the "done means" check — a Deployment of 4 busybox httpd replicas over 2 nodes — and
 * needs the kubelet (src/kubelet) and the controller manager wired into `mkube master start`; it is
 * skipped, with the reason printed, until those exist.
 *
 * Outside CI the suite skips (with the reason) when podman or root is missing; in CI (CI=true) that is
 * a failure.
 */
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import net from 'node:net'
import {execa} from 'execa'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {Endpoints} from '../../src/api/types/endpoints.js'
import type {Node} from '../../src/api/types/node.js'
import type {Service} from '../../src/api/types/service.js'
import {startServicesApiServer, type ServicesApiServer} from '../../src/apiserver/services/testing.js'
import {Client} from '../../src/client/client.js'
import {loadKubeconfig} from '../../src/client/kubeconfig.js'
import {defaultNodeDnsAddress, podDnsConfig} from '../../src/dns/index.js'
import {startProxy, type Proxy} from '../../src/proxy/index.js'
import {createRuntime} from '../../src/runtime/index.js'
import {spawnMaster, tempDir, type ChildMaster} from '../harness.js'

const image = 'localhost/busybox:latest'
const servicesRef = {group: '', version: 'v1', resource: 'services', namespaced: true}
const endpointsRef = {group: '', version: 'v1', resource: 'endpoints', namespaced: true}
const nodesRef = {group: '', version: 'v1', resource: 'nodes', namespaced: false}
const podsRef = {group: '', version: 'v1', resource: 'pods', namespaced: true}
const deploymentsRef = {group: 'apps', version: 'v1', resource: 'deployments', namespaced: true}
const inCI = process.env.CI === 'true'

/** Why the suite cannot run here, or undefined. */
async function missingPrerequisite(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'needs root (cluster IPs are added to the loopback device)'
  const ip = await execa('ip', ['-o', 'addr', 'show', 'dev', 'lo'], {reject: false})
  if (ip.exitCode !== 0) return 'the ip command is missing'
  const p = await execa('podman', ['image', 'exists', image], {reject: false, timeout: 30_000})
  if (p.exitCode !== 0) return `podman with the image ${image} is not available`
  return undefined
}

const reason = await missingPrerequisite()
if (reason && inCI) throw new Error(`services e2e cannot run in CI: ${reason}`)
if (reason) console.warn(`skipping the services e2e suite: ${reason}`)

const suffix = Math.random().toString(36).slice(2, 8)
const containers: string[] = []

async function podman(args: string[], timeout = 120_000): Promise<string> {
  return (await execa('podman', args, {timeout})).stdout.trim()
}

/** A "pod": a busybox httpd container serving its own name at /, returns its IP. */
async function runWebContainer(name: string): Promise<string> {
  const full = `mkube-e2e-svc-${suffix}-${name}`
  containers.push(full)
  await podman(['run', '-d', '--name', full, image, 'sh', '-c', `mkdir -p /www && echo ${name} > /www/index.html && exec httpd -f -p 8080 -h /www`])
  return podman(['inspect', '-f', '{{.NetworkSettings.IPAddress}}', full])
}

/** A pod-side shell loop fetching http://ip:port/ n times with nc, printing each body (or FAIL). */
function httpLoop(ip: string, n: number, port = 80): string {
  return `for i in $(seq ${n}); do printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 ${ip} ${port} | tail -n 1 | grep . || echo FAIL; done`
}

/** Runs a short-lived client container with a pod's DNS settings and returns its output. */
async function inPod(dnsServer: string, script: string): Promise<string> {
  const dns = podDnsConfig(dnsServer, 'default')
  const name = `mkube-e2e-svc-${suffix}-client-${Math.random().toString(36).slice(2, 6)}`
  containers.push(name)
  const args = ['run', '--rm', '--name', name, ...dns.servers.flatMap((s) => ['--dns', s]), ...dns.searches.flatMap((s) => ['--dns-search', s])]
  args.push(...dns.options.flatMap((o) => ['--dns-option', `${o.name}:${o.value}`]), image, 'sh', '-c', script)
  const r = await execa('podman', args, {reject: false, timeout: 120_000})
  return `${r.stdout}\n${r.stderr}`
}

function httpGet(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = net.connect(port, host, () => c.write(`GET / HTTP/1.0\r\nHost: x\r\n\r\n`))
    let out = ''
    const t = setTimeout(() => {
      c.destroy()
      reject(new Error(`no answer from ${host}:${port}`))
    }, 5000)
    c.on('data', (d) => (out += d))
    c.on('end', () => {
      clearTimeout(t)
      resolve(out.split('\r\n\r\n').slice(1).join('').trim())
    })
    c.on('error', (e) => {
      clearTimeout(t)
      reject(e)
    })
  })
}

async function loAddresses(): Promise<string> {
  return (await execa('ip', ['-o', '-4', 'addr', 'show', 'dev', 'lo'])).stdout
}

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
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
    await new Promise((r) => setTimeout(r, 200))
  }
}

afterAll(async () => {
  for (const c of containers) await execa('podman', ['rm', '-f', '-t', '0', c], {reject: false, timeout: 60_000})
})

async function addNode(client: Client, name: string, ip: string): Promise<void> {
  const n = await client.create<Node>(nodesRef, {apiVersion: 'v1', kind: 'Node', metadata: {name}})
  await client.updateStatus<Node>(nodesRef, {...n, status: {addresses: [{type: 'InternalIP', address: ip}], conditions: [{type: 'Ready', status: 'True'}]}})
}

describe.skipIf(!!reason)('part 1: node proxies on the real host network, pods as podman containers', () => {
  let master: ServicesApiServer
  let stateDir: string
  const proxies = new Map<string, Proxy>()
  const logs: string[] = []
  let web: Service
  const podIPs: Record<string, string> = {}

  const start = async (name: string, ip: string) => {
    const p = await startProxy({client: master.client, nodeName: name, nodeIP: ip, stateDir, dns: {upstreams: []}, log: (m) => logs.push(`${name}: ${m}`), resyncMs: 1000})
    proxies.set(name, p)
    return p
  }

  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'mkube-e2e-proxy-state-'))
    master = await startServicesApiServer()
    await addNode(master.client, 'node-a', '127.0.0.2')
    await addNode(master.client, 'node-b', '127.0.0.3')
    podIPs.a = await runWebContainer('web-a')
    podIPs.b = await runWebContainer('web-b')
    web = await master.client.create<Service>(servicesRef, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {name: 'web', namespace: 'default'},
      spec: {type: 'NodePort', selector: {app: 'web'}, ports: [{name: 'http', port: 80, targetPort: 8080}]},
    })
    await master.client.create<Endpoints>(endpointsRef, {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {name: 'web', namespace: 'default'},
      subsets: [{addresses: [{ip: podIPs.a, nodeName: 'node-a'}, {ip: podIPs.b, nodeName: 'node-b'}], ports: [{name: 'http', port: 8080, protocol: 'TCP'}]}],
    })
    await start('node-a', '127.0.0.2')
    await start('node-b', '127.0.0.3')
  })

  afterAll(async () => {
    for (const p of proxies.values()) await p.stop()
    await master?.stop()
    if (stateDir) rmSync(stateDir, {recursive: true, force: true})
  })

  it('puts the cluster IP on the loopback device and makes the service range unreachable otherwise', async () => {
    const ip = web.spec!.clusterIP!
    expect(ip).toMatch(/^10\.43\./)
    expect(await loAddresses()).toContain(`inet ${ip}/32 scope global lo:mkube`)
    expect((await execa('ip', ['-o', 'route', 'show', 'type', 'unreachable'])).stdout).toContain('10.43.0.0/16')
    // an unassigned cluster IP fails at once, it does not leave the machine
    const err = await new Promise<string>((resolve) => net.connect(80, '10.43.255.254').on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? '')))
    expect(err).toBe('EHOSTUNREACH')
  })

  it('serves the cluster IP and the node ports from the host, over both pods (one reached across nodes)', async () => {
    const seen = new Set<string>()
    await eventually(
      async () => {
        for (const [host, port] of [[web.spec!.clusterIP!, 80], ['127.0.0.2', web.spec!.ports![0].nodePort!], ['127.0.0.3', web.spec!.ports![0].nodePort!]] as const) {
          seen.add(await httpGet(host, port))
        }
        return seen
      },
      (s) => s.has('web-a') && s.has('web-b'),
    )
    expect([...seen].sort()).toEqual(['web-a', 'web-b'])
  })

  it('pods reach the service by name through their node’s resolver and the cluster IP', async () => {
    const dns = proxies.get('node-b')!.dns!
    expect(dns).toEqual({address: defaultNodeDnsAddress('127.0.0.3'), port: 53})
    const ip = web.spec!.clusterIP!
    // busybox-static's wget crashes in glibc's static NSS, so HTTP goes through nc, names through nslookup
    const out = await inPod(dns.address, `${httpLoop(ip, 6)}; nslookup web; nslookup web.default.svc.cluster.local; nslookup nope.default.svc.cluster.local || true`)
    expect(out).not.toContain('FAIL')
    expect(out.match(/^web-[ab]$/gm)?.length).toBe(6)
    // the short name resolves through the search path
    expect(out).toMatch(new RegExp(`Name:\\s+web\\.default\\.svc\\.cluster\\.local\\s+Address:\\s+${ip.replace(/\./g, '\\.')}`))
    expect(out).toMatch(/NXDOMAIN|can't find/)
  })

  it('one node’s proxy stopping leaves the shared cluster IP to the other; the last one removes it', async () => {
    const ip = web.spec!.clusterIP!
    await proxies.get('node-b')!.stop()
    proxies.delete('node-b')
    expect(await loAddresses()).toContain(`inet ${ip}/32`)
    expect(await loAddresses()).not.toContain(`inet ${defaultNodeDnsAddress('127.0.0.3')}/32`)
    expect(await eventually(() => httpGet(ip, 80), (v) => v === 'web-a' || v === 'web-b')).toMatch(/web-[ab]/)
    // a service deleted while node-b is down leaves nothing behind when node-b comes back
    await master.client.delete(servicesRef, 'web', 'default')
    await eventually(loAddresses, (s) => !s.includes(`inet ${ip}/32`))
    await start('node-b', '127.0.0.3')
    expect(await loAddresses()).not.toContain(`inet ${ip}/32`)
    expect(proxies.get('node-b')!.listening()).toEqual([])
    for (const p of proxies.values()) await p.stop()
    proxies.clear()
    const lo = await loAddresses()
    expect(lo).not.toContain('lo:mkube')
    expect((await execa('ip', ['-o', 'route', 'show', 'type', 'unreachable', 'proto', '196'])).stdout).toBe('')
  })
})

/**
 * Part 2 depends on the kubelet (src/kubelet: startKubelet) and on the controller manager wired into
 * `mkube master start` (deployment, replicaset and endpoints controllers): it runs once those files
 * exist, and then fails loudly if the master does not run them.
 */
const srcPath = (p: string) => join(import.meta.dirname, '../../src', p)
const controllerSet = existsSync(srcPath('controllers/all.ts')) ? readFileSync(srcPath('controllers/all.ts'), 'utf8') : ''
const part2Missing = [
  ...(existsSync(srcPath('kubelet/index.ts')) ? [] : ['the kubelet (src/kubelet/index.ts)']),
  ...(/Endpoints?Controller/.test(controllerSet) ? [] : ['the endpoints controller in the master\'s controller set (src/controllers/all.ts)']),
]
const part2Reason = reason ?? (part2Missing.length ? `not there yet: ${part2Missing.join(', ')}` : undefined)
if (!reason && part2Reason) console.warn(`skipping services e2e part 2 (Deployment over two nodes): ${part2Reason}`)

describe.skipIf(!!part2Reason)('part 2: a Deployment of 4 busybox httpd replicas on two nodes behind a Service', () => {
  // imported by name at run time, so this file compiles while the kubelet is being written
  const kubeletModule = '../../src/kubelet/index.js'
  let dataDir: string
  let stateDir: string
  let m: ChildMaster
  let client: Client
  const stops: (() => Promise<void>)[] = []
  const proxies = new Map<string, Proxy>()

  const startNode = async (name: string, ip: string) => {
    const proxy = await startProxy({client, nodeName: name, nodeIP: ip, stateDir, dns: {upstreams: []}, log: () => {}})
    proxies.set(name, proxy)
    const {startKubelet} = (await import(kubeletModule)) as {startKubelet(cfg: Record<string, unknown>): Promise<{stop(): Promise<void>}>}
    const runtime = createRuntime('podman')
    const k = await startKubelet({client, nodeName: name, nodeIP: ip, runtime, dataDir: join(dataDir, name), kubeletPort: 10250, clusterDNS: [proxy.dns!.address], clusterDomain: 'cluster.local', log: () => {}})
    stops.push(() => k.stop(), () => proxy.stop())
  }

  beforeAll(async () => {
    dataDir = tempDir('mkube-e2e-svc-')
    stateDir = mkdtempSync(join(tmpdir(), 'mkube-e2e-proxy-state-'))
    m = await spawnMaster(dataDir)
    client = new Client({...loadKubeconfig({kubeconfig: join(dataDir, 'admin.kubeconfig')}), server: m.url})
    await startNode('node-1', '127.0.0.2')
    await startNode('node-2', '127.0.0.3')
  })

  afterAll(async () => {
    try {
      // the kubelets must see their pods go before they stop (a stopped kubelet leaves containers running)
      await client?.delete(deploymentsRef, 'web', 'default').catch(() => {})
      await eventually(() => client.list(podsRef, {namespace: 'default', labelSelector: 'app=web'}), (l) => l.items.length === 0, 120_000).catch(() => {})
    } finally {
      for (const s of stops.reverse()) await s().catch(() => {})
      client?.close()
      await m?.kill()
      rmSync(dataDir, {recursive: true, force: true})
      rmSync(stateDir, {recursive: true, force: true})
    }
  })

  it('balances over the 4 ready replicas from both nodes, by node port, cluster IP and DNS name', async () => {
    await client.create(deploymentsRef, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {name: 'web', namespace: 'default'},
      spec: {
        replicas: 4,
        selector: {matchLabels: {app: 'web'}},
        template: {
          metadata: {labels: {app: 'web'}},
          spec: {
            containers: [
              {
                name: 'httpd',
                image,
                command: ['sh', '-c', 'mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 8080 -h /www'],
                ports: [{name: 'http', containerPort: 8080}],
                readinessProbe: {httpGet: {path: '/', port: 'http'}, periodSeconds: 1},
              },
            ],
          },
        },
      },
    })
    const svc = await client.create<Service>(servicesRef, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {name: 'web', namespace: 'default'},
      spec: {type: 'NodePort', selector: {app: 'web'}, ports: [{name: 'http', port: 80, targetPort: 'http'}]},
    })
    const ep = await eventually(
      () => client.get<Endpoints>(endpointsRef, 'web', 'default'),
      (e) => (e.subsets ?? []).flatMap((s) => s.addresses ?? []).length === 4,
      180_000,
    )
    const nodesUsed = new Set((ep.subsets ?? []).flatMap((s) => s.addresses ?? []).map((a) => a.nodeName))
    expect(nodesUsed.size).toBe(2)
    const pods = await client.list(podsRef, {namespace: 'default', labelSelector: 'app=web'})
    const names = new Set(pods.items.map((p) => p.metadata.name))
    const seen = new Set<string>()
    const np = svc.spec!.ports![0].nodePort!
    for (let i = 0; i < 40 && seen.size < 4; i++) {
      for (const host of ['127.0.0.2', '127.0.0.3', svc.spec!.clusterIP!]) seen.add(await httpGet(host, host.startsWith('127.') ? np : 80))
    }
    expect([...seen].sort()).toEqual([...names].sort())
    const out = await inPod(proxies.get('node-1')!.dns!.address, `nslookup web; ${httpLoop(svc.spec!.clusterIP!, 8)}`)
    expect(out).not.toContain('FAIL')
    expect(out).toContain(svc.spec!.clusterIP!)
  })
})
