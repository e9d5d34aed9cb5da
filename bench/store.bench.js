/**
 * The SQLite Store: sustained write throughput against raw better-sqlite3, and database size under churn.
 *
 * Method, throughput. In this process, on fresh files in the OS temp dir. Store: openSqliteStore(file,
 * {synchronous: 'FULL'}) with the production defaults otherwise (WAL, 10 s passive checkpoints; scheduled
 * compaction off), driven by 256 concurrent create() loops so the group committer batches ~256 writes
 * per transaction; N creates of ~1 KiB ConfigMap objects per run (full 50,000, --quick 20,000). Raw
 * baseline: the same rows written straight through better-sqlite3 into the same schema (objects WITHOUT
 * ROWID + events + the meta revision counter; same pragmas: WAL, synchronous FULL, auto_vacuum
 * INCREMENTAL, journal_size_limit 4 MiB), in transactions of the batch size the store used (BEGIN
 * IMMEDIATE, two prepared INSERTs per row, one UPDATE of the counter, COMMIT); the JSON texts are
 * serialised before the clock starts, so the baseline is pure SQLite. Each round runs both on fresh
 * files, the order alternating between rounds (full 6 rounds, --quick 2). Reported: overall rows/s of
 * each (total rows / total time), 0.5-s window rates, and the ratio store/raw of the overall rates
 * (samples: the per-round ratios). Target: ≥ 50% of raw.
 *
 * Method, size. A fresh store with the production defaults (synchronous FULL, compaction every 60 s
 * keeping 10,000 revisions, checkpoints every 10 s): 1,000 keys created, then U updates (full 1,000,000,
 * --quick 100,000) of ~1 KiB values by 1,000 concurrent loops (one per key). File + WAL size sampled
 * every second (peak reported), then store.compact() (the default retention) and the size of file + WAL
 * afterwards. Target: ≤ 64 MB (MiB here). (k3s/kine users report WAL files of 100+ GB.)
 */
import Database from 'better-sqlite3'
import {join} from 'node:path'
import {dist} from './lib/dist.js'
import {configMap, fileSize, removeDir, tempDir} from './lib/master.js'
import {metric, summarize, windowRates} from './lib/stats.js'

export const name = 'store'
export const title = 'Store writes/s vs raw better-sqlite3; database size under churn'
export const method = 'openSqliteStore (synchronous FULL, 256 concurrent creates) vs raw better-sqlite3 inserts of the same rows in the same schema and batch size; 1M updates on 1,000 keys then compaction'

const WINDOW = 256
const MiB = 2 ** 20

function object(i, rev) {
  const cm = configMap(`cm-${i}`, 'bench')
  cm.metadata.uid = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`
  cm.metadata.creationTimestamp = '2026-01-01T00:00:00Z'
  if (rev !== undefined) cm.metadata.resourceVersion = String(rev)
  return cm
}
const keyOf = (i) => `/registry/configmaps/bench/cm-${String(i).padStart(7, '0')}`

/** The store: N creates from WINDOW concurrent loops. */
async function storeRun(openSqliteStore, file, n) {
  const store = openSqliteStore(file, {synchronous: 'FULL', compactIntervalMs: 0})
  const template = object(0)
  const done = []
  let next = 0
  const t0 = performance.now()
  await Promise.all(
    Array.from({length: WINDOW}, async () => {
      while (next < n) {
        const i = next++
        await store.create(keyOf(i), {...template, metadata: {...template.metadata, name: `cm-${i}`}})
        done.push(performance.now() - t0)
      }
    }),
  )
  const elapsed = performance.now() - t0
  const st = store.stats()
  await store.close()
  return {elapsed, done, batch: st.writes / st.transactions, transactions: st.transactions}
}

/** Raw better-sqlite3: the same rows, the same schema and pragmas, transactions of `batch` rows. */
function rawRun(file, n, batch) {
  const db = new Database(file)
  db.pragma('auto_vacuum = INCREMENTAL')
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma(`journal_size_limit = ${4 * MiB}`)
  db.exec(`
    CREATE TABLE objects (key TEXT PRIMARY KEY NOT NULL, create_rev INTEGER NOT NULL, mod_rev INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE events (rev INTEGER PRIMARY KEY NOT NULL, key TEXT NOT NULL, type TEXT NOT NULL, value TEXT, prev_rev INTEGER, prev_value TEXT);
    CREATE TABLE meta (name TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO meta (name, value) VALUES ('revision', 0), ('compacted', 0);
  `)
  const insObject = db.prepare('INSERT INTO objects (key, create_rev, mod_rev) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING')
  const insEvent = db.prepare('INSERT INTO events (rev, key, type, value, prev_rev, prev_value) VALUES (?, ?, ?, ?, ?, ?)')
  const setMeta = db.prepare('UPDATE meta SET value = ? WHERE name = ?')
  const keys = Array.from({length: n}, (_, i) => keyOf(i))
  const json = Array.from({length: n}, (_, i) => JSON.stringify(object(i, i + 1)))
  const done = []
  const t0 = performance.now()
  for (let start = 0; start < n; start += batch) {
    const end = Math.min(n, start + batch)
    db.exec('BEGIN IMMEDIATE')
    for (let i = start; i < end; i++) {
      insObject.run(keys[i], i + 1, i + 1)
      insEvent.run(i + 1, keys[i], 'ADDED', json[i], null, null)
    }
    setMeta.run(end, 'revision')
    db.exec('COMMIT')
    const t = performance.now() - t0
    for (let i = start; i < end; i++) done.push(t)
  }
  const elapsed = performance.now() - t0
  db.close()
  return {elapsed, done}
}

const dbSize = (file) => fileSize(file) + fileSize(`${file}-wal`)

/** 1,000 keys, `updates` updates from 1,000 loops, then compaction; sizes in bytes. */
async function sizeRun(openSqliteStore, file, keys, updates, log) {
  const store = openSqliteStore(file, {synchronous: 'FULL'})
  await Promise.all(Array.from({length: keys}, (_, k) => store.create(keyOf(k), object(k))))
  let peak = 0
  let peakWal = 0
  const trace = []
  const t0 = performance.now()
  const sampler = setInterval(() => {
    const s = dbSize(file)
    peak = Math.max(peak, s)
    peakWal = Math.max(peakWal, fileSize(`${file}-wal`))
    trace.push(Math.round(s / MiB))
  }, 1000)
  let next = 0
  let lastLog = t0
  await Promise.all(
    Array.from({length: keys}, async (_, k) => {
      const base = object(k)
      while (next < updates) {
        const i = next++
        await store.update(keyOf(k), {...base, data: {...base.data, 'key-0': `update-${i}`}})
        if (i % 50_000 === 0 && performance.now() - lastLog > 5000) {
          lastLog = performance.now()
          log(`  … ${i} updates, ${(dbSize(file) / MiB).toFixed(0)} MiB on disk`)
        }
      }
    }),
  )
  const updateSeconds = (performance.now() - t0) / 1000
  clearInterval(sampler)
  const before = dbSize(file)
  peak = Math.max(peak, before)
  const c0 = performance.now()
  const res = await store.compact()
  const compactMs = performance.now() - c0
  const after = dbSize(file)
  const afterWal = fileSize(`${file}-wal`)
  await store.close()
  const closed = dbSize(file)
  return {updateSeconds, before, peak, peakWal, after, afterWal, closed, compactMs, removed: res.removed, trace}
}

export async function run({quick, log}) {
  const {openSqliteStore} = await dist('store/index.js')
  const n = quick ? 20_000 : 50_000
  const rounds = quick ? 2 : 6
  const updates = quick ? 100_000 : 1_000_000
  const root = tempDir('mkube-bench-store-')
  try {
    const storeRes = []
    const rawRes = []
    let batch = WINDOW
    for (let r = 0; r < rounds; r++) {
      // the order alternates between rounds; the raw baseline uses the batch size the store last used
      const doStore = async () => {
        const s = await storeRun(openSqliteStore, join(root, `store-${r}.db`), n)
        batch = Math.max(1, Math.round(s.batch))
        return s
      }
      const doRaw = async () => rawRun(join(root, `raw-${r}.db`), n, batch)
      let s, raw
      if (r % 2 === 0) {
        s = await doStore()
        raw = await doRaw()
      } else {
        raw = await doRaw()
        s = await doStore()
      }
      for (const f of [`store-${r}.db`, `raw-${r}.db`]) for (const ext of ['', '-wal', '-shm']) removeDir(join(root, f + ext))
      storeRes.push(s)
      rawRes.push(raw)
      log(`round ${r + 1}: store ${((n * 1000) / s.elapsed).toFixed(0)} rows/s (mean batch ${s.batch.toFixed(1)}), raw ${((n * 1000) / raw.elapsed).toFixed(0)} rows/s (batch ${batch})`)
    }
    const total = (xs) => xs.reduce((a, x) => a + x.elapsed, 0)
    const storeRate = (n * rounds * 1000) / total(storeRes)
    const rawRate = (n * rounds * 1000) / total(rawRes)
    const storeWins = storeRes.flatMap((x) => windowRates(x.done, 0, x.elapsed))
    const rawWins = rawRes.flatMap((x) => windowRates(x.done, 0, x.elapsed))
    const perRound = storeRes.map((s, i) => rawRes[i].elapsed / s.elapsed)

    log(`size: ${updates} updates on 1000 keys …`)
    const z = await sizeRun(openSqliteStore, join(root, 'size.db'), 1000, updates, log)
    log(`size: ${(z.updateSeconds).toFixed(1)} s (${(updates / z.updateSeconds).toFixed(0)} updates/s); peak ${(z.peak / MiB).toFixed(1)} MiB (WAL peak ${(z.peakWal / MiB).toFixed(1)}); before compaction ${(z.before / MiB).toFixed(1)} MiB; compaction removed ${z.removed} rows in ${z.compactMs.toFixed(0)} ms; after ${(z.after / MiB).toFixed(1)} MiB (WAL ${(z.afterWal / MiB).toFixed(1)}); closed ${(z.closed / MiB).toFixed(1)} MiB`)

    return {
      params: {rows: n, rounds, window: WINDOW, updates, keys: 1000, valueBytes: JSON.stringify(object(0)).length},
      throughput: {
        storeRowsPerSecond: Math.round(storeRate),
        rawRowsPerSecond: Math.round(rawRate),
        meanStoreBatch: storeRes.map((s) => Math.round(s.batch * 10) / 10),
        perRoundRatio: perRound.map((x) => Math.round(x * 1000) / 1000),
      },
      size: {...z, trace: z.trace},
      metrics: [
        metric({metric: 'Store creates/s (sync FULL, group commit)', unit: '/s', better: 'higher', samples: storeWins, value: storeRate, note: `mean batch ${storeRes.map((s) => s.batch.toFixed(0)).join('/')}`}),
        metric({metric: 'raw better-sqlite3 rows/s (same schema/batch)', unit: '/s', better: 'higher', samples: rawWins, value: rawRate}),
        metric({
          metric: 'Store / raw throughput',
          unit: '×',
          better: 'higher',
          samples: perRound,
          value: storeRate / rawRate,
          median: summarize(perRound).median,
          p99: summarize(perRound).min,
          target: {op: '>=', value: 0.5},
          note: `overall ${Math.round(storeRate)} vs ${Math.round(rawRate)} rows/s; samples = per-round ratios`,
        }),
        metric({
          metric: `DB size after ${updates.toLocaleString('en-US')} updates + compaction`,
          unit: 'MiB',
          samples: [z.after / MiB],
          target: {op: '<=', value: 64},
          note: `peak ${(z.peak / MiB).toFixed(0)} MiB during the churn (WAL peak ${(z.peakWal / MiB).toFixed(0)} MiB); compaction ${z.compactMs.toFixed(0)} ms`,
        }),
        metric({metric: 'DB size peak during the churn', unit: 'MiB', samples: [z.peak / MiB], note: `${(updates / z.updateSeconds).toFixed(0)} updates/s; scheduled compaction every 60 s`}),
        metric({metric: 'store.compact() duration (event loop blocked)', unit: 'ms', samples: [z.compactMs], note: `${z.removed} history rows removed in one transaction`}),
      ],
    }
  } finally {
    removeDir(root)
  }
}
