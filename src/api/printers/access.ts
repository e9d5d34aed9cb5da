/**
 * Safe accessors over plain JSON objects. The printers and describers read objects as the API server stores
 * them (no typed interfaces), so every field access goes through these helpers: a missing or mistyped field
 * reads as the zero value of its kind, exactly like an unset field of a Go struct.
 */

/** A JSON object. */
export type Obj = Record<string, unknown>

/** True for a non-null, non-array object. */
export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** The value as an object, or {} when it is not one. */
export function obj(v: unknown): Obj {
  return isObj(v) ? v : {}
}

/** The value as an array, or [] when it is not one. */
export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : []
}

/** The value as an array of objects (non-objects are read as {}). */
export function objs(v: unknown): Obj[] {
  return arr(v).map(obj)
}

/** The value as a string, or '' when it is not one. */
export function str(v: unknown): string {
  return typeof v === 'string' ? v : ''
}

/** The value as a number, or 0 when it is not one. */
export function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0
}

/** The value as a boolean, or false when it is not one. */
export function bool(v: unknown): boolean {
  return v === true
}

/** The value as a string map (labels, selectors…); non-string values are dropped. */
export function strMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, val] of Object.entries(obj(v))) if (typeof val === 'string') out[k] = val
  return out
}

/** Walks nested object keys; undefined as soon as a step is missing. */
export function at(v: unknown, ...keys: string[]): unknown {
  let cur = v
  for (const k of keys) {
    if (!isObj(cur)) return undefined
    cur = cur[k]
  }
  return cur
}

/** True when the nested field is set (not undefined and not null), like a non-nil Go pointer. */
export function has(v: unknown, ...keys: string[]): boolean {
  const x = at(v, ...keys)
  return x !== undefined && x !== null
}

/** Parses an RFC 3339 timestamp; undefined for a missing or invalid one (Go's zero time). */
export function time(v: unknown): Date | undefined {
  if (typeof v !== 'string' || v === '') return undefined
  const ms = Date.parse(v)
  return Number.isNaN(ms) ? undefined : new Date(ms)
}

/** metadata.name */
export function nameOf(o: unknown): string {
  return str(at(o, 'metadata', 'name'))
}

/** metadata.namespace */
export function namespaceOf(o: unknown): string {
  return str(at(o, 'metadata', 'namespace'))
}

/** Byte length of a string in UTF-8 (Go's len(string)). */
export function byteLen(s: string): number {
  return Buffer.byteLength(s, 'utf8')
}

/** The value of a status condition of the given type ('' when absent). */
export function conditionStatus(conditions: unknown, type: string): string {
  for (const c of objs(conditions)) if (c.type === type) return str(c.status)
  return ''
}

/** The controller owner reference (controller: true) of an object, if any. */
export function controllerOf(o: unknown): Obj | undefined {
  return objs(at(o, 'metadata', 'ownerReferences')).find((r) => r.controller === true)
}
