import {openSync, readFileSync, writeFileSync, writeSync, closeSync, statSync} from 'node:fs'
import Database from 'better-sqlite3'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, openDatabase, validateDatabaseFile} from './schema.js'
import {openSqliteStore} from './sqlite.js'
import {tempDir} from './testing/helpers.js'
import {StoreError} from './types.js'

let tmp: ReturnType<typeof tempDir>
beforeEach(() => {
  tmp = tempDir('schema')
})
afterEach(() => tmp.cleanup())

function openError(file: string): StoreError {
  try {
    openSqliteStore(file, {compactIntervalMs: 0})
  } catch (err) {
    expect(err).toBeInstanceOf(StoreError)
    return err as StoreError
  }
  throw new Error('open should have failed')
}

async function makeStore(file: string, n: number): Promise<void> {
  const s = openSqliteStore(file, {compactIntervalMs: 0})
  await Promise.all(Array.from({length: n}, (_, i) => s.create(`/k/${i}`, {i, pad: 'p'.repeat(300)})))
  await s.close()
}

describe('open-time checks', () => {
  it('creates a fresh database (also from an empty file) stamped with the mkube identity', async () => {
    writeFileSync(tmp.file('empty'), '')
    for (const f of [tmp.file('new/nested/db'), tmp.file('empty')]) {
      const s = openSqliteStore(f, {compactIntervalMs: 0})
      await s.close()
      const raw = new Database(f, {readonly: true})
      expect(raw.pragma('application_id', {simple: true})).toBe(APPLICATION_ID)
      expect(raw.pragma('user_version', {simple: true})).toBe(SCHEMA_VERSION)
      raw.close()
      expect(validateDatabaseFile(f)).toEqual({schemaVersion: SCHEMA_VERSION, revision: 0})
    }
  })

  it('refuses a file that is not a SQLite database', () => {
    writeFileSync(tmp.file('notes.txt'), 'hello, this is not a database at all\n'.repeat(200))
    const err = openError(tmp.file('notes.txt'))
    expect(err.kind).toBe('Corrupt')
    expect(err.message).toBe(`${tmp.file('notes.txt')} is not an mkube database (not a SQLite file)`)
    expect(readFileSync(tmp.file('notes.txt'), 'utf8')).toMatch(/^hello/) // untouched
  })

  it('refuses a SQLite database of another application', () => {
    const raw = new Database(tmp.file('other.db'))
    raw.exec('CREATE TABLE t (x)')
    raw.close()
    const err = openError(tmp.file('other.db'))
    expect(err.kind).toBe('Corrupt')
    expect(err.message).toBe(`${tmp.file('other.db')} is not an mkube database (application_id 0x0)`)
  })

  it('refuses a database written by a newer mkube', async () => {
    await makeStore(tmp.file('db'), 1)
    const raw = new Database(tmp.file('db'))
    raw.pragma(`user_version = ${SCHEMA_VERSION + 2}`)
    raw.close()
    const err = openError(tmp.file('db'))
    expect(err.kind).toBe('Unsupported')
    expect(err.message).toBe(
      `${tmp.file('db')} was written by a newer mkube (schema ${SCHEMA_VERSION + 2} > ${SCHEMA_VERSION}); upgrade mkube to open it`,
    )
    expect(() => validateDatabaseFile(tmp.file('db'))).toThrow(/newer mkube/)
  })

  it('refuses a corrupt database (quick_check)', async () => {
    const file = tmp.file('db')
    await makeStore(file, 200)
    const pageSize = 4096
    const pages = statSync(file).size / pageSize
    expect(pages).toBeGreaterThan(8)
    const fd = openSync(file, 'r+')
    for (let p = 2; p < pages; p += 2) writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, p * pageSize + 8) // scribble on b-tree pages
    closeSync(fd)
    const err = openError(file)
    expect(err.kind).toBe('Corrupt')
    expect(err.message.startsWith(`${file} is corrupt`)).toBe(true)
  })

  it('migrates an older schema forward, keeping the data', async () => {
    const file = tmp.file('db')
    await makeStore(file, 3)
    const v2 = [...MIGRATIONS, {version: SCHEMA_VERSION + 1, up: (db: Database.Database) => db.exec('CREATE TABLE extra (x)')}]
    const db = openDatabase(file, {migrations: v2})
    expect(db.pragma('user_version', {simple: true})).toBe(SCHEMA_VERSION + 1)
    expect(db.prepare('SELECT count(*) FROM objects').pluck().get()).toBe(3)
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'extra'").pluck().get()).toBe(1)
    db.close()
    // a failing migration leaves the file at its old version
    const bad = [...v2, {version: SCHEMA_VERSION + 2, up: () => {throw new Error('step failed')}}]
    expect(() => openDatabase(file, {migrations: bad})).toThrow('step failed')
    const raw = new Database(file, {readonly: true})
    expect(raw.pragma('user_version', {simple: true})).toBe(SCHEMA_VERSION + 1)
    raw.close()
  })
})
