import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {openSqliteStore, type SqliteStore} from './sqlite.js'
import {tempDir, waitFor} from './testing/helpers.js'
import {StoreError, type StoreEvent} from './types.js'

let tmp: ReturnType<typeof tempDir>
let store: SqliteStore
const extra: SqliteStore[] = []

beforeEach(() => {
  tmp = tempDir('watch')
  store = openSqliteStore(tmp.file('db'), {compactIntervalMs: 0, pollIntervalMs: 5})
})
afterEach(async () => {
  for (const s of extra.splice(0)) await s.close()
  await store.close()
  tmp.cleanup()
})

/** A watch recording its events and error. */
function record(s: SqliteStore, prefix: string, from: number) {
  const events: StoreEvent[] = []
  const errors: Error[] = []
  const w = s.watch(prefix, from, {onEvent: (e) => events.push(e), onError: (e) => errors.push(e)})
  return {events, errors, w, revs: () => events.map((e) => e.revision)}
}

describe('watch', () => {
  it('from a revision: replays history, then live events, in order, without duplicates', async () => {
    for (let i = 1; i <= 5; i++) await store.create(`/p/${i}`, {i})
    const r = record(store, '/p/', 2)
    expect(r.events).toEqual([]) // never delivered before watch() returns
    const live = Promise.all([store.update('/p/1', {i: 10}), store.delete('/p/2')])
    await live
    await waitFor(() => r.events.length === 5)
    expect(r.revs()).toEqual([3, 4, 5, 6, 7])
    expect(r.events.map((e) => e.type)).toEqual(['ADDED', 'ADDED', 'ADDED', 'MODIFIED', 'DELETED'])
    for (const e of r.events) expect(e.object.metadata?.resourceVersion).toBe(String(e.revision))
    await store.create('/p/9', {})
    expect(r.revs()).toEqual([3, 4, 5, 6, 7, 8]) // own commits are delivered synchronously after COMMIT
    expect(r.errors).toEqual([])
  })

  it('events committed between watch() and its replay are delivered once, in order', async () => {
    for (let i = 1; i <= 3; i++) await store.create(`/p/${i}`, {})
    const pending = [store.create('/p/4', {}), store.create('/p/5', {})] // flushed before the replay runs
    const r = record(store, '/p/', 1)
    await Promise.all(pending)
    await store.create('/p/6', {})
    await waitFor(() => r.events.length >= 5)
    expect(r.revs()).toEqual([2, 3, 4, 5, 6])
  })

  it('carries prev for MODIFIED and DELETED; DELETED has the last value with the deletion revision', async () => {
    const v1 = await store.create('/p/a', {n: 1})
    const r = record(store, '/p/', 0)
    const v2 = await store.update('/p/a', {n: 2})
    await store.delete('/p/a')
    expect(r.events[0]).toMatchObject({type: 'MODIFIED', key: '/p/a', revision: 2, object: v2, prev: v1})
    expect(r.events[1]).toMatchObject({type: 'DELETED', key: '/p/a', revision: 3, object: {...v2, metadata: {resourceVersion: '3'}}, prev: v2})
    expect(r.events[0]).not.toBe(v2) // watchers get their own copy, not the writer's object
  })

  it('replayed events keep their previous values when the rows holding them are compacted', async () => {
    await store.create('/p/a', {n: 1})
    const a2 = await store.update('/p/a', {n: 2})
    const a3 = await store.update('/p/a', {n: 3})
    await store.delete('/p/a')
    const deleted = {...a3, metadata: {resourceVersion: '4'}}
    await store.compact(2) // row 3's previous value lived in row 2
    const from2 = record(store, '/p/', 2)
    await waitFor(() => from2.events.length === 2)
    expect(from2.events).toEqual([
      {type: 'MODIFIED', key: '/p/a', revision: 3, object: a3, prev: a2},
      {type: 'DELETED', key: '/p/a', revision: 4, object: deleted, prev: a3},
    ])
    await store.compact(3) // row 4's previous value lived in row 3
    const from3 = record(store, '/p/', 3)
    await waitFor(() => from3.events.length === 1)
    expect(from3.events).toEqual([{type: 'DELETED', key: '/p/a', revision: 4, object: deleted, prev: a3}])
  })

  it('DELETED and MODIFIED replayed from disk: value and prev rebuilt, also when prev was compacted before the write', async () => {
    await store.create('/p/a', {n: 1})
    const a2 = await store.update('/p/a', {n: 2})
    await store.create('/p/b', {n: 3})
    await store.compact(3) // /p/a's current row (2) is compacted: the next write copies its value
    const a4 = await store.update('/p/a', {n: 4})
    await store.delete('/p/a') // 5: value rebuilt from prev (row 4, joined)
    await store.delete('/p/b') // 6: previous row 3 was compacted before the write: prev copied at write time
    const r = record(store, '/p/', 3)
    await waitFor(() => r.events.length === 3)
    expect(r.events).toEqual([
      {type: 'MODIFIED', key: '/p/a', revision: 4, object: a4, prev: a2},
      {type: 'DELETED', key: '/p/a', revision: 5, object: {...a4, metadata: {resourceVersion: '5'}}, prev: a4},
      {type: 'DELETED', key: '/p/b', revision: 6, object: {n: 3, metadata: {resourceVersion: '6'}}, prev: {n: 3, metadata: {resourceVersion: '3'}}},
    ])
  })

  it('from 0: only events after the watch started', async () => {
    await store.create('/p/old', {})
    const r = record(store, '/p/', 0)
    await new Promise((res) => setTimeout(res, 20))
    await store.create('/p/new', {})
    expect(r.events.map((e) => e.key)).toEqual(['/p/new'])
  })

  it('filters by prefix (a trailing "/" separates /p/a/ from /p/ab/)', async () => {
    const a = record(store, '/p/a/', 0)
    const all = record(store, '/p/', 0)
    await Promise.all([store.create('/p/a/1', {}), store.create('/p/ab/1', {}), store.create('/q/1', {})])
    expect(a.events.map((e) => e.key)).toEqual(['/p/a/1'])
    expect(all.events.map((e) => e.key)).toEqual(['/p/a/1', '/p/ab/1'])
  })

  it('from the current or a future revision: live from there', async () => {
    await store.create('/p/1', {})
    const cur = record(store, '/p/', 1)
    const future = record(store, '/p/', 3)
    await store.create('/p/2', {})
    await store.create('/p/3', {})
    await store.create('/p/4', {})
    expect(cur.revs()).toEqual([2, 3, 4])
    expect(future.revs()).toEqual([4])
  })

  it('Gone when the start revision has been compacted; fine from the compacted revision itself', async () => {
    await store.create('/p/0', {})
    for (let i = 1; i < 10; i++) await store.update('/p/0', {i})
    expect(await store.compact(6)).toEqual({compactedRevision: 6, removed: 6})
    expect(await store.compactedRevision()).toBe(6)
    const old = record(store, '/p/', 5)
    const edge = record(store, '/p/', 6)
    await waitFor(() => old.errors.length === 1 && edge.events.length === 4)
    expect(old.errors[0]).toBeInstanceOf(StoreError)
    expect((old.errors[0] as StoreError).kind).toBe('Gone')
    expect(old.events).toEqual([])
    expect(edge.revs()).toEqual([7, 8, 9, 10])
    await store.create('/p/x', {})
    expect(old.events).toEqual([]) // a Gone watch is over
    expect(edge.revs()).toEqual([7, 8, 9, 10, 11])
  })

  it('stop() ends delivery immediately, even from inside a handler', async () => {
    const seen: number[] = []
    let later: ReturnType<typeof record> | undefined
    const first = store.watch('/p/', 0, {
      onEvent: (e) => {
        seen.push(e.revision)
        first.stop()
        later!.w.stop() // registered after `first`: it must not get this event either
      },
    })
    later = record(store, '/p/', 0)
    const survivor = record(store, '/p/', 0)
    await Promise.all([store.create('/p/1', {}), store.create('/p/2', {})])
    expect(seen).toEqual([1])
    expect(later.events).toEqual([])
    expect(survivor.revs()).toEqual([1, 2])
    survivor.w.stop()
    await store.create('/p/3', {})
    expect(survivor.revs()).toEqual([1, 2])
    expect(store.stats().watches).toBe(0)
  })

  it('a throwing handler is stopped with onError; the others keep receiving', async () => {
    const bad = store.watch('/p/', 0, {
      onEvent: () => {
        throw new Error('boom')
      },
      onError: (e) => errors.push(e.message),
    })
    const errors: string[] = []
    const good = record(store, '/p/', 0)
    await store.create('/p/1', {})
    await store.create('/p/2', {})
    expect(errors).toEqual(['boom'])
    expect(good.revs()).toEqual([1, 2])
    bad.stop()
  })

  it('a watch started inside a handler sees exactly the events after the one being handled', async () => {
    const nested: number[] = []
    const outer = store.watch('/p/', 0, {
      onEvent: (e) => {
        if (e.revision === 1) store.watch('/p/', 0, {onEvent: (n) => nested.push(n.revision)})
      },
    })
    await Promise.all([store.create('/p/1', {}), store.create('/p/2', {}), store.create('/p/3', {})])
    expect(nested).toEqual([2, 3])
    outer.stop()
  })

  it('sees writes of another store instance on the same file, in order, exactly once', async () => {
    const other = openSqliteStore(tmp.file('db'), {compactIntervalMs: 0})
    extra.push(other)
    const r = record(store, '/p/', 0)
    const writes: Promise<unknown>[] = []
    for (let i = 0; i < 40; i++) {
      writes.push((i % 2 ? store : other).create(`/p/${i}`, {i}))
      if (i % 10 === 9) await Promise.all(writes) // interleave batches of both connections
    }
    await Promise.all(writes)
    await waitFor(() => r.events.length === 40, 5000, '40 events')
    expect(r.revs()).toEqual(Array.from({length: 40}, (_, i) => i + 1))
    const replay = record(store, '/p/', 20)
    await waitFor(() => replay.events.length === 20)
    expect(replay.revs()).toEqual(Array.from({length: 20}, (_, i) => i + 21))
  })

  it('Gone for live watches when another process compacts history they have not read yet', async () => {
    const other = openSqliteStore(tmp.file('db'), {compactIntervalMs: 0})
    extra.push(other)
    const slow = openSqliteStore(tmp.file('db'), {compactIntervalMs: 0, pollIntervalMs: 60_000})
    extra.push(slow)
    const r = record(slow, '/p/', 0)
    for (let i = 0; i < 5; i++) await other.create(`/p/${i}`, {})
    await other.compact(4)
    await slow.create('/p/own', {}) // the gap before this own commit is read from disk: compacted away
    expect(r.errors.map((e) => (e as StoreError).kind)).toEqual(['Gone'])
    expect(r.events).toEqual([])
  })
})

describe('watch triggers', () => {
  const node = (o: unknown) => String((o as {node?: string}).node ?? '')
  const trig = (value: string) => ({index: 'test:node', value, valueOf: node})
  function recordT(prefix: string, from: number, value?: string) {
    const events: StoreEvent[] = []
    const w = store.watch(prefix, from, {onEvent: (e) => events.push(e)}, value === undefined ? undefined : trig(value))
    return {events, w, keys: () => events.map((e) => `${e.type} ${e.key}@${e.revision}`)}
  }

  it('hands a triggered watch only the rows whose object or previous object has its value', async () => {
    const a = recordT('/pods/', 0, 'a')
    const b = recordT('/pods/', 0, 'b')
    const all = recordT('/pods/', 0)
    await store.create('/pods/x', {node: 'a'}) // 1: a
    await store.create('/pods/y', {}) // 2: unbound: nobody's
    await store.update('/pods/y', {node: 'b'}) // 3: b (it starts matching)
    await store.update('/pods/x', {node: 'b'}) // 4: a (prev) and b (now)
    await store.create('/other/z', {node: 'a'}) // 5: outside the prefix
    await store.delete('/pods/y') // 6: b
    expect(a.keys()).toEqual(['ADDED /pods/x@1', 'MODIFIED /pods/x@4'])
    expect(b.keys()).toEqual(['MODIFIED /pods/y@3', 'MODIFIED /pods/x@4', 'DELETED /pods/y@6'])
    expect(all.events.map((e) => e.revision)).toEqual([1, 2, 3, 4, 6])
  })

  it('replays history unfiltered for a triggered watch from an old revision, then goes live on its bucket', async () => {
    await store.create('/pods/x', {node: 'a'})
    await store.create('/pods/y', {node: 'c'})
    const a = recordT('/pods/', 0 + 0, 'a')
    const old = recordT('/pods/', 1, 'a') // replays rev 2 (the API server's selector filters it out)
    await waitFor(() => old.events.length === 1)
    await store.update('/pods/y', {node: 'c', n: 2})
    await store.update('/pods/x', {node: 'a', n: 2})
    expect(old.keys()).toEqual(['ADDED /pods/y@2', 'MODIFIED /pods/x@4'])
    expect(a.keys()).toEqual(['MODIFIED /pods/x@4'])
  })

  it('a stopped triggered watch gets nothing more and leaves its bucket; a throwing index files objects under ""', async () => {
    const a = recordT('/pods/', 0, 'a')
    const a2 = recordT('/pods/', 0, 'a')
    a.w.stop()
    await store.create('/pods/x', {node: 'a'})
    expect(a.events).toEqual([])
    expect(a2.events.length).toBe(1)
    a2.w.stop()
    expect(store.stats().watches).toBe(0)
    const events: StoreEvent[] = []
    store.watch('/pods/', 0, {onEvent: (e) => events.push(e)}, {index: 'throws', value: '', valueOf: () => { throw new Error('boom') }})
    await store.create('/pods/q', {node: 'a'})
    expect(events.map((e) => e.key)).toEqual(['/pods/q'])
  })
})
