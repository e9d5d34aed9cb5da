/**
 * Master footprint: start-up time and idle resident memory.
 *
 * Method. Start-up: the time from spawn() of `node bin/run.js master start --no-node` (a child process on a
 * free port of 127.0.0.1) to the first 200 answer of GET /readyz, polled every 10 ms on a fresh TLS
 * connection each time. Measured on a fresh data directory (new store, CA and certificates generated) and
 * again on the existing one (the store is reopened and quick-checked, certificates read), N times each
 * (full 5, --quick 2); the master is stopped with SIGTERM between runs. The time includes Node's own
 * start, oclif's command loading and the master's initialisation: what a user waits for.
 * Memory: VmRSS from /proc/<pid>/status of a master left idle for 10 s after it became ready (one on the
 * fresh data directory, one on the existing one), sampled every second; the value at 10 s is reported,
 * the peak (VmHWM) as a note. Anchor: a k3s server with one agent idles at about 1.4 GB.
 * Node agent idle RSS: when `mkube node join` is built (dist/commands/node/join.js), a master is started
 * on the existing data directory and `node bin/run.js node join --runtime fake` joins it with the join
 * token the master printed (fake runtime: no containers, and no interference with podman containers of
 * other users of this machine; the podman runtime is driven through its CLI/API from the same agent
 * process, so the agent's own memory is comparable); VmRSS 10 s after the agent printed that it joined.
 * Without node mode the slot reports "not measured: node mode not built" (no number).
 */
import {spawn} from 'node:child_process'
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {distDir} from './lib/dist.js'
import {freePort, mkubeBin, readPrivateMiB, readRssMiB, removeDir, spawnMaster, tempDir, waitReadyz} from './lib/master.js'
import {metric, round} from './lib/stats.js'

export const name = 'footprint'
export const title = 'master start-up time and idle memory'
export const method =
  'spawn → first 200 from GET /readyz (10 ms polling), fresh and existing data dir; VmRSS after 10 s idle; node agent slot reserved'

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** Starts a master on `dataDir`, returns the ms from spawn to /readyz 200, and the running master. */
async function timedStart(dataDir, label) {
  const m = await spawnMaster(dataDir, {label})
  try {
    const readyAt = await waitReadyz(m.port, {intervalMs: 10, timeoutMs: 60_000, isDead: m.isDead})
    return {m, ms: readyAt - m.startedAt}
  } catch (err) {
    await m.stop(1000)
    throw new Error(`${err.message}\n${m.output()}`)
  }
}

/** Leaves a running master idle for `idleMs`, sampling VmRSS each second. */
async function idleRss(m, idleMs) {
  const trace = []
  const t0 = performance.now()
  while (performance.now() - t0 < idleMs) {
    await sleep(Math.min(1000, idleMs - (performance.now() - t0)))
    trace.push(round(readRssMiB(m.pid)))
  }
  return {rss: readRssMiB(m.pid), hwm: readRssMiB(m.pid, 'VmHWM'), priv: readPrivateMiB(m.pid), trace}
}

export async function run({quick, log}) {
  const runs = quick ? 2 : 5
  const idleMs = 10_000
  const root = tempDir('mkube-bench-footprint-')
  const fresh = []
  const existing = []
  const rss = []
  const priv = []
  const rssNotes = []
  let node
  try {
    const existingDir = join(root, 'existing')
    for (let i = 0; i < runs; i++) {
      // the first fresh run creates the directory the "existing" runs reopen
      const dir = i === 0 ? existingDir : join(root, `fresh-${i}`)
      const {m, ms} = await timedStart(dir, 'footprint-fresh')
      fresh.push(ms)
      log(`fresh data dir: ready in ${ms.toFixed(0)} ms`)
      if (i === runs - 1) {
        const r = await idleRss(m, idleMs)
        rss.push(r.rss)
        priv.push(r.priv)
        rssNotes.push(`fresh: ${r.rss.toFixed(1)} MiB (peak ${r.hwm.toFixed(1)})`)
        log(`fresh data dir: VmRSS after ${idleMs / 1000} s idle ${r.rss.toFixed(1)} MiB (VmHWM ${r.hwm.toFixed(1)} MiB; trace ${r.trace.join(' ')})`)
      }
      await m.stop()
      if (i > 0) removeDir(dir)
    }
    for (let i = 0; i < runs; i++) {
      const {m, ms} = await timedStart(existingDir, 'footprint-existing')
      existing.push(ms)
      log(`existing data dir: ready in ${ms.toFixed(0)} ms`)
      if (i === runs - 1) {
        const r = await idleRss(m, idleMs)
        rss.push(r.rss)
        priv.push(r.priv)
        rssNotes.push(`existing: ${r.rss.toFixed(1)} MiB (peak ${r.hwm.toFixed(1)})`)
        log(`existing data dir: VmRSS after ${idleMs / 1000} s idle ${r.rss.toFixed(1)} MiB (VmHWM ${r.hwm.toFixed(1)} MiB; trace ${r.trace.join(' ')})`)
      }
      await m.stop()
    }
    node = await nodeAgentRss(existingDir, join(root, 'node'), idleMs, log)
  } finally {
    removeDir(root)
  }
  const nodeMetrics = node.error
    ? [metric({metric: 'node agent idle RSS', unit: 'MiB', status: 'not measured', note: node.error})]
    : [
        metric({metric: 'node agent idle RSS after 10 s', unit: 'MiB', samples: [node.rss], target: {op: '<=', value: 50}, note: `runtime fake; VmHWM ${node.hwm.toFixed(1)} MiB; k3s agent ≈ 275 MB`}),
        metric({metric: 'node agent idle private memory (USS)', unit: 'MiB', samples: [node.priv], note: 'RSS less the pages shared with other processes (the Node binary)'}),
        metric({metric: 'node agent: spawn → joined', unit: 'ms', samples: [node.joinMs]}),
      ]
  return {
    params: {runs, idleMs, pollMs: 10},
    metrics: [
      metric({metric: 'start → /readyz 200, fresh data dir', unit: 'ms', samples: fresh, target: {op: '<=', value: 1000}}),
      metric({metric: 'start → /readyz 200, existing data dir', unit: 'ms', samples: existing, target: {op: '<=', value: 1000}}),
      metric({
        metric: 'master idle RSS after 10 s',
        unit: 'MiB',
        samples: rss,
        target: {op: '<=', value: 80},
        note: `${rssNotes.join('; ')}; k3s server+agent ≈ 1.4 GB`,
      }),
      metric({metric: 'master idle private memory (USS)', unit: 'MiB', samples: priv, note: 'RSS less the pages shared with other processes (mostly the Node binary\'s code)'}),
      ...nodeMetrics,
    ],
  }
}

/** Idle RSS of a node agent joined to a master on `masterDir`; {error} when node mode is not available. */
async function nodeAgentRss(masterDir, nodeDir, idleMs, log) {
  if (!existsSync(fileURLToPath(new URL('commands/node/join.js', distDir)))) return {error: 'node mode not built'}
  const {m} = await timedStart(masterDir, 'footprint-node-master')
  let agent
  try {
    // the join line follows the ready line, printed once the master's start-up has finished
    for (let i = 0; i < 600 && !/--token \S+/.test(m.output()); i++) await new Promise((r) => setTimeout(r, 50))
    const token = /--token (\S+)/.exec(m.output())?.[1]
    if (!token) return {error: `the master printed no join token in 30 s: ${JSON.stringify(m.output().slice(-300))}`}
    const kubeletPort = await freePort()
    const t0 = performance.now()
    agent = spawn(process.execPath, [mkubeBin, 'node', 'join', '--server', m.url, '--token', token, '--runtime', 'fake', '--data-dir', nodeDir, '--kubelet-port', String(kubeletPort), '--node-name', 'bench-node', '--node-ip', '127.0.0.1'], {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, NO_COLOR: '1'}})
    let out = ''
    agent.stdout.on('data', (d) => (out += d))
    agent.stderr.on('data', (d) => (out += d))
    const joinMs = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no "joined" line in 60 s')), 60_000)
      agent.stdout.on('data', () => {
        if (/joined/.test(out)) {
          clearTimeout(timer)
          resolve(performance.now() - t0)
        }
      })
      agent.on('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`exited with ${code}`))
      })
    }).catch((err) => ({error: `node agent did not start: ${err.message}: ${out.trim().split('\n').slice(-2).join(' / ')}`}))
    if (typeof joinMs === 'object') return joinMs
    log(`node agent joined in ${joinMs.toFixed(0)} ms`)
    await new Promise((r) => setTimeout(r, idleMs))
    const rss = readRssMiB(agent.pid)
    const hwm = readRssMiB(agent.pid, 'VmHWM')
    const priv = readPrivateMiB(agent.pid)
    log(`node agent: VmRSS after ${idleMs / 1000} s idle ${rss.toFixed(1)} MiB (VmHWM ${hwm.toFixed(1)} MiB, private ${priv.toFixed(1)} MiB)`)
    return {rss, hwm, priv, joinMs}
  } finally {
    if (agent && agent.exitCode === null && agent.signalCode === null) {
      await new Promise((resolve) => {
        const timer = setTimeout(() => agent.kill('SIGKILL'), 10_000)
        agent.once('exit', () => {
          clearTimeout(timer)
          resolve()
        })
        agent.kill('SIGTERM')
      })
    }
    await m.stop()
  }
}
