/**
 * History compaction and space reclamation. Compaction drops history rows at or below a revision (except
 * those still holding a live key's current value) and records it as the compacted revision (watches from older revisions then get Gone); the freed pages
 * go back to the file system through `PRAGMA incremental_vacuum` (the database is created with
 * auto_vacuum=INCREMENTAL) and a TRUNCATE checkpoint, so file + WAL stay bounded under churn.
 */
import type Database from 'better-sqlite3'
import type {Statements} from './statements.js'
import type {CompactResult} from './types.js'

/** What to compact: an explicit revision, or "keep the newest `retain` revisions". */
export type CompactTarget = {revision: number} | {retain: number}

/**
 * Drop history at or below the target (clamped to the current revision) in one IMMEDIATE transaction.
 * A target at or below the compacted revision changes nothing.
 */
export function compactHistory(db: Database.Database, stmts: Statements, target: CompactTarget): CompactResult {
  db.exec('BEGIN IMMEDIATE')
  try {
    const current = stmts.revision()
    const compacted = stmts.compacted()
    const wanted = 'revision' in target ? target.revision : current - target.retain
    const upTo = Math.min(Math.trunc(wanted), current)
    if (upTo <= compacted) {
      db.exec('COMMIT')
      return {compactedRevision: compacted, removed: 0}
    }
    stmts.materializePrev.run(upTo, upTo) // surviving rows must not point at removed ones
    const removed = stmts.deleteHistory.run(compacted, upTo).changes
    stmts.setMeta.run(upTo, 'compacted')
    db.exec('COMMIT')
    return {compactedRevision: upTo, removed}
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK')
    throw err
  }
}

/**
 * Checkpoint the WAL into the database. TRUNCATE also empties the WAL file. Another process's open read
 * transaction makes it partial rather than blocking: the busy timeout is lowered for the call, so the
 * event loop is never held for the full write-lock timeout.
 */
export function checkpoint(db: Database.Database, mode: 'PASSIVE' | 'TRUNCATE', busyTimeoutMs: number): void {
  db.pragma('busy_timeout = 50')
  try {
    db.pragma(`wal_checkpoint(${mode})`)
  } finally {
    db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`)
  }
}

/** Return free pages to the file system and shrink the WAL. */
export function reclaimSpace(db: Database.Database, busyTimeoutMs: number): void {
  db.pragma('incremental_vacuum')
  checkpoint(db, 'TRUNCATE', busyTimeoutMs)
}
