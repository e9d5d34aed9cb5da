/**
 * JSON value helpers shared by the patch implementations: type tests, deep copy, deep equality, safe key
 * assignment and canonical serialisation. Pure functions; no I/O.
 */

/** A JSON value as JSON.parse produces it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject

/** A JSON object. */
export interface JsonObject {
  [key: string]: JsonValue
}

/** The JSON type of a value, as RFC 7396/6902 reason about it ('undefined' for a missing value). */
export type JsonType = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null' | 'undefined'

/** True for a plain JSON object (not null, not an array). */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** The JSON type of `v`. */
export function jsonType(v: unknown): JsonType {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  switch (typeof v) {
    case 'object':
      return 'object'
    case 'string':
      return 'string'
    case 'number':
    case 'bigint':
      return 'number'
    case 'boolean':
      return 'boolean'
    default:
      return 'undefined'
  }
}

/** Own-property test that ignores the prototype chain (so "constructor" or "__proto__" keys behave as data). */
export function hasOwn(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key)
}

/** Assign obj[key] = value without ever invoking the `__proto__` setter. */
export function setKey(obj: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, {value, writable: true, enumerable: true, configurable: true})
  } else {
    obj[key] = value
  }
}

/**
 * Deep copy of a JSON-like value. Object properties whose value is `undefined` are dropped (JSON has no
 * undefined); Date values become their ISO string, as JSON.stringify would render them.
 */
export function deepClone<T>(v: T): T {
  return cloneValue(v) as T
}

function cloneValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((e) => (e === undefined ? null : cloneValue(e)))
  if (v instanceof Date) return v.toISOString()
  if (isObject(v)) {
    const out: JsonObject = {}
    for (const k of Object.keys(v)) {
      const e = v[k]
      if (e !== undefined) setKey(out, k, cloneValue(e) as JsonValue)
    }
    return out
  }
  return v
}

/** JSON deep equality: objects compare unordered (undefined-valued keys count as absent), arrays in order. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false
    return true
  }
  if (isObject(a)) {
    if (!isObject(b)) return false
    const ka = definedKeys(a)
    const kb = definedKeys(b)
    if (ka.length !== kb.length) return false
    for (const k of ka) {
      if (!hasOwn(b, k) || !deepEqual(a[k], b[k])) return false
    }
    return true
  }
  return false
}

function definedKeys(o: JsonObject): string[] {
  return Object.keys(o).filter((k) => o[k] !== undefined)
}

/** JSON text with object keys sorted at every level (Go's encoding of map[string]interface{}). */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(sortKeys(v))
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys)
  if (v instanceof Date) return v.toISOString()
  if (isObject(v)) {
    const out: JsonObject = {}
    for (const k of Object.keys(v).sort()) {
      if (v[k] !== undefined) setKey(out, k, sortKeys(v[k]) as JsonValue)
    }
    return out
  }
  return v
}

/** Short JSON rendering of a value for error messages (truncated past 200 characters). */
export function brief(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v)
  return s.length > 200 ? `${s.slice(0, 197)}...` : s
}
