/**
 * The SQLite implementation of the cluster Store (one file, WAL mode, better-sqlite3).
 *
 * Writes go through the group committer (one IMMEDIATE transaction per event-loop turn, acknowledged
 * after COMMIT); reads run directly on the same connection (better-sqlite3 is synchronous, so a read never
 * sees a half-applied batch). Several processes may open the same file: the revision counter is read
 * inside each write transaction, writers wait for each other (busy timeout), and each store's watch hub
 * picks up the other processes' commits from the history table. Timers are unref'd: an idle store never
 * keeps the process alive.
 */
import type Database from 'better-sqlite3'
import {GroupCommitter} from './batch.js'
import {checkpoint, compactHistory, reclaimSpace} from './compaction.js'
import {withRevision} from './ops.js'
import {openDatabase, type DatabaseOptions} from './schema.js'
import {Statements, type ObjectRow} from './statements.js'
import {
  StoreError,
  type CompactResult,
  type ListResult,
  type Store,
  type StoredObject,
  type StoreWatch,
  type WatchHandlers,
  type WatchTrigger,
} from './types.js'
import {WatchHub} from './watch.js'

/** Options of `openSqliteStore`; every field has a default. Set by the master from its flags/config. */
export interface SqliteStoreOptions extends Omit<DatabaseOptions, 'readonly' | 'migrations'> {
  /** default compaction policy: keep the newest N revisions of history (default 10,000) */
  retainRevisions?: number
  /** scheduled compaction period (default 60 s; 0 disables) */
  compactIntervalMs?: number
  /** periodic passive WAL checkpoint period (default 10 s; 0 disables) */
  checkpointIntervalMs?: number
  /** how often watches look for other processes' commits (PRAGMA data_version; default 15 ms) */
  pollIntervalMs?: number
  /** most writes committed in one transaction (default 10,000) */
  maxBatchOps?: number
  /** failures of the background compaction/checkpoint (default: printed to stderr) */
  onBackgroundError?: (err: Error) => void
}

/** A Store over one SQLite file. Create with `openSqliteStore`. */
export class SqliteStore implements Store {
  private readonly db: Database.Database
  private readonly stmts: Statements
  private readonly committer: GroupCommitter
  private readonly hub: WatchHub
  private readonly timers: NodeJS.Timeout[] = []
  private readonly busyTimeoutMs: number
  private readonly retainRevisions: number
  private closed = false

  constructor(
    /** the database file */
    readonly path: string,
    opts: SqliteStoreOptions = {},
  ) {
    this.busyTimeoutMs = opts.busyTimeoutMs ?? 10_000
    this.retainRevisions = Math.max(0, opts.retainRevisions ?? 10_000)
    this.db = openDatabase(path, opts)
    this.stmts = new Statements(this.db)
    this.hub = new WatchHub(this.stmts, opts.pollIntervalMs ?? 15)
    this.committer = new GroupCommitter(this.db, this.stmts, (entries) => this.hub.afterCommit(entries), opts.maxBatchOps)
    const onError = opts.onBackgroundError ?? ((err: Error) => console.error(`mkube store ${path}: ${err.message}`))
    const every = (ms: number, task: () => void) => {
      if (ms <= 0) return
      const t = setInterval(() => {
        try {
          task()
        } catch (err) {
          onError(err instanceof Error ? err : new Error(String(err)))
        }
      }, ms)
      t.unref()
      this.timers.push(t)
    }
    // scheduled compaction: every compactIntervalMs, and sooner when history runs past twice the retention
    // (heavy churn); it proceeds in chunks that yield to the event loop, so writes and reads go on meanwhile
    const interval = opts.compactIntervalMs ?? 60_000
    if (interval > 0) {
      let last = Date.now()
      every(Math.min(interval, 5_000), () => {
        if (this.compacting) return
        const backlog = this.stmts.revision() - this.stmts.compacted()
        if (backlog <= this.retainRevisions || (Date.now() - last < interval && backlog <= 2 * this.retainRevisions + 1000)) return
        last = Date.now()
        this.compacting = true
        this.compactInChunks(this.stmts.revision() - this.retainRevisions)
          .catch((err) => onError(err instanceof Error ? err : new Error(String(err))))
          .finally(() => (this.compacting = false))
      })
    }
    every(opts.checkpointIntervalMs ?? 10_000, () => checkpoint(this.db, 'PASSIVE', this.busyTimeoutMs))
  }

  async create(key: string, obj: StoredObject): Promise<StoredObject> {
    this.checkWrite(key, obj)
    return this.committer.submit({op: 'create', key, obj})
  }

  async get(key: string): Promise<StoredObject> {
    this.checkOpen()
    const value = this.stmts.getValue.get(key)
    if (value === undefined) throw new StoreError('NotFound', `${key} not found`)
    return JSON.parse(value) as StoredObject
  }

  async list(prefix: string): Promise<ListResult> {
    this.checkOpen()
    const {values, revision} = this.stmts.list(prefix)
    return {items: values.map((v) => JSON.parse(v) as StoredObject), revision}
  }

  async listRaw(prefix: string): Promise<{values: string[]; revision: number}> {
    this.checkOpen()
    return this.stmts.list(prefix)
  }

  async update(key: string, obj: StoredObject, expectedRevision?: number): Promise<StoredObject> {
    this.checkWrite(key, obj)
    return this.committer.submit({op: 'update', key, obj, expectedRevision})
  }

  /**
   * Read-modify-write (see Store). `fn` gets a private copy it may mutate. An update that changes nothing
   * but the resourceVersion is skipped (as Kubernetes does): the current value is returned, no revision used.
   */
  async guaranteedUpdate(
    key: string,
    fn: (cur: StoredObject) => StoredObject | null | Promise<StoredObject | null>,
  ): Promise<StoredObject> {
    this.checkOpen()
    let row = this.row(key)
    for (;;) {
      const next = await fn(JSON.parse(row.value) as StoredObject)
      if (next === null || JSON.stringify(withRevision(next, row.mod_rev)) === row.value) {
        return JSON.parse(row.value) as StoredObject
      }
      try {
        return await this.update(key, next, row.mod_rev)
      } catch (err) {
        if (!(err instanceof StoreError && err.kind === 'Conflict' && err.current !== undefined)) throw err
        row = this.row(key)
      }
    }
  }

  async delete(key: string, expectedRevision?: number): Promise<StoredObject> {
    this.checkOpen()
    checkKey(key)
    return this.committer.submit({op: 'delete', key, expectedRevision})
  }

  watch(prefix: string, fromRevision: number, handlers: WatchHandlers, trigger?: WatchTrigger): StoreWatch {
    this.checkOpen()
    return this.hub.watch(prefix, fromRevision, handlers, trigger)
  }

  async currentRevision(): Promise<number> {
    this.checkOpen()
    return this.stmts.revision()
  }

  async compactedRevision(): Promise<number> {
    this.checkOpen()
    return this.stmts.compacted()
  }

  /** Compact (see Store); without `revision`, keeps the newest `retainRevisions` revisions. */
  async compact(revision?: number): Promise<CompactResult> {
    this.checkOpen()
    return this.compactSync(revision)
  }

  async count(prefix: string): Promise<number> {
    this.checkOpen()
    return this.stmts.count(prefix)
  }

  /** Counters since open: write transactions committed, writes committed, writes queued, running watches. */
  stats(): {transactions: number; writes: number; queued: number; watches: number} {
    return {transactions: this.committer.transactions, writes: this.committer.writes, queued: this.committer.pending, watches: this.hub.size}
  }

  /** Commit the writes still queued, end every watch, stop timers and close the file. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return
    try {
      this.committer.flushAll()
    } finally {
      this.closed = true
      for (const t of this.timers) clearInterval(t)
      this.hub.close()
      this.db.close()
    }
  }

  private compacting = false

  /** Compacts up to `target` in transactions of at most `chunk` revisions, yielding between them. */
  private async compactInChunks(target: number, chunk = 10_000): Promise<void> {
    let removed = 0
    while (!this.closed) {
      const from = this.stmts.compacted()
      if (from >= target) break
      this.hub.poll()
      removed += compactHistory(this.db, this.stmts, {revision: Math.min(target, from + chunk)}).removed
      await new Promise<void>((r) => setImmediate(r))
    }
    if (removed > 0 && !this.closed) reclaimSpace(this.db, this.busyTimeoutMs)
  }

  private compactSync(revision: number | undefined): CompactResult {
    this.hub.poll() // the tailer must be past the revisions about to disappear
    const res = compactHistory(this.db, this.stmts, revision === undefined ? {retain: this.retainRevisions} : {revision})
    if (res.removed > 0) reclaimSpace(this.db, this.busyTimeoutMs)
    return res
  }

  private row(key: string): ObjectRow {
    const row = this.stmts.getObject.get(key)
    if (row === undefined) throw new StoreError('NotFound', `${key} not found`)
    return row
  }

  private checkOpen(): void {
    if (this.closed) throw new Error(`store ${this.path} is closed`)
  }

  private checkWrite(key: string, obj: StoredObject): void {
    this.checkOpen()
    checkKey(key)
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new TypeError(`${key}: the value must be an object`)
  }
}

function checkKey(key: string): void {
  if (typeof key !== 'string' || key === '') throw new TypeError('store key must be a non-empty string')
}

/** Open (creating and migrating when needed) the store in `path`. Throws StoreError Corrupt/Unsupported. */
export function openSqliteStore(path: string, opts: SqliteStoreOptions = {}): SqliteStore {
  return new SqliteStore(path, opts)
}
