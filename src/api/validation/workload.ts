/** Helpers shared by the apps/v1 and batch/v1 kinds: int-or-percent parameters and spec-level numbers. */
import type {StatusCause} from '../meta.js'
import type {IntOrString} from '../types/common.js'
import {cause} from '../errors.js'
import {isPercent} from './names.js'

/** ValidatePositiveIntOrPercent: a non-negative integer or a "N%" string. */
export function validateIntOrPercent(v: IntOrString | undefined, path: string): StatusCause[] {
  if (v === undefined || v === null) return []
  if (typeof v === 'string') return isPercent(v) ? [] : [cause.invalid(path, v, "must be an integer or percentage (e.g '5%')")]
  if (!Number.isInteger(v)) return [cause.invalid(path, v, "must be an integer or percentage (e.g '5%')")]
  return v < 0 ? [cause.invalid(path, v, 'must be greater than or equal to 0')] : []
}

/** IsNotMoreThan100Percent. */
export function notMoreThan100Percent(v: IntOrString | undefined, path: string): StatusCause[] {
  return typeof v === 'string' && isPercent(v) && Number(v.slice(0, -1)) > 100 ? [cause.invalid(path, v, 'must not be greater than 100%')] : []
}

/** Numeric value of an int-or-percent (percent number for strings, 0 when unparsable). */
export function intOrPercentValue(v: IntOrString | undefined): number {
  if (typeof v === 'number') return v
  if (typeof v === 'string' && isPercent(v)) return Number(v.slice(0, -1))
  return 0
}

/** Replicas-like counters: integers ≥ 0. */
export function nonNegativeInt(v: number | undefined | null, path: string): StatusCause[] {
  if (v === undefined || v === null) return []
  return Number.isInteger(v) && v >= 0 ? [] : [cause.invalid(path, v, 'must be greater than or equal to 0')]
}
