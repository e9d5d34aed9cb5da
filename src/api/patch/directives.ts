import {malformed} from './errors.js'
import {brief, hasOwn, isObject, setKey, type JsonObject, type JsonValue} from './json.js'

/**
 * The directives of Kubernetes strategic merge patches, and the clean-up of a patch value that is taken
 * as-is (a field absent from the object, or a replaced list/map): directives and null members removed.
 */

/** `$patch: replace | delete | merge` on a map or as a list element. */
export const PATCH_DIRECTIVE = '$patch'
/** `$retainKeys: [fields]`: on a map whose field has the retainKeys strategy, clears unlisted fields. */
export const RETAIN_KEYS_DIRECTIVE = '$retainKeys'
/** `$setElementOrder/<field>: [...]`: the order of a merged list after the patch. */
export const SET_ELEMENT_ORDER_PREFIX = '$setElementOrder/'
/** `$deleteFromPrimitiveList/<field>: [...]`: values removed from a merged list of primitives. */
export const DELETE_FROM_PRIMITIVE_LIST_PREFIX = '$deleteFromPrimitiveList/'

/** A `$patch` directive value. */
export type PatchDirective = 'replace' | 'delete' | 'merge'

/** True for a key that is a directive rather than a field. */
export function isDirectiveKey(key: string): boolean {
  return (
    key === PATCH_DIRECTIVE ||
    key === RETAIN_KEYS_DIRECTIVE ||
    key.startsWith(SET_ELEMENT_ORDER_PREFIX) ||
    key.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX)
  )
}

/** The `$patch` directive of a map, validated (400 for an unknown one); undefined when absent. */
export function patchDirectiveOf(map: JsonObject, where: string): PatchDirective | undefined {
  if (!hasOwn(map, PATCH_DIRECTIVE)) return undefined
  const d = map[PATCH_DIRECTIVE]
  if (d === 'replace' || d === 'delete' || d === 'merge') return d
  throw malformed(`unknown patch type: ${brief(d)} in map: ${brief(map)} (at ${where || 'the root'})`)
}

/** Marker for a value that a `$patch: delete` removed. */
export const DELETED: unique symbol = Symbol('deleted')

/**
 * The value a patch contributes where there is nothing to merge with: nulls discarded, directive keys
 * dropped, list elements carrying `$patch` dropped, and DELETED for a map that is `$patch: delete`.
 */
export function cleanPatchValue(v: JsonValue, where: string): JsonValue | typeof DELETED {
  if (Array.isArray(v)) {
    const out: JsonValue[] = []
    for (const e of v) {
      if (isObject(e) && patchDirectiveOf(e, where) !== undefined) continue
      const c = cleanPatchValue(e, where)
      if (c !== DELETED) out.push(c)
    }
    return out
  }
  if (!isObject(v)) return v
  if (patchDirectiveOf(v, where) === 'delete') return DELETED
  const out: JsonObject = {}
  for (const k of Object.keys(v)) {
    const e = v[k]
    if (e === null || isDirectiveKey(k)) continue
    const c = cleanPatchValue(e, where ? `${where}.${k}` : k)
    if (c !== DELETED) setKey(out, k, c)
  }
  return out
}
