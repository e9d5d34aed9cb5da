#!/usr/bin/env node
/**
 * The benchmark runner: `node bench/run.js [--quick] [--cpu-prof] [--list] [names…]`
 * (`npm run bench` builds first). Runs each benchmark in its own child process (bench/lib/child.js),
 * collects bench/results/<name>.json and prints a table (benchmark, metric, median, p99, target,
 * ratio/verdict). Benchmarks: the slots of bench/lib/slots.js, then any other bench/*.bench.js. A slot
 * whose file does not exist yet shows "pending: <what is missing>". See bench/README.md.
 *
 *   --quick      smaller sizes (a smoke run of a couple of minutes)
 *   --cpu-prof   run every master child with `node --cpu-prof` and print a self-time summary per profile
 *                (bench/results/profiles/<name>/*.cpuprofile, summary in <name>.txt)
 *   --wait=S     before each benchmark, wait up to S seconds (default 30, --quick 10) for the machine to be quiet
 *                (< 0.3 cores busy); --no-wait skips this. CPU used by other processes during each
 *                benchmark is measured either way and printed under the table.
 *   --list       list the benchmarks and their state, run nothing
 *
 * Exit code: 1 when a benchmark crashed (missed targets do not fail the run: the machine is noisy).
 */
import {spawn} from 'node:child_process'
import {existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {formatProfile, summarizeProfile} from './lib/cpuprofile.js'
import {distBuilt} from './lib/dist.js'
import {toJson} from './lib/json.js'
import {slots} from './lib/slots.js'
import {metric} from './lib/stats.js'

const benchDir = fileURLToPath(new URL('./', import.meta.url))
const resultsDir = join(benchDir, 'results')
const CHILD_TIMEOUT_MS = 14 * 60_000

const argv = process.argv.slice(2)
const flags = new Set(argv.filter((a) => a.startsWith('--')).map((a) => a.replace(/=.*$/, '')))
const wanted = argv.filter((a) => !a.startsWith('--'))
const waitArg = argv.find((a) => a.startsWith('--wait='))
const quietWaitMs = flags.has('--no-wait') ? 0 : (waitArg ? Number(waitArg.slice(7)) : flags.has('--quick') ? 10 : 30) * 1000
for (const f of flags) {
  if (!['--quick', '--cpu-prof', '--list', '--help', '--wait', '--no-wait'].includes(f)) {
    console.error(`unknown option ${f}`)
    process.exit(2)
  }
}
if (flags.has('--help')) {
  console.log('usage: node bench/run.js [--quick] [--cpu-prof] [--wait=SECONDS | --no-wait] [--list] [names…]')
  process.exit(0)
}
const quick = flags.has('--quick')

/** Every benchmark: the known slots, then other bench/*.bench.js files. */
function catalogue() {
  const list = slots.map((s) => {
    const file = existsSync(join(benchDir, s.file)) ? s.file : undefined
    const script = !file && s.script && existsSync(join(benchDir, s.script)) ? s.script : undefined
    return {...s, file, script, state: file || script ? 'ready' : 'pending'}
  })
  const known = new Set(slots.map((s) => s.file))
  for (const f of readdirSync(benchDir).filter((f) => f.endsWith('.bench.js')).sort()) {
    if (!known.has(f)) list.push({name: f.replace(/\.bench\.js$/, ''), file: f, title: f, state: 'ready'})
  }
  return list
}

const all = catalogue()
if (flags.has('--list')) {
  for (const b of all) console.log(`${b.name.padEnd(16)} ${b.state === 'ready' ? `bench/${b.file ?? b.script}` : `pending: ${b.missing}`}  — ${b.title}`)
  process.exit(0)
}
const unknown = wanted.filter((n) => !all.some((b) => b.name === n))
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${all.map((b) => b.name).join(', ')}`)
  process.exit(2)
}
if (!distBuilt()) {
  console.error('the compiled code is missing (dist/): run `npm run build` first (or `npm run bench`)')
  process.exit(2)
}
const selected = wanted.length ? all.filter((b) => wanted.includes(b.name)) : all
mkdirSync(resultsDir, {recursive: true})

/** Runs a child process, echoing its output; resolves its exit code (null on timeout). */
function runChild(args, env) {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, args, {cwd: join(benchDir, '..'), stdio: ['ignore', 'inherit', 'inherit'], env: {...process.env, ...env}})
    const timer = setTimeout(() => {
      console.error(`  timed out after ${CHILD_TIMEOUT_MS / 60000} min: killing pid ${p.pid}`)
      p.kill('SIGKILL')
    }, CHILD_TIMEOUT_MS)
    p.on('exit', (code) => {
      clearTimeout(timer)
      resolve(code)
    })
  })
}

/** Busy CPU time of the whole machine (ms) from /proc/stat, and of this process's reaped children. */
function cpuSnapshot() {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
    // user nice system idle iowait irq softirq steal …: busy = all but idle and iowait
    const busy = cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + (cpu[7] ?? 0)
    const self = readFileSync('/proc/self/stat', 'utf8')
    const f = self.slice(self.lastIndexOf(')') + 2).split(' ')
    // f[13], f[14] = cutime, cstime (fields 16, 17): CPU of waited-for children, recursively
    return {t: performance.now(), busyMs: busy * 10, oursMs: (Number(f[13]) + Number(f[14])) * 10}
  } catch {
    return undefined
  }
}

/** Cores used by OTHER processes (not this benchmark run) between two snapshots: the noise indicator. */
function foreignCores(a, b) {
  if (!a || !b) return undefined
  const dt = b.t - a.t
  return dt > 0 ? Math.max(0, (b.busyMs - a.busyMs - (b.oursMs - a.oursMs)) / dt) : undefined
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/**
 * Waits (at most `maxMs`) until the machine is quiet: less than 0.3 cores busy over two consecutive 1-s
 * samples while nothing of ours runs. Returns the cores used by others in the last sample.
 */
async function waitQuiet(maxMs) {
  if (maxMs <= 0) return undefined
  const deadline = performance.now() + maxMs
  let quietSamples = 0
  let busy
  let announced = false
  for (;;) {
    const a = cpuSnapshot()
    await sleep(1000)
    const b = cpuSnapshot()
    if (!a || !b) return undefined
    busy = (b.busyMs - a.busyMs) / (b.t - a.t)
    quietSamples = busy < 0.3 ? quietSamples + 1 : 0
    if (quietSamples >= 2) return busy
    if (performance.now() > deadline) {
      console.log(`  machine still busy (${busy.toFixed(2)} cores used by other processes); running anyway`)
      return busy
    }
    if (!announced) {
      console.log(`  waiting up to ${Math.round(maxMs / 1000)} s for a quiet machine (${busy.toFixed(2)} cores busy)…`)
      announced = true
    }
  }
}

function readResult(name) {
  const f = join(resultsDir, `${name}.json`)
  if (!existsSync(f)) return undefined
  try {
    return JSON.parse(readFileSync(f, 'utf8'))
  } catch {
    return undefined
  }
}

const rows = []
const noise = []
let crashed = 0
const runStarted = performance.now()
for (const b of selected) {
  if (b.state === 'pending') {
    rows.push({bench: b.name, m: metric({metric: b.title, status: 'pending', note: b.missing})})
    continue
  }
  console.log(`\n▶ ${b.name}: ${b.title}${quick ? ' (quick)' : ''}`)
  const resultFile = join(resultsDir, `${b.name}.json`)
  rmSync(resultFile, {force: true})
  const profDir = join(resultsDir, 'profiles', b.name)
  const env = {}
  if (flags.has('--cpu-prof')) {
    rmSync(profDir, {recursive: true, force: true})
    env.MKUBE_BENCH_CPU_PROF_DIR = profDir
  }
  await waitQuiet(quietWaitMs)
  const t0 = performance.now()
  const snap0 = cpuSnapshot()
  const code = b.file
    ? await runChild([join(benchDir, 'lib', 'child.js'), join(benchDir, b.file), JSON.stringify({quick})], env)
    : await runChild([join(benchDir, b.script), ...(quick ? ['--quick'] : [])], env)
  const secs = ((performance.now() - t0) / 1000).toFixed(1)
  const foreign = foreignCores(snap0, cpuSnapshot())
  if (foreign !== undefined) noise.push({bench: b.name, foreignCores: Math.round(foreign * 100) / 100})
  const res = readResult(b.name)
  if (res && foreign !== undefined) {
    res.foreignCpuCores = Math.round(foreign * 100) / 100
    writeFileSync(join(resultsDir, `${b.name}.json`), toJson(res))
  }
  if (!res || (b.file && code !== 0) || (res.error && !res.metrics?.length)) {
    crashed++
    rows.push({bench: b.name, m: metric({metric: b.title, status: 'error', note: res?.error?.split('\n')[0] ?? `exit code ${code}, no result file`})})
    console.log(`  ✗ failed after ${secs} s`)
    continue
  }
  const metrics = b.file ? res.metrics ?? [] : b.adapt ? b.adapt(res) : res.metrics ?? []
  for (const m of metrics) rows.push({bench: b.name, m})
  console.log(`  done in ${secs} s → bench/results/${b.name}.json`)
  if (flags.has('--cpu-prof') && existsSync(profDir)) {
    const texts = []
    for (const f of readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile')).sort()) {
      const path = join(profDir, f)
      texts.push(formatProfile(path, summarizeProfile(JSON.parse(readFileSync(path, 'utf8'))), 30))
    }
    if (texts.length) {
      writeFileSync(join(resultsDir, 'profiles', `${b.name}.txt`), texts.join('\n\n') + '\n')
      console.log(texts.join('\n\n'))
    }
  }
}

// ── the table ──────────────────────────────────────────────────────────────
function fmt(x, unit) {
  if (x === null || x === undefined || (typeof x === 'number' && !Number.isFinite(x))) return '—'
  const n = typeof x === 'number' ? (Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : String(x)) : String(x)
  return unit && unit !== '×' ? `${n} ${unit}` : unit === '×' ? `${n}×` : n
}
function verdictText(m) {
  if (m.verdict === 'pending' || m.verdict === 'error' || m.verdict === 'not measured') return `${m.verdict}${m.note ? `: ${m.note}` : ''}`
  if (m.verdict === 'info') return m.note ? `info (${m.note})` : 'info'
  return `${m.verdict === 'pass' ? 'pass' : 'FAIL'} (${m.ratio}× target)`
}
const table = rows.map(({bench, m}) => [
  bench,
  `${m.metric}${m.unit && m.verdict !== 'pending' ? ` [${m.unit}]` : ''}`,
  m.verdict === 'pending' || m.verdict === 'error' || m.verdict === 'not measured' ? '' : fmt(m.median),
  m.verdict === 'pending' || m.verdict === 'error' || m.verdict === 'not measured' ? '' : fmt(m.p99),
  m.target ? `${m.target.op === '<=' ? '≤' : '≥'} ${fmt(m.target.value)}` : '',
  verdictText(m),
])
const head = ['benchmark', 'metric', 'median', 'p99', 'target', 'ratio / verdict']
const widths = head.map((h, i) => Math.min(i === 5 ? 200 : 50, Math.max(h.length, ...table.map((r) => r[i].length))))
const line = (r) => r.map((c, i) => (i === 5 ? c : c.length > widths[i] ? `${c.slice(0, widths[i] - 1)}…` : c.padEnd(widths[i]))).join('  ')
console.log(`\nmkube benchmarks${quick ? ' (--quick: reduced sizes)' : ''} — ${((performance.now() - runStarted) / 1000).toFixed(0)} s; raw samples in bench/results/*.json`)
console.log('(rates: median = median 0.5-s window, p99 = the rate 99% of windows reached; the verdict uses the overall rate)')
console.log(line(head))
console.log(widths.map((w) => '─'.repeat(w)).join('  '))
for (const r of table) console.log(line(r))
if (noise.length) {
  const cores = os.cpus().length
  console.log(`\nmachine noise — CPU used by other processes during each benchmark (of ${cores} cores): ${noise.map((n) => `${n.bench} ${n.foreignCores}`).join(', ')}`)
  if (noise.some((n) => n.foreignCores > 0.25)) console.log('  ⚠ other processes were busy: rates and tail latencies above are pessimistic; rerun on a quiet machine before drawing conclusions')
}
writeFileSync(join(resultsDir, 'summary.json'), JSON.stringify({quick, finishedAt: new Date().toISOString(), noise, rows: rows.map(({bench, m}) => ({bench, ...m, samples: undefined}))}, null, 2) + '\n')
process.exit(crashed ? 1 : 0)
