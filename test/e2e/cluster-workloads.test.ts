/**
 * The scheduler and the controllers on a 3-node cluster with real podman containers ("done means" of the
 * issue): Deployment spreading, rolling update and undo (through the real kubectl), scheduling constraints
 * (nodeSelector, required node affinity, taints and tolerations, insufficient memory), a DaemonSet following
 * nodes, Jobs, cascading deletion (Deployment, namespace) and the loss of a node (kill -9 of its agent).
 *
 * One cluster for the whole file: an in-process master (node monitor grace 20 s, eviction timeout 10 s)
 * and nodes at 127.0.0.21/.22 (in-process) and 127.0.0.23 (a child process, so it can be killed without
 * any cleanup); the big-memory node joins later on 127.0.0.21 (its kubelet server on another port). The
 * tests run in order and build on each other's state (the node kill is last).
 *
 * Runs in CI (CI=true: fails without podman); elsewhere skips with the reason when podman is unusable.
 * Child nodes run dist/ (`npm run test:e2e` builds it). Every container of these nodes (labelled with their
 * names) and every temp dir is removed afterwards.
 */
import {randomBytes} from 'node:crypto'
import {writeFileSync} from 'node:fs'
import {execa} from 'execa'
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'
import type {KubeObject, WatchEvent} from '../../src/api/meta.js'
import type {Pod} from '../../src/api/types/pod.js'
import type {Node} from '../../src/api/types/node.js'
import type {Deployment, ReplicaSet, DaemonSet} from '../../src/api/types/apps.js'
import {LABEL} from '../../src/runtime/labels.js'
import {condition, image, isNodeReady, isPodReady, podmanSuitePrerequisite, refs, removeRuntimeObjects, runtimeContainers, spread, startCluster, until, type Cluster} from '../cluster-harness.js'

const problem = await podmanSuitePrerequisite('the cluster workloads e2e suite')

const run = randomBytes(3).toString('hex')
const N = {a: `cw-${run}-a`, b: `cw-${run}-b`, c: `cw-${run}-c`, d: `cw-${run}-d`}
const L = {zone: 'e2e.mkube.io/zone', disk: 'e2e.mkube.io/disk'}
const image2 = `localhost/busybox:cw-${run}`
const kubeletOpts = {relistPeriodMs: 1000, heartbeatIntervalMs: 5000, errorRetryMs: 2000}
const GRACE_S = 20
const t0 = Date.now()
const timings: string[] = []

let cl: Cluster

/** A container that ends at once on SIGTERM (sh as PID 1 ignores it otherwise). */
const main = (img = image) => ({name: 'main', image: img, imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', "trap 'exit 0' TERM; sleep 3600 & wait"]})

function deployment(name: string, replicas: number, podSpec: Record<string, unknown> = {}, ns = 'default'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {name, namespace: ns},
    spec: {
      replicas,
      selector: {matchLabels: {app: name}},
      template: {metadata: {labels: {app: name}}, spec: {terminationGracePeriodSeconds: 5, containers: [main()], ...podSpec}},
    },
  }
}

function pod(name: string, spec: Record<string, unknown> = {}, ns = 'default'): Pod {
  return {apiVersion: 'v1', kind: 'Pod', metadata: {name, namespace: ns}, spec: {terminationGracePeriodSeconds: 5, containers: [main()], ...spec}} as Pod
}

const listPods = async (selector: string, ns = 'default') => (await cl.client.list<Pod>(refs.pods, {namespace: ns, labelSelector: selector})).items
const getPod = (name: string, ns = 'default') => cl.client.get<Pod>(refs.pods, name, ns)
const getDeploy = (name: string) => cl.client.get<Deployment>(refs.deployments, name, 'default')
const live = (pods: Pod[]) => pods.filter((p) => !p.metadata.deletionTimestamp)

async function kc(args: string[], opts: {input?: string; timeoutMs?: number} = {}) {
  const r = await cl.kubectl(args, opts)
  if (r.exitCode !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.exitCode}):\n${r.stdout}\n${r.stderr}`)
  return r.stdout
}

/** Creates objects through kubectl create -f - (JSON). */
const kcreate = (...objs: KubeObject[]) => kc(['create', '-f', '-'], {input: JSON.stringify({apiVersion: 'v1', kind: 'List', items: objs})})

/** Waits for `n` live Ready pods of `selector`; returns them. */
function readyPods(selector: string, n: number, timeoutMs = 180_000, ns = 'default'): Promise<Pod[]> {
  return until(`${n} ready pods of ${selector}`, async () => {
    const pods = live(await listPods(selector, ns))
    return pods.length === n && pods.every(isPodReady) ? pods : false
  }, timeoutMs, 1000)
}

/** Waits for a pod to be unschedulable with exactly `message` (PodScheduled condition and FailedScheduling event). */
async function unschedulable(name: string, message: string): Promise<void> {
  const c = await until(`${name} PodScheduled=False`, async () => {
    const c = condition(await getPod(name), 'PodScheduled')
    return c?.status === 'False' && c.message === message ? c : false
  }, 60_000)
  expect(c.reason).toBe('Unschedulable')
  expect((await getPod(name)).spec!.nodeName).toBeUndefined()
  const events = await until(`FailedScheduling event of ${name}`, async () => {
    const evs = (await cl.client.list<KubeObject & {reason?: string; message?: string; involvedObject?: {name?: string}}>(refs.events, {namespace: 'default'})).items
    const mine = evs.filter((e) => e.involvedObject?.name === name && e.reason === 'FailedScheduling')
    return mine.length ? mine : false
  }, 30_000)
  expect(events.map((e) => e.message)).toContain(message)
}

/**
 * Watches a Deployment and its pods from now on (from the resourceVersion of a list, so the first state is
 * complete) and records, after every event, the number of live Ready pods, the number of live pods and
 * the Deployment's status.availableReplicas: their minima/maxima over the whole sampling.
 */
async function sampleRollout(name: string) {
  const initial = await cl.client.list<Pod>(refs.pods, {namespace: 'default', labelSelector: `app=${name}`})
  const pods = new Map(initial.items.map((p) => [p.metadata.name!, p]))
  const d0 = await getDeploy(name)
  const s = {minReady: Infinity, maxLive: 0, minAvailable: d0.status?.availableReplicas ?? 0, podEvents: 0, deployEvents: 0, ended: false}
  const measure = () => {
    const l = live([...pods.values()])
    s.minReady = Math.min(s.minReady, l.filter(isPodReady).length)
    s.maxLive = Math.max(s.maxLive, l.length)
  }
  measure()
  const pw = cl.client.watch<Pod>(refs.pods, {namespace: 'default', labelSelector: `app=${name}`, resourceVersion: initial.metadata.resourceVersion}, (ev: WatchEvent<Pod>) => {
    if (ev.type === 'BOOKMARK' || ev.type === 'ERROR') return
    s.podEvents++
    if (ev.type === 'DELETED') pods.delete(ev.object.metadata.name!)
    else pods.set(ev.object.metadata.name!, ev.object)
    measure()
  })
  const dw = cl.client.watch<Deployment>(refs.deployments, {namespace: 'default', resourceVersion: d0.metadata.resourceVersion}, (ev) => {
    if (ev.object?.metadata?.name !== name || ev.type === 'BOOKMARK' || ev.type === 'ERROR') return
    s.deployEvents++
    s.minAvailable = Math.min(s.minAvailable, ev.object.status?.availableReplicas ?? 0)
  })
  let stopped = false
  for (const w of [pw, dw]) void w.done.then(() => !stopped && (s.ended = true), () => !stopped && (s.ended = true))
  return {
    stats: s,
    stop() {
      stopped = true
      pw.stop()
      dw.stop()
      return s
    },
  }
}

function timed<T>(label: string, f: () => Promise<T>): Promise<T> {
  const start = Date.now()
  return f().finally(() => timings.push(`${label}: ${((Date.now() - start) / 1000).toFixed(1)} s`))
}

beforeAll(async () => {
  if (problem) return
  await execa('podman', ['tag', image, image2])
  const start = Date.now()
  cl = await startCluster({
    controllerOptions: {nodeMonitorGracePeriodSeconds: GRACE_S, podEvictionTimeoutSeconds: 10},
    nodes: [
      {name: N.a, ip: '127.0.0.21', kubelet: {...kubeletOpts, labels: {[L.zone]: 'east', [L.disk]: 'ssd'}}},
      {name: N.b, ip: '127.0.0.22', kubelet: {...kubeletOpts, labels: {[L.zone]: 'west', [L.disk]: 'hdd'}}},
      {name: N.c, ip: '127.0.0.23', child: true, kubelet: {...kubeletOpts, labels: {[L.zone]: 'west', [L.disk]: 'ssd'}}},
    ],
  })
  timings.push(`cluster start (master + 3 nodes Ready): ${((Date.now() - start) / 1000).toFixed(1)} s`)
})

afterEach((ctx) => {
  if (ctx.task.result?.state === 'fail' && cl) console.error(`--- last log lines (${ctx.task.name}) ---\n${cl.logs().slice(-150).join('\n')}`)
})

afterAll(async () => {
  const start = Date.now()
  // MKUBE_CLUSTER_LOG=<file> keeps the components' and kubelets' last log lines for a look afterwards
  if (cl && process.env.MKUBE_CLUSTER_LOG) writeFileSync(process.env.MKUBE_CLUSTER_LOG, cl.logs().join('\n') + '\n')
  await cl?.cleanup()
  if (!problem) {
    await execa('podman', ['untag', image2, image2], {reject: false})
    // nodes stopped before cleanup (or killed) can leave nothing behind either
    for (const n of Object.values(N)) expect(await runtimeContainers(n)).toEqual([])
  }
  timings.push(`cleanup: ${((Date.now() - start) / 1000).toFixed(1)} s`, `whole file: ${((Date.now() - t0) / 1000).toFixed(1)} s`)
  console.log(`cluster-workloads timings:\n  ${timings.join('\n  ')}`)
})

describe.skipIf(!!problem)('workloads on a 3-node podman cluster', () => {
  it('spreads a 6-replica Deployment 2/2/2 and kubectl rollout status completes', () => timed('deployment 6 replicas', async () => {
    await kcreate(deployment('web', 6))
    const out = await kc(['rollout', 'status', 'deployment/web', '--timeout=240s'], {timeoutMs: 250_000})
    expect(out).toContain('deployment "web" successfully rolled out')
    const pods = await readyPods('app=web', 6, 30_000)
    expect(spread(pods)).toEqual({[N.a]: 2, [N.b]: 2, [N.c]: 2})
    // the containers really run where the pods are bound
    for (const p of pods) expect(await runtimeContainers(p.spec!.nodeName!, {[LABEL.POD_UID]: p.metadata.uid!})).toHaveLength(1)
    const d = await getDeploy('web')
    expect(d.status).toMatchObject({replicas: 6, updatedReplicas: 6, readyReplicas: 6, availableReplicas: 6})
    expect(condition(d, 'Available')?.status).toBe('True')
  }))

  it('rolls out a new image without dropping below replicas - maxUnavailable ready pods', () => timed('rolling update', async () => {
    const sampler = await sampleRollout('web')
    await kc(['set', 'image', 'deployment/web', `main=${image2}`])
    const out = await kc(['rollout', 'status', 'deployment/web', '--timeout=300s'], {timeoutMs: 310_000})
    expect(out).toContain('successfully rolled out')
    const pods = await readyPods('app=web', 6, 120_000)
    const s = sampler.stop()
    console.log(`rolling update samples: ${JSON.stringify(s)}`)
    expect(s.ended).toBe(false)
    expect(s.podEvents).toBeGreaterThan(12)
    // defaults: maxUnavailable 25% of 6 → 1 (rounded down), maxSurge 25% of 6 → 2 (rounded up)
    expect(s.minReady).toBeGreaterThanOrEqual(5)
    expect(s.minAvailable).toBeGreaterThanOrEqual(5)
    expect(s.maxLive).toBeLessThanOrEqual(8)
    expect(pods.map((p) => p.spec!.containers[0].image)).toEqual(Array(6).fill(image2))
    const rss = (await cl.client.list<ReplicaSet>(refs.replicasets, {namespace: 'default', labelSelector: 'app=web'})).items
    expect(rss.map((r) => [r.metadata.annotations?.['deployment.kubernetes.io/revision'], r.spec?.replicas]).sort()).toEqual([['1', 0], ['2', 6]])
  }))

  it('kubectl rollout undo returns to the previous template', () => timed('rollout undo', async () => {
    const before = (await cl.client.list<ReplicaSet>(refs.replicasets, {namespace: 'default', labelSelector: 'app=web'})).items
    const first = before.find((r) => r.metadata.annotations?.['deployment.kubernetes.io/revision'] === '1')!
    const sampler = await sampleRollout('web')
    expect(await kc(['rollout', 'undo', 'deployment/web'])).toContain('rolled back')
    expect(await kc(['rollout', 'status', 'deployment/web', '--timeout=300s'], {timeoutMs: 310_000})).toContain('successfully rolled out')
    const pods = await readyPods('app=web', 6, 120_000)
    const s = sampler.stop()
    console.log(`rollout undo samples: ${JSON.stringify(s)}`)
    expect(s.minReady).toBeGreaterThanOrEqual(5)
    expect(s.minAvailable).toBeGreaterThanOrEqual(5)
    const d = await getDeploy('web')
    expect(d.spec!.template.spec!.containers[0].image).toBe(image)
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3')
    // the first ReplicaSet is reused (same pod-template-hash), now revision 3
    const after = (await cl.client.list<ReplicaSet>(refs.replicasets, {namespace: 'default', labelSelector: 'app=web'})).items
    const reused = after.find((r) => r.metadata.uid === first.metadata.uid)!
    expect(reused.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3')
    expect(reused.spec?.replicas).toBe(6)
    expect(after.filter((r) => r !== reused).map((r) => r.spec?.replicas)).toEqual([0])
    const hash = first.metadata.labels!['pod-template-hash']
    expect(pods.map((p) => [p.metadata.labels?.['pod-template-hash'], p.spec!.containers[0].image])).toEqual(Array(6).fill([hash, image]))
    const history = await kc(['rollout', 'history', 'deployment/web'])
    expect(history).toMatch(/^2\s/m)
    expect(history).toMatch(/^3\s/m)
  }))

  it('deleting a Deployment removes its ReplicaSets, pods and containers', () => timed('delete deployment', async () => {
    const uids = (await listPods('app=web')).map((p) => p.metadata.uid!)
    expect(uids.length).toBeGreaterThanOrEqual(6)
    await kc(['delete', 'deployment', 'web', '--timeout=60s'], {timeoutMs: 70_000})
    await until('ReplicaSets of web gone', async () => (await cl.client.list(refs.replicasets, {namespace: 'default', labelSelector: 'app=web'})).items.length === 0, 60_000)
    await until('pods of web gone', async () => (await listPods('app=web')).length === 0, 120_000)
    await until('containers of web removed', async () => {
      const left = (await Promise.all([N.a, N.b, N.c].map((n) => runtimeContainers(n)))).flat().filter((c) => uids.some((u) => c.includes(u)))
      return left.length === 0 ? true : false
    }, 120_000)
  }))

  it('steers pods with nodeSelector and required node affinity; an unmatched pod waits for a matching node', () => timed('nodeSelector/affinity', async () => {
    const required = (exprs: object[]) => ({affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: exprs}]}}}})
    await kcreate(
      deployment('ssd', 4, {nodeSelector: {[L.disk]: 'ssd'}}),
      deployment('west-hdd', 2, required([{key: L.zone, operator: 'In', values: ['west']}, {key: L.disk, operator: 'NotIn', values: ['ssd']}])),
      pod('mars', required([{key: L.zone, operator: 'In', values: ['mars']}])),
    )
    await unschedulable('mars', "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.")
    const ssd = await readyPods('app=ssd', 4)
    expect(spread(ssd)).toEqual({[N.a]: 2, [N.c]: 2})
    const hdd = await readyPods('app=west-hdd', 2)
    expect(spread(hdd)).toEqual({[N.b]: 2})
    // a node gaining the label makes the waiting pod schedulable (node update requeues it)
    await kc(['label', 'node', N.b, `${L.zone}=mars`, '--overwrite'])
    const mars = await until('mars scheduled', async () => (await getPod('mars')).spec?.nodeName, 60_000)
    expect(mars).toBe(N.b)
    await until('mars running', async () => isPodReady(await getPod('mars')), 120_000)
    await kc(['label', 'node', N.b, `${L.zone}=west`, '--overwrite'])
    // IgnoredDuringExecution: the running pod stays
    await new Promise((r) => setTimeout(r, 3000))
    expect((await getPod('mars')).metadata.deletionTimestamp).toBeUndefined()
    await kc(['delete', 'deployment', 'ssd', 'west-hdd', '--wait=false'])
    await kc(['delete', 'pod', 'mars', '--wait=false'])
  }))

  it('keeps pods off a tainted node unless they tolerate it; a NoExecute taint evicts the intolerant', () => timed('taints/tolerations', async () => {
    const dedicated = 'e2e.mkube.io/dedicated'
    const evict = 'e2e.mkube.io/evict'
    const onC = {nodeSelector: {'kubernetes.io/hostname': N.c}}
    await kc(['taint', 'nodes', N.c, `${dedicated}=special:NoSchedule`])
    await kcreate(
      deployment('plain', 4),
      pod('tolerant', {...onC, tolerations: [{key: dedicated, operator: 'Equal', value: 'special', effect: 'NoSchedule'}, {key: evict, operator: 'Exists', effect: 'NoExecute'}]}),
      pod('intolerant', onC),
    )
    await unschedulable('intolerant', "0/3 nodes are available: 1 node(s) had untolerated taint {e2e.mkube.io/dedicated: special}, 2 node(s) didn't match Pod's node affinity/selector.")
    const plain = await readyPods('app=plain', 4)
    expect(spread(plain)).toEqual({[N.a]: 2, [N.b]: 2})
    await until('tolerant running on c', async () => {
      const p = await getPod('tolerant')
      return p.spec?.nodeName === N.c && isPodReady(p)
    }, 120_000)
    // removing the taint lets the intolerant pod in
    await kc(['taint', 'nodes', N.c, `${dedicated}-`])
    await until('intolerant running on c', async () => {
      const p = await getPod('intolerant')
      return p.spec?.nodeName === N.c && isPodReady(p)
    }, 120_000)
    // a NoExecute taint evicts the pod that does not tolerate it, and only that one
    const uid = (await getPod('intolerant')).metadata.uid
    await kc(['taint', 'nodes', N.c, `${evict}=now:NoExecute`])
    await until('intolerant evicted', async () => {
      const p = await getPod('intolerant').catch(() => undefined)
      return !p || p.metadata.uid !== uid || !!p.metadata.deletionTimestamp
    }, 60_000)
    const tolerant = await getPod('tolerant')
    expect(tolerant.metadata.deletionTimestamp).toBeUndefined()
    expect(isPodReady(tolerant)).toBe(true)
    await kc(['taint', 'nodes', N.c, `${evict}-`])
    await kc(['delete', 'deployment', 'plain', '--wait=false'])
    await kc(['delete', 'pod', 'tolerant', 'intolerant', '--wait=false', '--ignore-not-found'])
  }))

  it('runs a Job to 3 completions 2 at a time, and stops a failing Job at its backoffLimit', () => timed('jobs', async () => {
    const job = (name: string, spec: object, script: string): KubeObject => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {name},
      spec: {...spec, template: {spec: {restartPolicy: 'Never', terminationGracePeriodSeconds: 2, containers: [{...main(), command: ['sh', '-c', script]}]}}},
    })
    // the pods of both jobs, from the start
    const seen = new Map<string, Pod>()
    let maxActive = 0
    const w = cl.client.watch<Pod>(refs.pods, {namespace: 'default', labelSelector: 'job-name in (three,fails)'}, (ev) => {
      if (ev.type === 'BOOKMARK' || ev.type === 'ERROR') return
      if (ev.type === 'DELETED') seen.delete(ev.object.metadata.name!)
      else seen.set(ev.object.metadata.name!, ev.object)
      const active = [...seen.values()].filter((p) => p.metadata.labels?.['job-name'] === 'three' && !p.metadata.deletionTimestamp && !['Succeeded', 'Failed'].includes(p.status?.phase ?? ''))
      maxActive = Math.max(maxActive, active.length)
    })
    try {
      await kcreate(job('three', {completions: 3, parallelism: 2, backoffLimit: 4}, 'sleep 2'), job('fails', {backoffLimit: 1}, 'echo failing; exit 1'))
      const [three, fails] = await Promise.all([
        until('job three Complete', async () => {
          const j = await cl.client.get(refs.jobs, 'three', 'default')
          return condition(j, 'Complete')?.status === 'True' ? j : false
        }, 240_000),
        until('job fails Failed', async () => {
          const j = await cl.client.get(refs.jobs, 'fails', 'default')
          return condition(j, 'Failed')?.status === 'True' ? j : false
        }, 240_000),
      ])
      expect((three as {status?: object}).status).toMatchObject({succeeded: 3})
      const threePods = (await listPods('job-name=three'))
      expect(threePods.map((p) => p.status?.phase)).toEqual(['Succeeded', 'Succeeded', 'Succeeded'])
      expect(maxActive).toBe(2)
      expect(condition(fails, 'Failed')?.reason).toBe('BackoffLimitExceeded')
      expect((fails as {status?: object}).status).toMatchObject({failed: 2})
      // backoffLimit 1: the first pod and one retry, no more
      await new Promise((r) => setTimeout(r, 5000))
      const failPods = await listPods('job-name=fails')
      expect(failPods.map((p) => p.status?.phase)).toEqual(['Failed', 'Failed'])
      expect(await kc(['logs', `job/fails`])).toBe('failing')
    } finally {
      w.stop()
    }
    await kc(['delete', 'job', 'three', 'fails', '--wait=false'])
  }))

  it('keeps a pod asking for more memory than any node has Pending; a node with room takes it; a DaemonSet follows nodes joining and leaving', () => timed('insufficient memory + DaemonSet', async () => {
    const ds: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: {name: 'agent'},
      spec: {selector: {matchLabels: {app: 'agent'}}, template: {metadata: {labels: {app: 'agent'}}, spec: {terminationGracePeriodSeconds: 2, containers: [main()]}}},
    }
    await kcreate(ds, pod('big', {containers: [{...main(), resources: {requests: {memory: '64Gi'}}}]}))
    await unschedulable('big', '0/3 nodes are available: 3 Insufficient memory.')
    expect(await kc(['rollout', 'status', 'daemonset/agent', '--timeout=180s'], {timeoutMs: 190_000})).toContain('successfully rolled out')
    expect(spread(await readyPods('app=agent', 3, 30_000))).toEqual({[N.a]: 1, [N.b]: 1, [N.c]: 1})

    // a node joins with room for it (capacity override): the pod goes there, and so does a daemon pod
    const d = await cl.addNode({name: N.d, ip: '127.0.0.21', kubelet: {...kubeletOpts, capacity: {memory: '128Gi'}}})
    await until('node d Ready', async () => isNodeReady(await cl.client.get(refs.nodes, N.d)), 60_000)
    expect((await cl.client.get<Node>(refs.nodes, N.d)).status?.allocatable?.memory).toBe('128Gi')
    const big = await until('big running', async () => {
      const p = await getPod('big')
      return isPodReady(p) ? p : false
    }, 180_000)
    expect(big.spec!.nodeName).toBe(N.d)
    expect(spread(await readyPods('app=agent', 4))).toEqual({[N.a]: 1, [N.b]: 1, [N.c]: 1, [N.d]: 1})
    await until('DaemonSet status counts 4 nodes', async () => (await cl.client.get<DaemonSet>(refs.daemonsets, 'agent', 'default')).status?.numberReady === 4, 60_000)

    // the node leaves: its agent stops and the Node is deleted; the DaemonSet drops its pod there
    await d.stop()
    await removeRuntimeObjects(N.d)
    await kc(['delete', 'node', N.d])
    await until('daemon pod of d gone', async () => {
      const pods = await listPods('app=agent')
      return pods.length === 3 && pods.every((p) => p.spec?.nodeName !== N.d)
    }, 60_000)
    await until('DaemonSet desires 3', async () => (await cl.client.get<DaemonSet>(refs.daemonsets, 'agent', 'default')).status?.desiredNumberScheduled === 3, 60_000)
    // nothing deletes a plain pod bound to a deleted node here (upstream's pod GC would): remove it by hand
    await kc(['delete', 'pod', 'big', '--grace-period=0', '--force', '--ignore-not-found'])
    cl.nodes.delete(N.d)

    // deleting the DaemonSet removes its pods
    await kc(['delete', 'daemonset', 'agent', '--wait=false'])
    await until('daemon pods gone', async () => (await listPods('app=agent')).length === 0, 120_000)
  }))

  it('deleting a namespace empties it, then the namespace goes away', () => timed('namespace deletion', async () => {
    const ns = 'cw-doomed'
    // (not `kubectl create namespace`: kubectl's typed create sends a protobuf body, which the API server rejects)
    await kcreate({apiVersion: 'v1', kind: 'Namespace', metadata: {name: ns}})
    await kcreate(
      deployment('inner', 2, {}, ns),
      pod('loner', {}, ns),
      {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'settings', namespace: ns}, data: {a: 'b'}} as KubeObject,
    )
    await readyPods('app=inner', 2, 180_000, ns)
    await until('loner running', async () => isPodReady(await getPod('loner', ns)), 120_000)
    const uids = (await cl.client.list<Pod>(refs.pods, {namespace: ns})).items.map((p) => p.metadata.uid!)
    expect(uids).toHaveLength(3)
    await kc(['delete', 'namespace', ns, '--wait=false'])
    const phase = await until('namespace Terminating', async () => {
      const p = await cl.client.get(refs.namespaces, ns).then((n) => (n as {status?: {phase?: string}}).status?.phase, () => 'gone already')
      return p === 'Active' ? false : p
    }, 30_000)
    expect(['Terminating', 'gone already']).toContain(phase)
    await until('namespace gone', async () => cl.client.get(refs.namespaces, ns).then(() => false, (e: {code?: number; status?: number}) => (e.code ?? e.status) === 404), 180_000)
    for (const r of [refs.pods, refs.deployments, refs.replicasets, refs.configmaps]) expect((await cl.client.list(r, {namespace: ns})).items).toEqual([])
    await until('containers of the namespace removed', async () => {
      const left = (await Promise.all([N.a, N.b, N.c].map((n) => runtimeContainers(n, {[LABEL.POD_NAMESPACE]: ns})))).flat()
      return left.length === 0
    }, 60_000)
  }))

  it('a node killed with -9 goes Unknown and its pods are replaced on the other nodes', () => timed('node failure', async () => {
    const shortTolerations = {tolerations: [
      {key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10},
      {key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10},
    ]}
    // "patient" keeps the API server's default 300 s tolerations: it must still be there afterwards
    await kcreate(deployment('survivor', 6, shortTolerations), deployment('patient', 1, {nodeSelector: {'kubernetes.io/hostname': N.c}}))
    const before = await readyPods('app=survivor', 6)
    const patient = (await readyPods('app=patient', 1))[0]
    const onC = before.filter((p) => p.spec!.nodeName === N.c).map((p) => p.metadata.name!)
    expect(onC.length, `survivor pods on ${N.c}: ${JSON.stringify(spread(before))}`).toBeGreaterThan(0)

    const killedAt = Date.now()
    await cl.nodes.get(N.c)!.kill()
    const node = await until('node c Ready Unknown', async () => {
      const n = await cl.client.get<Node>(refs.nodes, N.c)
      return condition(n, 'Ready')?.status === 'Unknown' ? n : false
    }, (GRACE_S + 40) * 1000)
    const unknownAfter = (Date.now() - killedAt) / 1000
    timings.push(`node c Unknown after ${unknownAfter.toFixed(1)} s (grace ${GRACE_S} s)`)
    expect(condition(node, 'Ready')).toMatchObject({reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.'})
    await until('unreachable NoExecute taint', async () => ((await cl.client.get<Node>(refs.nodes, N.c)).spec?.taints ?? []).some((t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute'), 30_000)
    // pods on the lost node are marked not ready
    await until('patient marked not ready', async () => condition(await getPod(patient.metadata.name!), 'Ready')?.status === 'False', 30_000)

    // after the 10 s toleration: evicted (Terminating: no kubelet finishes them) and replaced elsewhere
    await until('survivor pods on c evicted', async () => {
      const ps = await Promise.all(onC.map((n) => getPod(n).catch(() => undefined)))
      return ps.every((p) => !p || !!p.metadata.deletionTimestamp)
    }, 90_000)
    const replaced = await readyPods('app=survivor', 6, 180_000)
    expect(replaced.every((p) => p.spec!.nodeName !== N.c)).toBe(true)
    const d = await until('survivor available again', async () => {
      const d = await getDeploy('survivor')
      return d.status?.availableReplicas === 6 && condition(d, 'Available')?.status === 'True' ? d : false
    }, 60_000)
    expect(d.status?.unavailableReplicas ?? 0).toBe(0)
    timings.push(`survivor available on the other nodes ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill`)
    // the pod tolerating unreachable for the default 300 s is not evicted yet
    expect((await getPod(patient.metadata.name!)).metadata.deletionTimestamp).toBeUndefined()
    const evicted = await getPod(onC[0]).catch(() => undefined)
    if (evicted) expect(condition(evicted, 'DisruptionTarget')).toMatchObject({status: 'True', reason: 'DeletionByTaintManager'})
  }))
})
