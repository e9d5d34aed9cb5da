/**
 * Resource quantities (k8s.io/apimachinery/pkg/api/resource.Quantity) as far as describe needs them:
 * parsing ("100m", "1.5", "128Mi", "1e3"), exact arithmetic, comparison and the canonical String() form
 * ("0.5" → "500m", "1024Mi" → "1Gi", "1000m" → "1"). Values are held in nano-units, rounded away from
 * zero below that precision as the apimachinery type does.
 */

/** How a quantity is written back: with SI suffixes, binary (Ki, Mi…) suffixes, or a decimal exponent. */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent'

/** A parsed quantity: its value in nano-units and the format it was written in. */
export interface Quantity {
  nanos: bigint
  format: QuantityFormat
}

const NANO = 1_000_000_000n
const DECIMAL_SUFFIX: Record<string, number> = {n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18}
const BINARY_SUFFIX: Record<string, number> = {Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6}
const QUANTITY_RE = /^([+-]?)(\d*)(?:\.(\d*))?(.*)$/

/** The zero quantity (Go's Quantity{}), printed "0". */
export const ZERO: Quantity = {nanos: 0n, format: 'DecimalSI'}

/** Integer division rounding away from zero. */
function divUp(a: bigint, b: bigint): bigint {
  const q = a / b
  return a % b === 0n ? q : a > 0n ? q + 1n : q - 1n
}

/** Parses a quantity string; throws on a malformed one. */
export function parseQuantity(input: string): Quantity {
  const s = input.trim()
  const m = QUANTITY_RE.exec(s)
  if (!m || s === '' || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': "${input}"`)
  const [, sign, whole, frac = '', suffix] = m
  let format: QuantityFormat
  let exp10 = 0
  let pow1024 = 0
  if (suffix in DECIMAL_SUFFIX) {
    format = 'DecimalSI'
    exp10 = DECIMAL_SUFFIX[suffix]
  } else if (suffix in BINARY_SUFFIX) {
    format = 'BinarySI'
    pow1024 = BINARY_SUFFIX[suffix]
  } else if (/^[eE][+-]?\d+$/.test(suffix)) {
    format = 'DecimalExponent'
    exp10 = Number(suffix.slice(1))
  } else {
    throw new Error(`unable to parse quantity's suffix: "${input}"`)
  }
  let value = BigInt((whole || '0') + frac) * 1024n ** BigInt(pow1024)
  const scale = 9 + exp10 - frac.length
  value = scale >= 0 ? value * 10n ** BigInt(scale) : divUp(value, 10n ** BigInt(-scale))
  return {nanos: sign === '-' ? -value : value, format}
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

function removeFactors(v: bigint, base: bigint): [bigint, number] {
  let times = 0
  while (v !== 0n && v % base === 0n) {
    v /= base
    times++
  }
  return [v, times]
}

/** Quantity.String: the canonical form. */
export function formatQuantity(q: Quantity): string {
  if (q.nanos === 0n) return '0'
  let format = q.format
  if (format === 'BinarySI') {
    const abs = q.nanos < 0n ? -q.nanos : q.nanos
    if (abs < 1024n * NANO || q.nanos % NANO !== 0n) format = 'DecimalSI'
  }
  if (format === 'BinarySI') {
    const [amount, exponent] = removeFactors(q.nanos / NANO, 1024n)
    const suffix = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'][Math.min(exponent, 6)]
    const rest = exponent > 6 ? 1024n ** BigInt(exponent - 6) : 1n
    return `${amount * rest}${suffix}`
  }
  let [amount, times] = removeFactors(q.nanos, 10n)
  let exponent = -9 + times
  const r = exponent % 3
  if (r === 1 || r === -2) {
    amount *= 10n
    exponent -= 1
  } else if (r === 2 || r === -1) {
    amount *= 100n
    exponent -= 2
  }
  if (format === 'DecimalExponent') return exponent === 0 ? `${amount}` : `${amount}e${exponent}`
  const si = Object.entries(DECIMAL_SUFFIX).find(([, e]) => e === exponent)
  return si ? `${amount}${si[0]}` : `${amount}e${exponent}`
}

/** The canonical form of a quantity string from an object; the raw text when it does not parse. */
export function canonical(v: unknown): string {
  const q = tryQuantity(v)
  if (q) return formatQuantity(q)
  return typeof v === 'string' ? v : String(v ?? '')
}
