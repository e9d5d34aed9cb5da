import {isQualifiedName, isValidLabelValue, SelectorError} from './validation.js'

/**
 * One label selector requirement (k8s.io/apimachinery/pkg/labels Requirement): a key, an operator and
 * values. Built by the selector parser, by LabelSelector conversion, or directly with newRequirement.
 */

/** Label set of an object (metadata.labels). */
export type Labels = Readonly<Record<string, string>>

/** Requirement operators, spelled as upstream's selection.Operator values. */
export type Operator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt'

/** A validated requirement; immutable. */
export class Requirement {
  constructor(
    readonly key: string,
    readonly operator: Operator,
    /** the values, as given (the parser passes them sorted and de-duplicated) */
    readonly values: readonly string[],
  ) {}

  /** Whether a label set satisfies this requirement (a missing label satisfies only !=, notin and !). */
  matches(labels: Labels | undefined): boolean {
    const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, this.key)
    const value = has ? (labels as Labels)[this.key] : undefined
    switch (this.operator) {
      case '=':
      case '==':
      case 'in':
        return has && this.values.includes(value as string)
      case '!=':
      case 'notin':
        return !has || !this.values.includes(value as string)
      case 'exists':
        return has
      case '!':
        return !has
      case 'gt':
      case 'lt': {
        if (!has || this.values.length !== 1) return false
        const actual = parseInt64(value as string)
        const bound = parseInt64(this.values[0])
        if (actual === undefined || bound === undefined) return false
        return this.operator === 'gt' ? actual > bound : actual < bound
      }
    }
  }

  /** Canonical text: `!k`, `k`, `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a)`, `k>1`, `k<1` (set values sorted). */
  toString(): string {
    switch (this.operator) {
      case 'exists':
        return this.key
      case '!':
        return `!${this.key}`
      case 'in':
      case 'notin':
        return `${this.key} ${this.operator} (${[...this.values].sort().join(',')})`
      case 'gt':
        return `${this.key}>${this.values[0]}`
      case 'lt':
        return `${this.key}<${this.values[0]}`
      default:
        return `${this.key}${this.operator}${this.values[0]}`
    }
  }
}

const INT64 = /^[+-]?[0-9]+$/

function parseInt64(s: string): bigint | undefined {
  if (!INT64.test(s)) return undefined
  const n = BigInt(s)
  return n >= -(2n ** 63n) && n < 2n ** 63n ? n : undefined
}

/** The error message for an invalid label key, or undefined. */
export function labelKeyError(key: string): string | undefined {
  const errs = isQualifiedName(key)
  return errs.length > 0 ? `invalid label key ${JSON.stringify(key)}: ${errs.join('; ')}` : undefined
}

/** Problems with a requirement, worded as upstream's NewRequirement ([] when valid). */
export function requirementErrors(key: string, operator: string, values: readonly string[]): string[] {
  const errs: string[] = []
  const keyErr = labelKeyError(key)
  if (keyErr) errs.push(keyErr)
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) errs.push("for 'in', 'notin' operators, values set can't be empty")
      break
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) errs.push('exact-match compatibility requires one single value')
      break
    case 'exists':
    case '!':
      if (values.length !== 0) errs.push('values set must be empty for exists and does not exist')
      break
    case 'gt':
    case 'lt':
      if (values.length !== 1) errs.push("for 'Gt', 'Lt' operators, exactly one value is required")
      for (const v of values) if (parseInt64(v) === undefined) errs.push(`for 'Gt', 'Lt' operators, the value must be an integer: ${JSON.stringify(v)}`)
      break
    default:
      errs.push(`operator ${JSON.stringify(operator)} is not recognized`)
  }
  for (const v of values) {
    const valueErrs = isValidLabelValue(v)
    if (valueErrs.length > 0) errs.push(`invalid label value: ${JSON.stringify(v)}: at key: ${JSON.stringify(key)}: ${valueErrs.join('; ')}`)
  }
  return errs
}

/** A validated Requirement; throws SelectorError listing every problem. */
export function newRequirement(key: string, operator: Operator, values: readonly string[] = []): Requirement {
  const errs = requirementErrors(key, operator, values)
  if (errs.length > 0) throw new SelectorError(errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`)
  return new Requirement(key, operator, [...values])
}
