/**
 * The three write operations, as executed inside a group-commit transaction. Each one does every check
 * that can fail for a reason of its own (exists, missing, stale revision, value not serialisable) BEFORE
 * its first write, and raises those as StoreError or RejectedBeforeWrite: both mean "this op wrote nothing".
 */
import type {Statements, HistoryEntry} from './statements.js'
import {StoreError, type StoredObject} from './types.js'

/** A queued write. Built by the store's public methods; executed by the group committer. */
export type WriteRequest =
  | {op: 'create'; key: string; obj: StoredObject}
  | {op: 'update'; key: string; obj: StoredObject; expectedRevision?: number}
  | {op: 'delete'; key: string; expectedRevision?: number}

/** What a successful write produced: the value returned to the caller and the history row for watches. */
export interface WriteResult {
  value: StoredObject
  entry: HistoryEntry
}

/** `obj` with metadata.resourceVersion set to `rev` (a shallow copy; the input is not modified). */
export function withRevision(obj: StoredObject, rev: number): StoredObject {
  return {...obj, metadata: {...obj.metadata, resourceVersion: String(rev)}}
}

/**
 * The precondition of an update/delete: the explicit `expectedRevision`, else the object's non-empty
 * metadata.resourceVersion, else none. A resourceVersion that is not a decimal revision never matches.
 */
export function precondition(expectedRevision: number | undefined, obj?: StoredObject): number | undefined {
  if (expectedRevision !== undefined) return expectedRevision
  const rv = obj?.metadata?.resourceVersion
  if (rv === undefined || rv === null || rv === '') return undefined
  return typeof rv === 'string' && /^\d+$/.test(rv) ? Number(rv) : Number.NaN
}

/**
 * Wraps an error an op raised before its first write that is not a StoreError (e.g. a value JSON cannot
 * serialise): the committer rejects the op with `error` and keeps the rest of the transaction.
 */
export class RejectedBeforeWrite extends Error {
  constructor(readonly error: unknown) {
    super(error instanceof Error ? error.message : String(error))
  }
}

function serialise(key: string, value: StoredObject): string {
  let json: string | undefined
  try {
    json = JSON.stringify(value)
  } catch (err) {
    throw new RejectedBeforeWrite(new TypeError(`${key}: value cannot be stored: ${(err as Error).message}`))
  }
  if (typeof json !== 'string') throw new RejectedBeforeWrite(new TypeError(`${key}: value cannot be stored`))
  return json
}

function current(stmts: Statements, key: string, expected: number | undefined): {value: string; rev: number} {
  const row = stmts.getObject.get(key)
  if (row === undefined) throw new StoreError('NotFound', `${key} not found`)
  if (expected !== undefined && expected !== row.mod_rev) {
    const want = Number.isNaN(expected) ? 'an invalid resourceVersion' : `revision ${expected}`
    throw new StoreError('Conflict', `${key}: ${want} does not match the current revision ${row.mod_rev}`, JSON.parse(row.value))
  }
  return {value: row.value, rev: row.mod_rev}
}

/**
 * Append the history row of a change to an existing key. When the row holding the previous value is
 * already compacted (it survived only because it was current), its value moves into prev_value and the
 * old row goes: rows at or below the compacted revision stay exactly the current ones.
 */
function supersede(
  stmts: Statements,
  cur: {value: string; rev: number},
  compacted: number,
  rev: number,
  key: string,
  type: 'MODIFIED' | 'DELETED',
  json: string | null,
): void {
  const gone = cur.rev <= compacted
  stmts.insertEvent.run(rev, key, type, json, cur.rev, gone ? cur.value : null)
  if (gone) stmts.deleteEvent.run(cur.rev)
}

/**
 * Execute one write at revision `rev` inside the open transaction; `compacted` is the compacted revision
 * read in that transaction (a previous value whose history row is compacted is copied into prev_value).
 * Throws StoreError / RejectedBeforeWrite, before writing anything, on the op's own failures.
 */
export function executeWrite(stmts: Statements, req: WriteRequest, rev: number, compacted: number): WriteResult {
  const {key} = req
  switch (req.op) {
    case 'create': {
      const value = withRevision(req.obj, rev)
      const json = serialise(key, value)
      // an existing key makes the insert a no-op: nothing written, so the op can still fail alone
      if (stmts.insertObject.run(key, rev, rev).changes === 0) throw new StoreError('AlreadyExists', `${key} already exists`)
      stmts.insertEvent.run(rev, key, 'ADDED', json, null, null)
      return {value, entry: {rev, key, type: 'ADDED', value: json, prev: null}}
    }
    case 'update': {
      const cur = current(stmts, key, precondition(req.expectedRevision, req.obj))
      const value = withRevision(req.obj, rev)
      const json = serialise(key, value)
      stmts.updateObject.run(rev, key)
      supersede(stmts, cur, compacted, rev, key, 'MODIFIED', json)
      return {value, entry: {rev, key, type: 'MODIFIED', value: json, prev: cur.value}}
    }
    case 'delete': {
      const cur = current(stmts, key, req.expectedRevision)
      const value = withRevision(JSON.parse(cur.value) as StoredObject, rev)
      const json = JSON.stringify(value)
      stmts.deleteObject.run(key)
      supersede(stmts, cur, compacted, rev, key, 'DELETED', null)
      return {value, entry: {rev, key, type: 'DELETED', value: json, prev: cur.value}}
    }
  }
}
