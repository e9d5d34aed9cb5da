import Database from 'better-sqlite3'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {openSqliteStore, type SqliteStore} from './sqlite.js'
import {tempDir} from './testing/helpers.js'
import {StoreError, type StoredObject} from './types.js'

let tmp: ReturnType<typeof tempDir>
let store: SqliteStore | undefined

beforeEach(() => {
  tmp = tempDir('batch')
})
afterEach(async () => {
  await store?.close()
  store = undefined
  tmp.cleanup()
})

function revisionsOf(objs: StoredObject[]): number[] {
  return objs.map((o) => Number(o.metadata?.resourceVersion))
}

describe('group commit', () => {
  it('1,000 concurrent creates all land, in one transaction, with distinct contiguous revisions', async () => {
    store = openSqliteStore(tmp.file('db'), {compactIntervalMs: 0})
    const created = await Promise.all(Array.from({length: 1000}, (_, i) => store!.create(`/k/${i}`, {i})))
    const revs = revisionsOf(created)
    expect(new Set(revs).size).toBe(1000)
    expect([...revs].sort((a, b) => a - b)).toEqual(Array.from({length: 1000}, (_, i) => i + 1))
    expect(revs).toEqual(Array.from({length: 1000}, (_, i) => i + 1)) // queue order = revision order
    expect(await store.count('/k/')).toBe(1000)
    expect(store.stats()).toMatchObject({transactions: 1, writes: 1000, queued: 0})
  })

  it('acknowledges a write only once another connection can read it (after COMMIT)', async () => {
    store = openSqliteStore(tmp.file('db'), {compactIntervalMs: 0})
    const reader = new Database(tmp.file('db'), {readonly: true})
    const seen: Array<number | undefined> = []
    await Promise.all(
      Array.from({length: 50}, (_, i) =>
        store!.create(`/k/${i}`, {}).then(() => {
          seen.push(reader.prepare('SELECT count(*) FROM objects WHERE key = ?').pluck().get(`/k/${i}`) as number)
        }),
      ),
    )
    reader.close()
    expect(seen).toEqual(Array(50).fill(1))
  })

  it('a failing op inside a batch fails alone; the others commit', async () => {
    store = openSqliteStore(tmp.file('db'), {compactIntervalMs: 0})
    const base = await store.create('/x', {v: 0})
    const results = await Promise.allSettled([
      store.create('/a', {}),
      store.create('/x', {}), // AlreadyExists
      store.update('/x', {v: 1}, Number(base.metadata?.resourceVersion)),
      store.update('/x', {v: 2}, Number(base.metadata?.resourceVersion)), // stale after the previous op
      store.delete('/missing'), // NotFound
      store.create('/b', {}),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'rejected', 'fulfilled'])
    const kinds = results.map((r) => (r.status === 'rejected' ? (r.reason as StoreError).kind : 'ok'))
    expect(kinds).toEqual(['ok', 'AlreadyExists', 'ok', 'Conflict', 'NotFound', 'ok'])
    const ok = results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<StoredObject>).value)
    expect(revisionsOf(ok)).toEqual([2, 3, 4])
    expect((await store.get('/x')).v).toBe(1)
    expect(await store.currentRevision()).toBe(4)
  })

  it('an op failing in the middle of its writes is rolled back alone (the batch is re-executed without it)', async () => {
    const setup = new Database(tmp.file('db'))
    store = openSqliteStore(tmp.file('db'), {compactIntervalMs: 0})
    // the history insert (the op's second write) of key /bad fails after its objects row was written
    setup.exec(`CREATE TRIGGER no_bad BEFORE INSERT ON events WHEN NEW.key = '/bad' BEGIN SELECT RAISE(ABORT, 'no bad keys'); END`)
    setup.close()
    const results = await Promise.allSettled([store.create('/a', {}), store.create('/bad', {}), store.create('/c', {}), store.create('/a', {})])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected'])
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/no bad keys/)
    expect(((results[3] as PromiseRejectedResult).reason as StoreError).kind).toBe('AlreadyExists')
    expect(revisionsOf([(results[0] as PromiseFulfilledResult<StoredObject>).value, (results[2] as PromiseFulfilledResult<StoredObject>).value])).toEqual([1, 2])
    expect(await store.count('/')).toBe(2)
    await expect(store.get('/bad')).rejects.toThrow(/not found/)
  })

  it('splits a queue larger than maxBatchOps into several transactions', async () => {
    store = openSqliteStore(tmp.file('db'), {compactIntervalMs: 0, maxBatchOps: 7})
    const created = await Promise.all(Array.from({length: 50}, (_, i) => store!.create(`/k/${i}`, {})))
    expect(revisionsOf(created)).toEqual(Array.from({length: 50}, (_, i) => i + 1))
    expect(store.stats().transactions).toBe(8)
  })

  it('a failure of the whole transaction rejects every op of the batch and commits nothing', async () => {
    store = openSqliteStore(tmp.file('db'), {compactIntervalMs: 0, busyTimeoutMs: 50})
    const locker = new Database(tmp.file('db'))
    locker.exec('BEGIN IMMEDIATE') // another writer holds the write lock past the busy timeout
    const results = await Promise.allSettled([store.create('/a', {}), store.create('/b', {})])
    locker.exec('ROLLBACK')
    locker.close()
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/locked|busy/i)
    expect(await store.count('/')).toBe(0)
    expect((await store.create('/a', {})).metadata?.resourceVersion).toBe('1')
  })
})
