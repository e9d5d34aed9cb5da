/**
 * The on-disk format of the SQLite store: identification, schema migrations, connection settings and the
 * open-time safety checks (not a database, corrupt, foreign, written by a newer mkube).
 *
 * Layout (schema 1). Every value is written once, into the history; the current state points at it:
 *   events(rev PK, key, type, value, prev_rev, prev_value)
 *       one row per change. value: the JSON after the change (NULL for DELETED: it is the previous value
 *       with the deletion revision). prev_rev: the row holding the value before the change; prev_value is
 *       a copy of it, filled only once that row is compacted away.
 *   objects(key PK, create_rev, mod_rev)   WITHOUT ROWID
 *       the live keys; the current value is events[mod_rev].value.
 *   meta(name PK, value)   'revision' (the counter; never decreases, survives compaction) and
 *       'compacted' (history at or below it is gone, except the rows still current for a live key).
 * Invariants: the row at every object's mod_rev exists; a row whose prev_rev is at or below the compacted
 * revision carries prev_value; rows at or below the compacted revision are exactly the current ones.
 *
 * The header carries the identity: PRAGMA application_id = APPLICATION_ID ("mkub") and PRAGMA user_version
 * = the schema version (readable without parsing any table, so a newer format is refused up front).
 */
import {mkdirSync} from 'node:fs'
import {dirname} from 'node:path'
import Database from 'better-sqlite3'
import {StoreError} from './types.js'

/** PRAGMA application_id of every mkube database: the ASCII bytes "mkub". */
export const APPLICATION_ID = 0x6d6b7562

/** The schema version this code writes and reads. */
export const SCHEMA_VERSION = 1

/** One schema step: brings a database from `version - 1` to `version`. Runs inside the migration transaction. */
export interface Migration {
  version: number
  up(db: Database.Database): void
}

/** Every migration, in order; the last one's version is SCHEMA_VERSION. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    up(db) {
      db.exec(`
        CREATE TABLE objects (
          key TEXT PRIMARY KEY NOT NULL,
          create_rev INTEGER NOT NULL,
          mod_rev INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE events (
          rev INTEGER PRIMARY KEY NOT NULL,
          key TEXT NOT NULL,
          type TEXT NOT NULL,
          value TEXT,
          prev_rev INTEGER,
          prev_value TEXT
        );
        CREATE TABLE meta (name TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO meta (name, value) VALUES ('revision', 0), ('compacted', 0);
      `)
    },
  },
]

/** Connection settings; `openDatabase` callers (the store, backup/restore) pass them through. */
export interface DatabaseOptions {
  /** PRAGMA synchronous: FULL (default) fsyncs the WAL on every commit; NORMAL may lose the last commits on power loss (never on a process crash). */
  synchronous?: 'FULL' | 'NORMAL'
  /** How long a writer waits for another process's write lock before failing (default 10 s). */
  busyTimeoutMs?: number
  /** PRAGMA journal_size_limit: the WAL is truncated to this size after a checkpoint resets it (default 4 MiB). */
  journalSizeLimit?: number
  /** Run PRAGMA quick_check on open (default true). */
  quickCheck?: boolean
  /** Open read-only and never migrate (validation of backups); the file must exist and be an mkube database. */
  readonly?: boolean
  /** Migrations to apply (tests substitute their own); default MIGRATIONS. */
  migrations?: readonly Migration[]
}

/** Open `file` (created, with its parent directory, when absent), check it, configure it and migrate it. */
export function openDatabase(file: string, opts: DatabaseOptions = {}): Database.Database {
  const readonly = opts.readonly ?? false
  if (!readonly) mkdirSync(dirname(file), {recursive: true})
  const db = new Database(file, {readonly, fileMustExist: readonly, timeout: opts.busyTimeoutMs ?? 10_000})
  try {
    const migrations = opts.migrations ?? MIGRATIONS
    const latest = migrations.length > 0 ? migrations[migrations.length - 1].version : 0
    const fresh = identify(db, file, latest)
    if (fresh && readonly) throw new StoreError('Corrupt', `${file} is not an mkube database (it is empty)`)
    if (!fresh && (opts.quickCheck ?? true)) quickCheck(db, file)
    db.pragma(`synchronous = ${opts.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`)
    if (!readonly) {
      if (fresh) db.pragma('auto_vacuum = INCREMENTAL') // must precede the first table
      db.pragma('journal_mode = WAL')
      db.pragma(`journal_size_limit = ${Math.trunc(opts.journalSizeLimit ?? 4 * 1024 * 1024)}`)
      migrate(db, file, migrations)
    }
    return db
  } catch (err) {
    db.close()
    throw err
  }
}

/**
 * Check the header: returns true for a brand-new (empty) file, false for an mkube database this code
 * can open; throws Corrupt for a non-SQLite or foreign file, Unsupported for a newer schema.
 */
function identify(db: Database.Database, file: string, latest: number): boolean {
  let appId: number, version: number, tables: number
  try {
    appId = db.pragma('application_id', {simple: true}) as number
    version = db.pragma('user_version', {simple: true}) as number
    tables = db.prepare('SELECT count(*) FROM sqlite_master').pluck().get() as number
  } catch (err) {
    throw asCorrupt(err, file)
  }
  if (appId === 0 && version === 0 && tables === 0) return true
  if (appId !== APPLICATION_ID) {
    throw new StoreError('Corrupt', `${file} is not an mkube database (application_id 0x${appId.toString(16)})`)
  }
  if (version > latest) {
    throw new StoreError(
      'Unsupported',
      `${file} was written by a newer mkube (schema ${version} > ${latest}); upgrade mkube to open it`,
    )
  }
  return false
}

/** PRAGMA quick_check; anything but 'ok' → StoreError('Corrupt') naming the file. */
export function quickCheck(db: Database.Database, file: string): void {
  let rows: string[]
  try {
    rows = db.prepare('PRAGMA quick_check').pluck().all() as string[]
  } catch (err) {
    throw asCorrupt(err, file)
  }
  if (rows.length !== 1 || rows[0] !== 'ok') {
    throw new StoreError('Corrupt', `${file} is corrupt (quick_check: ${rows.slice(0, 3).join('; ')})`)
  }
}

/** Map SQLite's "not a database" / "malformed" errors to StoreError('Corrupt') naming the file. */
export function asCorrupt(err: unknown, file: string): unknown {
  const code = (err as {code?: string}).code
  if (code === 'SQLITE_NOTADB') return new StoreError('Corrupt', `${file} is not an mkube database (not a SQLite file)`)
  if (code === 'SQLITE_CORRUPT') return new StoreError('Corrupt', `${file} is corrupt (${(err as Error).message})`)
  return err
}

/**
 * Bring the schema to the newest version in one IMMEDIATE transaction; the version is re-read inside it,
 * so two processes opening a fresh file at once migrate it exactly once.
 */
export function migrate(db: Database.Database, file: string, migrations: readonly Migration[] = MIGRATIONS): void {
  const latest = migrations.length > 0 ? migrations[migrations.length - 1].version : 0
  if ((db.pragma('user_version', {simple: true}) as number) >= latest) return
  db.exec('BEGIN IMMEDIATE')
  try {
    const current = db.pragma('user_version', {simple: true}) as number
    if (current > latest) {
      throw new StoreError('Unsupported', `${file} was written by a newer mkube (schema ${current} > ${latest}); upgrade mkube to open it`)
    }
    for (const m of migrations) if (m.version > current) m.up(db)
    db.pragma(`application_id = ${APPLICATION_ID}`)
    db.pragma(`user_version = ${latest}`)
    db.exec('COMMIT')
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK')
    throw err
  }
}

/** What `validateDatabaseFile` found. */
export interface DatabaseInfo {
  schemaVersion: number
  /** the newest revision stored */
  revision: number
}

/**
 * Check `file` the way opening a store does (mkube database, schema not newer, quick_check), read-only and
 * without migrating. Throws StoreError Corrupt/Unsupported (or the file-system error for a missing file).
 */
export function validateDatabaseFile(file: string): DatabaseInfo {
  const db = openDatabase(file, {readonly: true})
  try {
    const schemaVersion = db.pragma('user_version', {simple: true}) as number
    const revision = db.prepare<[], number>("SELECT value FROM meta WHERE name = 'revision'").pluck().get() ?? 0
    return {schemaVersion, revision}
  } catch (err) {
    const mapped = asCorrupt(err, file)
    if (mapped !== err) throw mapped
    throw new StoreError('Corrupt', `${file} is not a valid mkube database (${(err as Error).message})`)
  } finally {
    db.close()
  }
}
