/**
 * Group commit: writes requested in the same event-loop turn are queued and executed together in ONE
 * IMMEDIATE transaction (one fsync), each taking the next revision; promises settle only after COMMIT, so
 * every acknowledged write is durable.
 *
 * Per-op isolation without per-op SAVEPOINTs (they cost ~20% of write throughput): every op raises its own
 * failures (AlreadyExists, NotFound, Conflict, unserialisable value) before its first write, so such an
 * op simply takes no revision and the transaction goes on. Should an op fail in the middle of its writes
 * for a reason specific to it (a SQLite constraint/too-big error), the whole transaction is rolled back
 * and re-executed without that op — the ops are pure functions of the database state, so the outcome is
 * exactly what savepoints would give. Failures not specific to one op (disk full, I/O error, lock
 * timeout) reject the whole batch, which is rolled back.
 */
import type Database from 'better-sqlite3'
import {executeWrite, RejectedBeforeWrite, type WriteRequest, type WriteResult} from './ops.js'
import type {HistoryEntry, Statements} from './statements.js'
import {StoreError, type StoredObject} from './types.js'

interface Pending {
  req: WriteRequest
  resolve(v: StoredObject): void
  reject(e: unknown): void
  /** set when the op failed on its own; it is left out of every (re-)execution */
  excluded?: unknown
  /** outcome of the current execution attempt */
  result?: WriteResult
  error?: unknown
}

/** SQLite error codes that concern one statement's data rather than the database or the transaction. */
const OP_SPECIFIC = /^SQLITE_(CONSTRAINT|TOOBIG|MISMATCH|RANGE)/

/** Queues writes and commits them in batches. Owned by one SqliteStore; `onCommit` feeds its watch hub. */
export class GroupCommitter {
  private queue: Pending[] = []
  private timer: NodeJS.Immediate | null = null
  /** transactions committed by this committer (for metrics and tests) */
  transactions = 0
  /** successful writes committed */
  writes = 0

  constructor(
    private readonly db: Database.Database,
    private readonly stmts: Statements,
    /** called after each COMMIT with the batch's history rows (contiguous revisions, ascending) */
    private readonly onCommit: (entries: HistoryEntry[]) => void,
    /** most ops per transaction; the rest go to the next one (default 10,000) */
    private readonly maxBatch = 10_000,
  ) {}

  /** Queue a write; resolves with the stored value once its transaction has committed. */
  submit(req: WriteRequest): Promise<StoredObject> {
    return new Promise((resolve, reject) => {
      this.queue.push({req, resolve, reject})
      this.timer ??= setImmediate(() => this.flush())
    })
  }

  /** Number of queued writes not yet executed. */
  get pending(): number {
    return this.queue.length
  }

  /** Execute everything queued now (synchronously), batch after batch. */
  flushAll(): void {
    while (this.queue.length > 0) this.flushOne()
    if (this.timer) clearImmediate(this.timer)
    this.timer = null
  }

  private flush(): void {
    this.timer = null
    this.flushOne()
    if (this.queue.length > 0) this.timer = setImmediate(() => this.flush())
  }

  private flushOne(): void {
    const batch = this.queue.length <= this.maxBatch ? this.queue : this.queue.slice(0, this.maxBatch)
    this.queue = this.queue.length <= this.maxBatch ? [] : this.queue.slice(this.maxBatch)
    let entries: HistoryEntry[]
    try {
      entries = this.commit(batch)
    } catch (err) {
      // rolled back: every op shares the batch's failure (their own outcomes were against undone state)
      for (const p of batch) p.reject(p.excluded ?? err)
      return
    }
    for (const p of batch) {
      if (p.excluded !== undefined) p.reject(p.excluded)
      else if (p.result) p.resolve(p.result.value)
      else p.reject(p.error)
    }
    if (entries.length > 0) this.onCommit(entries)
  }

  /** Run the batch in one transaction, re-executing it without any op that failed mid-write. */
  private commit(batch: Pending[]): HistoryEntry[] {
    for (;;) {
      this.db.exec('BEGIN IMMEDIATE')
      try {
        const entries = this.attempt(batch)
        if (entries === null) {
          this.db.exec('ROLLBACK')
          continue
        }
        if (entries.length > 0) this.stmts.setMeta.run(entries[entries.length - 1].rev, 'revision')
        this.db.exec('COMMIT')
        this.transactions++
        this.writes += entries.length
        return entries
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK')
        for (const p of batch) p.result = undefined
        throw err
      }
    }
  }

  /** One execution of the batch; null when an op failed mid-write and was excluded (caller rolls back). */
  private attempt(batch: Pending[]): HistoryEntry[] | null {
    let rev = this.stmts.revision()
    const compacted = this.stmts.compacted()
    const entries: HistoryEntry[] = []
    for (const p of batch) {
      p.result = undefined
      p.error = undefined
      if (p.excluded !== undefined) continue
      try {
        p.result = executeWrite(this.stmts, p.req, rev + 1, compacted)
      } catch (err) {
        if (err instanceof StoreError) p.error = err
        else if (err instanceof RejectedBeforeWrite) p.error = err.error
        else if (OP_SPECIFIC.test(String((err as {code?: unknown}).code ?? ''))) {
          p.excluded = err
          return null
        } else throw err
        continue
      }
      rev++
      entries.push(p.result.entry)
    }
    return entries
  }
}
