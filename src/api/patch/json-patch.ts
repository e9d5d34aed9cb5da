import {inapplicable, malformed, PatchError} from './errors.js'
import {deepClone, deepEqual, hasOwn, isObject, setKey, type JsonObject, type JsonValue} from './json.js'
import {formatPointer, parseArrayIndex, parsePointer} from './json-pointer.js'

/**
 * RFC 6902 JSON Patch (application/json-patch+json). Operations apply in order to a deep copy of the
 * document; the first failing operation aborts the whole patch with a PatchError (the input is never
 * modified). Parse failures are 400, operations that cannot apply are 422 (as the Kubernetes API server).
 */

/** One JSON Patch operation (client-authored). */
export type JsonPatchOperation =
  | {op: 'add' | 'replace' | 'test'; path: string; value: JsonValue}
  | {op: 'remove'; path: string}
  | {op: 'move' | 'copy'; from: string; path: string}

/** The Kubernetes API server's limit on the number of operations in one JSON patch. */
export const MAX_JSON_PATCH_OPERATIONS = 10000

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test'])

/**
 * Validate a JSON Patch document (JSON text or already-parsed value) and return its operations.
 * Unparseable JSON, a non-array or a non-object element → 400; an unknown op or a missing member → 422.
 */
export function parseJsonPatch(doc: unknown, maxOperations = MAX_JSON_PATCH_OPERATIONS): JsonPatchOperation[] {
  let value = doc
  if (typeof doc === 'string') {
    try {
      value = JSON.parse(doc)
    } catch (e) {
      throw malformed(`invalid JSON patch document: ${(e as Error).message}`)
    }
  }
  if (!Array.isArray(value)) throw malformed('a JSON patch document must be a JSON array of operations')
  if (value.length > maxOperations) {
    throw new PatchError(`The allowed maximum operations in a JSON patch is ${maxOperations}, got ${value.length}`, 413)
  }
  return value.map((op, i) => validateOperation(op, i))
}

function validateOperation(raw: unknown, i: number): JsonPatchOperation {
  if (!isObject(raw)) throw malformed(`JSON patch operation ${i} is not a JSON object`)
  const where = `JSON patch operation ${i}`
  if (!hasOwn(raw, 'op')) throw inapplicable(`${where}: missing "op"`)
  const op = raw.op
  if (typeof op !== 'string' || !OPS.has(op)) throw inapplicable(`${where}: unknown op ${JSON.stringify(op)}`)
  if (typeof raw.path !== 'string') throw inapplicable(`${where} (${op}): missing or non-string "path"`)
  const path = raw.path
  switch (op) {
    case 'add':
    case 'replace':
    case 'test':
      if (!hasOwn(raw, 'value')) throw inapplicable(`${where} (${op}): missing "value"`)
      return {op, path, value: raw.value}
    case 'remove':
      return {op, path}
    default: {
      if (typeof raw.from !== 'string') throw inapplicable(`${where} (${op}): missing or non-string "from"`)
      return {op: op as 'move' | 'copy', from: raw.from, path}
    }
  }
}

/**
 * Apply a JSON Patch to `doc` and return the patched copy. `patch` is JSON text, an array of operations,
 * or anything parseJsonPatch accepts.
 */
export function applyJsonPatch<T = JsonValue>(doc: unknown, patch: unknown, maxOperations = MAX_JSON_PATCH_OPERATIONS): T {
  const ops = parseJsonPatch(patch, maxOperations)
  let root = deepClone(doc) as JsonValue
  ops.forEach((op, i) => {
    try {
      root = applyOne(root, op)
    } catch (e) {
      if (e instanceof PatchError) throw new PatchError(`JSON patch operation ${i} (${op.op} ${op.path}): ${e.message}`, e.code)
      throw e
    }
  })
  return root as T
}

function applyOne(root: JsonValue, op: JsonPatchOperation): JsonValue {
  const path = parsePointer(op.path)
  switch (op.op) {
    case 'add':
      return add(root, path, deepClone(op.value), op.path)
    case 'remove':
      remove(root, path, op.path)
      return root
    case 'replace':
      get(root, path, op.path)
      if (path.length === 0) return deepClone(op.value)
      remove(root, path, op.path)
      return add(root, path, deepClone(op.value), op.path)
    case 'test': {
      const actual = get(root, path, op.path)
      if (!deepEqual(actual, op.value)) {
        throw inapplicable(`test failed: value at ${JSON.stringify(op.path)} is ${JSON.stringify(actual)}, not ${JSON.stringify(op.value)}`)
      }
      return root
    }
    case 'move': {
      const from = parsePointer(op.from)
      if (op.path !== op.from && op.path.startsWith(`${op.from}/`)) {
        throw inapplicable(`cannot move ${JSON.stringify(op.from)} into its own child ${JSON.stringify(op.path)}`)
      }
      const value = get(root, from, op.from)
      if (op.path === op.from) return root
      remove(root, from, op.from)
      return add(root, path, value, op.path)
    }
    case 'copy': {
      const value = deepClone(get(root, parsePointer(op.from), op.from))
      return add(root, path, value, op.path)
    }
  }
}

/** The value at `tokens`; throws 422 when any step is missing. */
function get(root: JsonValue, tokens: string[], pointer: string): JsonValue {
  let cur: JsonValue = root
  tokens.forEach((t, i) => {
    cur = child(cur, t, pointer, tokens.slice(0, i + 1))
  })
  return cur
}

function child(cur: JsonValue, token: string, pointer: string, upTo: string[]): JsonValue {
  if (Array.isArray(cur)) {
    const idx = parseArrayIndex(token, pointer, false)
    if (idx >= cur.length) throw inapplicable(`doc is missing path: ${JSON.stringify(formatPointer(upTo))}: index out of bounds`)
    return cur[idx]
  }
  if (isObject(cur) && hasOwn(cur, token)) return cur[token]
  throw inapplicable(`doc is missing path: ${JSON.stringify(formatPointer(upTo))}`)
}

/** The container that holds the last token of `tokens` (must exist and be an object or array). */
function parentOf(root: JsonValue, tokens: string[], pointer: string): JsonObject | JsonValue[] {
  const parent = get(root, tokens.slice(0, -1), pointer)
  if (!isObject(parent) && !Array.isArray(parent)) {
    throw inapplicable(`${JSON.stringify(formatPointer(tokens.slice(0, -1)))} is a ${parent === null ? 'null' : typeof parent}, not an object or array`)
  }
  return parent
}

function add(root: JsonValue, tokens: string[], value: JsonValue, pointer: string): JsonValue {
  if (tokens.length === 0) return value
  const parent = parentOf(root, tokens, pointer)
  const last = tokens[tokens.length - 1]
  if (Array.isArray(parent)) {
    const idx = parseArrayIndex(last, pointer, true)
    if (idx === -1) parent.push(value)
    else if (idx > parent.length) throw inapplicable(`index ${idx} out of bounds for an array of length ${parent.length}`)
    else parent.splice(idx, 0, value)
  } else {
    setKey(parent, last, value)
  }
  return root
}

function remove(root: JsonValue, tokens: string[], pointer: string): void {
  if (tokens.length === 0) throw inapplicable('cannot remove the whole document')
  get(root, tokens, pointer)
  const parent = parentOf(root, tokens, pointer)
  const last = tokens[tokens.length - 1]
  if (Array.isArray(parent)) parent.splice(parseArrayIndex(last, pointer, false), 1)
  else delete parent[last]
}
