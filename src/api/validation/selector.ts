/**
 * meta/v1 LabelSelector validation (ValidateLabelSelector) and matching, used by workload validation to
 * check that a controller's selector matches its pod template's labels.
 */
import type {LabelSelector, StatusCause} from '../meta.js'
import {cause} from '../errors.js'
import {at, child, invalidEach} from './path.js'
import {isValidLabelValue} from './names.js'
import {validateLabelName, validateLabels} from './meta.js'

/** Validates matchLabels and matchExpressions of a LabelSelector at `path`. */
export function validateLabelSelector(sel: LabelSelector | undefined, path: string): StatusCause[] {
  if (!sel) return []
  const errs: StatusCause[] = []
  ;(sel.matchExpressions ?? []).forEach((r, i) => {
    const p = at(child(path, 'matchExpressions'), i)
    const values = r.values ?? []
    switch (r.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) errs.push(cause.required(child(p, 'values'), "Required value: must be specified when `operator` is 'In' or 'NotIn'"))
        break
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) errs.push(cause.forbidden(child(p, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
        break
      default:
        errs.push(cause.invalid(child(p, 'operator'), r.operator, 'not a valid selector operator'))
    }
    errs.push(...validateLabelName(r.key ?? '', child(p, 'key')))
    values.forEach((v, j) => errs.push(...invalidEach(at(child(p, 'values'), j), v, isValidLabelValue(String(v)))))
  })
  errs.push(...validateLabels(sel.matchLabels, child(path, 'matchLabels')))
  return errs
}

/** True when the selector selects nothing-in-particular (no requirements): it matches everything. */
export function selectorIsEmpty(sel: LabelSelector | undefined): boolean {
  return !sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0)
}

/** Whether `labels` satisfy the selector (an absent selector matches nothing, an empty one everything). */
export function selectorMatches(sel: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  if (!sel) return false
  const l = labels ?? {}
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false
  for (const r of sel.matchExpressions ?? []) {
    const has = Object.hasOwn(l, r.key)
    const vals = r.values ?? []
    switch (r.operator) {
      case 'In':
        if (!has || !vals.includes(l[r.key])) return false
        break
      case 'NotIn':
        if (has && vals.includes(l[r.key])) return false
        break
      case 'Exists':
        if (!has) return false
        break
      case 'DoesNotExist':
        if (has) return false
        break
      default:
        return false
    }
  }
  return true
}

/** A selector's string form, as the Scale subresource's status.selector carries it ("a=b,c in (d,e)"). */
export function selectorToString(sel: LabelSelector | undefined): string {
  if (!sel) return ''
  const parts: string[] = []
  for (const k of Object.keys(sel.matchLabels ?? {}).sort()) parts.push(`${k}=${sel.matchLabels![k]}`)
  for (const r of sel.matchExpressions ?? []) {
    const vals = [...(r.values ?? [])].sort().join(',')
    if (r.operator === 'In') parts.push(`${r.key} in (${vals})`)
    else if (r.operator === 'NotIn') parts.push(`${r.key} notin (${vals})`)
    else if (r.operator === 'Exists') parts.push(r.key)
    else if (r.operator === 'DoesNotExist') parts.push(`!${r.key}`)
  }
  return parts.join(',')
}
