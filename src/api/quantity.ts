/**
 * Kubernetes resource.Quantity: parsing ("100m", "1.5", "128Mi", "1G", "1e3"), exact comparison, the
 * value accessors the scheduler and kubelet use (milliValue for cpu, integer base units for memory), and
 * the canonical string form the API server stores ("0.5" → "500m", "1.5Gi" → "1536Mi", "1000" → "1k").
 * Arithmetic is exact (BigInt mantissa × power of ten); like Kubernetes, precision finer than 1n is
 * rounded up (away from zero).
 */

/** How a quantity is written: binary (Ki…Ei), decimal SI (n…E) or decimal exponent (e3). */
export type QuantityFormat = 'BinarySI' | 'DecimalSI' | 'DecimalExponent'

/** An exactly parsed quantity: value = num × 10^scale. */
export interface ParsedQuantity {
  num: bigint
  scale: number
  format: QuantityFormat
}

/** Thrown for unparsable quantities; the message is Kubernetes' ErrFormatWrong. */
export class QuantityError extends Error {
  constructor(readonly input: string) {
    super("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")
    this.name = 'QuantityError'
  }
}

const decimalSuffixes: Record<string, number> = {n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18}
const binarySuffixes: Record<string, number> = {Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6}
const quantityRe = /^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/

function pow10(n: number): bigint {
  return 10n ** BigInt(n)
}

/** Integer division rounding away from zero. */
function divAway(a: bigint, b: bigint): bigint {
  const q = a / b
  return q * b === a ? q : a < 0n ? q - 1n : q + 1n
}

/** Parse exactly; throws QuantityError. Accepts JSON numbers as well as strings. */
export function parseQuantityExact(input: string | number): ParsedQuantity {
  const s = typeof input === 'number' ? numberToString(input) : input
  if (typeof s !== 'string') throw new QuantityError(String(input))
  const m = quantityRe.exec(s)
  if (!m) throw new QuantityError(s)
  const [, sign, whole = '', frac = '', suffix = ''] = m
  if (whole.length === 0 && frac.length === 0) throw new QuantityError(s)
  let num = BigInt((whole || '0') + frac)
  let scale = -frac.length
  let format: QuantityFormat = 'DecimalSI'
  if (suffix in binarySuffixes) {
    format = 'BinarySI'
    num *= 1024n ** BigInt(binarySuffixes[suffix])
  } else if (suffix in decimalSuffixes) {
    scale += decimalSuffixes[suffix]
  } else {
    format = 'DecimalExponent'
    scale += Number(suffix.slice(1))
  }
  if (sign === '-') num = -num
  if (scale < -9) {
    num = divAway(num, pow10(-9 - scale))
    scale = -9
  }
  return {num, scale, format}
}

function numberToString(n: number): string {
  if (!Number.isFinite(n)) return String(n)
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString()
  return String(n)
}

/** True when `s` parses as a quantity. */
export function isValidQuantity(s: unknown): boolean {
  if (typeof s !== 'string' && typeof s !== 'number') return false
  try {
    parseQuantityExact(s)
    return true
  } catch {
    return false
  }
}

/** The value in base units as a JS number (cores for cpu, bytes for memory); may be fractional. */
export function parseQuantity(s: string | number): number {
  const q = parseQuantityExact(s)
  return q.scale >= 0 ? Number(q.num * pow10(q.scale)) : Number(q.num) / 10 ** -q.scale
}

/** ScaledValue: ceil (away from zero) of value × 10^-scale, exact. */
function scaled(q: ParsedQuantity, to: number): bigint {
  const d = q.scale - to
  return d >= 0 ? q.num * pow10(d) : divAway(q.num, pow10(-d))
}

/** MilliValue: thousandths of the value, rounded up (cpu in millicores). */
export function milliValue(s: string | number): number {
  return Number(scaled(parseQuantityExact(s), -3))
}

/** Value: the value rounded up to an integer (memory and storage in bytes, counts). */
export function quantityValue(s: string | number): number {
  return Number(scaled(parseQuantityExact(s), 0))
}

/** Exact comparison: -1, 0 or 1. */
export function compareQuantities(a: string | number, b: string | number): -1 | 0 | 1 {
  const x = parseQuantityExact(a)
  const y = parseQuantityExact(b)
  const s = Math.min(x.scale, y.scale)
  const l = x.num * pow10(x.scale - s)
  const r = y.num * pow10(y.scale - s)
  return l < r ? -1 : l > r ? 1 : 0
}

/** Kubernetes' canonical string for a parsed quantity (CanonicalizeBytes). */
export function formatParsed(q: ParsedQuantity): string {
  let format = q.format
  if (format === 'BinarySI') {
    const lo = compareParsed(q, -1024n) > 0 && compareParsed(q, 1024n) < 0
    if (lo || !isInteger(q)) format = 'DecimalSI'
  }
  if (format === 'BinarySI') {
    let v = scaled(q, 0)
    let exp = 0
    while (v !== 0n && v % 1024n === 0n && exp < 6) {
      v /= 1024n
      exp++
    }
    return `${v}${['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'][exp]}`
  }
  let num = q.num
  let scale = q.scale
  if (num === 0n) return '0'
  while (num % 10n === 0n) {
    num /= 10n
    scale++
  }
  const r = ((scale % 3) + 3) % 3
  if (r !== 0) {
    num *= pow10(r)
    scale -= r
  }
  if (format === 'DecimalExponent') return scale === 0 ? `${num}` : `${num}e${scale}`
  const suffix = Object.entries(decimalSuffixes).find(([, e]) => e === scale)?.[0]
  return suffix !== undefined ? `${num}${suffix}` : `${num}e${scale}`
}

function compareParsed(q: ParsedQuantity, n: bigint): number {
  const l = q.scale >= 0 ? q.num * pow10(q.scale) : q.num
  const r = q.scale >= 0 ? n : n * pow10(-q.scale)
  return l < r ? -1 : l > r ? 1 : 0
}

function isInteger(q: ParsedQuantity): boolean {
  return q.scale >= 0 || q.num % pow10(-q.scale) === 0n
}

/** The canonical form of a quantity string or number ("0.5" → "500m"). Throws QuantityError. */
export function canonicalQuantity(s: string | number): string {
  return formatParsed(parseQuantityExact(s))
}

/** Formats a value given in base units (e.g. bytes, cores) in the requested format, canonically. */
export function formatQuantity(value: number, format: QuantityFormat = 'DecimalSI'): string {
  const q = parseQuantityExact(Number.isInteger(value) ? value : value.toFixed(9))
  return formatParsed({...q, format})
}

/** Formats millis (e.g. millicores) canonically: 100 → "100m", 1500 → "1500m", 2000 → "2". */
export function formatMilli(milli: number): string {
  return formatParsed({num: BigInt(Math.round(milli)), scale: -3, format: 'DecimalSI'})
}
