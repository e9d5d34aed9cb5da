import {malformed} from './errors.js'
import {deepClone, deepEqual, hasOwn, isObject, jsonType, setKey, type JsonObject, type JsonValue} from './json.js'

/**
 * RFC 7386 JSON Merge Patch (application/merge-patch+json): objects merge recursively, null deletes a
 * member, every other value (arrays included) replaces. Pure; inputs are never modified.
 */

/** Apply `patch` to `target` per RFC 7386 and return the result (a fresh value). */
export function applyMergePatch<T = JsonValue>(target: unknown, patch: unknown): T {
  return mergePatch(deepClone(target) as JsonValue | undefined, deepClone(patch) as JsonValue) as T
}

function mergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isObject(patch)) return patch
  const out: JsonObject = isObject(target) ? target : {}
  for (const key of Object.keys(patch)) {
    const value = patch[key]
    if (value === null) delete out[key]
    else setKey(out, key, mergePatch(hasOwn(out, key) ? out[key] : undefined, value))
  }
  return out
}

/**
 * The merge patch that turns `original` into `modified` (both JSON objects): changed or added members
 * with their new value (nested objects as nested patches), removed members as null, arrays whole.
 * Returns {} when they are equal.
 */
export function createMergePatch(original: unknown, modified: unknown): JsonObject {
  if (!isObject(original) || !isObject(modified)) throw malformed('a merge patch can only be computed between two JSON objects')
  return diff(deepClone(original), deepClone(modified))
}

function diff(a: JsonObject, b: JsonObject): JsonObject {
  const patch: JsonObject = {}
  for (const key of Object.keys(b)) {
    const bv = b[key]
    if (!hasOwn(a, key) || jsonType(a[key]) !== jsonType(bv)) {
      setKey(patch, key, bv)
      continue
    }
    const av = a[key]
    if (isObject(av) && isObject(bv)) {
      const sub = diff(av, bv)
      if (Object.keys(sub).length > 0) setKey(patch, key, sub)
    } else if (!deepEqual(av, bv)) {
      setKey(patch, key, bv)
    }
  }
  for (const key of Object.keys(a)) {
    if (!hasOwn(b, key)) setKey(patch, key, null)
  }
  return patch
}

/**
 * Keep only the deletions (null members) of a merge patch, or only its additions and changes, recursing
 * into nested objects; explicitly empty objects count as values (kept with the additions). Used by the
 * three-way JSON merge patch, as apimachinery's keepOrDeleteNullInObj.
 */
export function filterMergePatch(patch: JsonObject, keepNulls: boolean): JsonObject {
  const out: JsonObject = {}
  for (const key of Object.keys(patch)) {
    const v = patch[key]
    if (v === null) {
      if (keepNulls) setKey(out, key, null)
    } else if (isObject(v)) {
      if (Object.keys(v).length === 0) {
        if (!keepNulls) setKey(out, key, v)
        continue
      }
      const sub = filterMergePatch(v, keepNulls)
      if (Object.keys(sub).length > 0) setKey(out, key, sub)
    } else if (!keepNulls) {
      setKey(out, key, v)
    }
  }
  return out
}
