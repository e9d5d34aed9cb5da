import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {findResource} from '../../api/registry.js'
import {openSqliteStore, type SqliteStore} from '../../store/index.js'
import {GenericRegistry} from './generic.js'

let dir: string
let store: SqliteStore
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'listjson-'))
  store = openSqliteStore(join(dir, 'state.db'), {compactIntervalMs: 0})
})
afterEach(async () => {
  await store.close()
  rmSync(dir, {recursive: true, force: true})
})

describe('GenericRegistry.listJson', () => {
  it('serves the stored texts as the parsed list would, re-typing values stored without apiVersion/kind first', async () => {
    const reg = new GenericRegistry(findResource('', 'v1', 'configmaps')!, store)
    const ctx = {user: {username: 'admin', groups: ['system:masters']}} as never
    await reg.create('ns', {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'a', namespace: 'ns'}, data: {k: 'v'}}, ctx)
    // a value written by an older version of the store: no type, other key order
    await store.create(reg.prefix('ns') + 'b', {metadata: {name: 'b', namespace: 'ns'}, data: {x: 'y'}})
    const raw = await reg.listJson('ns')
    const parsed = await reg.list('ns')
    expect(raw.revision).toBe(parsed.revision)
    expect(raw.values.map((v) => JSON.parse(v))).toEqual(parsed.items)
    expect(raw.values[0].startsWith('{"apiVersion":"v1","kind":"ConfigMap",')).toBe(true)
    expect(JSON.parse(raw.values[1])).toMatchObject({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'b', resourceVersion: '2'}})
  })
})
