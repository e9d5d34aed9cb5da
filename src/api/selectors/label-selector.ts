import {cause} from '../errors.js'
import type {LabelSelector, StatusCause} from '../meta.js'
import {everything, nothing, selectorFromRequirements, type Selector} from './labels.js'
import {newRequirement, type Labels, type Operator, type Requirement} from './requirement.js'
import {isQualifiedName, isValidLabelValue, SelectorError} from './validation.js'

/**
 * meta/v1 LabelSelector objects (spec.selector of Deployments, ReplicaSets, Jobs …): conversion to a
 * Selector (LabelSelectorAsSelector) and validation (ValidateLabelSelector) with field paths.
 */

const OPERATORS: Record<string, Operator> = {In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!'}

/**
 * The Selector of a LabelSelector: undefined/null selects nothing, {} selects everything, otherwise
 * matchLabels (as `k=v`) AND matchExpressions. Throws SelectorError for an unknown operator or invalid
 * keys/values (validate first with validateLabelSelector to get field-level causes).
 */
export function labelSelectorAsSelector(ls: LabelSelector | null | undefined): Selector {
  if (ls === undefined || ls === null) return nothing()
  const matchLabels = ls.matchLabels ?? {}
  const expressions = ls.matchExpressions ?? []
  if (Object.keys(matchLabels).length + expressions.length === 0) return everything()
  const requirements: Requirement[] = Object.entries(matchLabels).map(([k, v]) => newRequirement(k, '=', [v]))
  for (const e of expressions) {
    const op = Object.prototype.hasOwnProperty.call(OPERATORS, e.operator) ? OPERATORS[e.operator] : undefined
    if (!op) throw new SelectorError(`${JSON.stringify(e.operator)} is not a valid label selector operator`)
    requirements.push(newRequirement(e.key, op, [...(e.values ?? [])]))
  }
  return selectorFromRequirements(requirements)
}

/** Whether `labels` match the LabelSelector (nil matches nothing, {} everything). */
export function labelSelectorMatches(ls: LabelSelector | null | undefined, labels: Labels | undefined): boolean {
  return labelSelectorAsSelector(ls).matches(labels)
}

/**
 * A LabelSelector as text, as metav1.FormatLabelSelector renders it for printers (kubectl's SELECTOR
 * column): the selector string, "<none>" when it is empty or absent, "<error>" when it is invalid.
 */
export function formatLabelSelector(ls: LabelSelector | null | undefined): string {
  let s: string
  try {
    s = labelSelectorAsSelector(ls).toString()
  } catch {
    return '<error>'
  }
  return s === '' ? '<none>' : s
}

/** Options of validateLabelSelector. */
export interface LabelSelectorValidationOptions {
  /** accept values that are not valid label values in matchExpressions (upstream's compatibility switch) */
  allowInvalidLabelValueInSelector?: boolean
}

/** Causes for a label name (key) that is not a qualified name. */
export function validateLabelName(name: string, field: string): StatusCause[] {
  return isQualifiedName(name).map((msg) => cause.invalid(field, name, msg))
}

/** Causes for a label map (metadata.labels, matchLabels): every key a qualified name, every value a label value. */
export function validateLabels(labels: Labels | undefined, field: string): StatusCause[] {
  const causes: StatusCause[] = []
  for (const [k, v] of Object.entries(labels ?? {})) {
    causes.push(...validateLabelName(k, field))
    for (const msg of isValidLabelValue(v)) causes.push(cause.invalid(field, v, msg))
  }
  return causes
}

/**
 * Validate a LabelSelector as upstream's ValidateLabelSelector: one cause per problem, with field paths
 * under `field` (e.g. "spec.selector.matchExpressions[0].values"). [] when valid or absent.
 */
export function validateLabelSelector(
  ls: LabelSelector | null | undefined,
  field: string,
  opts: LabelSelectorValidationOptions = {},
): StatusCause[] {
  if (ls === undefined || ls === null) return []
  const causes = validateLabels(ls.matchLabels, `${field}.matchLabels`)
  ;(ls.matchExpressions ?? []).forEach((e, i) => {
    const path = `${field}.matchExpressions[${i}]`
    const values = e.values ?? []
    switch (e.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) causes.push(cause.required(`${path}.values`, "Required value: must be specified when `operator` is 'In' or 'NotIn'"))
        break
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) causes.push(cause.forbidden(`${path}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
        break
      default:
        causes.push(cause.invalid(`${path}.operator`, e.operator, 'not a valid selector operator'))
    }
    causes.push(...validateLabelName(e.key, `${path}.key`))
    if (!opts.allowInvalidLabelValueInSelector) {
      values.forEach((v, j) => {
        for (const msg of isValidLabelValue(v)) causes.push(cause.invalid(`${path}.values[${j}]`, v, msg))
      })
    }
  })
  return causes
}
