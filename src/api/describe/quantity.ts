/**
 * Resource quantities as describe and the dashboard add them up: values held in nano-units (exact
 * sums and comparisons), parsed and printed by api/quantity.ts (one parser, one canonical form).
 */
import {formatParsed, parseQuantityExact, type QuantityFormat} from '../quantity.js'

export type {QuantityFormat}

/** A parsed quantity: its value in nano-units and the format it was written in. */
export interface Quantity {
  nanos: bigint
  format: QuantityFormat
}

const NANO = 1_000_000_000n

/** The zero quantity (Go's Quantity{}), printed "0". */
export const ZERO: Quantity = {nanos: 0n, format: 'DecimalSI'}

/** Integer division rounding away from zero. */
function divUp(a: bigint, b: bigint): bigint {
  const q = a / b
  return a % b === 0n ? q : a > 0n ? q + 1n : q - 1n
}

/** Parses a quantity string (api/quantity.ts: exact, nano precision rounded away from zero); throws QuantityError on a malformed one. */
export function parseQuantity(input: string): Quantity {
  const q = parseQuantityExact(input.trim())
  return {nanos: q.num * 10n ** BigInt(q.scale + 9), format: q.format}
}

/** Parses a quantity, or undefined when the value is not a valid quantity string. */
export function tryQuantity(v: unknown): Quantity | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) v = String(v)
  if (typeof v !== 'string') return undefined
  try {
    return parseQuantity(v)
  } catch {
    return undefined
  }
}

/** Quantity.Add: the sum keeps the receiver's format unless the receiver is zero. */
export function addQuantity(a: Quantity, b: Quantity): Quantity {
  return {nanos: a.nanos + b.nanos, format: a.nanos === 0n ? b.format : a.format}
}

/** Quantity.Cmp: -1, 0 or 1. */
export function cmpQuantity(a: Quantity, b: Quantity): number {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0
}

/** Quantity.MilliValue (rounded up). */
export function milliValue(q: Quantity): number {
  return Number(divUp(q.nanos, 1_000_000n))
}

/** Quantity.Value (rounded up). */
export function value(q: Quantity): number {
  return Number(divUp(q.nanos, NANO))
}

/** Quantity.String: the canonical form (api/quantity.ts' formatParsed). */
export function formatQuantity(q: Quantity): string {
  return formatParsed({num: q.nanos, scale: -9, format: q.format})
}

/** The canonical form of a quantity string from an object; the raw text when it does not parse. */
export function canonical(v: unknown): string {
  const q = tryQuantity(v)
  if (q) return formatQuantity(q)
  return typeof v === 'string' ? v : String(v ?? '')
}
