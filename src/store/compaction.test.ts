import {statSync, existsSync} from 'node:fs'
import Database from 'better-sqlite3'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {openDatabase} from './schema.js'
import {openSqliteStore} from './sqlite.js'
import {tempDir, waitFor} from './testing/helpers.js'

let tmp: ReturnType<typeof tempDir>
beforeEach(() => {
  tmp = tempDir('compact')
})
afterEach(() => tmp.cleanup())

const size = (f: string) => (existsSync(f) ? statSync(f).size : 0)

describe('compaction', () => {
  it('churn: 100,000 updates over 100 keys, then compact → file + WAL under 4 MB', async () => {
    const file = tmp.file('db')
    const store = openSqliteStore(file, {compactIntervalMs: 0, checkpointIntervalMs: 0})
    try {
      const keys = Array.from({length: 100}, (_, i) => `/registry/configmaps/default/cm-${i}`)
      await Promise.all(keys.map((k) => store.create(k, {kind: 'ConfigMap', metadata: {name: k}, data: {v: '0'}})))
      for (let wave = 0; wave < 100; wave++) {
        // 1,000 unconditional updates per transaction, 10 per key
        const ops = []
        for (let j = 0; j < 10; j++) {
          for (const k of keys) ops.push(store.update(k, {kind: 'ConfigMap', metadata: {name: k}, data: {v: `${wave}-${j}`, pad: 'x'.repeat(64)}}))
        }
        await Promise.all(ops)
      }
      expect(await store.currentRevision()).toBe(100_100)
      const before = size(file) + size(file + '-wal')
      const res = await store.compact()
      expect(res).toEqual({compactedRevision: 100_100 - 10_000, removed: 100_100 - 10_000})
      const after = size(file) + size(file + '-wal')
      expect(after).toBeLessThan(4 * 1024 * 1024)
      expect(after).toBeLessThan(before / 4)
      // what survives: the current state and the newest 10,000 revisions of history
      expect(await store.count('/registry/configmaps/')).toBe(100)
      expect((await store.get(keys[7])).data).toMatchObject({v: '99-9'})
      expect(await store.compactedRevision()).toBe(90_100)
    } finally {
      await store.close()
    }
  }, 60_000)

  it('keeps the newest retainRevisions; explicit revisions are clamped to the current one; no-ops remove nothing', async () => {
    const store = openSqliteStore(tmp.file('db'), {compactIntervalMs: 0, retainRevisions: 3})
    try {
      await store.create('/k/a', {n: 0})
      for (let i = 1; i < 9; i++) await store.update('/k/a', {n: i})
      await store.create('/k/b', {}) // revision 10
      expect(await store.compact()).toEqual({compactedRevision: 7, removed: 7})
      expect(await store.compact()).toEqual({compactedRevision: 7, removed: 0})
      expect(await store.compact(5)).toEqual({compactedRevision: 7, removed: 0})
      // rows still holding a live key's current value (9 for /k/a, 10 for /k/b) stay
      expect(await store.compact(1000)).toEqual({compactedRevision: 10, removed: 1})
      expect(await store.currentRevision()).toBe(10) // the counter survives compaction
      expect((await store.get('/k/a')).n).toBe(8)
      expect((await store.list('/k/')).items).toHaveLength(2)
      expect((await store.create('/k/x', {})).metadata?.resourceVersion).toBe('11')
      // superseding a compacted current value removes its row at once
      await store.update('/k/a', {n: 9})
      await store.delete('/k/b')
      const raw = new Database(tmp.file('db'), {readonly: true})
      expect(raw.prepare('SELECT rev FROM events ORDER BY rev').pluck().all()).toEqual([11, 12, 13])
      raw.close()
    } finally {
      await store.close()
    }
  })

  it('runs on schedule, and is shared by every connection to the file', async () => {
    const file = tmp.file('db')
    const store = openSqliteStore(file, {compactIntervalMs: 20, retainRevisions: 5})
    try {
      await store.create('/k', {n: 0})
      for (let i = 1; i < 20; i++) await store.update('/k', {n: i})
      await waitFor(() => {
        const raw = new Database(file, {readonly: true})
        const n = raw.prepare('SELECT count(*) FROM events').pluck().get() as number
        raw.close()
        return n === 5
      }, 5000, 'scheduled compaction')
      const other = openSqliteStore(file, {compactIntervalMs: 0})
      expect(await other.compactedRevision()).toBe(15)
      await other.close()
    } finally {
      await store.close()
    }
  })

  it('creates the database with incremental auto-vacuum, WAL, the journal size limit and synchronous level asked for', async () => {
    const file = tmp.file('db')
    const db = openDatabase(file, {journalSizeLimit: 1 << 20, synchronous: 'NORMAL'})
    expect(db.pragma('auto_vacuum', {simple: true})).toBe(2) // INCREMENTAL
    expect(db.pragma('journal_mode', {simple: true})).toBe('wal')
    expect(db.pragma('journal_size_limit', {simple: true})).toBe(1 << 20)
    expect(db.pragma('synchronous', {simple: true})).toBe(1) // NORMAL
    db.close()
    const full = openDatabase(file)
    expect(full.pragma('synchronous', {simple: true})).toBe(2) // FULL by default
    expect(full.pragma('busy_timeout', {simple: true})).toBe(10_000)
    full.close()
  })
})
