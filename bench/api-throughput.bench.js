/**
 * API throughput over HTTPS: ConfigMap creates/s and gets/s with 8 concurrent clients.
 *
 * Method. One master child process on a fresh data directory (synchronous FULL store, the defaults).
 * The benchmark process runs 8 Clients (dist/client/client.js), each with its own keep-alive agent and one
 * request in flight at a time, so each uses exactly one TLS connection. Warm-up: 50 creates per client
 * (not counted). Creates: ConfigMaps of ~1 KiB JSON in namespace default, until 20,000 in total or 10 s
 * (--quick: 3,000 or 3 s). Gets: random GETs of the created ConfigMaps, 20,000 or 10 s (--quick: 3,000 or
 * 3 s). Reported: the overall rate (ops / elapsed; compared with the target), the 0.5-s window rates
 * (median, and the rate 99% of windows reached) and the per-request latency (median, p99).
 * The clients share the machine's 2 cores with the master: the rate is that of the whole system.
 * Target: ≥ 3,000 creates/s. (Anchor: kube-apiserver over etcd typically sustains a few thousand
 * small-object creates/s on a multi-core server.)
 */
import {adminClient, CONFIGMAPS, configMap, procCpuMs, readRssMiB, removeDir, startMaster, tempDir} from './lib/master.js'
import {metric, summarize, windowRates} from './lib/stats.js'

export const name = 'api-throughput'
export const title = 'API creates/s and gets/s, 8 clients over HTTPS'
export const method = '8 Clients (one keep-alive TLS connection each, one request in flight each) against a master child; 1 KiB ConfigMaps'

const CLIENTS = 8

/**
 * Runs `op(i)` from CLIENTS loops until `total` ops or `durationMs`; returns completion times, latencies,
 * errors and the elapsed time (ms).
 */
async function drive(clients, total, durationMs, op, masterPid) {
  let next = 0
  const done = []
  const lat = []
  let errors = 0
  let firstError
  const cpu0 = {master: procCpuMs(masterPid), bench: process.cpuUsage()}
  const t0 = performance.now()
  const deadline = t0 + durationMs
  await Promise.all(
    clients.map(async (c) => {
      while (next < total && performance.now() < deadline) {
        const i = next++
        const s = performance.now()
        try {
          await op(c, i)
          const e = performance.now()
          done.push(e - t0)
          lat.push(e - s)
        } catch (err) {
          errors++
          firstError ??= err
        }
      }
    }),
  )
  const elapsed = performance.now() - t0
  const b = process.cpuUsage(cpu0.bench)
  // CPU used during the phase, as a share of one core, by the master child and by this (client) process
  const cpu = {master: (procCpuMs(masterPid) - cpu0.master) / elapsed, clients: (b.user + b.system) / 1000 / elapsed}
  return {done, lat, errors, firstError, elapsed, cpu}
}

export async function run({quick, log}) {
  const total = quick ? 3_000 : 20_000
  const durationMs = quick ? 3_000 : 10_000
  const dir = tempDir('mkube-bench-api-')
  const master = await startMaster(dir, {label: 'api-throughput'})
  const clients = []
  try {
    for (let i = 0; i < CLIENTS; i++) clients.push(await adminClient(dir, master.url))
    const template = configMap('x')
    const bodyBytes = JSON.stringify(template).length
    const make = (n) => ({...template, metadata: {name: n, namespace: 'default'}})

    await drive(clients, CLIENTS * 50, 30_000, (c, i) => c.create(CONFIGMAPS, make(`warm-${i}`)), master.pid)

    const cr = await drive(clients, total, durationMs, (c, i) => c.create(CONFIGMAPS, make(`cm-${i}`)), master.pid)
    const created = cr.done.length
    const createRate = (created * 1000) / cr.elapsed
    log(`creates: ${created} in ${(cr.elapsed / 1000).toFixed(2)} s = ${createRate.toFixed(0)}/s; latency p50 ${summarize(cr.lat).median.toFixed(2)} ms p99 ${summarize(cr.lat).p99.toFixed(2)} ms; errors ${cr.errors}; CPU (cores): master ${cr.cpu.master.toFixed(2)}, clients ${cr.cpu.clients.toFixed(2)}`)
    if (cr.firstError) log(`first create error: ${cr.firstError.message}`)
    if (created === 0) throw new Error(`no create succeeded: ${cr.firstError?.message}`)

    const gr = await drive(clients, total, durationMs, (c) => c.get(CONFIGMAPS, `cm-${Math.floor(Math.random() * created)}`, 'default'), master.pid)
    const getRate = (gr.done.length * 1000) / gr.elapsed
    log(`gets: ${gr.done.length} in ${(gr.elapsed / 1000).toFixed(2)} s = ${getRate.toFixed(0)}/s; latency p50 ${summarize(gr.lat).median.toFixed(2)} ms p99 ${summarize(gr.lat).p99.toFixed(2)} ms; errors ${gr.errors}; CPU (cores): master ${gr.cpu.master.toFixed(2)}, clients ${gr.cpu.clients.toFixed(2)}`)
    const rss = readRssMiB(master.pid)
    const hwm = readRssMiB(master.pid, 'VmHWM')

    return {
      params: {clients: CLIENTS, total, durationMs, bodyBytes, warmupPerClient: 50},
      counts: {creates: created, createErrors: cr.errors, gets: gr.done.length, getErrors: gr.errors},
      cpuCores: {creates: cr.cpu, gets: gr.cpu},
      metrics: [
        metric({
          metric: 'creates/s (8 clients, 1 KiB ConfigMaps)',
          unit: '/s',
          better: 'higher',
          samples: windowRates(cr.done, 0, cr.elapsed),
          value: createRate,
          target: {op: '>=', value: 3000},
          note: `${created} creates in ${(cr.elapsed / 1000).toFixed(2)} s, ${cr.errors} errors; CPU cores used: master ${cr.cpu.master.toFixed(2)}, clients ${cr.cpu.clients.toFixed(2)}`,
        }),
        metric({metric: 'create latency (8 concurrent)', unit: 'ms', samples: cr.lat}),
        metric({
          metric: 'master CPU per create',
          unit: 'µs',
          samples: [(cr.cpu.master * cr.elapsed * 1000) / created],
          note: `client side ${((cr.cpu.clients * cr.elapsed * 1000) / created).toFixed(0)} µs; noise-robust, from /proc/<pid>/stat`,
        }),
        metric({
          metric: 'gets/s (8 clients)',
          unit: '/s',
          better: 'higher',
          samples: windowRates(gr.done, 0, gr.elapsed),
          value: getRate,
          note: `${gr.done.length} gets in ${(gr.elapsed / 1000).toFixed(2)} s, ${gr.errors} errors`,
        }),
        metric({metric: 'get latency (8 concurrent)', unit: 'ms', samples: gr.lat}),
        metric({metric: 'master CPU per get', unit: 'µs', samples: [(gr.cpu.master * gr.elapsed * 1000) / Math.max(1, gr.done.length)], note: `client side ${((gr.cpu.clients * gr.elapsed * 1000) / Math.max(1, gr.done.length)).toFixed(0)} µs`}),
        metric({metric: 'master RSS after the load', unit: 'MiB', samples: [rss], note: `VmHWM ${hwm.toFixed(1)} MiB`}),
      ],
    }
  } finally {
    for (const c of clients) c.close()
    await master.stop()
    removeDir(dir)
  }
}
