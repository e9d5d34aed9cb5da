import {SelectorError} from './validation.js'

/**
 * Field selectors (k8s.io/apimachinery/pkg/fields): `field=value`, `field==value`, `field!=value`
 * terms joined by commas (AND). In values, `\,` `\=` and `\\` escape the special characters; the field
 * name is everything before the first operator. A missing field reads as "". Immutable.
 */

/** Field values of one object, as the API server computes them (metadata.name, spec.nodeName …). */
export type Fields = Readonly<Record<string, string>>

/** One term of a field selector. */
export interface FieldRequirement {
  readonly field: string
  /** '=' (also for '==') or '!=' */
  readonly operator: '=' | '!='
  /** the unescaped value */
  readonly value: string
}

/** A field selector. */
export interface FieldSelector {
  /** Whether the object's field values satisfy every term. */
  matches(fields: Fields): boolean
  /** True when there are no terms (matches everything). */
  empty(): boolean
  /** Canonical form: terms sorted, values escaped, `==` written as `=`. */
  toString(): string
  /** The terms, in canonical order. */
  requirements(): readonly FieldRequirement[]
  /** The distinct field names the selector uses, for rejecting unsupported ones. */
  fieldNames(): string[]
  /** The value `field` must equal (from a `field=v` term), if any: lets a list become a single get. */
  requiresExactMatch(field: string): string | undefined
}

class TermsSelector implements FieldSelector {
  constructor(private readonly terms: readonly FieldRequirement[]) {}

  matches(fields: Fields): boolean {
    return this.terms.every((t) => {
      const actual = Object.prototype.hasOwnProperty.call(fields, t.field) ? fields[t.field] : ''
      return t.operator === '=' ? actual === t.value : actual !== t.value
    })
  }

  empty(): boolean {
    return this.terms.length === 0
  }

  toString(): string {
    return this.terms.map((t) => `${t.field}${t.operator}${escapeFieldValue(t.value)}`).join(',')
  }

  requirements(): readonly FieldRequirement[] {
    return this.terms
  }

  fieldNames(): string[] {
    return [...new Set(this.terms.map((t) => t.field))]
  }

  requiresExactMatch(field: string): string | undefined {
    return this.terms.find((t) => t.field === field && t.operator === '=')?.value
  }
}

/** The field selector matching everything. */
export function everythingFields(): FieldSelector {
  return new TermsSelector([])
}

/** The selector `field=value`. */
export function oneTermEqualSelector(field: string, value: string): FieldSelector {
  return new TermsSelector([{field, operator: '=', value}])
}

/** `k1=v1,k2=v2,…` for a set of field values (sorted by field name). */
export function fieldSelectorFromSet(set: Fields): FieldSelector {
  return new TermsSelector(
    Object.keys(set)
      .sort()
      .map((field) => ({field, operator: '=', value: set[field]})),
  )
}

/** Escape a literal value for use in a field selector (`\` → `\\`, `,` → `\,`, `=` → `\=`). */
export function escapeFieldValue(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/=/g, '\\=')
}

/** Unescape a field selector value; throws SelectorError on an unknown escape or a bare `,` or `=`. */
export function unescapeFieldValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s
  let out = ''
  let escaped = false
  for (const c of s) {
    if (escaped) {
      if (c !== '\\' && c !== ',' && c !== '=') throw new SelectorError(`invalid field selector: invalid escape sequence: \\${c}`)
      out += c
      escaped = false
    } else if (c === '\\') escaped = true
    else if (c === ',' || c === '=') throw new SelectorError(`invalid field selector: unescaped character in value: ${c}`)
    else out += c
  }
  if (escaped) throw new SelectorError('invalid field selector: invalid escape sequence: \\')
  return out
}

/** Split on commas not escaped by a backslash (escapes are kept for unescapeFieldValue). */
function splitTerms(selector: string): string[] {
  if (selector === '') return []
  const terms: string[] = []
  let start = 0
  let escaped = false
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i]
    if (escaped) escaped = false
    else if (c === '\\') escaped = true
    else if (c === ',') {
      terms.push(selector.slice(start, i))
      start = i + 1
    }
  }
  terms.push(selector.slice(start))
  return terms
}

const OPERATORS = ['!=', '==', '='] as const

/** Split a term at the first operator (`!=` and `==` are tried before `=`). */
function splitTerm(term: string): [string, (typeof OPERATORS)[number], string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of OPERATORS) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)]
    }
  }
  return undefined
}

/**
 * Parse a field selector string; "" selects everything, empty terms are skipped. Throws SelectorError
 * ("invalid selector: 'x'; can't understand 'y'") for a term without an operator or a bad escape.
 */
export function parseFieldSelector(selector: string): FieldSelector {
  const terms: FieldRequirement[] = []
  for (const part of splitTerms(selector).sort()) {
    if (part === '') continue
    const split = splitTerm(part)
    if (!split) throw new SelectorError(`invalid selector: '${selector}'; can't understand '${part}'`)
    const [field, op, raw] = split
    terms.push({field, operator: op === '!=' ? '!=' : '=', value: unescapeFieldValue(raw)})
  }
  return new TermsSelector(terms)
}

/**
 * Reject a selector using a field outside `supported` with Kubernetes' message
 * ("field label not supported: spec.foo"); the API server answers it with 400.
 */
export function checkSupportedFields(selector: FieldSelector, supported: Iterable<string>): void {
  const allowed = new Set(supported)
  for (const f of selector.fieldNames()) {
    if (!allowed.has(f)) throw new SelectorError(`field label not supported: ${f}`)
  }
}
