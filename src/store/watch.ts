/**
 * Watch fan-out for one store: a single tailer follows the history table and hands every change to the
 * watchers whose prefix matches, in revision order, exactly once each.
 *
 * Sources of changes: (1) this store's own commits, pushed by the group committer right after COMMIT
 * (no query: the rows are still in memory); (2) commits of other connections/processes on the same file,
 * noticed by polling `PRAGMA data_version` every `pollIntervalMs` and read back from the history table.
 * Revisions are assigned inside IMMEDIATE transactions, so they commit in order: the tailer keeps one
 * position (`pos`, the newest revision handed out) and any gap before an own batch is read from disk first.
 *
 * A watch with a trigger (see WatchTrigger) is kept in its index's bucket for the wanted value: a row is
 * offered to the buckets of its object's and previous object's index values only, so a thousand
 * per-node pod watches cost two map lookups per pod change instead of a thousand selector evaluations.
 *
 * A watcher from revision R < pos first replays history (R, pos] (on the next event-loop turn, so watch()
 * never calls a handler before it returns), then goes live. Handlers run synchronously; one that throws
 * is stopped and gets the error through onError. Delivery is never re-entered: work that arrives while a
 * handler runs (a nested commit, watch(), poll) is queued and processed after it, in order.
 */
import {withRevision} from './ops.js'
import type {HistoryEntry, HistorySlice, Statements} from './statements.js'
import {StoreError, type StoreEvent, type StoredObject, type StoreWatch, type WatchHandlers, type WatchTrigger} from './types.js'

interface Watcher {
  prefix: string
  /** set: the watcher sits in its index's bucket for trigger.value instead of the plain set */
  trigger?: WatchTrigger
  /** newest revision this watcher has been given (or its start revision) */
  rev: number
  /** false while replaying history */
  live: boolean
  stopped: boolean
  handlers: WatchHandlers
}

/** The watchers of one trigger index, bucketed by the value they want. */
interface TriggerIndex {
  valueOf: (obj: StoredObject) => string
  /** longest prefix shared by every watcher of the index: other keys skip the index without parsing */
  root: string
  buckets: Map<string, Set<Watcher>>
  size: number
}

function commonPrefix(a: string, b: string): string {
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  return a.slice(0, i)
}

/** An object's value under an index; an index function that throws files the object under ''. */
function indexValue(ix: TriggerIndex, obj: StoredObject): string {
  try {
    return ix.valueOf(obj)
  } catch {
    return ''
  }
}

/** Rows read from the history table per query. */
const CHUNK = 2_000

/** Turn a history row into the event handed to watchers (one parsed copy shared by all of them). */
export function toEvent(row: HistoryEntry): StoreEvent {
  const prev = row.prev === null ? undefined : (JSON.parse(row.prev) as StoredObject)
  let object: StoredObject
  if (row.value !== null) object = JSON.parse(row.value) as StoredObject
  else if (prev !== undefined) object = withRevision(JSON.parse(row.prev!) as StoredObject, row.rev)
  else throw new StoreError('Corrupt', `history row ${row.rev} (${row.key}) has neither a value nor a previous value`)
  const ev: StoreEvent = {type: row.type, key: row.key, revision: row.rev, object}
  if (prev !== undefined) ev.prev = prev
  return ev
}

function tooOld(rev: number, compacted: number): StoreError {
  return new StoreError('Gone', `too old resource version: ${rev} (compacted to ${compacted})`)
}

/** The watch hub of one SqliteStore. */
export class WatchHub {
  private readonly watchers = new Set<Watcher>()
  /** watchers without a trigger: every row under their prefix is offered to them */
  private readonly plain = new Set<Watcher>()
  private readonly indexes = new Map<string, TriggerIndex>()
  private active = false
  private pos = 0
  private dataVersion = 0
  private timer: NodeJS.Timeout | null = null
  private pumping = false
  private pollRequested = false
  private batches: HistoryEntry[][] = []

  constructor(
    private readonly stmts: Statements,
    /** how often to look for other connections' commits */
    private readonly pollIntervalMs: number,
  ) {}

  /** Start a watch (see Store.watch). Throws RangeError for a negative or non-integer revision. */
  watch(prefix: string, fromRevision: number, handlers: WatchHandlers, trigger?: WatchTrigger): StoreWatch {
    if (!Number.isSafeInteger(fromRevision) || fromRevision < 0) {
      throw new RangeError(`watch: invalid start revision ${fromRevision}`)
    }
    if (!this.active) this.activate()
    else this.poll() // bring `pos` up to date so that "now" includes other processes' commits
    const w: Watcher = {prefix, rev: fromRevision, live: false, stopped: false, handlers, trigger}
    this.watchers.add(w)
    this.addToIndex(w)
    if (fromRevision === 0 || fromRevision >= this.pos) {
      w.rev = fromRevision === 0 ? this.pos : fromRevision
      w.live = true
    } else {
      setImmediate(() => this.catchUp(w))
    }
    return {stop: () => this.remove(w)}
  }

  private addToIndex(w: Watcher): void {
    const t = w.trigger
    if (!t) {
      this.plain.add(w)
      return
    }
    let ix = this.indexes.get(t.index)
    if (!ix) this.indexes.set(t.index, (ix = {valueOf: t.valueOf, root: w.prefix, buckets: new Map(), size: 0}))
    else ix.root = commonPrefix(ix.root, w.prefix)
    let bucket = ix.buckets.get(t.value)
    if (!bucket) ix.buckets.set(t.value, (bucket = new Set()))
    bucket.add(w)
    ix.size++
  }

  private removeFromIndex(w: Watcher): void {
    const t = w.trigger
    if (!t) {
      this.plain.delete(w)
      return
    }
    const ix = this.indexes.get(t.index)
    const bucket = ix?.buckets.get(t.value)
    if (!ix || !bucket?.delete(w)) return
    if (bucket.size === 0) ix.buckets.delete(t.value)
    if (--ix.size === 0) this.indexes.delete(t.index)
  }

  /** Number of running watches. */
  get size(): number {
    return this.watchers.size
  }

  /** Own commit: `entries` are the batch's rows, contiguous and ascending. */
  afterCommit(entries: HistoryEntry[]): void {
    if (!this.active) return
    this.batches.push(entries)
    this.pump()
  }

  /** Look for other connections' commits (cheap when there are none) and deliver them. */
  poll(): void {
    if (!this.active) return
    this.pollRequested = true
    this.pump()
  }

  /** Stop every watch (without error) and the poll timer. */
  close(): void {
    for (const w of this.watchers) w.stopped = true
    this.watchers.clear()
    this.plain.clear()
    this.indexes.clear()
    this.deactivate()
  }

  private activate(): void {
    this.active = true
    this.dataVersion = this.stmts.dataVersion() // before the revision: a commit in between is re-read, never missed
    this.pos = this.stmts.revision()
    this.timer = setInterval(() => this.poll(), this.pollIntervalMs)
    this.timer.unref()
  }

  private deactivate(): void {
    this.active = false
    this.batches = []
    this.pollRequested = false
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  private remove(w: Watcher): void {
    if (w.stopped) return
    w.stopped = true
    this.watchers.delete(w)
    this.removeFromIndex(w)
    if (this.watchers.size === 0) this.deactivate()
  }

  private fail(w: Watcher, err: unknown): void {
    if (w.stopped) return
    this.remove(w)
    try {
      w.handlers.onError?.(err instanceof Error ? err : new Error(String(err)))
    } catch {
      // an onError that throws has nobody left to report to
    }
  }

  private deliver(w: Watcher, ev: StoreEvent): void {
    if (w.stopped || ev.revision <= w.rev) return
    w.rev = ev.revision
    try {
      w.handlers.onEvent(ev)
    } catch (err) {
      this.fail(w, err)
    }
  }

  private pump(): void {
    if (this.pumping) return
    this.pumping = true
    try {
      while (this.active) {
        if (this.pollRequested) {
          this.pollRequested = false
          const dv = this.stmts.dataVersion()
          if (dv !== this.dataVersion) {
            this.dataVersion = dv
            this.drain()
          }
          continue
        }
        const batch = this.batches.shift()
        if (!batch) break
        for (const e of batch) {
          if (!this.active) break
          if (e.rev > this.pos + 1) this.drain() // another process committed just before this batch
          if (e.rev > this.pos) this.fanOut(e)
        }
      }
    } catch (err) {
      // reading history failed (I/O error, file gone): no watch can be continued without a gap
      this.failAll(err)
    } finally {
      this.pumping = false
    }
  }

  private failAll(err: unknown): void {
    for (const w of [...this.watchers]) this.fail(w, err)
  }

  /** Read and deliver every committed row after `pos`. */
  private drain(): void {
    for (;;) {
      const slice = this.stmts.history(this.pos, null, '', CHUNK)
      if (this.pos < slice.compacted) {
        this.goneAll(slice)
        return
      }
      for (const row of slice.rows) {
        if (!this.active) return
        this.fanOut(row)
      }
      if (slice.rows.length < CHUNK) return
    }
  }

  /** The tailer fell behind another process's compaction: every watch has lost events. */
  private goneAll(slice: HistorySlice): void {
    for (const w of [...this.watchers]) this.fail(w, tooOld(w.rev, slice.compacted))
    this.pos = slice.revision
  }

  private fanOut(row: HistoryEntry): void {
    this.pos = row.rev
    let ev: StoreEvent | undefined
    for (const w of this.plain) {
      if (!w.live || w.stopped || row.rev <= w.rev || !row.key.startsWith(w.prefix)) continue
      ev ??= toEvent(row)
      this.deliver(w, ev)
    }
    for (const ix of this.indexes.values()) {
      if (!row.key.startsWith(ix.root)) continue
      ev ??= toEvent(row)
      const value = indexValue(ix, ev.object)
      this.offer(ix.buckets.get(value), row, ev)
      if (ev.prev) {
        const before = indexValue(ix, ev.prev)
        if (before !== value) this.offer(ix.buckets.get(before), row, ev)
      }
    }
  }

  private offer(bucket: Set<Watcher> | undefined, row: HistoryEntry, ev: StoreEvent): void {
    if (!bucket) return
    for (const w of bucket) {
      if (!w.live || w.stopped || row.rev <= w.rev || !row.key.startsWith(w.prefix)) continue
      this.deliver(w, ev)
    }
  }

  /** Replay (w.rev, pos] for a new watcher, then make it live. */
  private catchUp(w: Watcher): void {
    if (w.stopped || !this.active) return
    this.pumping = true
    try {
      this.replay(w)
    } catch (err) {
      this.fail(w, err)
    } finally {
      this.pumping = false
    }
    this.pump() // work queued while replaying
  }

  private replay(w: Watcher): void {
    for (;;) {
      const slice = this.stmts.history(w.rev, this.pos, w.prefix, CHUNK)
      if (w.rev < slice.compacted) return this.fail(w, tooOld(w.rev, slice.compacted))
      for (const row of slice.rows) {
        if (w.stopped) return
        this.deliver(w, toEvent(row))
      }
      if (slice.rows.length < CHUNK) break
    }
    w.rev = Math.max(w.rev, this.pos)
    w.live = true
  }
}
