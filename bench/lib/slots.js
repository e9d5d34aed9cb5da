/**
 * The benchmark slots the runner knows about, in the order it runs them. A slot whose file exists runs;
 * one whose file does not exist yet is listed as "pending: <what is missing>". Any other
 * bench/<name>.bench.js is picked up automatically after these (alphabetically), so a new benchmark needs
 * no change here unless it should be listed while it does not exist yet.
 *
 *   name     result name (bench/results/<name>.json) and what `node bench/run.js <name>` selects
 *   file     the module under bench/ following the convention (export name, title, method, run(opts))
 *   script   alternatively a standalone script under bench/ (run as `node bench/<script>`) that writes
 *            bench/results/<name>.json itself; `adapt(json)` turns its JSON into metric records
 *   missing  why it is pending while neither file exists
 */
import {metric, round} from './stats.js'

export const slots = [
  {name: 'footprint', file: 'footprint.bench.js', title: 'master start-up time and idle memory'},
  {name: 'api-throughput', file: 'api-throughput.bench.js', title: 'API creates/s and gets/s, 8 clients over HTTPS'},
  {name: 'latency', file: 'latency.bench.js', title: 'mutating-call latency under 200 writes/s of churn'},
  {name: 'watch-latency', file: 'watch-latency.bench.js', title: 'write acknowledgement → watch event, same and second API server'},
  {name: 'store', file: 'store.bench.js', title: 'Store writes/s vs raw better-sqlite3; database size under churn'},
  {
    name: 'pod-start',
    file: 'pod-start.bench.js',
    title: 'pod start on podman vs bare `podman run -d`',
    missing: 'bench/pod-start.bench.js not written yet (needs a node running pods on podman)',
  },
  {
    name: 'deployment',
    file: 'deployment.bench.js',
    title: 'Deployment of 50 replicas → all Ready',
    missing: 'bench/deployment.bench.js not written yet (needs controllers + scheduler + a node running pods)',
  },
  {
    name: 'scheduler',
    file: 'scheduler.bench.js',
    script: 'scheduler.ts',
    title: 'scheduler pods/s (1,000 nodes, 10,000 pods)',
    missing: 'bench/scheduler.ts (scheduler benchmark) not written yet',
    adapt: adaptScheduler,
  },
  {
    name: 'scale',
    file: 'scale.bench.js',
    title: '1,000 simulated nodes + 30,000 pods',
    missing: 'bench/scale.bench.js not written yet (needs simulated/hollow nodes)',
  },
  {
    name: 'proxy',
    file: 'proxy.bench.js',
    title: 'service proxy throughput',
    missing: 'bench/proxy.bench.js not written yet (needs the node\'s service proxy)',
  },
]

/** bench/results/scheduler.json (written by bench/scheduler.ts) → metric records. */
function adaptScheduler(j) {
  if (typeof j?.podsPerSecond !== 'number') return [metric({metric: 'pods/s', status: 'not measured', note: 'unexpected scheduler.json format; see the file'})]
  const runs = Array.isArray(j.runs) ? j.runs.map((r) => r.podsPerSecond).filter((x) => typeof x === 'number') : [j.podsPerSecond]
  const target = typeof j.targetPodsPerSecond === 'number' ? {op: '>=', value: j.targetPodsPerSecond} : undefined
  const out = [
    metric({
      metric: 'pods/s (scheduling core)',
      unit: '/s',
      better: 'higher',
      samples: runs,
      value: j.podsPerSecond,
      median: j.podsPerSecond,
      target,
      note: `${j.method ?? ''}; p99 column = slowest run`.trim(),
    }),
  ]
  if (typeof j.fullScanPodsPerSecond === 'number') {
    out.push(metric({metric: 'pods/s (every node scored)', unit: '/s', better: 'higher', samples: [j.fullScanPodsPerSecond], note: 'percentageOfNodesToScore 100, one run'}))
  }
  return out.map((m) => ({...m, value: round(m.value)}))
}
