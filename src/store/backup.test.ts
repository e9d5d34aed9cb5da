import {existsSync, writeFileSync, readdirSync} from 'node:fs'
import Database from 'better-sqlite3'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {backupDatabase, DatabaseInUseError, isDatabaseInUse, restoreDatabase} from './backup.js'
import {validateDatabaseFile} from './schema.js'
import {openSqliteStore} from './sqlite.js'
import {exited, onLines, spawnChild, tempDir, waitFor} from './testing/helpers.js'
import {StoreError} from './types.js'

let tmp: ReturnType<typeof tempDir>
beforeEach(() => {
  tmp = tempDir('backup')
})
afterEach(() => tmp.cleanup())

const opts = {compactIntervalMs: 0}

describe('backup and restore', () => {
  it('round-trips: backup, change the live database, restore, reopen with the backed-up state', async () => {
    const db = tmp.file('data/db')
    const store = openSqliteStore(db, opts)
    await Promise.all(Array.from({length: 20}, (_, i) => store.create(`/k/${i}`, {i})))
    const info = backupDatabase(db, tmp.file('backups/b1.db'))
    expect(info).toMatchObject({file: tmp.file('backups/b1.db'), revision: 20})
    expect(info.bytes).toBeGreaterThan(0)
    expect(existsSync(tmp.file('backups/b1.db-wal'))).toBe(false) // a single self-contained file
    await store.delete('/k/3')
    await store.create('/k/new', {})
    await store.close()

    expect(restoreDatabase(tmp.file('backups/b1.db'), db)).toMatchObject({file: db, revision: 20})
    expect(readdirSync(tmp.file('data')).filter((f) => f.includes('.tmp'))).toEqual([])
    const back = openSqliteStore(db, opts)
    try {
      expect(await back.count('/k/')).toBe(20)
      expect((await back.get('/k/3')).i).toBe(3)
      await expect(back.get('/k/new')).rejects.toThrow(/not found/)
      expect(await back.currentRevision()).toBe(20)
      expect((await back.create('/k/after', {})).metadata?.resourceVersion).toBe('21')
    } finally {
      await back.close()
    }
  })

  it('a backup taken while another process writes is a consistent, openable snapshot', async () => {
    const db = tmp.file('db')
    await openSqliteStore(db, opts).close()
    const child = spawnChild('child-writer.ts', [db, 'burst', '/burst/'])
    const acked: string[] = []
    onLines(child, (l) => acked.push(l))
    try {
      await waitFor(() => acked.length >= 500, 20_000, 'writes before the backup')
      const info = backupDatabase(db, tmp.file('b.db'))
      const ackedAtEnd = acked.length
      await waitFor(() => acked.length >= ackedAtEnd + 200, 20_000, 'writes after the backup')
      const copy = openSqliteStore(tmp.file('b.db'), opts)
      try {
        const {items, revision} = await copy.list('/burst/')
        expect(revision).toBe(info.revision)
        // consistent: exactly the objects with revisions 1..revision, each at its own revision
        expect(items.length).toBe(revision)
        expect(items.map((o) => Number(o.metadata?.resourceVersion)).sort((a, b) => a - b)).toEqual(Array.from({length: revision}, (_, i) => i + 1))
        expect(revision).toBeGreaterThanOrEqual(500)
      } finally {
        await copy.close()
      }
    } finally {
      child.kill('SIGKILL')
      await exited(child)
    }
  })

  it('refuses to restore over a database open in this or another process', async () => {
    const db = tmp.file('db')
    const store = openSqliteStore(db, opts)
    await store.create('/k', {v: 'live'})
    backupDatabase(db, tmp.file('b.db'))
    expect(isDatabaseInUse(db)).toBe(true)
    expect(() => restoreDatabase(tmp.file('b.db'), db)).toThrow(DatabaseInUseError)
    await store.close()
    expect(isDatabaseInUse(db)).toBe(false)
    expect(isDatabaseInUse(tmp.file('missing.db'))).toBe(false)

    const child = spawnChild('child-writer.ts', [db, 'burst', '/burst/'])
    const acked: string[] = []
    onLines(child, (l) => acked.push(l))
    try {
      await waitFor(() => acked.length > 0, 20_000, 'the child to open the database')
      expect(isDatabaseInUse(db)).toBe(true)
      expect(() => restoreDatabase(tmp.file('b.db'), db)).toThrow(/is in use/)
    } finally {
      child.kill('SIGKILL')
      await exited(child)
    }
    // a killed process leaves no lock behind
    expect(isDatabaseInUse(db)).toBe(false)
    restoreDatabase(tmp.file('b.db'), db)
    expect(validateDatabaseFile(db).revision).toBe(1)
  })

  it('validates the source first and leaves the target untouched when it is bad', async () => {
    const db = tmp.file('db')
    const store = openSqliteStore(db, opts)
    await store.create('/k', {})
    await store.close()
    writeFileSync(tmp.file('junk'), 'not a database'.repeat(100))
    expect(() => restoreDatabase(tmp.file('junk'), db)).toThrow(StoreError)
    expect(() => restoreDatabase(tmp.file('junk'), db)).toThrow(/is not an mkube database/)
    const foreign = new Database(tmp.file('foreign'))
    foreign.exec('CREATE TABLE t (x)')
    foreign.close()
    expect(() => restoreDatabase(tmp.file('foreign'), db)).toThrow(/is not an mkube database/)
    expect(() => restoreDatabase(tmp.file('absent'), db)).toThrow()
    expect(validateDatabaseFile(db).revision).toBe(1)
    expect(readdirSync(tmp.dir).filter((f) => f.includes('.tmp'))).toEqual([])
  })

  it('replaces a corrupt target and drops its stale WAL', async () => {
    const good = tmp.file('good')
    const s = openSqliteStore(good, opts)
    await s.create('/k', {v: 1})
    await s.close()
    backupDatabase(good, tmp.file('b.db'))
    const db = tmp.file('db')
    writeFileSync(db, 'garbage'.repeat(1000))
    writeFileSync(db + '-wal', 'stale wal')
    writeFileSync(db + '-shm', 'stale shm')
    restoreDatabase(tmp.file('b.db'), db)
    expect(existsSync(db + '-wal')).toBe(false)
    const back = openSqliteStore(db, opts)
    expect((await back.get('/k')).v).toBe(1)
    await back.close()
  })
})
