/**
 * Service proxy: requests/s and added latency through a NodePort vs straight to the pod, same pod, same run.
 *
 * Method. A master child (`mkube master start --no-node`, scheduler and controllers) and a node child
 * (bench/lib/proxy-node.js: node agent `bench-proxy-node` on podman with node IP 127.0.0.63, plus the node
 * proxy restricted to node ports and its forwarding listener — no cluster-IP host addresses, no route,
 * no DNS, so nothing machine-wide changes and no root is needed). One busybox pod serves a 6-byte file
 * with `httpd -f -p 8080`; a NodePort Service (port 80 → 8080) selects it. A small Node HTTP client in the
 * bench process (GET /, body read) then runs, for both targets — the pod's IP:8080 and 127.0.0.63:<nodePort>
 * — alternating in R rounds of D seconds per mode: sequential keep-alive (one agent with one socket),
 * sequential without keep-alive (Connection: close, new connection per request), and 8 concurrent
 * keep-alive loops (throughput). Reported: median/p99 latency per target and mode, the NodePort/direct
 * ratio of median latencies and of requests/s, and the added median latency. busybox httpd closes the
 * connection after each answer, so "keep-alive" mostly measures connection reuse attempts; the socket
 * reuse share is reported. R=3, D=3 s (--quick R=1, D=1.5 s). Without podman: "pending: podman not usable".
 */
import {spawn} from 'node:child_process'
import http from 'node:http'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {busyboxPod, podmanProblem, PODS, removeNodeContainers, SERVICES, startBenchMaster, waitFor} from './lib/cluster.js'
import {freePort, removeDir, tempDir} from './lib/master.js'
import {metric, round, summarize} from './lib/stats.js'

export const name = 'proxy'
export const title = 'service proxy throughput'
export const method =
  'busybox httpd pod on podman behind a NodePort (node 127.0.0.63, proxy in a node child); Node HTTP client: sequential keep-alive, sequential Connection: close, 8 concurrent keep-alive; NodePort vs pod IP, alternating rounds'

const NODE = 'bench-proxy-node'
const NODE_IP = '127.0.0.63'
const ENDPOINTS = {group: '', version: 'v1', resource: 'endpoints', namespaced: true}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** One GET; resolves {ms, reused} or rejects. */
function get(host, port, agent) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const req = http.request({host, port, path: '/', agent: agent ?? false, headers: agent ? {} : {Connection: 'close'}, timeout: 10_000}, (res) => {
      res.resume()
      res.on('end', () => (res.statusCode === 200 ? resolve({ms: performance.now() - t0, reused: req.reusedSocket}) : reject(new Error(`HTTP ${res.statusCode}`))))
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', reject)
    req.end()
  })
}

/** Runs `loops` sequential request loops against host:port for `durationMs`; answers latencies, count, reuse, errors. */
async function load(host, port, {keepAlive, loops, durationMs}) {
  const lat = []
  let reused = 0
  let errors = 0
  const t0 = performance.now()
  const end = t0 + durationMs
  await Promise.all(
    Array.from({length: loops}, async () => {
      const agent = keepAlive ? new http.Agent({keepAlive: true, maxSockets: 1}) : undefined
      while (performance.now() < end) {
        try {
          const r = await get(host, port, agent)
          lat.push(r.ms)
          if (r.reused) reused++
        } catch {
          errors++
        }
      }
      agent?.destroy()
    }),
  )
  return {lat, count: lat.length, seconds: (performance.now() - t0) / 1000, reused, errors}
}

export async function run({quick, log}) {
  const problem = await podmanProblem()
  if (problem) return {params: {}, metrics: [metric({metric: 'NodePort / direct', unit: '×', status: 'pending', note: problem})]}
  const rounds = quick ? 1 : 3
  const durationMs = quick ? 1500 : 3000
  const ns = 'default'
  await removeNodeContainers(NODE)
  const master = await startBenchMaster()
  const nodeDir = tempDir('mkube-bench-proxy-node-')
  let child
  let out = ''
  try {
    const tunnelPort = await freePort()
    const script = join(fileURLToPath(new URL('./lib/', import.meta.url)), 'proxy-node.js')
    child = spawn(process.execPath, [script, JSON.stringify({server: master.m.url, token: master.token, nodeName: NODE, nodeIP: NODE_IP, dataDir: nodeDir, tunnelPort})], {stdio: ['ignore', 'pipe', 'pipe']})
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (out += d))
    await waitFor('the node child', () => {
      if (child.exitCode !== null) throw new Error(`node child exited:\n${out}`)
      return out.includes('READY')
    }, 60_000, 100)

    const pod = busyboxPod('bench-web', {namespace: ns, nodeName: NODE, labels: {app: 'bench-web'}, command: ['sh', '-c', 'echo hello > /tmp/index.html && exec httpd -f -p 8080 -h /tmp'], ports: [{containerPort: 8080}]})
    await master.client.create(PODS, pod, ns)
    const svc = await master.client.create(SERVICES, {apiVersion: 'v1', kind: 'Service', metadata: {name: 'bench-web', namespace: ns}, spec: {type: 'NodePort', selector: {app: 'bench-web'}, ports: [{port: 80, targetPort: 8080}]}}, ns)
    const nodePort = svc.spec.ports[0].nodePort
    let podIP
    await waitFor('pod Running with an IP', async () => {
      const p = await master.client.get(PODS, 'bench-web', ns)
      podIP = p.status?.phase === 'Running' ? p.status.podIP : undefined
      return !!podIP
    }, 60_000, 200)
    await waitFor('endpoints', async () => ((await master.client.get(ENDPOINTS, 'bench-web', ns).catch(() => undefined))?.subsets ?? []).some((s) => s.addresses?.length), 30_000, 200)
    await waitFor('direct answer', () => get(podIP, 8080).then(() => true, () => false), 30_000, 200)
    await waitFor('NodePort answer', () => get(NODE_IP, nodePort).then(() => true, () => false), 30_000, 200)
    log(`pod ${podIP}:8080, NodePort ${NODE_IP}:${nodePort}`)

    const targets = {direct: [podIP, 8080], nodePort: [NODE_IP, nodePort]}
    const modes = {
      'keep-alive': {keepAlive: true, loops: 1},
      'no keep-alive': {keepAlive: false, loops: 1},
      '8 concurrent keep-alive': {keepAlive: true, loops: 8},
    }
    const acc = {}
    for (let r = 0; r < rounds; r++) {
      for (const [mode, opts] of Object.entries(modes)) {
        for (const [target, [host, port]] of r % 2 ? Object.entries(targets).reverse() : Object.entries(targets)) {
          await sleep(200)
          const res = await load(host, port, {...opts, durationMs})
          const a = (acc[`${target}|${mode}`] ??= {lat: [], count: 0, seconds: 0, reused: 0, errors: 0, rates: []})
          a.lat.push(...res.lat)
          a.count += res.count
          a.seconds += res.seconds
          a.reused += res.reused
          a.errors += res.errors
          a.rates.push(res.count / res.seconds)
        }
      }
      log(`round ${r + 1}/${rounds} done`)
    }
    const metrics = []
    const summary = {}
    for (const mode of Object.keys(modes)) {
      const d = acc[`direct|${mode}`]
      const n = acc[`nodePort|${mode}`]
      const dm = summarize(d.lat).median
      const nm = summarize(n.lat).median
      const dr = d.count / d.seconds
      const nr = n.count / n.seconds
      summary[mode] = {directMedianMs: round(dm), nodePortMedianMs: round(nm), addedMedianMs: round(nm - dm), latencyRatio: round(nm / dm), directRps: round(dr), nodePortRps: round(nr), rpsRatio: round(nr / dr), reuse: {direct: round(d.reused / Math.max(1, d.count)), nodePort: round(n.reused / Math.max(1, n.count))}, errors: {direct: d.errors, nodePort: n.errors}}
      metrics.push(
        metric({metric: `${mode}: direct to pod latency`, unit: 'ms', samples: d.lat, note: `${round(dr)} req/s; ${d.errors} errors; socket reuse ${round((100 * d.reused) / Math.max(1, d.count))}%`}),
        metric({metric: `${mode}: via NodePort latency`, unit: 'ms', samples: n.lat, note: `${round(nr)} req/s; ${n.errors} errors; socket reuse ${round((100 * n.reused) / Math.max(1, n.count))}%`}),
        metric({metric: `${mode}: NodePort/direct median latency`, unit: '×', samples: [nm / dm], note: `+${round(nm - dm)} ms added at the median`}),
        metric({metric: `${mode}: NodePort/direct req/s`, unit: '×', better: 'higher', samples: [nr / dr], value: nr / dr}),
      )
    }
    return {params: {rounds, durationMs, node: NODE, nodeIP: NODE_IP, podIP, nodePort, server: 'busybox httpd -f'}, summary, metrics}
  } finally {
    await master.client.delete(SERVICES, 'bench-web', ns).catch(() => undefined)
    await master.client.delete(PODS, 'bench-web', ns, {gracePeriodSeconds: 0}).catch(() => undefined)
    await waitFor('pod deleted', async () => (await master.client.list(PODS, {namespace: ns})).items.length === 0, 30_000, 300).catch((e) => log(e.message))
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      const t = setTimeout(() => child.kill('SIGKILL'), 20_000)
      await exited
      clearTimeout(t)
    }
    await master.stop()
    await removeNodeContainers(NODE)
    removeDir(nodeDir)
  }
}
