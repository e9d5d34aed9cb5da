/**
 * Services with real containers (podman) and the machine's real network: two node proxies on one
 * machine (nodes at 127.0.0.2 and 127.0.0.3) with their cluster IPs on the loopback device, the
 * unreachable route for the service range, and the node DNS resolvers on link-local addresses.
 *
 * Part 1 runs pods as plain podman containers registered as endpoints, with the proxies started in
 * this process. Part 2 is the "done means" check on a real cluster: `mkube master start` and two
 * `mkube node join` processes (kubelet, proxy, DNS), a Deployment of 4 busybox httpd replicas over the
 * two nodes behind a NodePort Service, a UDP service, readiness, service deletion and a node agent
 * killed and started again.
 *
 * Outside CI the suite skips (with the reason) when podman, the busybox image or root is missing; in CI
 * (CI=true) that is a failure.
 */
import {spawn, type ChildProcess} from 'node:child_process'
import dgram from 'node:dgram'
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import net from 'node:net'
import {execa} from 'execa'
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'
import type {Endpoints} from '../../src/api/types/endpoints.js'
import type {Node} from '../../src/api/types/node.js'
import type {Pod} from '../../src/api/types/pod.js'
import type {Service} from '../../src/api/types/service.js'
import {startServicesApiServer, type ServicesApiServer} from '../../src/apiserver/services/testing.js'
import {Client} from '../../src/client/client.js'
import {loadKubeconfig} from '../../src/client/kubeconfig.js'
import {defaultNodeDnsAddress, podDnsConfig} from '../../src/dns/index.js'
import {startProxy, type Proxy} from '../../src/proxy/index.js'
import {mkubeBin, spawnMaster, tempDir, type ChildMaster} from '../harness.js'

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
  if ((await execa('ss', ['-V'], {reject: false})).exitCode !== 0) return 'the ss command is missing'
  if (!existsSync('/usr/bin/perl')) return '/usr/bin/perl is missing (part 2\'s UDP pods run it)'
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
    // HTTP through nc (busybox-static 1.35's wget segfaults with -T), names through nslookup
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
 * Part 2: a real 2-node cluster. `mkube master start` (scheduler, controllers: deployment, replicaset,
 * endpoints) runs as a child process, and so does each node: `mkube node join` (kubelet on podman, the
 * node proxy and the node DNS resolver), so a node can be killed with SIGKILL and started again.
 */
const nodeA = {name: 'svc-node-a', ip: '127.0.0.2'}
const nodeB = {name: 'svc-node-b', ip: '127.0.0.3'}
type NodeSpec = typeof nodeA

/**
 * The UDP echo server of part 2's UDP pods: answers every datagram with "<pod name> <payload>". The
 * busybox image's nc has no UDP mode (Debian's busybox-static is built without it), so the pod runs the
 * host's perl (perl-base is essential on Debian) by chroot into a read-only hostPath of /.
 */
const udpEchoScript = '$s = IO::Socket::INET->new(LocalPort => 5300, Proto => "udp") or die "udp echo: $!"; $| = 1; print "udp echo on 5300\\n"; while (1) { $s->recv($m, 2048) // next; $s->send("$ENV{POD_NAME} $m") }'

/** Sends one datagram to ip:port from a fresh socket (a new flow) and returns the answer. */
function udpAsk(ip: string, port: number, payload: string, timeoutMs = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = dgram.createSocket('udp4')
    const t = setTimeout(() => {
      s.close()
      reject(new Error(`no UDP answer from ${ip}:${port}`))
    }, timeoutMs)
    s.on('message', (m) => {
      clearTimeout(t)
      s.close()
      resolve(String(m))
    })
    s.on('error', (e) => {
      clearTimeout(t)
      s.close()
      reject(e)
    })
    s.send(payload, port, ip)
  })
}

/** How a TCP connection attempt ends: 'open', or the error code (ECONNREFUSED, EHOSTUNREACH…). */
function tcpProbe(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const c = net.connect(port, host)
    const t = setTimeout(() => {
      c.destroy()
      resolve('TIMEOUT')
    }, 3000)
    c.on('connect', () => {
      clearTimeout(t)
      c.destroy()
      resolve('open')
    })
    c.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(t)
      resolve(e.code ?? e.message)
    })
  })
}

/** Listening sockets (TCP and UDP) on the machine, as ss prints them ("addr:port" per line). */
async function listeners(): Promise<string[]> {
  const out = (await execa('ss', ['-Hlntu'])).stdout
  return out.split('\n').map((l) => l.trim().split(/\s+/)[4] ?? '')
}

/** A node agent running as `mkube node join` in a child process. */
interface AgentProcess {
  proc: ChildProcess
  output(): string
  /** sends the signal and waits for the exit */
  kill(signal?: NodeJS.Signals): Promise<void>
}

describe.skipIf(!!reason)('part 2: a Deployment of 4 busybox httpd replicas on two nodes behind a Service', () => {
  let dataDir: string
  let nodesDir: string
  let m: ChildMaster
  let client: Client
  let token: string
  const agents = new Map<string, AgentProcess>()
  let web: Service
  let udpService: Service | undefined
  /** pod name → node name of the web replicas */
  const webPods = new Map<string, string>()
  const podIPs = new Map<string, string>()

  const kubeconfig = () => join(dataDir, 'admin.kubeconfig')

  const startAgent = async (node: NodeSpec): Promise<AgentProcess> => {
    const args = ['node', 'join', '--server', m.url, '--token', token, '--node-name', node.name, '--node-ip', node.ip, '--runtime', 'podman', '--data-dir', join(nodesDir, node.name), '--kubelet-port', '0', '--verbose']
    const proc = spawn('node', [mkubeBin, ...args], {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, NO_COLOR: '1'}})
    let out = ''
    const add = (d: Buffer) => {
      out += d
      if (out.length > 400_000) out = out.slice(-200_000)
    }
    proc.stdout!.on('data', add)
    proc.stderr!.on('data', add)
    const agent: AgentProcess = {
      proc,
      output: () => out,
      kill: (signal = 'SIGTERM') =>
        new Promise((resolve) => {
          if (proc.exitCode !== null || proc.signalCode !== null) return resolve()
          proc.once('exit', () => resolve())
          proc.kill(signal)
        }),
    }
    // registered before it joined, so afterAll stops it whatever happens
    agents.set(node.name, agent)
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`node ${node.name} did not join in 60 s:\n${out}`)), 60_000)
      const check = () => {
        if (out.includes(`node "${node.name}" joined`)) {
          clearTimeout(timer)
          resolve()
        }
      }
      proc.stdout!.on('data', check)
      proc.once('exit', (code, sig) => {
        clearTimeout(timer)
        reject(new Error(`node ${node.name} exited (${code ?? sig}):\n${out}`))
      })
    })
    return agent
  }

  /** Runs a shell script in a pod with `mkube exec` (through the API server and the node's kubelet). */
  const execIn = async (pod: string, script: string): Promise<string> => {
    const r = await execa('node', [mkubeBin, 'exec', '--kubeconfig', kubeconfig(), pod, '--', 'sh', '-c', script], {reject: false, timeout: 120_000, env: {NO_COLOR: '1'}})
    if (r.exitCode !== 0) throw new Error(`exec in ${pod} failed (${r.exitCode}): ${r.stderr}\n${r.stdout}`)
    return String(r.stdout)
  }

  /** n HTTP requests to host:port; the bodies (pod names), failures as "FAIL: reason". */
  const requests = async (host: string, port: number, n: number): Promise<string[]> => {
    const out: string[] = []
    for (let i = 0; i < n; i++) out.push(await httpGet(host, port).catch((e: Error) => `FAIL: ${e.message}`))
    return out
  }

  const readyIPs = async (name: string) => {
    const ep = await client.get<Endpoints>(endpointsRef, name, 'default')
    return (ep.subsets ?? []).flatMap((s) => s.addresses ?? []).map((a) => a.ip)
  }

  const nodePort = () => web.spec!.ports![0].nodePort!

  const pod = (name: string, spec: Record<string, unknown>, labels: Record<string, string> = {}) => ({apiVersion: 'v1', kind: 'Pod', metadata: {name, namespace: 'default', labels}, spec: {terminationGracePeriodSeconds: 1, ...spec}})

  beforeAll(async () => {
    dataDir = tempDir('mkube-e2e-svc-')
    nodesDir = tempDir('mkube-e2e-svc-nodes-')
    m = await spawnMaster(dataDir)
    client = new Client({...loadKubeconfig({kubeconfig: kubeconfig()}), server: m.url})
    token = readFileSync(join(dataDir, 'join-token'), 'utf8').trim()
    await Promise.all([startAgent(nodeA), startAgent(nodeB)])
    for (const n of [nodeA, nodeB]) {
      await eventually(() => client.get<Node>(nodesRef, n.name), (node) => node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true, 60_000)
    }
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
            terminationGracePeriodSeconds: 1,
            containers: [
              {
                name: 'httpd',
                image,
                imagePullPolicy: 'IfNotPresent',
                // serves its own pod name at /; /ready is the readiness probe's (removed to fail it)
                command: ['sh', '-c', 'mkdir -p /www && hostname > /www/index.html && echo ok > /www/ready && exec httpd -f -p 8080 -h /www'],
                ports: [{name: 'http', containerPort: 8080}],
                readinessProbe: {httpGet: {path: '/ready', port: 'http'}, periodSeconds: 1, failureThreshold: 1, successThreshold: 1},
              },
            ],
          },
        },
      },
    })
    web = await client.create<Service>(servicesRef, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {name: 'web', namespace: 'default'},
      spec: {type: 'NodePort', selector: {app: 'web'}, ports: [{name: 'http', port: 80, targetPort: 'http'}]},
    })
    await eventually(() => readyIPs('web'), (ips) => ips.length === 4, 180_000)
    const pods = await client.list<Pod>(podsRef, {namespace: 'default', labelSelector: 'app=web'})
    for (const p of pods.items) {
      webPods.set(p.metadata.name!, p.spec!.nodeName!)
      podIPs.set(p.metadata.name!, p.status!.podIP!)
    }
  })

  afterEach((ctx) => {
    if (ctx.task.result?.state !== 'fail') return
    for (const [name, a] of agents) console.error(`--- ${name} (last lines) ---\n${a.output().split('\n').slice(-60).join('\n')}`)
    console.error(`--- master (last lines) ---\n${m.output().split('\n').slice(-40).join('\n')}`)
  })

  afterAll(async () => {
    try {
      // the kubelets must see their pods go before they stop (a stopped kubelet leaves containers running)
      if (client) {
        await client.delete(deploymentsRef, 'web', 'default').catch(() => {})
        for (const p of ['client-a', 'udp-a', 'udp-b']) await client.delete(podsRef, p, 'default').catch(() => {})
        for (const s of ['web', 'echo-udp', 'tmp']) await client.delete(servicesRef, s, 'default').catch(() => {})
        await eventually(() => client.list(podsRef, {namespace: 'default'}), (l) => l.items.length === 0, 120_000).catch(() => {})
      }
    } finally {
      for (const a of agents.values()) await a.kill('SIGTERM')
      for (const n of [nodeA, nodeB]) {
        const ids = (args: string[]) => execa('podman', args, {reject: false, timeout: 60_000}).then((r) => String(r.stdout).split('\n').filter(Boolean))
        const pods = await ids(['pod', 'ps', '-q', '--filter', `label=io.mkube.node=${n.name}`])
        if (pods.length) await execa('podman', ['pod', 'rm', '-f', '-t', '0', ...pods], {reject: false, timeout: 60_000})
        const ctrs = await ids(['ps', '-aq', '--filter', `label=io.mkube.node=${n.name}`])
        if (ctrs.length) await execa('podman', ['rm', '-f', '-t', '0', ...ctrs], {reject: false, timeout: 60_000})
      }
      client?.close()
      await m?.kill()
      if (dataDir) rmSync(dataDir, {recursive: true, force: true})
      if (nodesDir) rmSync(nodesDir, {recursive: true, force: true})
    }
  })

  it('spreads the 4 ready replicas over both nodes', () => {
    expect(webPods.size).toBe(4)
    expect(new Set(webPods.values())).toEqual(new Set([nodeA.name, nodeB.name]))
  })

  it('100 requests to one node’s node port reach all 4 pods, on both nodes, and none fails', async () => {
    // the node proxy may still be taking in the endpoints: wait for a first answer
    await eventually(() => httpGet(nodeA.ip, nodePort()), (body) => webPods.has(body), 30_000)
    const bodies = await requests(nodeA.ip, nodePort(), 100)
    expect(bodies.filter((b) => !webPods.has(b))).toEqual([])
    expect(new Set(bodies)).toEqual(new Set(webPods.keys()))
    // the cluster IP answers from the host too
    const viaClusterIP = await requests(web.spec!.clusterIP!, 80, 8)
    expect(viaClusterIP.filter((b) => !webPods.has(b))).toEqual([])
  })

  it('a pod on node A reaches pods on both nodes by web, web.default.svc.cluster.local and $WEB_SERVICE_HOST', async () => {
    // created after the Service, so the kubelet gives it the service's environment variables
    await client.create(podsRef, pod('client-a', {nodeName: nodeA.name, containers: [{name: 'sh', image, imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', 'exec sleep 3600']}]}))
    await eventually(() => client.get<Pod>(podsRef, 'client-a', 'default'), (p) => p.status?.phase === 'Running', 90_000)
    const env = await execIn('client-a', 'echo "HOST=$WEB_SERVICE_HOST PORT=$WEB_SERVICE_PORT"; cat /etc/resolv.conf')
    expect(env).toContain(`HOST=${web.spec!.clusterIP} PORT=80`)
    expect(env).toContain(`nameserver ${defaultNodeDnsAddress(nodeA.ip)}`)
    // wget and nc resolve the names themselves, through the pod's resolv.conf (the node's DNS resolver).
    // (busybox-static 1.35's wget segfaults with -T, hence timeout(1) around it.)
    const script = [
      'for target in web web.default.svc.cluster.local "$WEB_SERVICE_HOST"; do',
      '  for i in $(seq 12); do body=$(timeout 10 wget -q -O - http://$target/); echo "wget $target ${body:-FAIL}"; done',
      "  for i in $(seq 12); do body=$(printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 5 $target 80 | tail -n 1); echo \"nc $target ${body:-FAIL}\"; done",
      'done',
    ].join('\n')
    const out = await execIn('client-a', script)
    expect(out).not.toContain('FAIL')
    for (const tool of ['wget', 'nc']) {
      for (const target of ['web', 'web.default.svc.cluster.local', web.spec!.clusterIP!]) {
        const prefix = `${tool} ${target} `
        const bodies = out.split('\n').filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length))
        expect(bodies, out).toHaveLength(12)
        expect(bodies.filter((b) => !webPods.has(b)), out).toEqual([])
        expect(new Set(bodies.map((b) => webPods.get(b))), `${prefix}: pods on both nodes`).toEqual(new Set([nodeA.name, nodeB.name]))
      }
    }
  })

  it('a pod whose readiness probe starts failing leaves the rotation, and returns when it passes', async () => {
    const victim = [...webPods].find(([, n]) => n === nodeB.name)![0]
    const victimIP = podIPs.get(victim)!
    await execIn(victim, 'rm /www/ready')
    const t0 = Date.now()
    await eventually(() => readyIPs('web'), (ips) => !ips.includes(victimIP) && ips.length === 3, 20_000)
    const outAfter = Date.now() - t0
    // through both nodes' proxies: the victim gets no more requests (the proxies follow the endpoints)
    await eventually(async () => [...(await requests(nodeA.ip, nodePort(), 8)), ...(await requests(nodeB.ip, nodePort(), 8))], (b) => !b.includes(victim) && b.every((x) => webPods.has(x)), 20_000)
    const outOfRotation = Date.now() - t0
    const bodies = [...(await requests(nodeA.ip, nodePort(), 30)), ...(await requests(nodeB.ip, nodePort(), 30))]
    expect(bodies.filter((b) => !webPods.has(b))).toEqual([])
    expect(bodies).not.toContain(victim)
    expect(new Set(bodies).size).toBe(3)
    console.info(`readiness: ${victim} left the endpoints ${outAfter} ms and the rotation ${outOfRotation} ms after its probe started failing`)

    await execIn(victim, 'echo ok > /www/ready')
    const t1 = Date.now()
    await eventually(() => readyIPs('web'), (ips) => ips.includes(victimIP) && ips.length === 4, 20_000)
    await eventually(() => requests(nodeA.ip, nodePort(), 8), (b) => b.includes(victim), 20_000)
    console.info(`readiness: ${victim} back in the rotation ${Date.now() - t1} ms after its probe passed again`)
  })

  it('a UDP service answers through its cluster IP, from pods on both nodes', async () => {
    for (const [name, node] of [['udp-a', nodeA], ['udp-b', nodeB]] as const) {
      await client.create(
        podsRef,
        pod(
          name,
          {
            nodeName: node.name,
            // the UDP server: the host's perl, from the pod's network namespace (see udpEchoScript)
            volumes: [{name: 'host', hostPath: {path: '/', type: 'Directory'}}],
            containers: [
              {
                name: 'echo',
                image,
                imagePullPolicy: 'IfNotPresent',
                command: ['chroot', '/host', '/usr/bin/perl', '-MIO::Socket::INET', '-e', udpEchoScript],
                env: [{name: 'POD_NAME', valueFrom: {fieldRef: {fieldPath: 'metadata.name'}}}],
                ports: [{name: 'echo', containerPort: 5300, protocol: 'UDP'}],
                volumeMounts: [{name: 'host', mountPath: '/host', readOnly: true}],
              },
            ],
          },
          {app: 'udp'},
        ),
      )
    }
    const svc = await client.create<Service>(servicesRef, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {name: 'echo-udp', namespace: 'default'},
      spec: {selector: {app: 'udp'}, ports: [{name: 'echo', port: 5300, targetPort: 'echo', protocol: 'UDP'}]},
    })
    udpService = svc
    const ip = svc.spec!.clusterIP!
    const port = svc.spec!.ports![0].port
    await eventually(() => readyIPs('echo-udp'), (ips) => ips.length === 2, 90_000)
    const seen = new Set<string>()
    await eventually(
      async () => {
        const answer = await udpAsk(ip, port, `hello-${seen.size}`)
        if (!/^udp-[ab] hello-\d+$/.test(answer)) throw new Error(`unexpected answer ${JSON.stringify(answer)}`)
        seen.add(answer.split(' ')[0])
        return seen
      },
      (s) => s.has('udp-a') && s.has('udp-b'),
      30_000,
    )
  })

  it('deleting a service frees its cluster IP, its node port and the listeners on every node', async () => {
    const tmp = await client.create<Service>(servicesRef, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {name: 'tmp', namespace: 'default'},
      spec: {type: 'NodePort', selector: {app: 'web'}, ports: [{name: 'http', port: 8081, targetPort: 'http'}]},
    })
    const ip = tmp.spec!.clusterIP!
    const np = tmp.spec!.ports![0].nodePort!
    const keys = [`${ip}:8081`, `${nodeA.ip}:${np}`, `${nodeB.ip}:${np}`]
    await eventually(async () => Promise.all([httpGet(ip, 8081), httpGet(nodeA.ip, np), httpGet(nodeB.ip, np)]), (b) => b.every((x) => webPods.has(x)), 20_000)
    expect(await loAddresses()).toContain(`inet ${ip}/32`)
    const before = await listeners()
    for (const k of keys) expect(before).toContain(k)

    await client.delete(servicesRef, 'tmp', 'default')
    await eventually(listeners, (l) => keys.every((k) => !l.includes(k)), 20_000)
    await eventually(loAddresses, (s) => !s.includes(`inet ${ip}/32`), 20_000)
    expect(await tcpProbe(nodeA.ip, np)).toBe('ECONNREFUSED')
    expect(await tcpProbe(nodeB.ip, np)).toBe('ECONNREFUSED')
    expect(await tcpProbe(ip, 8081)).toBe('EHOSTUNREACH')
    // both are free to take again
    const again = await client.create<Service>(servicesRef, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {name: 'tmp', namespace: 'default'},
      spec: {type: 'NodePort', clusterIP: ip, selector: {app: 'web'}, ports: [{name: 'http', port: 8081, targetPort: 'http', nodePort: np}]},
    })
    expect(again.spec!.clusterIP).toBe(ip)
    expect(again.spec!.ports![0].nodePort).toBe(np)
    await client.delete(servicesRef, 'tmp', 'default')
    await eventually(listeners, (l) => keys.every((k) => !l.includes(k)), 20_000)
  })

  it('killing a node’s agent takes its proxy down; started again, it restores its rules', async () => {
    const dnsA = defaultNodeDnsAddress(nodeA.ip)
    await agents.get(nodeA.name)!.kill('SIGKILL')
    agents.delete(nodeA.name)
    expect(await tcpProbe(nodeA.ip, nodePort())).toBe('ECONNREFUSED')
    // node B still serves, every request (node A's pods are out of its reach without A's forwarding listener)
    const viaB = await requests(nodeB.ip, nodePort(), 12)
    expect(viaB.filter((b) => !webPods.has(b))).toEqual([])

    await startAgent(nodeA)
    const bodies = await eventually(
      async () => {
        const r = await requests(nodeA.ip, nodePort(), 8)
        return [...r, ...(await requests(nodeB.ip, nodePort(), 8)), ...(await requests(web.spec!.clusterIP!, 80, 8))]
      },
      (b) => b.every((x) => webPods.has(x)) && new Set(b).size === 4,
      60_000,
    )
    expect(new Set(bodies)).toEqual(new Set(webPods.keys()))
    // the UDP service and node A's DNS resolver are back as well
    if (udpService) await eventually(() => udpAsk(udpService!.spec!.clusterIP!, 5300, 'again'), (a) => /^udp-[ab] again$/.test(a), 30_000)
    const out = await eventually(() => execIn('client-a', 'nslookup web.default.svc.cluster.local'), (o) => o.includes(web.spec!.clusterIP!), 30_000)
    expect(out).toContain(dnsA)
  })
})
