/**
 * Masters as child processes (`node bin/run.js master start …`), readiness polling, resident memory, and
 * admin clients for them. Everything goes to 127.0.0.1.
 */
import {spawn} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs'
import https from 'node:https'
import net from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {dist} from './dist.js'

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
export const mkubeBin = join(repoRoot, 'bin', 'run.js')

/** The ConfigMap resource (what every API benchmark writes). */
export const CONFIGMAPS = {group: '', version: 'v1', resource: 'configmaps', namespaced: true}

/** A fresh temporary directory under the OS temp dir. */
export function tempDir(prefix = 'mkube-bench-') {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** A free TCP port on 127.0.0.1 (bound then released; good enough on a quiet loopback). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const {port} = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** One GET /readyz on a fresh TLS connection (the CA may not exist yet: no verification). Resolves the status or 0. */
export function probeReadyz(port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const req = https.get({host: '127.0.0.1', port, path: '/readyz', agent: false, rejectUnauthorized: false, timeout: timeoutMs}, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
      res.on('error', () => resolve(0))
    })
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', () => resolve(0))
  })
}

/**
 * Polls GET /readyz every `intervalMs` (measured from the start of each attempt) until it answers 200.
 * Resolves performance.now() at the moment the 200 arrived; rejects after `timeoutMs` or when `isDead()`.
 */
export async function waitReadyz(port, {intervalMs = 10, timeoutMs = 30_000, isDead = () => false} = {}) {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    const started = performance.now()
    const code = await probeReadyz(port)
    if (code === 200) return performance.now()
    if (isDead()) throw new Error('master exited before it was ready')
    if (performance.now() > deadline) throw new Error(`no 200 from https://127.0.0.1:${port}/readyz within ${timeoutMs} ms`)
    const wait = intervalMs - (performance.now() - started)
    if (wait > 0) await sleep(wait)
  }
}

/** Resident memory of a process in MiB (VmRSS, or another /proc/<pid>/status field such as VmHWM). */
export function readRssMiB(pid, field = 'VmRSS') {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  if (!m) throw new Error(`no ${field} in /proc/${pid}/status`)
  return Number(m[1]) / 1024
}

/**
 * Private (unshared) memory of a process in MiB — Private_Clean + Private_Dirty of /proc/<pid>/smaps_rollup,
 * i.e. what the process alone costs. The rest of its RSS is shared pages, mostly the Node binary's code,
 * which every Node process on the machine maps from the same file.
 */
export function readPrivateMiB(pid) {
  const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8')
  const kb = (f) => Number(new RegExp(`^${f}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN)
  return (kb('Private_Clean') + kb('Private_Dirty')) / 1024
}

/** CPU time (user + system) a process has used so far, in ms (from /proc/<pid>/stat; 100 ticks/s). */
export function procCpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // fields[0] is field 3 (state): utime is field 14, stime field 15
  return (Number(fields[11]) + Number(fields[12])) * 10
}

/** Size in bytes of a file (0 when missing). */
export function fileSize(path) {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

/**
 * Node flags for master children: `--cpu-prof` into $MKUBE_BENCH_CPU_PROF_DIR when the runner was started
 * with --cpu-prof (the profile is written when the master exits after SIGTERM).
 */
function profileFlags(label) {
  const dir = process.env.MKUBE_BENCH_CPU_PROF_DIR
  if (!dir) return []
  mkdirSync(dir, {recursive: true})
  return ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-name', `${label}-${process.pid}-${Date.now()}.cpuprofile`]
}

/**
 * Spawns `mkube master start` on 127.0.0.1:`port` (a free one when omitted) over `dataDir`.
 * Returns at once; `ready` resolves when the ready line is printed (use waitReadyz for timing).
 */
export async function spawnMaster(dataDir, {port, label = 'master', nodeArgs = [], extraArgs = []} = {}) {
  port ??= await freePort()
  // MKUBE_BENCH_MASTER_SCRIPT: run this script instead of `bin/run.js master start` (same flags), for A/B
  // experiments with a patched master; it must print "ready at https://…" and write <data-dir>/admin.kubeconfig
  const entry = process.env.MKUBE_BENCH_MASTER_SCRIPT ? [process.env.MKUBE_BENCH_MASTER_SCRIPT] : [mkubeBin, 'master', 'start']
  // MKUBE_BENCH_MASTER_NODE_ARGS: extra Node flags for every master child (space-separated), for experiments
  const envArgs = (process.env.MKUBE_BENCH_MASTER_NODE_ARGS ?? '').split(' ').filter(Boolean)
  const args = [...profileFlags(label), ...envArgs, ...nodeArgs, ...entry, '--data-dir', dataDir, '--port', String(port), '--bind-address', '127.0.0.1', '--no-node', ...extraArgs]
  const startedAt = performance.now()
  const proc = spawn(process.execPath, args, {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, NO_COLOR: '1'}})
  let out = ''
  proc.stdout.on('data', (d) => (out += d))
  proc.stderr.on('data', (d) => (out += d))
  let exited = false
  proc.on('exit', () => (exited = true))
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`master did not start in 60 s:\n${out}`)), 60_000)
    const check = () => {
      if (/ready at https:\/\//.test(out)) {
        clearTimeout(timer)
        resolve()
      }
    }
    proc.stdout.on('data', check)
    proc.on('exit', (code, sig) => {
      clearTimeout(timer)
      reject(new Error(`master exited (${code ?? sig}) before it was ready:\n${out}`))
    })
  })
  ready.catch(() => {})
  const master = {
    proc,
    pid: proc.pid,
    port,
    dataDir,
    url: `https://127.0.0.1:${port}`,
    kubeconfig: join(dataDir, 'admin.kubeconfig'),
    startedAt,
    ready,
    output: () => out,
    isDead: () => exited,
    /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
    stop(graceMs = 10_000) {
      return new Promise((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve()
        const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs)
        proc.once('exit', () => {
          clearTimeout(timer)
          resolve()
        })
        proc.kill('SIGTERM')
      })
    },
  }
  return master
}

/** Spawns a master and waits until it has printed its ready line and /readyz answers 200. */
export async function startMaster(dataDir, opts = {}) {
  const m = await spawnMaster(dataDir, opts)
  try {
    await m.ready
    await waitReadyz(m.port, {isDead: m.isDead})
  } catch (err) {
    await m.stop(1000)
    throw err
  }
  return m
}

/**
 * An admin Client (dist/client/client.js) for the master at `url`, with the credentials of the admin
 * kubeconfig in `dataDir`. Each Client has its own keep-alive agent, so one client with one request in
 * flight at a time uses exactly one connection.
 */
export async function adminClient(dataDir, url, overrides = {}) {
  const [{Client}, {loadKubeconfig}] = await Promise.all([dist('client/client.js'), dist('client/kubeconfig.js')])
  const cfg = loadKubeconfig({kubeconfig: join(dataDir, 'admin.kubeconfig'), env: {}})
  return new Client({...cfg, server: url, ...overrides})
}

/** Removes a directory tree, ignoring errors. */
export function removeDir(dir) {
  try {
    rmSync(dir, {recursive: true, force: true})
  } catch {
    // best effort
  }
}

/**
 * A ConfigMap whose JSON body is about `bytes` long (default 1 KiB): eight data entries of filler text.
 */
export function configMap(name, namespace = 'default', bytes = 1024, labels) {
  const cm = {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name, namespace, ...(labels ? {labels} : {})}, data: {}}
  const base = JSON.stringify(cm).length
  const entries = 8
  const per = Math.max(1, Math.floor((bytes - base - entries * 12) / entries))
  for (let i = 0; i < entries; i++) cm.data[`key-${i}`] = filler(per, i)
  return cm
}

function filler(n, seed) {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'
  let s = ''
  for (let i = 0; i < n; i++) s += alphabet[(i * 7 + seed * 13) % alphabet.length]
  return s
}
