import Database from 'better-sqlite3'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {openSqliteStore, type SqliteStore} from './sqlite.js'
import {tempDir} from './testing/helpers.js'
import {StoreError} from './types.js'

let tmp: ReturnType<typeof tempDir>
let store: SqliteStore

beforeEach(() => {
  tmp = tempDir('crud')
  store = openSqliteStore(tmp.file('db.sqlite'), {compactIntervalMs: 0})
})
afterEach(async () => {
  await store.close()
  tmp.cleanup()
})

const pod = (name: string, extra: Record<string, unknown> = {}) => ({kind: 'Pod', metadata: {name, namespace: 'default'}, ...extra})
const kindOf = async (p: Promise<unknown>) => {
  try {
    await p
  } catch (err) {
    expect(err).toBeInstanceOf(StoreError)
    return (err as StoreError).kind
  }
  throw new Error('expected a StoreError')
}

describe('SqliteStore CRUD', () => {
  it('creates, gets, updates and deletes, stamping resourceVersion from a strictly increasing revision', async () => {
    const input = pod('a')
    const created = await store.create('/registry/pods/default/a', input)
    expect(created.metadata?.resourceVersion).toBe('1')
    expect(input.metadata).not.toHaveProperty('resourceVersion') // the caller's object is not modified
    expect(await store.get('/registry/pods/default/a')).toEqual(created)

    const updated = await store.update('/registry/pods/default/a', {...created, spec: {x: 1}})
    expect(updated.metadata?.resourceVersion).toBe('2')
    expect(await store.get('/registry/pods/default/a')).toEqual(updated)

    const deleted = await store.delete('/registry/pods/default/a')
    expect(deleted).toEqual({...updated, metadata: {...updated.metadata, resourceVersion: '3'}})
    expect(await kindOf(store.get('/registry/pods/default/a'))).toBe('NotFound')
    expect(await store.currentRevision()).toBe(3)
  })

  it('stores the resourceVersion in the JSON on disk', async () => {
    await store.create('/k', {metadata: {resourceVersion: '999'}})
    const raw = new Database(tmp.file('db.sqlite'), {readonly: true})
    const row = raw
      .prepare('SELECT e.value, o.create_rev, o.mod_rev FROM objects o JOIN events e ON e.rev = o.mod_rev WHERE o.key = ?')
      .get('/k') as {value: string; create_rev: number; mod_rev: number}
    raw.close()
    expect(JSON.parse(row.value).metadata.resourceVersion).toBe('1')
    expect([row.create_rev, row.mod_rev]).toEqual([1, 1])
  })

  it('AlreadyExists on create of an existing key; NotFound on update/delete of a missing one', async () => {
    await store.create('/k', pod('k'))
    expect(await kindOf(store.create('/k', pod('k')))).toBe('AlreadyExists')
    expect(await kindOf(store.update('/missing', pod('m')))).toBe('NotFound')
    expect(await kindOf(store.delete('/missing'))).toBe('NotFound')
    expect(await store.currentRevision()).toBe(1) // failed writes take no revision
  })

  it('a stale revision is a Conflict carrying the current value, and never overwrites', async () => {
    const v1 = await store.create('/k', pod('k', {n: 1}))
    const v2 = await store.update('/k', {...v1, n: 2}) // precondition from metadata.resourceVersion = 1
    const err = await store.update('/k', {...v1, n: 3}).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(StoreError)
    expect((err as StoreError).kind).toBe('Conflict')
    expect((err as StoreError).current).toEqual(v2)
    expect(await kindOf(store.update('/k', pod('k', {n: 4}), 1))).toBe('Conflict')
    expect(await kindOf(store.update('/k', {...v2, metadata: {...v2.metadata, resourceVersion: 'abc'}}))).toBe('Conflict')
    expect(await kindOf(store.delete('/k', 1))).toBe('Conflict')
    expect(await store.get('/k')).toEqual(v2)
    // explicit expectedRevision wins over the object's; an empty resourceVersion means unconditional
    expect((await store.update('/k', {...v1, n: 5}, 2)).n).toBe(5)
    expect((await store.update('/k', pod('k', {n: 6, metadata: {resourceVersion: ''}}))).n).toBe(6)
    expect((await store.delete('/k', 4)).metadata?.resourceVersion).toBe('5')
  })

  it('lists by prefix, sorted by key, with the revision it is consistent with; prefixes end with "/"', async () => {
    for (const k of ['/registry/pods/ab/x', '/registry/pods/a/z', '/registry/pods/a/y', '/registry/pods/a0', '/registry/podsx/q']) {
      await store.create(k, {metadata: {name: k}})
    }
    const list = await store.list('/registry/pods/a/')
    expect(list.items.map((o) => o.metadata?.name)).toEqual(['/registry/pods/a/y', '/registry/pods/a/z'])
    expect(list.revision).toBe(5)
    expect((await store.list('/registry/pods/')).items).toHaveLength(4)
    expect((await store.list('')).items).toHaveLength(5)
    expect(await store.count('/registry/pods/a/')).toBe(2)
    expect(await store.count('/registry/pods/')).toBe(4)
    expect(await store.count('/nothing/')).toBe(0)
    await store.delete('/registry/pods/a/y')
    expect(await store.list('/registry/pods/a/')).toEqual({items: [expect.objectContaining({metadata: expect.objectContaining({name: '/registry/pods/a/z'})})], revision: 6})
  })

  it('list revision counts writes under other prefixes and other connections', async () => {
    await store.create('/a/1', {})
    const other = openSqliteStore(tmp.file('db.sqlite'), {compactIntervalMs: 0})
    await other.create('/b/1', {})
    await other.close()
    expect((await store.list('/a/')).revision).toBe(2)
    expect(await store.currentRevision()).toBe(2)
  })

  it('guaranteedUpdate retries on conflict, skips no-op updates and honours null', async () => {
    await store.create('/c', {metadata: {}, n: 0})
    // 20 concurrent increments: each conflicts with the others and retries until it lands
    await Promise.all(Array.from({length: 20}, () => store.guaranteedUpdate('/c', (cur) => ({...cur, n: (cur.n as number) + 1}))))
    const after = await store.get('/c')
    expect(after.n).toBe(20)
    expect(after.metadata?.resourceVersion).toBe('21')

    const same = await store.guaranteedUpdate('/c', (cur) => cur) // unchanged content: no write
    expect(same).toEqual(after)
    expect(await store.guaranteedUpdate('/c', () => null)).toEqual(after)
    expect(await store.currentRevision()).toBe(21)

    const mutated = await store.guaranteedUpdate('/c', (cur) => {
      cur.n = 100 // fn may mutate its argument in place
      return cur
    })
    expect(mutated.n).toBe(100)
    expect(await kindOf(store.guaranteedUpdate('/none', (c) => c))).toBe('NotFound')
  })

  it('rejects bad arguments and use after close', async () => {
    await expect(store.create('', {})).rejects.toThrow(TypeError)
    await expect(store.create('/x', null as never)).rejects.toThrow(TypeError)
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    await expect(store.create('/cyclic', cyclic)).rejects.toThrow(/cannot be stored/)
    expect(await store.currentRevision()).toBe(0)
    await store.close()
    await expect(store.get('/x')).rejects.toThrow(/closed/)
    expect(() => store.watch('/', 0, {onEvent() {}})).toThrow(/closed/)
  })

  it('commits queued writes on close and reopens with the same state and revision counter', async () => {
    const p = store.create('/late', {v: 1})
    await store.close()
    expect((await p).metadata?.resourceVersion).toBe('1')
    store = openSqliteStore(tmp.file('db.sqlite'), {compactIntervalMs: 0})
    expect((await store.get('/late')).v).toBe(1)
    expect((await store.create('/next', {})).metadata?.resourceVersion).toBe('2')
  })
})
