/**
 * Scale: 1,000 hollow nodes and 30,000 pods on one master (--quick: 100 nodes, 3,000 pods).
 *
 * Method. A master child (`mkube master start --no-node`, scheduler and controllers) on a fresh data
 * directory, and a second child running `mkube node simulate --count N` (hollow nodes: real kubelets on the
 * fake runtime — join, Node, Lease every 10 s, pod informer, pod status — cpu 4, memory 8Gi, pods 110
 * each; see src/node/simulate.ts). The hollow nodes run in their own process so that neither their CPU nor
 * their event loop is counted in the bench process's probe latencies. Once every node is Ready, P pods are
 * created as P/1000 Deployments of 1,000 busybox replicas (namespace `scale`, created back to back; the
 * ReplicaSet controller creates the pods in slow-start batches, the scheduler places them), and the
 * benchmark waits until the Deployments report P ready replicas (polled every 2 s) or its time budget
 * (7 min, --quick 3 min) runs out — then it reports how far it got instead.
 * Measured: master VmRSS every second (peak = VmHWM, and at the end; target ≤ 1 GiB), the hollow-node
 * process's VmRSS, a probe client's latency during the pod phase (an admin Client on its own connection
 * alternating GET and PUT of one ConfigMap, one call every 100 ms; target p99 ≤ 1 s, the Kubernetes SLO for
 * single-object calls), node start-up (simulate's own report) and time to all nodes Ready, time from the
 * first Deployment create to all pods Ready, and the time to list every pod — through the client
 * (`client.list(pods)` across namespaces, 3 times) and as a user would (`node bin/run.js get pods -A`
 * with the admin kubeconfig, output counted and discarded, 2 times).
 */
import {spawn, execFile} from 'node:child_process'
import {promisify} from 'node:util'
import {busyboxDeployment, DEPLOYMENTS, NAMESPACES, NODES, PODS, startBenchMaster, waitFor} from './lib/cluster.js'
import {adminClient, CONFIGMAPS, configMap, mkubeBin, readRssMiB, removeDir, repoRoot, tempDir} from './lib/master.js'
import {metric, round} from './lib/stats.js'

export const name = 'scale'
export const title = '1,000 simulated nodes + 30,000 pods'
export const method =
  'master child + `mkube node simulate` child (N hollow nodes); P pods as Deployments of 1,000 replicas; master RSS, probe GET/PUT latency, time to all Running, list-all-pods time (client and `get pods -A`); N=1,000 P=30,000 (--quick 100/3,000)'

const execFileP = promisify(execFile)
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const isNodeReady = (n) => (n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')

/** Spawns `mkube node simulate` and resolves once it printed that its nodes joined. */
async function spawnSimulate(master, count, dataDir) {
  const args = [mkubeBin, 'node', 'simulate', '--count', String(count), '--server', master.m.url, '--token', master.token, '--data-dir', dataDir, '--start-concurrency', '16']
  const proc = spawn(process.execPath, args, {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, NO_COLOR: '1'}})
  let out = ''
  proc.stdout.on('data', (d) => (out += d))
  proc.stderr.on('data', (d) => (out += d))
  const joined = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node simulate did not finish starting in 5 min:\n${out.slice(-2000)}`)), 5 * 60_000)
    proc.stdout.on('data', () => {
      const m = /joined \S+ in ([\d.]+) s/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(Number(m[1]) * 1000)
      }
    })
    proc.on('exit', (code, sig) => {
      clearTimeout(timer)
      reject(new Error(`node simulate exited (${code ?? sig}):\n${out.slice(-2000)}`))
    })
  })
  return {
    proc,
    startMs: joined,
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve()
        const t = setTimeout(() => proc.kill('SIGKILL'), 30_000)
        proc.once('exit', () => {
          clearTimeout(t)
          resolve()
        })
        proc.kill('SIGTERM')
      }),
  }
}

/** Probe client: alternating GET and PUT of one ConfigMap, one call every `everyMs`, until stopped. */
async function startProbe(client, everyMs = 100) {
  const ns = 'default'
  let cm = await client.create(CONFIGMAPS, configMap('scale-probe', ns, 512), ns)
  const samples = []
  const errors = []
  let stopped = false
  const loop = (async () => {
    for (let i = 0; !stopped; i++) {
      const t0 = performance.now()
      try {
        if (i % 2 === 0) await client.get(CONFIGMAPS, 'scale-probe', ns)
        else cm = await client.update(CONFIGMAPS, {...cm, data: {...cm.data, tick: String(i)}}, ns)
        samples.push(performance.now() - t0)
      } catch (e) {
        errors.push(String(e.message ?? e))
      }
      const wait = everyMs - (performance.now() - t0)
      if (wait > 0) await sleep(wait)
    }
  })()
  return {
    samples,
    errors,
    async stop() {
      stopped = true
      await loop
    },
  }
}

export async function run({quick, log}) {
  // MKUBE_BENCH_SCALE=<nodes>,<pods>[,<budget s>] overrides the sizes (for profiling a smaller run)
  const override = (process.env.MKUBE_BENCH_SCALE ?? '').split(',').filter(Boolean).map(Number)
  const nodes = override[0] || (quick ? 100 : 1000)
  const pods = override[1] || (quick ? 3000 : 30_000)
  const perDeployment = Math.min(1000, pods)
  const budgetMs = (override[2] || (quick ? 180 : 420)) * 1000
  const master = await startBenchMaster()
  const simDir = tempDir('mkube-bench-hollow-')
  let sim
  let probe
  const rssTrace = []
  const simRssTrace = []
  const sampler = setInterval(() => {
    try {
      rssTrace.push(round(readRssMiB(master.m.pid)))
      if (sim?.proc.pid) simRssTrace.push(round(readRssMiB(sim.proc.pid)))
    } catch {
      // a process just exited
    }
  }, 1000)
  const probeClient = await adminClient(master.dataDir, master.m.url)
  const listClient = await adminClient(master.dataDir, master.m.url)
  const metrics = []
  const notes = {}
  try {
    // ── nodes ──
    const tNodes = performance.now()
    sim = await spawnSimulate(master, nodes, simDir)
    log(`${nodes} hollow nodes joined in ${round(sim.startMs / 1000)} s (simulate's report)`)
    await waitFor(`${nodes} nodes Ready`, async () => (await master.client.list(NODES)).items.filter(isNodeReady).length >= nodes, 120_000, 1000)
    const nodesReadyMs = performance.now() - tNodes
    log(`${nodes} nodes Ready after ${round(nodesReadyMs / 1000)} s; master RSS ${round(readRssMiB(master.m.pid))} MiB`)
    const rssAfterNodes = readRssMiB(master.m.pid)

    // ── pods ──
    await master.client.create(NAMESPACES, {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'scale'}})
    await sleep(1000) // the namespace's default ServiceAccount (pods wait for it otherwise)
    probe = await startProbe(probeClient)
    const tPods = performance.now()
    const deployments = Math.ceil(pods / perDeployment)
    for (let d = 0; d < deployments; d++) {
      const replicas = Math.min(perDeployment, pods - d * perDeployment)
      await master.client.create(DEPLOYMENTS, busyboxDeployment(`scale-${d}`, replicas, {namespace: 'scale'}), 'scale')
    }
    let ready = 0
    let lastLog = 0
    let completed = true
    try {
      await waitFor(`${pods} pods Ready`, async () => {
        const list = await master.client.list(DEPLOYMENTS, {namespace: 'scale'})
        ready = list.items.reduce((s, x) => s + (x.status?.readyReplicas ?? 0), 0)
        if (performance.now() - lastLog > 15_000) {
          lastLog = performance.now()
          log(`${ready}/${pods} pods Ready after ${round((performance.now() - tPods) / 1000)} s; master RSS ${round(readRssMiB(master.m.pid))} MiB`)
        }
        return ready >= pods
      }, budgetMs, 2000)
    } catch (e) {
      completed = false
      notes.incomplete = `${e.message}: ${ready} of ${pods} Ready`
      log(notes.incomplete)
    }
    const podsMs = performance.now() - tPods
    await probe.stop()
    log(`pods: ${completed ? 'all' : ready} Ready after ${round(podsMs / 1000)} s; probe p99 over ${probe.samples.length} calls`)

    // ── list every pod ──
    const listMs = []
    let listed = 0
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now()
      const all = await listClient.list(PODS)
      listMs.push(performance.now() - t0)
      listed = all.items.length
    }
    const cliMs = []
    let cliLines = 0
    for (let i = 0; i < 2; i++) {
      const t0 = performance.now()
      const {stdout} = await execFileP(process.execPath, [mkubeBin, 'get', 'pods', '-A', '--kubeconfig', master.m.kubeconfig], {cwd: repoRoot, maxBuffer: 1 << 30, env: {...process.env, NO_COLOR: '1'}, timeout: 300_000})
      cliMs.push(performance.now() - t0)
      cliLines = stdout.split('\n').filter(Boolean).length
    }
    const rssEnd = readRssMiB(master.m.pid)
    const rssPeak = readRssMiB(master.m.pid, 'VmHWM')
    metrics.push(
      metric({metric: 'master RSS peak (VmHWM)', unit: 'MB', samples: [rssPeak], target: {op: '<=', value: 1024}, note: `RSS ${round(rssAfterNodes)} MiB with ${nodes} nodes, before pods`}),
      metric({metric: 'master RSS at the end', unit: 'MB', samples: [rssEnd], target: {op: '<=', value: 1024}}),
      metric({metric: 'hollow-node process RSS peak', unit: 'MB', samples: [simRssTrace.length ? Math.max(...simRssTrace) : Number.NaN], note: `${nodes} kubelets in one process`}),
      metric({metric: 'probe GET/PUT latency during the pod phase', unit: 'ms', samples: probe.samples, target: {op: '<=', value: 1000}, note: `${probe.errors.length} errors; Kubernetes SLO 1 s p99`}),
      metric({metric: `${nodes} nodes: join + register (simulate)`, unit: 'ms', samples: [sim.startMs]}),
      metric({metric: `${nodes} nodes: spawn → all Ready`, unit: 'ms', samples: [nodesReadyMs]}),
      completed
        ? metric({metric: `${pods} pods: first Deployment create → all Ready`, unit: 'ms', samples: [podsMs], note: `${round((pods * 1000) / podsMs)} pods/s`})
        : metric({metric: `${pods} pods: first Deployment create → all Ready`, status: 'not measured', note: notes.incomplete}),
      metric({metric: `list all pods, client (${listed})`, unit: 'ms', samples: listMs}),
      metric({metric: `\`mkube get pods -A\` (${cliLines - 1} rows)`, unit: 'ms', samples: cliMs, note: 'node bin/run.js, process start included'}),
    )
    return {
      params: {nodes, pods, perDeployment, budgetMs, completed, readyPods: ready},
      metrics,
      traces: {masterRssMiB: rssTrace, simulateRssMiB: simRssTrace},
    }
  } finally {
    clearInterval(sampler)
    await probe?.stop()
    probeClient.close()
    listClient.close()
    await sim?.stop()
    await master.stop()
    removeDir(simDir)
  }
}

