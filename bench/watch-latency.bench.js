/**
 * Watch latency: from a write's acknowledgement to the event reaching a watcher.
 *
 * Method. Two master child processes over the SAME data directory: A (started first, on a fresh
 * directory) and B (a second API server process on A's store file; it sees A's commits by polling the
 * file's PRAGMA data_version, every 15 ms by default). In this process: a writer Client on A, a watcher
 * Client on A and a watcher Client on B, each watching ConfigMaps of namespace default from the revision of
 * a list taken just before. Both watches are first confirmed live (a marker object must reach both).
 * Then the writer creates N ConfigMaps of ~1 KiB sequentially (full 1,000, --quick 200), 10 ms apart.
 * For each one, t_ack = performance.now() when create() resolves, t_event = performance.now() when a
 * watcher's callback receives the ADDED event; latency = t_event − t_ack, both ends on the same clock in
 * one process. An event that arrives before its acknowledgement counts as 0 ms (the number is reported).
 * Targets: p99 ≤ 10 ms on the same API server, ≤ 100 ms via the second API server (kine polls once a second).
 */
import {adminClient, CONFIGMAPS, configMap, removeDir, startMaster, tempDir} from './lib/master.js'
import {metric} from './lib/stats.js'

export const name = 'watch-latency'
export const title = 'write acknowledgement → watch event, same and second API server'
export const method = 'writer on A; watchers on A and on B (second API server process over the same SQLite file); t_event − t_ack in one process'

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** Opens a watch recording the arrival time of each ADDED object by name. */
function recordingWatch(client, rv) {
  const arrivals = new Map()
  const waiters = new Map()
  const h = client.watch(CONFIGMAPS, {namespace: 'default', resourceVersion: rv}, (ev) => {
    if (ev.type !== 'ADDED') return
    const now = performance.now()
    const n = ev.object.metadata.name
    if (!arrivals.has(n)) arrivals.set(n, now)
    waiters.get(n)?.()
  })
  h.done.catch(() => {})
  return {
    arrivals,
    stop: () => h.stop(),
    /** resolves when `name` has arrived, rejects after timeoutMs */
    waitFor(name, timeoutMs = 10_000) {
      if (arrivals.has(name)) return Promise.resolve()
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`watch event for ${name} not received in ${timeoutMs} ms`)), timeoutMs)
        waiters.set(name, () => {
          clearTimeout(t)
          resolve()
        })
      })
    },
  }
}

export async function run({quick, log}) {
  const n = quick ? 200 : 1000
  const gapMs = 10
  const dir = tempDir('mkube-bench-watch-')
  const a = await startMaster(dir, {label: 'watch-a'})
  let b
  const clients = []
  const watches = []
  try {
    b = await startMaster(dir, {label: 'watch-b'})
    const writer = await adminClient(dir, a.url)
    const onA = await adminClient(dir, a.url)
    const onB = await adminClient(dir, b.url)
    clients.push(writer, onA, onB)
    const rv = (await writer.list(CONFIGMAPS, {namespace: 'default'})).metadata.resourceVersion
    const wa = recordingWatch(onA, rv)
    const wb = recordingWatch(onB, rv)
    watches.push(wa, wb)
    // both watches live: a marker must reach both (retry a few markers while the watch requests connect)
    for (let i = 0; ; i++) {
      const marker = `marker-${i}`
      await writer.create(CONFIGMAPS, configMap(marker))
      try {
        await Promise.all([wa.waitFor(marker, 2000), wb.waitFor(marker, 2000)])
        break
      } catch (err) {
        if (i >= 4) throw err
      }
    }
    // warm-up (not counted)
    for (let i = 0; i < 50; i++) await writer.create(CONFIGMAPS, configMap(`warm-${i}`))

    const acks = new Map()
    const base = configMap('x')
    for (let i = 0; i < n; i++) {
      const nm = `w-${i}`
      await writer.create(CONFIGMAPS, {...base, metadata: {name: nm, namespace: 'default'}})
      acks.set(nm, performance.now())
      await sleep(gapMs)
    }
    const last = `w-${n - 1}`
    await Promise.all([wa.waitFor(last, 10_000), wb.waitFor(last, 10_000)]).catch(() => {})
    await sleep(200)

    const collect = (w) => {
      const lat = []
      const signed = []
      let early = 0
      let missing = 0
      for (const [nm, tAck] of acks) {
        const tEv = w.arrivals.get(nm)
        if (tEv === undefined) {
          missing++
          continue
        }
        if (tEv < tAck) early++
        signed.push(tEv - tAck)
        lat.push(Math.max(0, tEv - tAck))
      }
      return {lat, signed, early, missing}
    }
    const ra = collect(wa)
    const rb = collect(wb)
    log(`same server: ${ra.lat.length} events, ${ra.early} before the ack, ${ra.missing} missing`)
    log(`second server: ${rb.lat.length} events, ${rb.early} before the ack, ${rb.missing} missing`)
    if (ra.missing || rb.missing) throw new Error(`events missing: ${ra.missing} on A, ${rb.missing} on B`)
    return {
      params: {writes: n, gapMs, pollIntervalMs: 15},
      counts: {sameServer: {early: ra.early, missing: ra.missing}, secondServer: {early: rb.early, missing: rb.missing}},
      metrics: [
        metric({metric: 'watch latency, same API server', unit: 'ms', samples: ra.lat, target: {op: '<=', value: 10}, note: `${ra.early} of ${n} events arrived before the create's answer (counted as 0)`}),
        metric({metric: 'watch latency, second API server process', unit: 'ms', samples: rb.lat, target: {op: '<=', value: 100}, note: `${rb.early} of ${n} before the answer; kine polls every 1 s`}),
        metric({metric: 't_event − t_ack signed, same server', unit: 'ms', samples: ra.signed, note: 'negative: the event came before the answer'}),
        metric({metric: 't_event − t_ack signed, second server', unit: 'ms', samples: rb.signed}),
      ],
    }
  } finally {
    for (const w of watches) w.stop()
    for (const c of clients) c.close()
    if (b) await b.stop()
    await a.stop()
    removeDir(dir)
  }
}
