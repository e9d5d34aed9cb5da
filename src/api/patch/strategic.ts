import {inapplicable, malformed} from './errors.js'
import {brief, deepClone, hasOwn, isObject, setKey, type JsonObject} from './json.js'
import {fieldMeta, strategicSchemaFor, type FieldPatchMeta, type PatchSchema} from './schema.js'
import {
  cleanPatchValue,
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  DELETED,
  patchDirectiveOf,
  PATCH_DIRECTIVE,
  RETAIN_KEYS_DIRECTIVE,
  SET_ELEMENT_ORDER_PREFIX,
} from './directives.js'
import {mergeListField, orderKeyFor} from './strategic-lists.js'
import {normalizeElementOrder, partitionByPresence, validateSetElementOrder} from './list-order.js'

/**
 * Kubernetes strategic merge patch (application/strategic-merge-patch+json), applied server-side as
 * apimachinery's StrategicMergePatch: maps merge recursively, null deletes a field, lists follow the
 * field's patch strategy from the kind's schema (merge by key, or replace), and the directives
 * `$patch`, `$retainKeys`, `$setElementOrder/<field>` and `$deleteFromPrimitiveList/<field>` apply.
 */

/** Apply a strategic merge patch (a JSON object, or its JSON text) to `original` of kind `kind`; returns a new object. */
export function applyStrategicMergePatch<T = JsonObject>(kind: string, original: unknown, patch: unknown): T {
  let p = patch
  if (typeof p === 'string') {
    try {
      p = JSON.parse(p)
    } catch (e) {
      throw malformed(`invalid strategic merge patch document: ${(e as Error).message}`)
    }
  }
  if (!isObject(p)) throw malformed('a strategic merge patch must be a JSON object')
  if (!isObject(original)) throw inapplicable('the object to patch is not a JSON object')
  return mergeMap(deepClone(original), deepClone(p), strategicSchemaFor(kind), '') as T
}

/** Same as applyStrategicMergePatch with an explicit schema (for callers with their own types). */
export function applyStrategicMergePatchWithSchema(schema: PatchSchema, original: JsonObject, patch: JsonObject): JsonObject {
  return mergeMap(deepClone(original), deepClone(patch), schema, '')
}

function join(path: string, field: string): string {
  return path ? `${path}.${field}` : field
}

/** Merge `patch` into `original` (both owned copies; `original` is modified and returned). */
export function mergeMap(original: JsonObject, patch: JsonObject, schema: PatchSchema, path: string): JsonObject {
  const directive = patchDirectiveOf(patch, path)
  if (directive === 'delete') return {}
  if (directive === 'replace') {
    delete patch[PATCH_DIRECTIVE]
    return cleanPatchValue(patch, path) as JsonObject
  }
  delete patch[PATCH_DIRECTIVE]
  applyRetainKeys(original, patch, path)
  applySetElementOrder(original, patch, schema, path)

  for (const key of Object.keys(patch)) {
    if (key === RETAIN_KEYS_DIRECTIVE || key.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue
    const value = patch[key]
    const deleteList = key.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX)
    const field = deleteList ? key.slice(DELETE_FROM_PRIMITIVE_LIST_PREFIX.length) : key
    const fieldPath = join(path, field)
    if (deleteList) {
      if (!Array.isArray(value)) throw malformed(`invalid patch format of primitive list: ${key} must be a list`)
      const cur = original[field]
      if (Array.isArray(cur)) original[field] = cur.filter((e) => !value.some((v) => v === e))
      continue
    }
    if (value === null) {
      delete original[field]
      continue
    }
    const cur = hasOwn(original, field) ? original[field] : undefined
    if (isObject(cur) && isObject(value)) {
      mergeMapField(original, field, cur, value, fieldMeta(schema, field), fieldPath)
    } else if (Array.isArray(cur) && Array.isArray(value)) {
      original[field] = mergeListField(cur, value, fieldMeta(schema, field), fieldPath, mergeMap)
    } else {
      const clean = cleanPatchValue(value, fieldPath)
      if (clean === DELETED) delete original[field]
      else setKey(original, field, clean)
    }
  }
  return original
}

function mergeMapField(original: JsonObject, field: string, cur: JsonObject, value: JsonObject, meta: FieldPatchMeta, path: string): void {
  if (patchDirectiveOf(value, path) === 'delete') {
    delete original[field]
    return
  }
  if (meta.strategy === 'replace') setKey(original, field, cleanPatchValue(value, path) as JsonObject)
  else setKey(original, field, mergeMap(cur, value, meta.fields ?? {}, path))
}

/**
 * `$retainKeys`: every field the patch sets must be listed (422 otherwise), and fields of the original
 * not listed are cleared before merging.
 */
function applyRetainKeys(original: JsonObject, patch: JsonObject, path: string): void {
  if (!hasOwn(patch, RETAIN_KEYS_DIRECTIVE)) return
  const list = patch[RETAIN_KEYS_DIRECTIVE]
  delete patch[RETAIN_KEYS_DIRECTIVE]
  if (!Array.isArray(list) || !list.every((k) => typeof k === 'string')) {
    throw malformed(`invalid patch format of retainKeys at ${path || 'the root'}: $retainKeys must be a list of field names`)
  }
  const keep = new Set(list as string[])
  for (const key of Object.keys(patch)) {
    if (patch[key] === null || key.startsWith(SET_ELEMENT_ORDER_PREFIX) || key.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX)) continue
    if (!keep.has(key)) {
      throw inapplicable(`patch content doesn't match retainKeys list at ${path || 'the root'}: ${JSON.stringify(key)} is not in ${brief(list)}`)
    }
  }
  for (const key of Object.keys(original)) {
    if (!keep.has(key)) delete original[key]
  }
}

/**
 * `$setElementOrder/<field>`: merge the field's patch list (if any) into the original list, then order
 * the result: listed items in the directive's order, server-only items interleaved by their live order.
 * The field's patch list is consumed here.
 */
function applySetElementOrder(original: JsonObject, patch: JsonObject, schema: PatchSchema, path: string): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue
    const field = key.slice(SET_ELEMENT_ORDER_PREFIX.length)
    const fieldPath = join(path, field)
    const order = patch[key]
    if (!Array.isArray(order)) throw malformed(`invalid patch format of setElementOrder list: ${key} must be a list`)
    const inPatch = hasOwn(patch, field)
    const patchList = inPatch ? patch[field] : []
    if (patchList === null) continue
    if (!Array.isArray(patchList)) throw malformed(`invalid patch format of setElementOrder list: ${field} must be a list when ${key} is set`)
    const cur = original[field]
    const inOriginal = Array.isArray(cur)
    const meta = fieldMeta(schema, field)
    // nothing to order; and a list without the merge strategy is only ever replaced by its patch list
    if ((!inOriginal && !inPatch) || (meta.strategy !== 'merge' && !inPatch)) continue
    const keyOf = orderKeyFor(meta, order, fieldPath)
    validateSetElementOrder(patchList, order, keyOf, fieldPath)
    const originalList = inOriginal ? cur : []
    const merged = mergeListField(originalList.slice(), patchList, meta, fieldPath, mergeMap)
    const [patchItems, serverOnly] = partitionByPresence(merged, order, keyOf)
    original[field] = normalizeElementOrder(patchItems, serverOnly, order, originalList, keyOf)
    delete patch[field]
  }
}
