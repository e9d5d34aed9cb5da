/**
 * The kubelet against real podman: a 2-node cluster (two kubelets in this process, node IPs
 * 127.0.0.2 and 127.0.0.3, separate data dirs, one podman), plus a third node for the restart test.
 * Runs in CI (fails there without podman); elsewhere skips with the reason when podman is unusable.
 * Every container and pod created is removed by node label afterwards.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {mkdirSync, readFileSync, rmSync, existsSync} from 'node:fs'
import {join} from 'node:path'
import {randomBytes} from 'node:crypto'
import {execa} from 'execa'
import {startTestMaster, tempDir} from '../harness.js'
import type {Client} from '../../src/client/client.js'
import {PodmanRuntime} from '../../src/runtime/podman.js'
import {probePodman} from '../../src/runtime/detect.js'
import {LABEL} from '../../src/runtime/labels.js'
import {startKubelet, type Kubelet} from '../../src/kubelet/index.js'
import {nodeClient, testPod, until} from '../../src/kubelet/testing.js'
import {podsRef, nodesRef} from '../../src/kubelet/refs.js'
import type {Pod} from '../../src/api/types/pod.js'
import type {Node} from '../../src/api/types/node.js'

const podmanProblem = await probePodman()
if (podmanProblem && process.env.CI === 'true') throw new Error(`CI=true but podman is not usable: ${podmanProblem}`)
if (podmanProblem) console.warn(`skipping kubelet podman e2e: ${podmanProblem}`)

const run = randomBytes(3).toString('hex')
const nodes = {a: `e2e-${run}-a`, b: `e2e-${run}-b`, c: `e2e-${run}-c`}
const image = 'localhost/busybox:latest'
/** the tests' own view of podman */
const runtime = new PodmanRuntime()
let tm: Awaited<ReturnType<typeof startTestMaster>>
let admin: Client
const dirs: string[] = []
const kubelets = new Map<string, {k: Kubelet; client: Client; dataDir: string}>()
const cmRef = {group: '', version: 'v1', resource: 'configmaps', namespaced: true}
const secRef = {group: '', version: 'v1', resource: 'secrets', namespaced: true}
const eventsRef = {group: '', version: 'v1', resource: 'events', namespaced: true}

async function startNode(name: string, ip: string, dataDir = tempDir('mkube-kubelet-e2e-')): Promise<void> {
  if (!dirs.includes(dataDir)) dirs.push(dataDir)
  const client = kubelets.get(name)?.client ?? (await nodeClient(tm.master.url, tm.master.joinToken, name, dataDir, ip))
  // one runtime per node, as separate node processes would have (each CLI runtime bounds its own concurrency)
  const k = await startKubelet({client, nodeName: name, nodeIP: ip, runtime: new PodmanRuntime(), dataDir, kubeletPort: 10250, relistPeriodMs: 1000, errorRetryMs: 2000, log: () => {}})
  await k.ready()
  kubelets.set(name, {k, client, dataDir})
}

async function removeNodeObjects(node: string): Promise<void> {
  const ids = async (args: string[]) => String((await execa('podman', args, {reject: false})).stdout).split('\n').filter(Boolean)
  const pods = await ids(['pod', 'ps', '-q', '--filter', `label=${LABEL.NODE}=${node}`])
  if (pods.length) await execa('podman', ['pod', 'rm', '-f', '-t', '0', ...pods], {reject: false})
  const ctrs = await ids(['ps', '-aq', '--filter', `label=${LABEL.NODE}=${node}`])
  if (ctrs.length) await execa('podman', ['rm', '-f', '-t', '0', ...ctrs], {reject: false})
}

beforeAll(async () => {
  if (podmanProblem) return
  tm = await startTestMaster()
  admin = tm.client
  await Promise.all([startNode(nodes.a, '127.0.0.2'), startNode(nodes.b, '127.0.0.3'), startNode(nodes.c, '127.0.0.4')])
})

afterAll(async () => {
  for (const {k} of kubelets.values()) await k.stop()
  for (const n of Object.values(nodes)) await removeNodeObjects(n)
  await tm?.stop()
  for (const d of dirs) rmSync(d, {recursive: true, force: true})
})

const getPod = (name: string) => admin.get<Pod>(podsRef, name, 'default')
const cs = (p: Pod, name = 'main') => p.status?.containerStatuses?.find((c) => c.name === name)
function waitPod(name: string, what: string, pred: (p: Pod) => boolean, timeoutMs = 60_000): Promise<Pod> {
  return until(`${name}: ${what}`, async () => {
    const p = await getPod(name)
    return pred(p) ? p : undefined
  }, timeoutMs, 250)
}
const running = (p: Pod) => p.status?.phase === 'Running' && p.status.containerStatuses?.every((c) => c.state?.running) === true
async function containersOf(p: Pod, all = true) {
  return runtime.listContainers({nodeName: p.spec!.nodeName!, podUid: p.metadata.uid, all})
}
async function exec(p: Pod, container: string, cmd: string[]): Promise<string> {
  const c = (await containersOf(p, false)).find((x) => x.name === container)!
  const r = await runtime.execSync(c.id, cmd, 10_000)
  return (r.stdout + r.stderr).trim()
}
async function podEvents(name: string): Promise<string[]> {
  const list = await admin.list<{reason?: string; message?: string; involvedObject?: {name?: string}; metadata: object}>(eventsRef, {namespace: 'default'})
  return list.items.filter((e) => e.involvedObject?.name === name).map((e) => `${e.reason}: ${e.message}`)
}
const sh = (name: string, script: string, extra: object = {}) => ({name, image, imagePullPolicy: 'IfNotPresent' as const, command: ['sh', '-c', script], ...extra})

describe.skipIf(!!podmanProblem)('kubelet with podman', () => {
  it.concurrent('runs a pod on the node it is bound to, registering both nodes Ready', async () => {
    for (const n of [nodes.a, nodes.b]) {
      const node = await admin.get<Node>(nodesRef, n)
      expect(node.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True')
      expect(node.status?.nodeInfo?.containerRuntimeVersion).toMatch(/^podman:\/\/\d/)
    }
    await admin.create(podsRef, testPod('placed', nodes.b))
    const p = await waitPod('placed', 'running', running)
    expect(p.status!.hostIP).toBe('127.0.0.3')
    expect((await containersOf(p)).map((c) => c.nodeName)).toEqual([nodes.b])
    expect(await runtime.listContainers({nodeName: nodes.a, podUid: p.metadata.uid, all: true})).toEqual([])
  })

  it.concurrent('shares localhost and an emptyDir between the containers of a pod; configMap and secret as files and env', async () => {
    await admin.create(cmRef, {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'e2e-cfg', namespace: 'default'}, data: {greeting: 'hello from cm'}})
    await admin.create(secRef, {apiVersion: 'v1', kind: 'Secret', metadata: {name: 'e2e-sec', namespace: 'default'}, stringData: {password: 'pa55'}})
    await admin.create(
      podsRef,
      testPod('shared', nodes.a, {
        volumes: [{name: 'www', emptyDir: {}}, {name: 'cfg', configMap: {name: 'e2e-cfg'}}, {name: 'sec', secret: {secretName: 'e2e-sec'}}],
        containers: [
          sh('web', 'httpd -f -p 8080 -h /www', {volumeMounts: [{name: 'www', mountPath: '/www'}]}),
          sh('main', 'echo "$GREETING/$PASSWORD" > /www/index.html; sleep 3600', {
            env: [
              {name: 'GREETING', valueFrom: {configMapKeyRef: {name: 'e2e-cfg', key: 'greeting'}}},
              {name: 'PASSWORD', valueFrom: {secretKeyRef: {name: 'e2e-sec', key: 'password'}}},
            ],
            volumeMounts: [{name: 'www', mountPath: '/www'}, {name: 'cfg', mountPath: '/etc/cfg'}, {name: 'sec', mountPath: '/etc/sec'}],
          }),
        ],
      }),
    )
    const p = await waitPod('shared', 'running', running)
    await until('page served over localhost', async () => (await exec(p, 'main', ['wget', '-qO-', 'http://localhost:8080/'])) === 'hello from cm/pa55', 20_000, 250)
    expect(await exec(p, 'main', ['cat', '/etc/cfg/greeting'])).toBe('hello from cm')
    expect(await exec(p, 'main', ['cat', '/etc/sec/password'])).toBe('pa55')
    expect(await exec(p, 'main', ['sh', '-c', 'touch /etc/cfg/x 2>&1 || echo read-only'])).toMatch(/read-only/i)
    // the pod IP is reachable from the host (httpGet probes use it)
    const r = await fetch(`http://${p.status!.podIP}:8080/`)
    expect((await r.text()).trim()).toBe('hello from cm/pa55')
  })

  it.concurrent('publishes hostPorts on the node IP and marks the pod ready through an httpGet probe to the pod IP', async () => {
    const hostPort = 20_000 + Math.floor(Math.random() * 20_000)
    await admin.create(
      podsRef,
      testPod('hostport', nodes.a, {
        containers: [
          sh('main', 'mkdir -p /www && echo port-ok > /www/index.html && httpd -f -p 8080 -h /www', {
            ports: [{name: 'http', containerPort: 8080, hostPort}],
            readinessProbe: {httpGet: {path: '/index.html', port: 'http'}, periodSeconds: 1},
          }),
        ],
      }),
    )
    const p = await waitPod('hostport', 'ready', (p) => p.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True')
    expect(cs(p)!.ready).toBe(true)
    expect((await (await fetch(`http://127.0.0.2:${hostPort}/`)).text()).trim()).toBe('port-ok')
  })

  it.concurrent('restarts a container whose exec liveness probe starts failing', async () => {
    await admin.create(
      podsRef,
      testPod('liveness', nodes.a, {
        containers: [sh('main', 'touch /tmp/healthy; sleep 4; rm -f /tmp/healthy; sleep 3600', {livenessProbe: {exec: {command: ['cat', '/tmp/healthy']}, periodSeconds: 1, failureThreshold: 1, timeoutSeconds: 5}})],
      }),
    )
    const p = await waitPod('liveness', 'restarted', (p) => (cs(p)?.restartCount ?? 0) >= 1 && !!cs(p)?.state?.running, 90_000)
    expect(cs(p)!.lastState?.terminated).toBeDefined()
    const ev = await podEvents('liveness')
    expect(ev.some((e) => e.startsWith('Unhealthy: Liveness probe failed: cat: can\'t open \'/tmp/healthy\''))).toBe(true)
    expect(ev).toContain('Killing: Container main failed liveness probe, will be restarted')
  })

  it.concurrent('backs off a crashing container with growing delays; restartPolicy Never leaves a Failed pod', async () => {
    await admin.create(podsRef, testPod('crashloop', nodes.b, {containers: [sh('main', 'echo crashing; exit 1')]}))
    await admin.create(podsRef, testPod('never', nodes.b, {restartPolicy: 'Never', containers: [sh('main', 'exit 2')]}))
    const messages = new Set<string>()
    await until('back-off grows to 20s', async () => {
      const w = cs(await getPod('crashloop'))?.state?.waiting
      if (w?.reason === 'CrashLoopBackOff') messages.add(w.message!.replace(/ restarting.*/, ''))
      return messages.has('back-off 20s')
    }, 90_000, 250)
    expect([...messages]).toEqual(['back-off 10s', 'back-off 20s'])
    const p = await getPod('crashloop')
    expect(cs(p)!.restartCount).toBe(2)
    expect(cs(p)!.lastState!.terminated).toMatchObject({exitCode: 1, reason: 'Error'})
    const never = await waitPod('never', 'Failed', (p) => p.status?.phase === 'Failed')
    expect(cs(never)).toMatchObject({restartCount: 0, state: {terminated: {exitCode: 2, reason: 'Error'}}})
  })

  it.concurrent('reports a missing image as ErrImagePull then ImagePullBackOff, leaving no containers', async () => {
    await admin.create(podsRef, testPod('noimage', nodes.b, {containers: [{name: 'main', image: 'localhost/mkube-e2e-missing:1', imagePullPolicy: 'IfNotPresent'}]}))
    const p = await waitPod('noimage', 'ErrImagePull', (p) => cs(p)?.state?.waiting?.reason === 'ErrImagePull')
    expect(cs(p)!.state!.waiting!.message).toMatch(/localhost\/mkube-e2e-missing:1/)
    const b = await waitPod('noimage', 'ImagePullBackOff', (p) => cs(p)?.state?.waiting?.reason === 'ImagePullBackOff')
    expect(cs(b)!.state!.waiting!.message).toMatch(/^Back-off pulling image "localhost\/mkube-e2e-missing:1": ErrImagePull: /)
    expect(await containersOf(b)).toEqual([])
  })

  it.concurrent('repairs a container killed by hand within the relist period', async () => {
    await admin.create(podsRef, testPod('killed', nodes.a))
    const p = await waitPod('killed', 'running', running)
    const [c] = await containersOf(p, false)
    await execa('podman', ['kill', c.id])
    const t0 = Date.now()
    // the relist (every 1 s here) notices at once; without it only the 60 s periodic resync would.
    // The bound leaves podman time to create and start the new container on a loaded machine.
    const after = await waitPod('killed', 'restarted', (p) => cs(p)?.restartCount === 1 && !!cs(p)?.state?.running, 30_000)
    expect(Date.now() - t0).toBeLessThan(15_000)
    expect(cs(after)!.lastState!.terminated!.exitCode).toBe(137)
  })

  it.concurrent('deletes a pod within its grace period after running its preStop hook', async () => {
    const hostDir = tempDir('mkube-e2e-prestop-')
    dirs.push(hostDir)
    await admin.create(
      podsRef,
      testPod('graceful', nodes.a, {
        terminationGracePeriodSeconds: 15,
        volumes: [{name: 'host', hostPath: {path: hostDir, type: 'Directory'}}],
        containers: [sh('main', "trap 'exit 0' TERM; while true; do sleep 1; done", {lifecycle: {preStop: {exec: {command: ['sh', '-c', 'echo stopped > /host/prestop']}}}, volumeMounts: [{name: 'host', mountPath: '/host'}]})],
      }),
    )
    const p = await waitPod('graceful', 'running', running)
    const t0 = Date.now()
    await admin.delete(podsRef, 'graceful', 'default')
    await until('containers removed', async () => (await containersOf(p)).length === 0, 30_000, 250)
    expect(Date.now() - t0).toBeLessThan(15_000)
    expect(readFileSync(join(hostDir, 'prestop'), 'utf8').trim()).toBe('stopped')
    await until('pod deleted by the kubelet', async () => getPod('graceful').then(() => false, () => true), 30_000, 250)
    expect(await runtime.listPodSandboxes({nodeName: nodes.a, podUid: p.metadata.uid})).toEqual([])
  })

  it.concurrent('re-adopts running containers after a kubelet restart: same containers, no duplicates, no restarts', async () => {
    await admin.create(podsRef, testPod('adopted', nodes.c, {containers: [sh('main', 'sleep 3600'), sh('side', 'sleep 3600')]}))
    const p = await waitPod('adopted', 'running', running)
    const before = (await containersOf(p)).map((c) => c.id).sort()
    const node = kubelets.get(nodes.c)!
    await node.k.stop()
    // a pod dir no pod and no container belongs to any more (housekeeping removes it)
    mkdirSync(join(node.dataDir, 'node', 'pods', 'stale-uid'), {recursive: true})
    await startNode(nodes.c, '127.0.0.4', node.dataDir)
    await new Promise((r) => setTimeout(r, 3000))
    const after = await getPod('adopted')
    expect((await containersOf(after)).map((c) => c.id).sort()).toEqual(before)
    expect(after.status!.containerStatuses!.map((s) => [s.name, s.restartCount, !!s.state?.running])).toEqual([
      ['main', 0, true],
      ['side', 0, true],
    ])
    expect(existsSync(join(node.dataDir, 'node', 'pods', p.metadata.uid!))).toBe(true)
    await until('stale pod dir removed', () => !existsSync(join(node.dataDir, 'node', 'pods', 'stale-uid')), 15_000, 250)
  })
})
