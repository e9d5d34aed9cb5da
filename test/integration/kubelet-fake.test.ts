/**
 * Kubelet loop tests against an in-process master with the fake runtime: registration, pod sync and
 * status, restarts and back-off, probes, volumes and env, deletion, drift repair, re-adoption.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {rmSync} from 'node:fs'
import {startTestMaster, tempDir} from '../harness.js'
import type {Client} from '../../src/client/client.js'
import {FakeRuntime} from '../../src/runtime/fake.js'
import {startKubelet, type Kubelet, type KubeletConfig} from '../../src/kubelet/index.js'
import {nodeClient, testPod, until} from '../../src/kubelet/testing.js'
import {podsRef, nodesRef, leasesRef} from '../../src/kubelet/refs.js'
import type {Pod} from '../../src/api/types/pod.js'
import type {Node} from '../../src/api/types/node.js'
import type {Lease} from '../../src/api/types/coordination.js'
import type {ContainerConfig} from '../../src/runtime/types.js'
import {readFile, readlink} from 'node:fs/promises'
import {join} from 'node:path'

let tm: Awaited<ReturnType<typeof startTestMaster>>
let admin: Client
const dirs: string[] = []
const kubelets: Kubelet[] = []

beforeAll(async () => {
  tm = await startTestMaster()
  admin = tm.client
})
afterAll(async () => {
  for (const k of kubelets) await k.stop()
  await tm?.stop()
  for (const d of dirs) rmSync(d, {recursive: true, force: true})
})

async function kubelet(nodeName: string, runtime: FakeRuntime | null, extra: Partial<KubeletConfig> = {}): Promise<{k: Kubelet; client: Client; dataDir: string}> {
  const dataDir = tempDir('mkube-kubelet-')
  dirs.push(dataDir)
  const client = await nodeClient(tm.master.url, tm.master.joinToken, nodeName, dataDir)
  const k = await startKubelet({client, nodeName, nodeIP: '127.0.0.2', runtime, dataDir, kubeletPort: 10250, relistPeriodMs: 300, errorRetryMs: 500, log: () => {}, ...extra})
  kubelets.push(k)
  await k.ready()
  return {k, client, dataDir}
}

const getPod = (name: string, ns = 'default') => admin.get<Pod>(podsRef, name, ns)
const eventsRef = {group: '', version: 'v1', resource: 'events', namespaced: true}

/** Polls the pod until `pred` holds. */
function waitPod(name: string, what: string, pred: (p: Pod) => boolean, timeoutMs = 20_000): Promise<Pod> {
  return until(`${name}: ${what}`, async () => {
    const p = await getPod(name)
    return pred(p) ? p : undefined
  }, timeoutMs)
}

/** Events about a pod: "reason: message" lines. */
async function podEvents(name: string): Promise<string[]> {
  const list = await admin.list<{metadata: {name?: string}; reason?: string; message?: string; involvedObject?: {name?: string}}>(eventsRef, {namespace: 'default'})
  return list.items.filter((e) => e.involvedObject?.name === name).map((e) => `${e.reason}: ${e.message}`)
}

const cs = (p: Pod, name = 'main') => p.status?.containerStatuses?.find((c) => c.name === name)
const gone = async (name: string) => {
  try {
    await getPod(name)
    return false
  } catch {
    return true
  }
}

describe('kubelet on the fake runtime', () => {
  it('registers its node Ready with a lease, and runs a pod to Running/Ready', async () => {
    const rt = new FakeRuntime()
    await kubelet('fake-a', rt)
    const node = await admin.get<Node>(nodesRef, 'fake-a')
    expect(node.metadata.labels?.['kubernetes.io/hostname']).toBe('fake-a')
    expect(node.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True')
    expect(node.status?.addresses).toContainEqual({type: 'InternalIP', address: '127.0.0.2'})
    expect(node.status?.daemonEndpoints?.kubeletEndpoint?.Port).toBe(10250)
    const lease = await admin.get<Lease>(leasesRef, 'fake-a', 'kube-node-lease')
    expect(lease.spec?.holderIdentity).toBe('fake-a')
    expect(lease.metadata.ownerReferences?.[0]).toMatchObject({kind: 'Node', name: 'fake-a', uid: node.metadata.uid})

    await admin.create(podsRef, testPod('p1', 'fake-a'))
    const pod = await until('p1 running and ready', async () => {
      const p = await getPod('p1')
      return p.status?.phase === 'Running' && p.status.conditions?.find((c) => c.type === 'Ready')?.status === 'True' ? p : undefined
    })
    const cs = pod.status!.containerStatuses![0]
    expect(cs).toMatchObject({name: 'main', ready: true, started: true, restartCount: 0})
    expect(cs.containerID).toMatch(/^fake:\/\//)
    expect(pod.status!.podIP).toMatch(/^10\./)
    expect(pod.status!.hostIP).toBe('127.0.0.2')
    expect(pod.status!.conditions!.map((c) => c.type)).toEqual(expect.arrayContaining(['PodScheduled', 'Initialized', 'ContainersReady', 'Ready', 'PodReadyToStartContainers']))
  })

  it('runs init containers in order before the app containers', async () => {
    const rt = new FakeRuntime()
    const order: string[] = []
    rt.setBehavior((cfg) => {
      order.push(cfg.name)
      return cfg.name.startsWith('init') ? {exitAfterMs: 50, exitCode: 0} : undefined
    })
    await kubelet('fake-init', rt)
    const c = (name: string) => ({name, image: 'localhost/busybox:latest', imagePullPolicy: 'IfNotPresent' as const})
    await admin.create(podsRef, testPod('init1', 'fake-init', {initContainers: [c('init-a'), c('init-b')], containers: [c('main'), c('side')]}))
    const p = await waitPod('init1', 'running', (p) => p.status?.phase === 'Running')
    expect(order.slice(0, 2)).toEqual(['init-a', 'init-b'])
    expect(order.slice(2).sort()).toEqual(['main', 'side'])
    expect(p.status!.initContainerStatuses!.map((s) => [s.name, s.state?.terminated?.reason, s.ready])).toEqual([
      ['init-a', 'Completed', true],
      ['init-b', 'Completed', true],
    ])
    expect(p.status!.conditions!.find((c) => c.type === 'Initialized')?.status).toBe('True')
  })

  it('backs off a crashing container (CrashLoopBackOff) and ends Never/OnFailure pods per policy', async () => {
    const rt = new FakeRuntime()
    rt.setBehavior((cfg, sb) => (sb.podName === 'ok-once' ? {exitAfterMs: 30, exitCode: 0} : {exitAfterMs: 30, exitCode: 3}))
    await kubelet('fake-crash', rt)
    await admin.create(podsRef, testPod('crash', 'fake-crash'))
    const p = await waitPod('crash', 'CrashLoopBackOff', (p) => cs(p)?.state?.waiting?.reason === 'CrashLoopBackOff')
    const s = cs(p)!
    expect(s.restartCount).toBe(1)
    expect(s.state!.waiting!.message).toBe(`back-off 10s restarting failed container=main pod=crash_default(${p.metadata.uid})`)
    expect(s.lastState?.terminated).toMatchObject({exitCode: 3, reason: 'Error'})
    expect(p.status!.phase).toBe('Running')
    await until('BackOff event', async () => (await podEvents('crash')).some((e) => e.startsWith('BackOff: Back-off restarting failed container main in pod crash_default')))

    await admin.create(podsRef, testPod('never', 'fake-crash', {restartPolicy: 'Never'}))
    const never = await waitPod('never', 'Failed', (p) => p.status?.phase === 'Failed')
    expect(cs(never)).toMatchObject({restartCount: 0, state: {terminated: {exitCode: 3, reason: 'Error'}}})
    expect(rt.stats().containers).toBeGreaterThan(0) // exited containers stay for logs until the pod is deleted

    await admin.create(podsRef, testPod('ok-once', 'fake-crash', {restartPolicy: 'OnFailure'}))
    const ok = await waitPod('ok-once', 'Succeeded', (p) => p.status?.phase === 'Succeeded')
    expect(ok.status!.conditions!.find((c) => c.type === 'Ready')).toMatchObject({status: 'False', reason: 'PodCompleted'})
  })

  it('reports ErrImagePull then ImagePullBackOff without creating containers, and ErrImageNeverPull', async () => {
    const rt = new FakeRuntime()
    rt.failPull('registry.example/missing:1', 'manifest unknown: registry.example/missing:1 not found')
    await kubelet('fake-img', rt)
    const missing = [{name: 'main', image: 'registry.example/missing:1', imagePullPolicy: 'IfNotPresent' as const}]
    await admin.create(podsRef, testPod('img', 'fake-img', {containers: missing}))
    const first = await waitPod('img', 'ErrImagePull', (p) => cs(p)?.state?.waiting?.reason === 'ErrImagePull')
    expect(cs(first)!.state!.waiting!.message).toContain('manifest unknown')
    const second = await waitPod('img', 'ImagePullBackOff', (p) => cs(p)?.state?.waiting?.reason === 'ImagePullBackOff')
    expect(cs(second)!.state!.waiting!.message).toMatch(/^Back-off pulling image "registry.example\/missing:1": ErrImagePull: .*manifest unknown/)
    expect(await rt.listContainers({nodeName: 'fake-img', podUid: first.metadata.uid, all: true})).toEqual([])
    const ev = await podEvents('img')
    expect(ev).toContain('Pulling: Pulling image "registry.example/missing:1"')
    expect(ev.some((e) => e.startsWith('Failed: Failed to pull image "registry.example/missing:1"'))).toBe(true)

    await admin.create(podsRef, testPod('never-pull', 'fake-img', {containers: [{name: 'main', image: 'not-here:1', imagePullPolicy: 'Never'}]}))
    const np = await waitPod('never-pull', 'ErrImageNeverPull', (p) => cs(p)?.state?.waiting?.reason === 'ErrImageNeverPull')
    expect(cs(np)!.state!.waiting!.message).toBe('Container image "not-here:1" is not present with pull policy of Never')
  })

  it('resolves env and mounts configMap/secret/downwardAPI volumes; updates propagate; missing refs wait', async () => {
    const rt = new FakeRuntime()
    const configs: ContainerConfig[] = []
    rt.setBehavior((cfg) => void configs.push(cfg))
    const cmRef = {group: '', version: 'v1', resource: 'configmaps', namespaced: true}
    const secRef = {group: '', version: 'v1', resource: 'secrets', namespaced: true}
    await admin.create(cmRef, {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'app-cfg', namespace: 'default'}, data: {greeting: 'hello', 'app.conf': 'v=1'}})
    await admin.create(secRef, {apiVersion: 'v1', kind: 'Secret', metadata: {name: 'app-sec', namespace: 'default'}, stringData: {password: 's3cr3t'}})
    const {dataDir} = await kubelet('fake-vol', rt, {syncFrequencyMs: 300})
    await admin.create(
      podsRef,
      testPod('vols', 'fake-vol', {
        volumes: [
          {name: 'cfg', configMap: {name: 'app-cfg'}},
          {name: 'sec', secret: {secretName: 'app-sec', defaultMode: 0o400}},
          {name: 'info', downwardAPI: {items: [{path: 'name', fieldRef: {fieldPath: 'metadata.name'}}]}},
          {name: 'scratch', emptyDir: {}},
        ],
        containers: [
          {
            name: 'main',
            image: 'localhost/busybox:latest',
            imagePullPolicy: 'IfNotPresent',
            command: ['sh', '-c', 'echo $(GREETING)'],
            env: [
              {name: 'GREETING', valueFrom: {configMapKeyRef: {name: 'app-cfg', key: 'greeting'}}},
              {name: 'PASSWORD', valueFrom: {secretKeyRef: {name: 'app-sec', key: 'password'}}},
              {name: 'POD_IP', valueFrom: {fieldRef: {fieldPath: 'status.podIP'}}},
              {name: 'NODE', valueFrom: {fieldRef: {fieldPath: 'spec.nodeName'}}},
            ],
            volumeMounts: [
              {name: 'cfg', mountPath: '/etc/cfg'},
              {name: 'sec', mountPath: '/etc/sec'},
              {name: 'info', mountPath: '/etc/info'},
              {name: 'scratch', mountPath: '/scratch'},
            ],
          },
        ],
      }),
    )
    const p = await waitPod('vols', 'running', (p) => p.status?.phase === 'Running')
    const cfg = configs.find((c) => c.name === 'main')!
    const env = Object.fromEntries(cfg.env!.map((e) => [e.name, e.value]))
    expect(env).toMatchObject({GREETING: 'hello', PASSWORD: 's3cr3t', POD_IP: p.status!.podIP, NODE: 'fake-vol'})
    expect(cfg.command).toEqual(['sh', '-c', 'echo hello'])
    const mount = (path: string) => cfg.mounts!.find((m) => m.containerPath === path)!
    expect(mount('/etc/cfg').readOnly).toBe(true)
    expect(mount('/scratch').readOnly).toBe(false)
    const cfgDir = mount('/etc/cfg').hostPath
    expect(cfgDir).toBe(join(dataDir, 'node', 'pods', p.metadata.uid!, 'volumes', 'kubernetes.io~configmap', 'cfg'))
    expect(await readFile(join(cfgDir, 'greeting'), 'utf8')).toBe('hello')
    expect(await readlink(join(cfgDir, 'greeting'))).toBe('..data/greeting')
    expect(await readFile(join(mount('/etc/sec').hostPath, 'password'), 'utf8')).toBe('s3cr3t')
    expect(await readFile(join(mount('/etc/info').hostPath, 'name'), 'utf8')).toBe('vols')
    expect(mount('/dev/termination-log')).toBeDefined()

    await admin.patch(cmRef, 'app-cfg', {data: {greeting: 'bonjour', 'app.conf': 'v=2'}}, 'merge', 'default')
    await until('configMap update propagated', async () => (await readFile(join(cfgDir, 'greeting'), 'utf8')) === 'bonjour')
    expect(await readFile(join(cfgDir, 'app.conf'), 'utf8')).toBe('v=2')
    expect(cs(await getPod('vols'))!.restartCount).toBe(0)

    // a missing configMap in env: CreateContainerConfigError until it exists
    await admin.create(podsRef, testPod('needs-cm', 'fake-vol', {containers: [{name: 'main', image: 'localhost/busybox:latest', imagePullPolicy: 'IfNotPresent', envFrom: [{configMapRef: {name: 'later-cm'}}]}]}))
    const waiting = await waitPod('needs-cm', 'CreateContainerConfigError', (p) => cs(p)?.state?.waiting?.reason === 'CreateContainerConfigError')
    expect(cs(waiting)!.state!.waiting!.message).toBe('configmap "later-cm" not found')
    await admin.create(cmRef, {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'later-cm', namespace: 'default'}, data: {X: '1'}})
    await waitPod('needs-cm', 'running after the configMap appeared', (p) => p.status?.phase === 'Running')

    // a missing configMap volume: FailedMount, ContainerCreating, no sandbox yet
    await admin.create(podsRef, testPod('needs-vol', 'fake-vol', {volumes: [{name: 'v', configMap: {name: 'nope-cm'}}]}))
    await until('FailedMount event', async () => (await podEvents('needs-vol')).includes('FailedMount: MountVolume.SetUp failed for volume "v" : configmap "nope-cm" not found'))
    const nv = await getPod('needs-vol')
    expect(cs(nv)?.state?.waiting?.reason ?? 'ContainerCreating').toBe('ContainerCreating')
    expect(await rt.listPodSandboxes({nodeName: 'fake-vol', podUid: nv.metadata.uid})).toEqual([])
  })

  it('writes projected service account volumes (ca.crt; no token while the TokenRequest API is missing, reported once)', async () => {
    const rt = new FakeRuntime()
    const {dataDir} = await kubelet('fake-tok', rt)
    await admin.create(
      podsRef,
      testPod('tok', 'fake-tok', {
        volumes: [
          {
            name: 'api',
            projected: {
              sources: [
                {serviceAccountToken: {path: 'token', expirationSeconds: 3600}},
                {configMap: {name: 'kube-root-ca.crt', items: [{key: 'ca.crt', path: 'ca.crt'}]}},
                {downwardAPI: {items: [{path: 'namespace', fieldRef: {fieldPath: 'metadata.namespace'}}]}},
              ],
            },
          },
        ],
        containers: [{name: 'main', image: 'localhost/busybox:latest', imagePullPolicy: 'IfNotPresent', volumeMounts: [{name: 'api', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount'}]}],
      }),
    )
    const p = await waitPod('tok', 'running', (p) => p.status?.phase === 'Running')
    const dir = join(dataDir, 'node', 'pods', p.metadata.uid!, 'volumes', 'kubernetes.io~projected', 'api')
    expect(await readFile(join(dir, 'namespace'), 'utf8')).toBe('default')
    expect(await readFile(join(dir, 'ca.crt'), 'utf8')).toBe(tm.master.caPem)
    const tokenFile = await readFile(join(dir, 'token'), 'utf8').catch(() => null)
    const failed = (await podEvents('tok')).filter((e) => e.startsWith('FailedMount'))
    if (tokenFile === null) {
      expect(failed).toHaveLength(1)
      expect(failed[0]).toMatch(/^FailedMount: MountVolume.SetUp failed for volume "api" : failed to fetch token/)
    } else {
      expect(tokenFile.length).toBeGreaterThan(10)
      expect(failed).toEqual([])
    }
  })

  it('restarts a container failing its liveness probe and follows readiness', async () => {
    const rt = new FakeRuntime()
    let healthy = true
    let ready = false
    rt.setExecHandler(({cmd}) => ({exitCode: cmd.includes('live') ? (healthy ? 0 : 1) : ready ? 0 : 1, stdout: cmd.includes('live') && !healthy ? 'not healthy' : '', stderr: ''}))
    await kubelet('fake-probe', rt)
    await admin.create(
      podsRef,
      testPod('probed', 'fake-probe', {
        containers: [
          {
            name: 'main',
            image: 'localhost/busybox:latest',
            imagePullPolicy: 'IfNotPresent',
            livenessProbe: {exec: {command: ['check', 'live']}, periodSeconds: 1, failureThreshold: 2},
            readinessProbe: {exec: {command: ['check', 'ready']}, periodSeconds: 1, failureThreshold: 1},
          },
        ],
      }),
    )
    const notReady = await waitPod('probed', 'running, not ready', (p) => p.status?.phase === 'Running')
    expect(cs(notReady)).toMatchObject({ready: false, started: true})
    expect(notReady.status!.conditions!.find((c) => c.type === 'Ready')).toMatchObject({status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [main]'})
    ready = true
    await waitPod('probed', 'ready', (p) => cs(p)?.ready === true && p.status!.conditions!.find((c) => c.type === 'Ready')?.status === 'True')
    healthy = false
    const restarted = await waitPod('probed', 'restarted by liveness', (p) => (cs(p)?.restartCount ?? 0) >= 1, 15_000)
    healthy = true
    expect(cs(restarted)!.lastState?.terminated).toBeDefined()
    const ev = await podEvents('probed')
    expect(ev).toContain('Unhealthy: Liveness probe failed: not healthy')
    expect(ev).toContain('Killing: Container main failed liveness probe, will be restarted')
  })

  it('kills a container whose postStart hook fails, and runs preStop on deletion before removing everything', async () => {
    const rt = new FakeRuntime()
    const execs: string[] = []
    rt.setExecHandler(({cmd}) => {
      execs.push(cmd.join(' '))
      return {exitCode: cmd.includes('fail') ? 1 : 0, stdout: '', stderr: cmd.includes('fail') ? 'hook broke' : ''}
    })
    const {dataDir} = await kubelet('fake-hooks', rt)
    const c = (lifecycle: object) => [{name: 'main', image: 'localhost/busybox:latest', imagePullPolicy: 'IfNotPresent' as const, lifecycle}]
    await admin.create(podsRef, testPod('poststart', 'fake-hooks', {containers: c({postStart: {exec: {command: ['hook', 'fail']}}})}))
    await until('FailedPostStartHook event', async () => (await podEvents('poststart')).some((e) => e.startsWith('FailedPostStartHook: Exec lifecycle hook ([hook fail]) for Container "main" in Pod "poststart_default(')))
    await waitPod('poststart', 'restart after a failed hook', (p) => (cs(p)?.restartCount ?? 0) >= 1 || ['PostStartHookError', 'CrashLoopBackOff'].includes(cs(p)?.state?.waiting?.reason ?? ''))

    await admin.create(podsRef, testPod('graceful', 'fake-hooks', {terminationGracePeriodSeconds: 5, containers: c({preStop: {exec: {command: ['pre', 'stop']}}}), volumes: [{name: 'v', emptyDir: {}}]}))
    const p = await waitPod('graceful', 'running', (p) => p.status?.phase === 'Running')
    await admin.delete(podsRef, 'graceful', 'default')
    await until('pod deleted by the kubelet', () => gone('graceful'))
    expect(execs).toContain('pre stop')
    expect(await rt.listContainers({nodeName: 'fake-hooks', podUid: p.metadata.uid, all: true})).toEqual([])
    expect(await rt.listPodSandboxes({nodeName: 'fake-hooks', podUid: p.metadata.uid})).toEqual([])
    expect(await readFile(join(dataDir, 'node', 'pods', p.metadata.uid!), 'utf8').catch((e: NodeJS.ErrnoException) => e.code)).toBe('ENOENT')
    expect(await podEvents('graceful')).toContain('Killing: Stopping container main')

    await admin.create(podsRef, testPod('badstop', 'fake-hooks', {containers: c({preStop: {exec: {command: ['pre', 'fail']}}})}))
    await waitPod('badstop', 'running', (p) => p.status?.phase === 'Running')
    await admin.delete(podsRef, 'badstop', 'default')
    await until('pod deleted despite the failed hook', () => gone('badstop'))
    expect((await podEvents('badstop')).some((e) => e.startsWith('FailedPreStopHook: Exec lifecycle hook ([pre fail]) for Container "main" in Pod "badstop_default(') && e.includes('hook broke'))).toBe(true)
  })

  it('repairs drift found by the relist: a container killed or removed by hand', async () => {
    const rt = new FakeRuntime()
    await kubelet('fake-drift', rt)
    await admin.create(podsRef, testPod('drift', 'fake-drift'))
    const p = await waitPod('drift', 'running', (p) => p.status?.phase === 'Running')
    const [c0] = await rt.listContainers({nodeName: 'fake-drift', podUid: p.metadata.uid})
    rt.exitContainer(c0.id, 137)
    const after = await waitPod('drift', 'restarted', (p) => cs(p)?.restartCount === 1 && !!cs(p)?.state?.running, 5_000)
    expect(cs(after)!.lastState!.terminated).toMatchObject({exitCode: 137, containerID: `fake://${c0.id}`})
    // removed by hand (a fresh pod: a second failure of the same container would back off 10 s, as upstream)
    await admin.create(podsRef, testPod('drift2', 'fake-drift'))
    const p2 = await waitPod('drift2', 'running', (p) => p.status?.phase === 'Running')
    const [c1] = await rt.listContainers({nodeName: 'fake-drift', podUid: p2.metadata.uid})
    await rt.removeContainer(c1.id)
    await waitPod('drift2', 'recreated', (p) => !!cs(p)?.state?.running && cs(p)!.containerID !== `fake://${c1.id}` && cs(p)!.restartCount === 1, 5_000)
    // the sandbox removed by hand: a new sandbox (new IP) and containers
    const [sb] = await rt.listPodSandboxes({nodeName: 'fake-drift', podUid: p2.metadata.uid})
    await rt.removePodSandbox(sb.id)
    const p3 = await waitPod('drift2', 'new sandbox', (p) => !!cs(p)?.state?.running && p.status!.podIP !== p2.status!.podIP, 5_000)
    expect((await rt.listPodSandboxes({nodeName: 'fake-drift', podUid: p3.metadata.uid})).map((s) => s.attempt)).toEqual([1])
  })

  it('re-adopts its containers after a restart (no duplicates, no restarts) and removes orphans of its own node only', async () => {
    const rt = new FakeRuntime()
    const first = await kubelet('fake-adopt', rt)
    await admin.create(podsRef, testPod('adopt', 'fake-adopt', {containers: [{name: 'main', image: 'localhost/busybox:latest', imagePullPolicy: 'IfNotPresent', readinessProbe: {exec: {command: ['true']}, periodSeconds: 30}}]}))
    const p = await waitPod('adopt', 'ready', (p) => cs(p)?.ready === true)
    await first.k.stop()
    const before = await rt.listContainers({nodeName: 'fake-adopt', all: true})
    // an orphan of this node, and a container of another node sharing the runtime
    const orphanSb = await rt.runPodSandbox({podUid: 'orphan-uid', podName: 'ghost', namespace: 'default', nodeName: 'fake-adopt'})
    await rt.startContainer(await rt.createContainer(orphanSb, {name: 'ghost', image: 'localhost/busybox:latest'}))
    const otherSb = await rt.runPodSandbox({podUid: 'other-uid', podName: 'other', namespace: 'default', nodeName: 'some-other-node'})
    await rt.startContainer(await rt.createContainer(otherSb, {name: 'other', image: 'localhost/busybox:latest'}))
    const creates = rt.calls.createContainer
    const client = first.client
    const k2 = await startKubelet({client, nodeName: 'fake-adopt', nodeIP: '127.0.0.2', runtime: rt, dataDir: first.dataDir, kubeletPort: 10250, relistPeriodMs: 300, log: () => {}})
    kubelets.push(k2)
    await k2.ready()
    await until('orphan removed', async () => (await rt.listPodSandboxes({nodeName: 'fake-adopt', podUid: 'orphan-uid'})).length === 0)
    const after = await rt.listContainers({nodeName: 'fake-adopt', all: true})
    expect(after.map((c) => c.id)).toEqual(before.map((c) => c.id))
    expect(rt.calls.createContainer).toBe(creates)
    const p2 = await getPod('adopt')
    expect(cs(p2)).toMatchObject({restartCount: 0, ready: true, containerID: cs(p)!.containerID})
    expect(await rt.listContainers({nodeName: 'some-other-node'})).toHaveLength(1)
  })

  it('tears down force-deleted pods and registers NotReady without a runtime', async () => {
    const rt = new FakeRuntime()
    await kubelet('fake-force', rt)
    await admin.create(podsRef, testPod('forced', 'fake-force'))
    const p = await waitPod('forced', 'running', (p) => p.status?.phase === 'Running')
    await admin.delete(podsRef, 'forced', 'default', {gracePeriodSeconds: 0})
    await until('containers removed', async () => (await rt.listContainers({nodeName: 'fake-force', podUid: p.metadata.uid, all: true})).length === 0)

    await kubelet('fake-none', null, {runtimeUnavailableReason: 'no container runtime: podman: not found; docker: not found'})
    const node = await admin.get<Node>(nodesRef, 'fake-none')
    expect(node.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({status: 'False', reason: 'KubeletNotReady', message: 'container runtime is down: no container runtime: podman: not found; docker: not found'})
  })

  it('removes a container that fails to start and retries it with back-off (RunContainerError)', async () => {
    const rt = new FakeRuntime()
    rt.setBehavior(() => ({startError: 'exec: "nope": executable file not found in $PATH'}))
    await kubelet('fake-start', rt)
    await admin.create(podsRef, testPod('nostart', 'fake-start'))
    const p = await waitPod('nostart', 'RunContainerError', (p) => cs(p)?.state?.waiting?.reason === 'RunContainerError')
    expect(cs(p)!.state!.waiting!.message).toContain('executable file not found')
    expect(await rt.listContainers({nodeName: 'fake-start', podUid: p.metadata.uid, all: true})).toEqual([])
    expect((await podEvents('nostart')).some((e) => e.startsWith('Failed: Error: ') && e.includes('executable file not found'))).toBe(true)
    const attempts = rt.calls.createContainer
    await new Promise((r) => setTimeout(r, 1500))
    expect(rt.calls.createContainer).toBe(attempts) // backing off (10 s), not hot-looping
  })

  it('gates readiness on the startup probe, and restarts a container failing its startup probe', async () => {
    const rt = new FakeRuntime()
    let startupOk = false
    rt.setExecHandler(({cmd}) => ({exitCode: cmd[0] === 'started' ? (startupOk ? 0 : 1) : cmd[0] === 'never' ? 1 : 0, stdout: '', stderr: ''}))
    await kubelet('fake-startup', rt)
    const probed = (startup: string) => [
      {
        name: 'main',
        image: 'localhost/busybox:latest',
        imagePullPolicy: 'IfNotPresent' as const,
        startupProbe: {exec: {command: [startup]}, periodSeconds: 1, failureThreshold: startup === 'never' ? 2 : 30},
        readinessProbe: {exec: {command: ['ready']}, periodSeconds: 1},
      },
    ]
    await admin.create(podsRef, testPod('slowstart', 'fake-startup', {containers: probed('started')}))
    const early = await waitPod('slowstart', 'running', (p) => p.status?.phase === 'Running')
    await new Promise((r) => setTimeout(r, 1500))
    expect(cs(await getPod('slowstart'))).toMatchObject({started: false, ready: false})
    expect(cs(early)!.started).toBe(false)
    startupOk = true
    await waitPod('slowstart', 'started and ready', (p) => cs(p)?.started === true && cs(p)?.ready === true)

    await admin.create(podsRef, testPod('nostartup', 'fake-startup', {containers: probed('never')}))
    await waitPod('nostartup', 'restarted by the startup probe', (p) => (cs(p)?.restartCount ?? 0) >= 1)
    expect(await podEvents('nostartup')).toContain('Killing: Container main failed startup probe, will be restarted')
  })

  it('reports the node NotReady when its runtime stops being ready, and Ready again', async () => {
    const rt = new FakeRuntime()
    await kubelet('fake-flaky', rt, {heartbeatIntervalMs: 200})
    const ready = async () => (await admin.get<Node>(nodesRef, 'fake-flaky')).status?.conditions?.find((c) => c.type === 'Ready')
    rt.setReady(false, 'fake runtime is wedged')
    const down = await until('NotReady', async () => ((await ready())?.status === 'False' ? ready() : undefined))
    expect(down).toMatchObject({reason: 'KubeletNotReady', message: 'container runtime is down: fake runtime is wedged'})
    rt.setReady(true)
    await until('Ready again', async () => (await ready())?.status === 'True')
  })
})
