/**
 * Mutating-call latency under background churn.
 *
 * Method. One master child process on a fresh data directory. A churn Client updates 100 ConfigMaps
 * (~1 KiB) round-robin at a fixed rate of 200 writes/s: open loop, paced from a 2 ms timer that issues
 * every update due so far (so a slow answer does not lower the offered rate; several may be in flight on
 * the churn client's keep-alive agent). The updates carry no resourceVersion (unconditional PUT); a 409
 * from a collision with the same object's previous update is counted, not retried. Meanwhile a separate
 * foreground Client runs sequentially: create cm-i, then update cm-i (change one data entry), and times
 * every call from the request to the parsed answer (performance.now, in this process). Warm-up: 200 (--quick 100)
 * create+update pairs without churn (not counted). Baseline: the same foreground loop with no churn, in
 * the same run (full 500 pairs, --quick 150). Measured: 1,000 pairs under churn (--quick 250).
 * Target: p99 ≤ 50 ms for the mutating calls under churn (Kubernetes' SLO for mutating calls: p99 ≤ 1 s).
 */
import {adminClient, CONFIGMAPS, configMap, removeDir, startMaster, tempDir} from './lib/master.js'
import {metric, summarize} from './lib/stats.js'

export const name = 'latency'
export const title = 'mutating-call latency under 200 writes/s of churn'
export const method = 'sequential create+update pairs on one client while another client updates 100 objects at a fixed 200/s (open loop)'

const CHURN_RATE = 200
const CHURN_OBJECTS = 100

/** Sequential create+update pairs; returns the latencies (ms) of creates and updates. */
async function foreground(client, prefix, pairs) {
  const creates = []
  const updates = []
  const base = configMap('x')
  for (let i = 0; i < pairs; i++) {
    const name = `${prefix}-${i}`
    let t = performance.now()
    const created = await client.create(CONFIGMAPS, {...base, metadata: {name, namespace: 'default'}})
    creates.push(performance.now() - t)
    created.data['key-0'] = `updated-${i}`
    t = performance.now()
    await client.update(CONFIGMAPS, created)
    updates.push(performance.now() - t)
  }
  return {creates, updates}
}

/** Starts the open-loop churn; stop() resolves with counts once the in-flight updates have settled. */
function startChurn(client, objects) {
  const t0 = performance.now()
  let issued = 0
  let ok = 0
  let conflicts = 0
  let errors = 0
  let firstError
  let inFlight = 0
  let maxInFlight = 0
  const pending = new Set()
  const lat = []
  const tick = () => {
    const due = Math.floor(((performance.now() - t0) * CHURN_RATE) / 1000)
    while (issued < due) {
      const obj = objects[issued % objects.length]
      const body = {...obj, metadata: {name: obj.metadata.name, namespace: 'default'}, data: {...obj.data, 'key-0': `churn-${issued}`}}
      issued++
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      const s = performance.now()
      const p = client
        .update(CONFIGMAPS, body)
        .then(
          () => {
            ok++
            lat.push(performance.now() - s)
          },
          (err) => {
            if (err?.code === 409) conflicts++
            else {
              errors++
              firstError ??= err
            }
          },
        )
        .finally(() => {
          inFlight--
          pending.delete(p)
        })
      pending.add(p)
    }
  }
  const timer = setInterval(tick, 2)
  return {
    async stop() {
      clearInterval(timer)
      const elapsed = performance.now() - t0
      await Promise.allSettled([...pending])
      return {issued, ok, conflicts, errors, firstError, maxInFlight, offeredRate: (issued * 1000) / elapsed, completedRate: (ok * 1000) / elapsed, lat}
    },
  }
}

export async function run({quick, log}) {
  const pairs = quick ? 250 : 1000
  const basePairs = quick ? 150 : 500
  const dir = tempDir('mkube-bench-latency-')
  const master = await startMaster(dir, {label: 'latency'})
  const fg = await adminClient(dir, master.url)
  const churnClient = await adminClient(dir, master.url)
  try {
    const objects = []
    for (let i = 0; i < CHURN_OBJECTS; i++) objects.push(await churnClient.create(CONFIGMAPS, configMap(`churn-${i}`)))
    await foreground(fg, 'warm', quick ? 100 : 200)

    const base = await foreground(fg, 'base', basePairs)
    const baseAll = [...base.creates, ...base.updates]
    log(`no churn: ${baseAll.length} calls, p50 ${summarize(baseAll).median.toFixed(2)} ms, p99 ${summarize(baseAll).p99.toFixed(2)} ms`)

    const churn = startChurn(churnClient, objects)
    const t0 = performance.now()
    const res = await foreground(fg, 'fg', pairs)
    const fgSeconds = (performance.now() - t0) / 1000
    const c = await churn.stop()
    const all = [...res.creates, ...res.updates]
    const s = summarize(all)
    log(`under churn: ${all.length} calls in ${fgSeconds.toFixed(1)} s, p50 ${s.median.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms, max ${s.max.toFixed(1)} ms`)
    log(`churn: offered ${c.offeredRate.toFixed(0)}/s, completed ${c.completedRate.toFixed(0)}/s, ${c.conflicts} conflicts, ${c.errors} errors, max ${c.maxInFlight} in flight`)
    if (c.firstError) log(`first churn error: ${c.firstError.message}`)

    return {
      params: {pairs, basePairs, churnRate: CHURN_RATE, churnObjects: CHURN_OBJECTS},
      churn: {issued: c.issued, ok: c.ok, conflicts: c.conflicts, errors: c.errors, maxInFlight: c.maxInFlight},
      metrics: [
        metric({
          metric: 'mutating latency under 200 writes/s churn',
          unit: 'ms',
          samples: all,
          target: {op: '<=', value: 50},
          note: `${res.creates.length} creates + ${res.updates.length} updates; Kubernetes SLO p99 ≤ 1 s`,
        }),
        metric({metric: 'create latency under churn', unit: 'ms', samples: res.creates}),
        metric({metric: 'update latency under churn', unit: 'ms', samples: res.updates}),
        metric({metric: 'mutating latency, no churn (baseline)', unit: 'ms', samples: baseAll}),
        metric({metric: 'churn updates completed', unit: '/s', better: 'higher', samples: [c.completedRate], note: `offered ${c.offeredRate.toFixed(0)}/s, ${c.conflicts} conflicts, ${c.errors} errors`}),
        metric({metric: 'churn update latency', unit: 'ms', samples: c.lat}),
      ],
    }
  } finally {
    fg.close()
    churnClient.close()
    await master.stop()
    removeDir(dir)
  }
}
