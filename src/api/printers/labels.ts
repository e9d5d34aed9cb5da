import {arr, isObj, str, strMap} from './access.js'

/**
 * Label and selector rendering as k8s.io/apimachinery prints them (labels.FormatLabels,
 * metav1.LabelSelectorAsSelector(...).String(), metav1.FormatLabelSelector).
 */

const NAME_RE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/
const SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/

function validKey(key: string): boolean {
  const parts = key.split('/')
  if (parts.length > 2) return false
  const name = parts[parts.length - 1]
  if (name.length === 0 || name.length > 63 || !NAME_RE.test(name)) return false
  if (parts.length === 2) {
    const prefix = parts[0]
    if (prefix.length === 0 || prefix.length > 253 || !SUBDOMAIN_RE.test(prefix)) return false
  }
  return true
}

function validValue(value: string): boolean {
  return value === '' || (value.length <= 63 && NAME_RE.test(value))
}

/** labels.FormatLabels: "k1=v1,k2=v2" sorted by key, "<none>" when empty. */
export function formatLabels(labels: unknown): string {
  const m = strMap(labels)
  const keys = Object.keys(m).sort()
  if (keys.length === 0) return '<none>'
  return keys.map((k) => `${k}=${m[k]}`).join(',')
}

interface Requirement {
  key: string
  op: 'Equals' | 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'
  values: string[]
}

function requirementString(r: Requirement): string {
  let s = (r.op === 'DoesNotExist' ? '!' : '') + r.key
  if (r.op === 'Exists' || r.op === 'DoesNotExist') return s
  const values = r.values.length === 1 ? r.values[0] : [...r.values].sort().join(',')
  if (r.op === 'Equals') return `${s}=${values}`
  s += r.op === 'In' ? ' in ' : ' notin '
  return `${s}(${values})`
}

function requirement(key: string, op: Requirement['op'], values: string[]): Requirement {
  if (!validKey(key)) throw new Error(`invalid label key "${key}"`)
  if ((op === 'In' || op === 'NotIn') && values.length === 0) {
    throw new Error('for \'in\', \'notin\' operators, values set can\'t be empty')
  }
  if (op === 'Equals' && values.length !== 1) throw new Error('exact-match compatibility requires one single value')
  if ((op === 'Exists' || op === 'DoesNotExist') && values.length !== 0) {
    throw new Error('values set must be empty for exists and does not exist')
  }
  for (const v of values) if (!validValue(v)) throw new Error(`invalid label value: "${v}"`)
  return {key, op, values}
}

/**
 * metav1.LabelSelectorAsSelector(sel).String(): requirements sorted by key and joined with ",", e.g.
 * "app=web,tier in (back,front)". A nil or empty selector renders as "". Throws on an invalid selector.
 */
export function selectorString(selector: unknown): string {
  if (!isObj(selector)) return ''
  const reqs: Requirement[] = []
  for (const [k, v] of Object.entries(strMap(selector.matchLabels))) reqs.push(requirement(k, 'Equals', [v]))
  for (const e of arr(selector.matchExpressions)) {
    const op = str((e as Record<string, unknown>)?.operator)
    if (op !== 'In' && op !== 'NotIn' && op !== 'Exists' && op !== 'DoesNotExist') {
      throw new Error(`"${op}" is not a valid label selector operator`)
    }
    const values = arr((e as Record<string, unknown>)?.values).map(str)
    reqs.push(requirement(str((e as Record<string, unknown>)?.key), op, values))
  }
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  return reqs.map(requirementString).join(',')
}

/** metav1.FormatLabelSelector: the selector string, "<none>" when empty, "<error>" when invalid. */
export function formatLabelSelector(selector: unknown): string {
  try {
    const s = selectorString(selector)
    return s === '' ? '<none>' : s
  } catch {
    return '<error>'
  }
}
