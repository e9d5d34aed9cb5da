/**
 * Field paths (Kubernetes' field.Path rendering: `spec.containers[0].ports[1].containerPort`, map keys as
 * `data[key]`) and the few StatusCause builders src/api/errors.ts does not provide.
 */
import type {StatusCause} from '../meta.js'
import {cause} from '../errors.js'

/** `base.name` (or `name` at the root). */
export function child(base: string, ...names: string[]): string {
  let p = base
  for (const n of names) p = p ? `${p}.${n}` : n
  return p
}

/** `base[i]`. */
export function at(base: string, i: number): string {
  return `${base}[${i}]`
}

/** `base[key]` (map entries). */
export function keyed(base: string, k: string): string {
  return `${base}[${k}]`
}

/** FieldValueNotFound, as field.NotFound words it. */
export function notFoundCause(field: string, value: unknown): StatusCause {
  return {reason: 'FieldValueNotFound', message: `Not found: ${JSON.stringify(value)}`, field}
}

/** FieldValueTooMany, as field.TooMany words it. */
export function tooManyCause(field: string, actual: number, max: number): StatusCause {
  return {reason: 'FieldValueTooMany', message: `Too many: ${actual}: must have at most ${max} items`, field}
}

/** One FieldValueInvalid cause per message (the shape of Kubernetes' `for _, msg := range IsX(v)` loops). */
export function invalidEach(field: string, value: unknown, msgs: string[]): StatusCause[] {
  return msgs.map((m) => cause.invalid(field, value, m))
}

/** Kubernetes' ValidateNonnegativeField. */
export function nonNegative(field: string, value: number | undefined): StatusCause[] {
  return value !== undefined && value < 0 ? [cause.invalid(field, value, 'must be greater than or equal to 0')] : []
}

/** A JSON value is an integer number. */
export function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v)
}

/** "field is immutable" when the two values differ (ValidateImmutableField); equality is semantic. */
export function immutable(field: string, next: unknown, prev: unknown, equal: (a: unknown, b: unknown) => boolean): StatusCause[] {
  return equal(next, prev) ? [] : [cause.invalid(field, next ?? null, 'field is immutable')]
}

/** InclusiveRangeError wording. */
export function inclusiveRange(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`
}
