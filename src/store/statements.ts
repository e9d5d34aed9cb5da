/**
 * The prepared statements of one store connection, and the small typed read helpers built on them.
 * Prefix queries use the half-open key range of `prefixRange` so they run on the primary-key index.
 */
import type Database from 'better-sqlite3'
import {prefixRange} from './keys.js'

/** A live key's current value and its revision (objects joined to the history row holding the value). */
export interface ObjectRow {
  value: string
  mod_rev: number
}

/** One history row (a change), as written by the write path and read back by watches. */
export interface HistoryEntry {
  rev: number
  key: string
  type: 'ADDED' | 'MODIFIED' | 'DELETED'
  /**
   * the stored JSON after the change; for DELETED the last value with the deletion revision, or null when
   * read from disk (it is then `prev` with resourceVersion = rev; see toEvent)
   */
  value: string | null
  /** the stored JSON before the change; null for ADDED */
  prev: string | null
}

/** A slice of history read in one snapshot, with the counters of that snapshot. */
export interface HistorySlice {
  rows: HistoryEntry[]
  compacted: number
  revision: number
}

/** FROM clause joining each live key to the history row holding its current value. */
const CURRENT = 'FROM objects o JOIN events e ON e.rev = o.mod_rev'

const HISTORY_SELECT =
  'SELECT e.rev, e.key, e.type, e.value, coalesce(e.prev_value, p.value) AS prev FROM events e LEFT JOIN events p ON p.rev = e.prev_rev'

/** Prepared statements bound to one connection. Created once per store. */
export class Statements {
  readonly getObject: Database.Statement<[string], ObjectRow>
  readonly getValue: Database.Statement<[string], string>
  readonly insertObject: Database.Statement<[string, number, number]>
  readonly updateObject: Database.Statement<[number, string]>
  readonly deleteObject: Database.Statement<[string]>
  readonly deleteEvent: Database.Statement<[number]>
  readonly insertEvent: Database.Statement<[number, string, string, string | null, number | null, string | null]>
  /** copy prev values into the rows after revision C whose previous row is at or below C (before compacting C) */
  readonly materializePrev: Database.Statement<[number, number]>
  private readonly dataVersionStmt: Database.Statement<[], number>
  readonly getMeta: Database.Statement<[string], number>
  readonly setMeta: Database.Statement<[number, string]>
  private readonly listRange: Database.Statement<[string, string], string>
  private readonly listFrom: Database.Statement<[string], string>
  private readonly countRange: Database.Statement<[string, string], number>
  private readonly countFrom: Database.Statement<[string], number>
  private readonly historyRange: Database.Statement<[number, number, string, string, number], HistoryEntry>
  private readonly historyFrom: Database.Statement<[number, number, string, number], HistoryEntry>
  /** remove the rows in (after, upTo] that are not the current value of a live key */
  readonly deleteHistory: Database.Statement<[number, number]>
  private readonly listTxn: (prefix: string) => {values: string[]; revision: number}
  private readonly historyTxn: (after: number, upTo: number | null, prefix: string, limit: number) => HistorySlice

  constructor(readonly db: Database.Database) {
    this.getObject = db.prepare(`SELECT e.value AS value, o.mod_rev AS mod_rev ${CURRENT} WHERE o.key = ?`)
    this.getValue = db.prepare<[string], string>(`SELECT e.value ${CURRENT} WHERE o.key = ?`).pluck()
    // inserts nothing (changes = 0) when the key exists: create's existence check and write in one statement
    this.insertObject = db.prepare('INSERT INTO objects (key, create_rev, mod_rev) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING')
    this.updateObject = db.prepare('UPDATE objects SET mod_rev = ? WHERE key = ?')
    this.deleteObject = db.prepare('DELETE FROM objects WHERE key = ?')
    this.deleteEvent = db.prepare('DELETE FROM events WHERE rev = ?')
    this.insertEvent = db.prepare('INSERT INTO events (rev, key, type, value, prev_rev, prev_value) VALUES (?, ?, ?, ?, ?, ?)')
    this.materializePrev = db.prepare(
      `UPDATE events SET prev_value = (SELECT p.value FROM events p WHERE p.rev = events.prev_rev)
       WHERE rev > ? AND prev_rev <= ? AND prev_value IS NULL`,
    )
    this.dataVersionStmt = db.prepare<[], number>('PRAGMA data_version').pluck()
    this.getMeta = db.prepare<[string], number>('SELECT value FROM meta WHERE name = ?').pluck()
    this.setMeta = db.prepare('UPDATE meta SET value = ? WHERE name = ?')
    this.listRange = db.prepare<[string, string], string>(`SELECT e.value ${CURRENT} WHERE o.key >= ? AND o.key < ? ORDER BY o.key`).pluck()
    this.listFrom = db.prepare<[string], string>(`SELECT e.value ${CURRENT} WHERE o.key >= ? ORDER BY o.key`).pluck()
    this.countRange = db.prepare<[string, string], number>('SELECT count(*) FROM objects WHERE key >= ? AND key < ?').pluck()
    this.countFrom = db.prepare<[string], number>('SELECT count(*) FROM objects WHERE key >= ?').pluck()
    this.historyRange = db.prepare(`${HISTORY_SELECT} WHERE e.rev > ? AND e.rev <= ? AND e.key >= ? AND e.key < ? ORDER BY e.rev LIMIT ?`)
    this.historyFrom = db.prepare(`${HISTORY_SELECT} WHERE e.rev > ? AND e.rev <= ? AND e.key >= ? ORDER BY e.rev LIMIT ?`)
    this.deleteHistory = db.prepare(
      `DELETE FROM events WHERE rev > ? AND rev <= ?
       AND (type = 'DELETED' OR rev IS NOT (SELECT o.mod_rev FROM objects o WHERE o.key = events.key))`,
    )
    this.listTxn = db.transaction((prefix: string) => ({values: this.listValues(prefix), revision: this.revision()}))
    this.historyTxn = db.transaction((after: number, upTo: number | null, prefix: string, limit: number): HistorySlice => {
      const compacted = this.compacted()
      const revision = this.revision()
      const end = upTo ?? revision
      const r = prefixRange(prefix)
      let rows: HistoryEntry[] = []
      if (end > after) {
        rows = r.hi === null ? this.historyFrom.all(after, end, r.lo, limit) : this.historyRange.all(after, end, r.lo, r.hi, limit)
      }
      return {rows, compacted, revision}
    })
  }

  /** PRAGMA data_version: changes whenever another connection has committed since the last call. */
  dataVersion(): number {
    return this.dataVersionStmt.get() ?? 0
  }

  /** The revision counter (the newest committed revision). */
  revision(): number {
    return this.getMeta.get('revision') ?? 0
  }

  /** The compacted revision: history at or below it is gone. */
  compacted(): number {
    return this.getMeta.get('compacted') ?? 0
  }

  /** JSON values under `prefix`, sorted by key. */
  listValues(prefix: string): string[] {
    const r = prefixRange(prefix)
    return r.hi === null ? this.listFrom.all(r.lo) : this.listRange.all(r.lo, r.hi)
  }

  /** JSON values under `prefix` and the revision they are consistent with, read in one snapshot. */
  list(prefix: string): {values: string[]; revision: number} {
    return this.listTxn(prefix)
  }

  /** Number of keys under `prefix`. */
  count(prefix: string): number {
    const r = prefixRange(prefix)
    return (r.hi === null ? this.countFrom.get(r.lo) : this.countRange.get(r.lo, r.hi)) ?? 0
  }

  /**
   * Up to `limit` history rows with after < rev <= upTo (upTo null = the current revision) under `prefix`,
   * in revision order, read in one snapshot together with the counters.
   */
  history(after: number, upTo: number | null, prefix: string, limit: number): HistorySlice {
    return this.historyTxn(after, upTo, prefix, limit)
  }
}
