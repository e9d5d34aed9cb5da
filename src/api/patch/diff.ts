import {inapplicable, malformed} from './errors.js'
import {brief, deepClone, deepEqual, hasOwn, isObject, jsonType, setKey, type JsonObject, type JsonValue} from './json.js'
import {fieldMeta, strategicSchemaFor, type FieldPatchMeta, type PatchSchema} from './schema.js'
import {DELETE_FROM_PRIMITIVE_LIST_PREFIX, PATCH_DIRECTIVE, RETAIN_KEYS_DIRECTIVE, SET_ELEMENT_ORDER_PREFIX} from './directives.js'
import {indexByKey, keyByMergeKey, keyByValue, sortByOrder, type KeyOf} from './list-order.js'

/**
 * Strategic merge patch computation (apimachinery's diffMaps): the patch that takes `original` to
 * `modified`, with options to leave out deletions or additions/changes (the two halves of a three-way
 * patch). Lists with a merge key yield per-element patches, `{"$patch":"delete"}` elements and a
 * `$setElementOrder` list; merged primitive lists yield additions, `$deleteFromPrimitiveList` and
 * `$setElementOrder`; retainKeys fields get `$retainKeys` whenever their patch is not empty.
 */

/** Which parts of the difference to keep. */
export interface DiffOptions {
  /** leave out added and changed fields (keep deletions only) */
  ignoreChangesAndAdditions?: boolean
  /** leave out deleted fields (keep additions and changes only) */
  ignoreDeletions?: boolean
}

/** The strategic merge patch turning `original` into `modified` (both objects of kind `kind`); {} if equal. */
export function createTwoWayMergePatch(kind: string, original: unknown, modified: unknown): JsonObject {
  if (!isObject(original) || !isObject(modified)) throw malformed('a strategic merge patch can only be computed between two JSON objects')
  return diffMaps(deepClone(original), deepClone(modified), strategicSchemaFor(kind), {}, false)
}

/** Diff two maps under `schema`. `retainKeys`: the map's field has the retainKeys strategy. */
export function diffMaps(original: JsonObject, modified: JsonObject, schema: PatchSchema, opts: DiffOptions, retainKeys: boolean): JsonObject {
  const patch: JsonObject = {}
  const keep = !opts.ignoreChangesAndAdditions
  for (const key of Object.keys(modified)) {
    const mv = modified[key]
    if (!hasOwn(original, key) || jsonType(original[key]) !== jsonType(mv)) {
      if (keep) setKey(patch, key, mv)
      continue
    }
    const ov = original[key]
    const meta = fieldMeta(schema, key)
    if (isObject(ov) && isObject(mv)) {
      if (meta.strategy === 'replace') {
        if (keep && !deepEqual(ov, mv)) setKey(patch, key, mv)
      } else {
        const sub = diffMaps(ov, mv, meta.fields ?? {}, opts, meta.retainKeys === true)
        if (Object.keys(sub).length > 0) setKey(patch, key, sub)
      }
    } else if (Array.isArray(ov) && Array.isArray(mv)) {
      if (meta.strategy === 'merge') diffListField(key, ov, mv, meta, opts, patch)
      else if (keep && !deepEqual(ov, mv)) setKey(patch, key, mv)
    } else if (keep && !deepEqual(ov, mv)) {
      setKey(patch, key, mv)
    }
  }
  if (!opts.ignoreDeletions) {
    for (const key of Object.keys(original)) if (!hasOwn(modified, key)) setKey(patch, key, null)
  }
  if (retainKeys && Object.keys(patch).length > 0) {
    patch[RETAIN_KEYS_DIRECTIVE] = Object.keys(modified)
      .filter((k) => modified[k] !== null)
      .sort()
  }
  return patch
}

type ListKind = 'scalar' | 'map'

function listKind(list: readonly JsonValue[], path: string): ListKind {
  let kind: ListKind | undefined
  for (const e of list) {
    if (Array.isArray(e)) throw inapplicable(`lists of lists are not supported (at ${path})`)
    const k: ListKind = isObject(e) ? 'map' : 'scalar'
    if (kind && kind !== k) throw inapplicable(`list ${path} mixes objects and primitive values`)
    kind = k
  }
  return kind ?? 'scalar'
}

/**
 * True when the elements of `modified` appear in `original` in the same relative order (elements only
 * in `original`, e.g. added by another actor, are ignored).
 */
function relativeOrderSame(original: readonly JsonValue[], modified: readonly JsonValue[], keyOf: KeyOf): boolean {
  const shared = original.filter((e) => indexByKey(modified, e, keyOf) >= 0)
  if (shared.length !== modified.length) return false
  return shared.every((e, i) => deepEqual(keyOf(e), keyOf(modified[i])))
}

function diffListField(key: string, original: JsonValue[], modified: JsonValue[], meta: FieldPatchMeta, opts: DiffOptions, patch: JsonObject): void {
  const keep = !opts.ignoreChangesAndAdditions
  if (original.length === 0) {
    if (modified.length > 0 && keep) setKey(patch, key, modified)
    return
  }
  const kind = listKind([...original, ...modified], key)
  let items: JsonValue[]
  let order: JsonValue[] | undefined
  if (kind === 'map') {
    if (!meta.mergeKey) throw inapplicable(`cannot merge lists without merge key for ${key}`)
    const mergeKey = meta.mergeKey
    const keyOf = keyByMergeKey(mergeKey)
    items = [...sortByOrder(diffListsOfMaps(original, modified, meta, opts, key), modified, keyOf), ...deletedElements(original, modified, mergeKey, opts)]
    const orderChanged = keep && !relativeOrderSame(original, modified, keyOf)
    if (items.length > 0 || orderChanged) order = modified.map((e) => ({[mergeKey]: (e as JsonObject)[mergeKey]}))
  } else {
    const added = keep ? dedupe(modified.filter((e) => !original.some((o) => deepEqual(o, e)))) : []
    const removed = opts.ignoreDeletions ? [] : dedupe(original.filter((o) => !modified.some((e) => deepEqual(o, e))))
    items = added
    if (removed.length > 0) setKey(patch, `${DELETE_FROM_PRIMITIVE_LIST_PREFIX}${key}`, removed)
    const orderChanged = keep && !relativeOrderSame(dedupe(original), dedupe(modified), keyByValue)
    if (added.length > 0 || removed.length > 0 || orderChanged) order = dedupe(modified)
  }
  if (items.length > 0) setKey(patch, key, items)
  if (order) setKey(patch, `${SET_ELEMENT_ORDER_PREFIX}${key}`, order)
}

function dedupe(list: readonly JsonValue[]): JsonValue[] {
  const out: JsonValue[] = []
  for (const e of list) if (!out.some((o) => deepEqual(o, e))) out.push(e)
  return out
}

function mergeKeyOf(e: JsonValue, mergeKey: string, field: string): JsonValue {
  if (!isObject(e) || !hasOwn(e, mergeKey)) {
    throw inapplicable(`map: ${brief(e)} does not contain declared merge key: ${mergeKey} (in ${field})`)
  }
  return e[mergeKey]
}

/** Per-element patches for changed elements and whole new elements (additions), in modified's order. */
function diffListsOfMaps(original: readonly JsonValue[], modified: readonly JsonValue[], meta: FieldPatchMeta, opts: DiffOptions, field: string): JsonValue[] {
  const mergeKey = meta.mergeKey as string
  const out: JsonValue[] = []
  for (const m of modified) {
    const k = mergeKeyOf(m, mergeKey, field)
    const o = original.find((e) => isObject(e) && hasOwn(e, mergeKey) && deepEqual(e[mergeKey], k))
    if (o === undefined) {
      if (!opts.ignoreChangesAndAdditions) out.push(m)
      continue
    }
    const sub = diffMaps(o as JsonObject, m as JsonObject, meta.fields ?? {}, opts, meta.retainKeys === true)
    if (Object.keys(sub).length > 0) {
      setKey(sub, mergeKey, k)
      out.push(sub)
    }
  }
  return out
}

/** `{"$patch":"delete", <key>: v}` for every original element whose key is gone from modified. */
function deletedElements(original: readonly JsonValue[], modified: readonly JsonValue[], mergeKey: string, opts: DiffOptions): JsonValue[] {
  if (opts.ignoreDeletions) return []
  const out: JsonValue[] = []
  for (const o of original) {
    const k = mergeKeyOf(o, mergeKey, mergeKey)
    const kept = modified.some((m) => isObject(m) && hasOwn(m, mergeKey) && deepEqual(m[mergeKey], k))
    if (!kept && !out.some((d) => deepEqual((d as JsonObject)[mergeKey], k))) out.push({[PATCH_DIRECTIVE]: 'delete', [mergeKey]: k})
  }
  return out
}
