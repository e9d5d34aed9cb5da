/**
 * The texts Kubernetes' API server answers strict field validation problems with:
 *
 * - fieldValidation=Strict, create/update: 400 BadRequest
 *   `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo"`
 *   (handlers.transformDecodeError around runtime.NewStrictDecodingError);
 * - fieldValidation=Strict, patch: 422 Invalid with one cause on field "patch" whose detail is
 *   `strict decoding error: unknown field "spec.foo"` (see strictDecodingMessage);
 * - fieldValidation=Warn (the default when the parameter is absent): the object is accepted and every
 *   problem becomes a `Warning: 299 - "unknown field \"spec.foo\""` response header (warningHeaderValues).
 */
import type {StatusCause} from '../meta.js'
import {goQuote, type FieldProblems} from './unknown-fields.js'

/** Problems as findUnknownFields returns them, or bare unknown-field paths. */
export type ProblemsOrPaths = FieldProblems | string[]

function messagesOf(p: ProblemsOrPaths): string[] {
  return Array.isArray(p) ? p.map((path) => `unknown field ${goQuote(path)}`) : p.messages
}

/** True when there is something to report. */
export function hasProblems(p: ProblemsOrPaths): boolean {
  return messagesOf(p).length > 0
}

/** runtime.NewStrictDecodingError(errs).Error(): "strict decoding error: " + the errors joined by ", ". */
export function strictDecodingMessage(p: ProblemsOrPaths): string {
  return `strict decoding error: ${messagesOf(p).join(', ')}`
}

/**
 * The message of the 400 BadRequest a create or update with fieldValidation=Strict gets:
 * `<Kind> in version "<version>" cannot be handled as a <Kind>: strict decoding error: …`, where kind and
 * version are those of the body's apiVersion/kind (version without the group: "v1" for apps/v1).
 */
export function strictDecodingError(kind: string, version: string, p: ProblemsOrPaths): string {
  return `${kind} in version ${goQuote(version)} cannot be handled as a ${kind}: ${strictDecodingMessage(p)}`
}

/** Problems of two decoding steps, in order (a patch's own duplicates, then the patched object's unknown fields). */
export function mergeProblems(a: FieldProblems, b: FieldProblems): FieldProblems {
  return {unknown: [...a.unknown, ...b.unknown], duplicates: [...a.duplicates, ...b.duplicates], messages: [...a.messages, ...b.messages]}
}

/** Go's %v of a float64 (strconv 'g', shortest): exponent form below 1e-4 and from 1e6 on ("1e+06"). */
function goFloat(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return String(x)
  const [mantissa, e] = x.toExponential().split('e')
  const exp = Number(e)
  if (exp < -4 || exp >= 6) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`
  return String(x)
}

/**
 * Go's fmt %+v of a JSON value decoded into interface{} (integers kept as int64): `map[k:v …]` with
 * sorted keys, `[a b]` for lists, strings unquoted, `<nil>` for null. Upstream prints a strategic merge
 * patch that way in the "Invalid value" of its strict decoding error.
 */
export function goValueString(v: unknown): string {
  if (v === null || v === undefined) return '<nil>'
  if (Array.isArray(v)) return `[${v.map(goValueString).join(' ')}]`
  if (typeof v === 'object') {
    const keys = Object.keys(v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    return `map[${keys.map((k) => `${k}:${goValueString((v as Record<string, unknown>)[k])}`).join(' ')}]`
  }
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFloat(v)
  return String(v)
}

/**
 * The cause of the 422 Invalid a patch gets with fieldValidation=Strict (upstream: field.Invalid on path
 * "patch"); the status message is then ` "" is invalid: patch: <cause message>` (empty kind and name).
 * `badValue` is goValueString(patch) for strategic merge patches, the patched object's JSON for JSON and
 * merge patches.
 */
export function patchStrictDecodingCause(p: ProblemsOrPaths, badValue: string): StatusCause {
  return {reason: 'FieldValueInvalid', field: 'patch', message: `Invalid value: ${goQuote(badValue)}: ${strictDecodingMessage(p)}`}
}

/** The warnings fieldValidation=Warn adds, one per problem: `unknown field "spec.foo"`, `duplicate field "x"`. */
export function unknownFieldWarnings(p: ProblemsOrPaths): string[] {
  return messagesOf(p)
}

/** net.NewWarningHeader(299, "-", text): `299 - "<text with \" and \\ escaped>"`. */
export function warningHeaderValue(text: string): string {
  return `299 - "${text.replace(/["\\]/g, (c) => '\\' + c)}"`
}

/** The apiserver's warning recorder limits: 4096 runes in all, then each warning cut to 256 runes. */
export const WARNING_TOTAL_RUNES = 4 * 1024
export const WARNING_ITEM_RUNES = 256

/**
 * The `Warning` header values for a request's warnings, as the API server's warning recorder writes them:
 * empty and repeated texts dropped; once the texts exceed 4096 runes in all, every text is cut to 256
 * runes and, past 4096 runes again, the rest dropped. Texts with control characters are skipped (they
 * cannot go into a header).
 */
export function warningHeaderValues(texts: Iterable<string>): string[] {
  const ordered: string[] = []
  for (const t of texts) if (t && !ordered.includes(t) && !/[\u0000-\u001f\u007f-\u009f]/.test(t)) ordered.push(t)
  const runes = (t: string) => [...t].length
  const total = ordered.reduce((n, t) => n + runes(t), 0)
  if (total <= WARNING_TOTAL_RUNES) return ordered.map(warningHeaderValue)
  // Truncation: the recorder replays everything cut to 256 runes once the limit is crossed, then keeps
  // adding (cut) texts until the running total reaches the limit again.
  const out: string[] = []
  let written = 0
  let crossedAt = -1
  for (let k = 0, sum = 0; k < ordered.length; k++) {
    sum += runes(ordered[k])
    if (sum > WARNING_TOTAL_RUNES) {
      crossedAt = k
      break
    }
  }
  for (let k = 0; k < ordered.length; k++) {
    if (k > crossedAt && written >= WARNING_TOTAL_RUNES) break
    const cut = [...ordered[k]].slice(0, WARNING_ITEM_RUNES).join('')
    written += runes(cut)
    out.push(warningHeaderValue(cut))
  }
  return out
}
