/**
 * Scheduler benchmark: how fast the pure scheduling core places pods.
 *
 * Method: 1,000 in-memory nodes (4 cpu, 16Gi, 110 pods; spread over 3 zones) and 10,000 pending pods
 * (100 ReplicaSets of 100 replicas, requests 100m–400m cpu and 128Mi–512Mi memory; every 10th
 * ReplicaSet also has a preferred node affinity). Each pod goes through what the real scheduler does
 * per pod between popping it and writing its binding: PodInfo computation, one Framework.schedule cycle
 * over the SchedulerCache (all default filters and scores; adaptive percentageOfNodesToScore, i.e. 42%
 * of 1,000 nodes), then cache.assume on the chosen node. The binding call (I/O to the API server) is
 * excluded. A run times all 10,000 pods with a fresh cache; three runs, the median is reported
 * (the first run includes JIT warm-up). One more run evaluating every node (percentageOfNodesToScore 100)
 * is reported as fullScanPodsPerSecond. Results go to bench/results/scheduler.json.
 *
 * Run: `npm run build && node bench/scheduler.ts` (Node ≥ 22.18/23.6 strips the types of this file).
 * It imports the compiled scheduler from dist/ (set MKUBE_DIST to another build directory if needed),
 * since Node cannot run src/ directly (its imports name .js files that only exist once compiled). The
 * `import type` below is erased at run time and gives tsc the types.
 */
import {mkdirSync, writeFileSync} from 'node:fs'
import {pathToFileURL} from 'node:url'
import type * as Sched from '../src/scheduler/index.js'

const PODS = 10_000
const NODES = 1_000
const RUNS = 3
const TARGET = 1_000

const distDir = process.env.MKUBE_DIST ? pathToFileURL(process.env.MKUBE_DIST.replace(/\/?$/, '/')) : new URL('../dist/', import.meta.url)
let s: typeof Sched
try {
  s = (await import(new URL('scheduler/index.js', distDir).href)) as typeof Sched
} catch (err) {
  console.error(`cannot load the compiled scheduler from ${distDir.href}scheduler/index.js — run \`npm run build\` first (${(err as Error).message})`)
  process.exit(1)
}

function nodes() {
  return Array.from({length: NODES}, (_, i) =>
    s.makeNode(`node-${String(i).padStart(4, '0')}`, {cpu: '4', memory: '16Gi', pods: 110, labels: {'topology.kubernetes.io/zone': `zone-${i % 3}`, disk: i % 2 ? 'ssd' : 'hdd'}}),
  )
}

function pods() {
  return Array.from({length: PODS}, (_, i) => {
    const rs = i % 100
    const pod = s.makePod(`web-${rs}-${Math.floor(i / 100)}`, {owner: `web-${rs}`, labels: {app: `web-${rs}`}, cpu: `${100 + (rs % 4) * 100}m`, memory: `${128 << rs % 3}Mi`})
    if (rs % 10 === 0) {
      pod.spec!.affinity = {nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 50, preference: {matchExpressions: [{key: 'disk', operator: 'In', values: ['ssd']}]}}]}}
    }
    return pod
  })
}

function run(nodeObjs: ReturnType<typeof nodes>, podObjs: ReturnType<typeof pods>, percentageOfNodesToScore = 0): {seconds: number; minPerNode: number; maxPerNode: number} {
  const cache = new s.SchedulerCache()
  for (const n of nodeObjs) cache.addNode(n)
  const fw = new s.Framework({percentageOfNodesToScore})
  const t0 = performance.now()
  for (const pod of podObjs) {
    const info = s.podInfo(pod)
    const r = fw.schedule(info, cache.nodes())
    if (!r.ok) throw new Error(`${info.key}: ${r.message}`)
    cache.assume(info, r.node)
  }
  const seconds = (performance.now() - t0) / 1000
  const counts = cache.nodes().map((n) => n.pods.size)
  return {seconds, minPerNode: Math.min(...counts), maxPerNode: Math.max(...counts)}
}

const nodeObjs = nodes()
const podObjs = pods()
const runs: {seconds: number; podsPerSecond: number; minPerNode: number; maxPerNode: number}[] = []
for (let i = 0; i < RUNS; i++) {
  const r = run(nodeObjs, podObjs)
  runs.push({...r, seconds: Number(r.seconds.toFixed(3)), podsPerSecond: Math.round(PODS / r.seconds)})
  console.log(`run ${i + 1}: ${PODS} pods on ${NODES} nodes in ${r.seconds.toFixed(2)} s = ${Math.round(PODS / r.seconds)} pods/s (pods per node ${r.minPerNode}–${r.maxPerNode})`)
}
const median = [...runs].sort((a, b) => a.podsPerSecond - b.podsPerSecond)[Math.floor(RUNS / 2)].podsPerSecond
// for reference: one run filtering and scoring every node (percentageOfNodesToScore 100)
const full = run(nodeObjs, podObjs, 100)
const fullScanPodsPerSecond = Math.round(PODS / full.seconds)
console.log(`every node evaluated: ${fullScanPodsPerSecond} pods/s (pods per node ${full.minPerNode}–${full.maxPerNode})`)
const result = {
  name: 'scheduler',
  pods: PODS,
  nodes: NODES,
  podsPerSecond: median,
  runs,
  targetPodsPerSecond: TARGET,
  percentageOfNodesToScore: 'adaptive (42% of 1,000 nodes)',
  fullScanPodsPerSecond,
  method: 'pure core: podInfo + Framework.schedule + SchedulerCache.assume per pod, binding excluded; median of 3 runs',
}
const out = new URL('results/', import.meta.url)
mkdirSync(out, {recursive: true})
writeFileSync(new URL('scheduler.json', out), JSON.stringify(result, null, 2) + '\n')
console.log(`median ${median} pods/s (target ${TARGET}) → bench/results/scheduler.json`)
if (median < TARGET) process.exitCode = 1
