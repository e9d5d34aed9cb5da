/**
 * Online backup and offline restore of a store file.
 *
 * Backup uses `VACUUM INTO` from a read-only connection: one read transaction, so the copy is a consistent
 * snapshot even while a master (or several) keeps writing, and writers are never blocked (WAL). The copy
 * is a single self-contained file (rollback journal mode, no -wal), written under a temporary name, fsynced
 * and renamed into place.
 *
 * Restore validates the source like an open does, copies it next to the target, fsyncs, removes the
 * target's stale -wal/-shm and renames the copy over the target. It refuses when the target is open:
 * "in use" is detected by SQLite itself, not a lock file — every connection to a WAL database holds a
 * shared lock on its -shm file for as long as it is open (released by the OS when a process dies, so a
 * killed master never leaves a stale lock), and a connection in EXCLUSIVE locking mode cannot start a
 * transaction while any other connection exists. The check and the rename are not atomic: a master started
 * during the restore itself is not detected (restore is an offline maintenance command).
 */
import {closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'
import Database from 'better-sqlite3'
import {openDatabase, validateDatabaseFile} from './schema.js'

/** Restore refused: the target database is open by a running process. */
export class DatabaseInUseError extends Error {
  constructor(readonly file: string) {
    super(`${file} is in use (a master is running on it); stop it before restoring`)
    this.name = 'DatabaseInUseError'
  }
}

/** Result of a backup or restore. */
export interface BackupInfo {
  /** the file written */
  file: string
  /** the newest revision in the copy */
  revision: number
  /** size of the file written */
  bytes: number
}

/** True when a connection (in this process or another) has `dbPath` open. False for a missing file. */
export function isDatabaseInUse(dbPath: string): boolean {
  try {
    probeExclusive(dbPath)?.close()
    return false
  } catch (err) {
    if (err instanceof DatabaseInUseError) return true
    throw err
  }
}

/**
 * Open `dbPath` in EXCLUSIVE locking mode and take the lock: returns the connection holding it, null when
 * the file is missing or unreadable as a database, and throws DatabaseInUseError when another connection
 * has it open.
 */
function probeExclusive(dbPath: string): Database.Database | null {
  if (!existsSync(dbPath)) return null
  const db = new Database(dbPath, {fileMustExist: true, timeout: 0})
  try {
    db.pragma('locking_mode = EXCLUSIVE')
    db.exec('BEGIN EXCLUSIVE')
    db.exec('COMMIT')
    return db
  } catch (err) {
    db.close()
    const code = String((err as {code?: unknown}).code ?? '')
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) throw new DatabaseInUseError(dbPath)
    return null // not a database / corrupt: nobody can be using it, and it is about to be replaced
  }
}

function fsyncPath(path: string, flags: string): void {
  const fd = openSync(path, flags)
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

function tempName(target: string, tag: string): string {
  return join(dirname(target), `.${basename(target)}.${tag}-${process.pid}-${Date.now()}.tmp`)
}

/** VACUUM INTO `dest` from `source` (an open connection), then check, fsync and return the copy's revision. */
function copyInto(source: Database.Database, tmp: string): number {
  source.prepare('VACUUM INTO ?').run(tmp)
  const {revision} = validateDatabaseFile(tmp)
  fsyncPath(tmp, 'r+')
  return revision
}

/**
 * Write a consistent copy of the live database `dbPath` to `destFile` (replacing it atomically). Safe while
 * masters run. Synchronous (the copy runs in SQLite). Throws StoreError Corrupt/Unsupported for a bad source.
 */
export function backupDatabase(dbPath: string, destFile: string): BackupInfo {
  const source = openDatabase(dbPath, {readonly: true})
  mkdirSync(dirname(destFile), {recursive: true})
  const tmp = tempName(destFile, 'backup')
  try {
    const revision = copyInto(source, tmp)
    renameSync(tmp, destFile)
    fsyncPath(dirname(destFile), 'r')
    return {file: destFile, revision, bytes: statSync(destFile).size}
  } finally {
    source.close()
    rmSync(tmp, {force: true})
  }
}

/**
 * Replace the database `dbPath` with the backup `srcFile`. The source is validated first (StoreError
 * Corrupt/Unsupported); a target open by any process is refused (DatabaseInUseError). The target's
 * unreplayed WAL is checkpointed when readable and its -wal/-shm removed before the rename, so no stale
 * WAL is ever applied to the restored file.
 */
export function restoreDatabase(srcFile: string, dbPath: string): BackupInfo {
  if (isDatabaseInUse(dbPath)) throw new DatabaseInUseError(dbPath) // fail fast; checked again before the swap
  mkdirSync(dirname(dbPath), {recursive: true})
  const tmp = tempName(dbPath, 'restore')
  try {
    const source = openDatabase(srcFile, {readonly: true}) // the open-time checks validate the source
    let revision: number
    try {
      revision = copyInto(source, tmp)
    } finally {
      source.close()
    }
    const target = probeExclusive(dbPath)
    if (target) {
      try {
        target.pragma('wal_checkpoint(TRUNCATE)')
      } catch {
        // an unreadable target is replaced as it is
      }
      target.close()
    }
    for (const suffix of ['-wal', '-shm', '-journal']) rmSync(dbPath + suffix, {force: true})
    renameSync(tmp, dbPath)
    fsyncPath(dirname(dbPath), 'r')
    return {file: dbPath, revision, bytes: statSync(dbPath).size}
  } finally {
    rmSync(tmp, {force: true})
  }
}
