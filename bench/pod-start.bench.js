/**
 * Pod start-up on real podman, against a bare `podman run -d` of the same image in the same run.
 *
 * Method. A master child (`mkube master start --no-node`: API server, scheduler, controllers) on a fresh
 * data directory, and one node agent in the bench process (dist/node/agent.js: join, kubelet and its
 * server, no proxy) named `bench-node` with node IP 127.0.0.61 on podman. N busybox pods
 * (localhost/busybox:latest, imagePullPolicy IfNotPresent, `sleep 3600`, no service account token, no
 * service links; not bound: the scheduler places them) are created one after another; each is timed from
 * the start of the create call to the first watch event (one admin watch on the namespace, opened before)
 * that shows status.phase Running. Interleaved with them, the same number of bare
 * `podman run -d localhost/busybox:latest sleep 3600` (each with a label of this benchmark), timed until
 * the command returns. Two untimed warm-ups of each first. N = 50 (--quick 10). Reported: p50/p99 of both,
 * the ratio of the medians (target ≤ 1.5) and the pod p99 (target ≤ 1.5 s; the Kubernetes SLO is 5 s at
 * the 99th percentile, excluding image pulls). A third interleaved series times podman's own pod sequence
 * (`pod create`, `pod start`, `create --pod`, `start`: an infra container holding the network namespace,
 * then the app container) — the floor of any pod through the CLI — and its ratio shows what mkube adds.
 * A fourth series runs the same four steps as requests to podman's REST API (the socket the runtime
 * itself finds or starts, see src/runtime/podman-service.ts): the floor of a pod with no process per
 * step, i.e. two container starts (infra, app) against the bare run's one. The RSS of the podman API
 * service processes is reported too (one per host and configuration, shared by its nodes).
 * Cleanup: the pods are deleted through the API, then whatever podman objects carry the node's label (io.mkube.node=bench-node) or this benchmark's label are
 * force-removed. Without podman (or the image) the metrics are "pending: podman not usable".
 */
import {busyboxPod, podman, podmanProblem, PODS, removeNodeContainers, startAgent, startBenchMaster, waitFor, watchPods} from './lib/cluster.js'
import {execFileSync} from 'node:child_process'
import {dist} from './lib/dist.js'
import {readRssMiB} from './lib/master.js'
import {metric, round, summarize} from './lib/stats.js'

export const name = 'pod-start'
export const title = 'pod start on podman vs bare `podman run -d`'
export const method =
  'master child + in-process node agent (podman, node bench-node on 127.0.0.61); N sequential busybox pods, create call → phase Running seen on a watch; interleaved bare `podman run -d` of the same image timed until it returns; N=50 (--quick 10)'

const NODE = 'bench-node'
const NODE_IP = '127.0.0.61'
const BARE_LABEL = 'io.mkube.bench=pod-start'

/** VmRSS (MiB) of each running `podman system service` process. */
function podmanServiceRss() {
  let pids = []
  try {
    pids = execFileSync('pgrep', ['-f', '^podman system service'], {encoding: 'utf8'}).split('\n').filter(Boolean)
  } catch {
    return []
  }
  return pids.flatMap((pid) => {
    try {
      return [readRssMiB(pid)]
    } catch {
      return []
    }
  })
}

/** Removes the bare containers and pods this benchmark started (by its label). */
async function removeBare() {
  const pods = (await podman(['pod', 'ps', '-q', '--filter', `label=${BARE_LABEL}`]).catch(() => '')).split('\n').filter(Boolean)
  if (pods.length) await podman(['pod', 'rm', '-f', '-t', '0', ...pods], 120_000).catch(() => undefined)
  const ids = (await podman(['ps', '-aq', '--filter', `label=${BARE_LABEL}`]).catch(() => '')).split('\n').filter(Boolean)
  if (ids.length) await podman(['rm', '-f', '-t', '0', ...ids], 120_000).catch(() => undefined)
}

export async function run({quick, log}) {
  const problem = await podmanProblem()
  if (problem) {
    return {
      params: {},
      metrics: [
        metric({metric: 'pod create → Running', unit: 'ms', status: 'pending', note: problem}),
        metric({metric: 'pod start / bare podman run (medians)', unit: '×', status: 'pending', note: problem}),
      ],
    }
  }
  const n = quick ? 10 : 50
  const warm = 2
  await removeNodeContainers(NODE)
  await removeBare()
  const master = await startBenchMaster()
  let node
  let watch
  const ns = 'default'
  try {
    node = await startAgent(master, {nodeName: NODE, nodeIP: NODE_IP})
    if (!node.agent.runtime) throw new Error(`the node has no runtime: ${node.agent.runtimeProblem}`)
    log(`master ${master.m.url}, node ${NODE} on ${node.agent.runtime.name}`)
    const runningAt = new Map()
    const waiters = new Map()
    watch = await watchPods(master.client, {namespace: ns}, (p, at) => {
      const nm = p.metadata.name
      if (p.status?.phase === 'Running' && !runningAt.has(nm)) {
        runningAt.set(nm, at)
        waiters.get(nm)?.()
      }
    })
    const startPod = async (podName) => {
      const seen = new Promise((resolve) => waiters.set(podName, resolve))
      const t0 = performance.now()
      await master.client.create(PODS, busyboxPod(podName, {namespace: ns}), ns)
      let timer
      const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`pod ${podName} not Running after 60 s`)), 60_000)))
      await Promise.race([seen, timeout]).finally(() => clearTimeout(timer))
      return runningAt.get(podName) - t0
    }
    const bareRun = async (i) => {
      const t0 = performance.now()
      await podman(['run', '-d', '--label', BARE_LABEL, '--name', `mkube-bench-bare-${process.pid}-${i}`, 'localhost/busybox:latest', 'sleep', '3600'])
      return performance.now() - t0
    }
    // the floor of a pod through podman's CLI: a pod (infra container: network namespace) and one container in it
    const barePod = async (i) => {
      const name = `mkube-bench-barepod-${process.pid}-${i}`
      const t0 = performance.now()
      await podman(['pod', 'create', '--label', BARE_LABEL, '--name', name])
      await podman(['pod', 'start', name])
      await podman(['create', '--pod', name, '--label', BARE_LABEL, '--name', `${name}-c`, 'localhost/busybox:latest', 'sleep', '3600'])
      await podman(['start', `${name}-c`])
      return performance.now() - t0
    }
    const {locatePodmanApi} = await dist('runtime/podman-service.js')
    const located = await locatePodmanApi({mode: 'auto', binary: 'podman'})
    if (!located.client) log(`podman API: ${located.reason}`)
    const api = located.client
    // the same pod sequence as requests to podman's REST API: no podman process per step
    const apiPod = async (i) => {
      const name = `mkube-bench-apipod-${process.pid}-${i}`
      const labels = {[BARE_LABEL.split('=')[0]]: BARE_LABEL.split('=')[1]}
      const t0 = performance.now()
      await api.post('/pods/create', 'pod create', [], {name, labels})
      await api.post(`/pods/${name}/start`, 'pod start', [304])
      await api.post('/containers/create', 'create', [], {name: `${name}-c`, pod: name, labels, image: 'localhost/busybox:latest', command: ['sleep', '3600']})
      await api.post(`/containers/${name}-c/start`, 'start', [304])
      return performance.now() - t0
    }
    for (let i = 0; i < warm; i++) {
      await startPod(`warm-${i}`)
      await bareRun(`warm-${i}`)
      await barePod(`warm-${i}`)
      if (api) await apiPod(`warm-${i}`)
    }
    const podMs = []
    const bareMs = []
    const barePodMs = []
    const apiPodMs = []
    for (let i = 0; i < n; i++) {
      podMs.push(await startPod(`start-${i}`))
      bareMs.push(await bareRun(i))
      barePodMs.push(await barePod(i))
      if (api) apiPodMs.push(await apiPod(i))
      if ((i + 1) % 10 === 0) log(`${i + 1}/${n}: pod ${round(podMs.at(-1))} ms, bare run ${round(bareMs.at(-1))} ms, bare pod ${round(barePodMs.at(-1))} ms, API pod ${round(apiPodMs.at(-1) ?? NaN)} ms`)
    }
    const serviceRss = podmanServiceRss()
    const ps = summarize(podMs)
    const bs = summarize(bareMs)
    const bps = summarize(barePodMs)
    const ratios = podMs.map((x, i) => x / bareMs[i])
    return {
      params: {pods: n, warmUps: warm, node: NODE, nodeIP: NODE_IP, image: 'localhost/busybox:latest'},
      metrics: [
        metric({metric: 'pod create → Running', unit: 'ms', samples: podMs, target: {op: '<=', value: 1500}, note: 'Kubernetes SLO: 5 s p99'}),
        metric({metric: 'bare `podman run -d`', unit: 'ms', samples: bareMs}),
        metric({
          metric: 'pod start / bare podman run (medians)',
          unit: '×',
          samples: ratios,
          value: ps.median / bs.median,
          median: ps.median / bs.median,
          p99: ps.p99 / bs.p99,
          target: {op: '<=', value: 1.5},
          note: 'p99 column: ratio of the p99s',
        }),
        metric({metric: 'bare podman pod: pod create+start, create+start', unit: 'ms', samples: barePodMs, note: 'the CLI floor of a pod with its own network namespace'}),
        metric({
          metric: 'pod start / bare podman pod (medians)',
          unit: '×',
          samples: podMs.map((x, i) => x / barePodMs[i]),
          value: ps.median / bps.median,
          median: ps.median / bps.median,
          p99: ps.p99 / bps.p99,
          note: 'what mkube adds over podman\'s own pod sequence (API, scheduling, kubelet, status)',
        }),
        ...(api
          ? [
              metric({metric: 'podman pod over its REST API: the same 4 steps', unit: 'ms', samples: apiPodMs, note: 'the floor: two container starts (infra, app), no podman process per step'}),
              metric({
                metric: 'podman API pod floor / bare podman run (medians)',
                unit: '×',
                samples: apiPodMs.map((x, i) => x / bareMs[i]),
                value: summarize(apiPodMs).median / bs.median,
                median: summarize(apiPodMs).median / bs.median,
                p99: summarize(apiPodMs).p99 / bs.p99,
                note: 'no pod with an infra container can start faster than this ratio on this host',
              }),
              metric({
                metric: 'pod start / podman API pod floor (medians)',
                unit: '×',
                samples: podMs.map((x, i) => x / apiPodMs[i]),
                value: ps.median / summarize(apiPodMs).median,
                median: ps.median / summarize(apiPodMs).median,
                p99: ps.p99 / summarize(apiPodMs).p99,
                note: 'what mkube adds over podman itself',
              }),
            ]
          : []),
        ...(serviceRss.length ? [metric({metric: 'podman API service RSS', unit: 'MiB', samples: serviceRss, note: `${serviceRss.length} service process(es) on this host; one per podman configuration, shared by its nodes`})] : []),
      ],
    }
  } finally {
    watch?.stop()
    await master.client.deleteCollection(PODS, ns, {}, {gracePeriodSeconds: 0}).catch(() => undefined)
    await waitFor('pods deleted', async () => (await master.client.list(PODS, {namespace: ns})).items.length === 0, 60_000, 500).catch((e) => log(e.message))
    await node?.stop().catch(() => undefined)
    await master.stop()
    await removeNodeContainers(NODE)
    await removeBare()
  }
}
