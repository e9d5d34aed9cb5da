import {inapplicable, malformed} from './errors.js'
import {brief, deepEqual, hasOwn, isObject, type JsonObject, type JsonValue} from './json.js'
import type {FieldPatchMeta, PatchSchema} from './schema.js'
import {cleanPatchValue, DELETED, patchDirectiveOf} from './directives.js'
import {indexByKey, keyByMergeKey, keyByValue, normalizeElementOrder, partitionByPresence, type KeyOf} from './list-order.js'

/**
 * List fields of a strategic merge patch: merge by key (lists of maps), set union (lists of primitives)
 * or replacement (lists without the merge strategy), with the list-element directives
 * `{"$patch": "replace"}` (the rest of the patch list replaces the list), `{"$patch": "delete", <key>: v}`
 * (remove the element with that key) and `{"$patch": "merge"}` (merge this list even though its field has
 * no merge strategy; lists of primitives only, lists of maps need a merge key).
 */

/** The recursive map merge, passed in by strategic.ts (which owns it). */
export type MergeMapFn = (original: JsonObject, patch: JsonObject, schema: PatchSchema, path: string) => JsonObject

type ElementKind = 'empty' | 'scalar' | 'map'

function elementKind(list: readonly JsonValue[], path: string): ElementKind {
  let kind: ElementKind = 'empty'
  for (const e of list) {
    if (Array.isArray(e)) throw inapplicable(`lists of lists are not supported (at ${path})`)
    const k: ElementKind = isObject(e) ? 'map' : 'scalar'
    if (kind !== 'empty' && kind !== k) throw inapplicable(`list ${path} mixes objects and primitive values`)
    kind = k
  }
  return kind
}

function noMergeKey(e: JsonValue, key: string | undefined, path: string): Error {
  return malformed(`map: ${brief(e)} does not contain declared merge key: ${key ?? '(the list has no merge key)'} (at ${path})`)
}

function cleanList(items: JsonValue[], path: string): JsonValue[] {
  return cleanPatchValue(items, path) as JsonValue[]
}

/** KeyOf used to order a list field by `$setElementOrder` (validates the directive's elements). */
export function orderKeyFor(meta: FieldPatchMeta, order: readonly JsonValue[], path: string): KeyOf {
  if (meta.mergeKey) {
    const key = meta.mergeKey
    for (const e of order) if (!isObject(e) || !hasOwn(e, key)) throw noMergeKey(e, key, `$setElementOrder of ${path}`)
    return keyByMergeKey(key)
  }
  if (order.some((e) => isObject(e) || Array.isArray(e))) {
    throw malformed(`invalid patch format of setElementOrder list: ${path} has no merge key, so its order must list primitive values`)
  }
  return keyByValue
}

/**
 * Merge the patch list `patch` into the live list `original` (an owned copy) following `meta`.
 * Returns the new list.
 */
export function mergeListField(original: JsonValue[], patch: readonly JsonValue[], meta: FieldPatchMeta, path: string, mergeMap: MergeMapFn): JsonValue[] {
  let replace = false
  let mergeMarker = false
  const deletions: JsonValue[] = []
  const items: JsonValue[] = []
  for (const e of patch) {
    const directive = isObject(e) ? patchDirectiveOf(e, path) : undefined
    if (directive === 'replace') replace = true
    else if (directive === 'merge') mergeMarker = true
    else if (directive === 'delete') {
      const obj = e as JsonObject
      if (!meta.mergeKey || !hasOwn(obj, meta.mergeKey)) throw noMergeKey(e, meta.mergeKey, path)
      deletions.push(obj[meta.mergeKey])
    } else items.push(e)
  }
  if (replace || (meta.strategy !== 'merge' && !mergeMarker)) return cleanList(items, path)
  if (elementKind([...original, ...items], path) === 'map') {
    if (!meta.mergeKey) throw malformed(`cannot merge lists without merge key for ${path}`)
    return mergeMaps(original, items, deletions, meta, path, mergeMap)
  }
  return mergeScalars(original, cleanList(items, path))
}

function mergeScalars(original: readonly JsonValue[], items: readonly JsonValue[]): JsonValue[] {
  const merged: JsonValue[] = []
  for (const e of [...original, ...items]) if (!merged.some((m) => deepEqual(m, e))) merged.push(e)
  const [patchItems, serverOnly] = partitionByPresence(merged, items, keyByValue)
  return normalizeElementOrder(patchItems, serverOnly, items, original, keyByValue)
}

function mergeMaps(
  original: readonly JsonValue[],
  items: readonly JsonValue[],
  deletions: readonly JsonValue[],
  meta: FieldPatchMeta,
  path: string,
  mergeMap: MergeMapFn,
): JsonValue[] {
  const key = meta.mergeKey as string
  const keyOf = keyByMergeKey(key)
  const base = original.filter((e) => {
    const k = keyOf(e)
    return k === undefined || !deletions.some((d) => deepEqual(d, k))
  })
  const merged = base.slice()
  for (const e of items) {
    if (!isObject(e) || !hasOwn(e, key)) throw noMergeKey(e, key, path)
    const elementPath = `${path}[${key}=${brief(e[key])}]`
    const idx = indexByKey(merged, e, keyOf)
    const target = idx >= 0 ? merged[idx] : undefined
    if (isObject(target)) {
      merged[idx] = mergeMap(target, e, meta.fields ?? {}, elementPath)
    } else {
      const clean = cleanPatchValue(e, elementPath)
      if (clean !== DELETED) merged.push(clean)
    }
  }
  const [patchItems, serverOnly] = partitionByPresence(merged, items, keyOf)
  return normalizeElementOrder(patchItems, serverOnly, items, base, keyOf)
}
