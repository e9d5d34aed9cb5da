/** Key/value payload rules shared by ConfigMaps and Secrets: key syntax, base64, 1 MiB total, immutability. */
import type {StatusCause} from '../meta.js'
import {cause} from '../errors.js'
import {invalidEach, keyed} from './path.js'
import {isConfigMapKey} from './names.js'
import {semanticEqual} from './equal.js'

/** MaxSecretSize: the total payload of a ConfigMap or Secret, 1 MiB. */
export const maxPayloadSize = 1024 * 1024

const base64Re = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** Strict standard base64 (what encoding/json accepts for []byte). */
export function isBase64(s: unknown): s is string {
  return typeof s === 'string' && base64Re.test(s)
}

/** Decoded byte length of a base64 string (0 when invalid). */
export function base64Size(s: string): number {
  return isBase64(s) ? Buffer.from(s, 'base64').length : 0
}

/** Keys valid; values strings (or base64 when `base64`); returns the payload size in bytes. */
export function validateDataMap(data: Record<string, unknown> | undefined, path: string, base64: boolean): {errs: StatusCause[]; size: number} {
  const errs: StatusCause[] = []
  let size = 0
  for (const [k, v] of Object.entries(data ?? {})) {
    errs.push(...invalidEach(path, k, isConfigMapKey(k)))
    if (typeof v !== 'string') errs.push(cause.invalid(keyed(path, k), v, 'must be a string'))
    else if (base64 && !isBase64(v)) errs.push(cause.invalid(keyed(path, k), '<value omitted>', 'illegal base64 data'))
    else size += base64 ? base64Size(v) : Buffer.byteLength(v)
  }
  return {errs, size}
}

/** The 1 MiB payload limit. */
export function validatePayloadSize(size: number, path: string): StatusCause[] {
  return size > maxPayloadSize ? [cause.tooLong(path, '', maxPayloadSize)] : []
}

/** An object marked `immutable: true` keeps its payload and the flag itself. */
export function validateImmutablePayload(
  next: {immutable?: boolean; [k: string]: unknown},
  prev: {immutable?: boolean; [k: string]: unknown},
  fields: string[],
): StatusCause[] {
  if (!prev.immutable) return []
  const errs: StatusCause[] = []
  if (!next.immutable) errs.push(cause.forbidden('immutable', 'field is immutable when `immutable` is set'))
  for (const f of fields) if (!semanticEqual(next[f], prev[f])) errs.push(cause.forbidden(f, 'field is immutable when `immutable` is set'))
  return errs
}
