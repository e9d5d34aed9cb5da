/**
 * NodeAffinity (upstream plugin of the same name). Filter: the node must match spec.nodeSelector (every
 * pair) and spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution (terms ORed, the
 * requirements of a term ANDed; matchExpressions over labels with In, NotIn, Exists, DoesNotExist, Gt, Lt;
 * matchFields over metadata.name with In/NotIn; an empty term matches nothing, an invalid term never
 * matches). Score: the sum of the weights of the preferred terms the node matches, normalised to 0–100
 * (weight 2 as upstream).
 */
import type {NodeSelectorRequirement, NodeSelectorTerm} from '../../api/types/affinity.js'
import {defaultNormalizeScore} from '../normalize.js'
import type {FilterPlugin, NodeInfo, PodInfo, ScorePlugin} from '../types.js'

/** Upstream's reason (nodeSelector and required affinity alike). */
export const ERR_REASON_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector"

const reasons = [ERR_REASON_NODE_AFFINITY] as const

/** A compiled requirement; `num` is the integer operand of Gt/Lt. */
interface Req {
  key: string
  op: NodeSelectorRequirement['operator']
  values: string[]
  num: number
}

/** A compiled NodeSelectorTerm; invalid terms (and empty ones) match no node. */
export interface CompiledTerm {
  labels: Req[]
  fields: Req[]
  valid: boolean
}

const intRe = /^[+-]?\d+$/

function compileReq(r: NodeSelectorRequirement, forFields: boolean): Req | undefined {
  const values = r.values ?? []
  if (forFields) {
    // field selectors support one value with In (=) or NotIn (!=)
    return (r.operator === 'In' || r.operator === 'NotIn') && values.length === 1 ? {key: r.key, op: r.operator, values, num: 0} : undefined
  }
  switch (r.operator) {
    case 'In':
    case 'NotIn':
      return values.length > 0 ? {key: r.key, op: r.operator, values, num: 0} : undefined
    case 'Exists':
    case 'DoesNotExist':
      return values.length === 0 ? {key: r.key, op: r.operator, values, num: 0} : undefined
    case 'Gt':
    case 'Lt':
      return values.length === 1 && intRe.test(values[0]) ? {key: r.key, op: r.operator, values, num: Number(values[0])} : undefined
    default:
      return undefined
  }
}

/** Compiles a NodeSelectorTerm once per pod. */
export function compileTerm(term: NodeSelectorTerm | undefined): CompiledTerm {
  const labels: Req[] = []
  const fields: Req[] = []
  let valid = !!term && ((term.matchExpressions?.length ?? 0) > 0 || (term.matchFields?.length ?? 0) > 0)
  for (const r of term?.matchExpressions ?? []) {
    const c = compileReq(r, false)
    if (c) labels.push(c)
    else valid = false
  }
  for (const r of term?.matchFields ?? []) {
    const c = compileReq(r, true)
    if (c) fields.push(c)
    else valid = false
  }
  return {labels, fields, valid}
}

function reqMatches(r: Req, value: string | undefined): boolean {
  switch (r.op) {
    case 'In':
      return value !== undefined && r.values.includes(value)
    case 'NotIn':
      return value === undefined || !r.values.includes(value)
    case 'Exists':
      return value !== undefined
    case 'DoesNotExist':
      return value === undefined
    case 'Gt':
    case 'Lt': {
      if (value === undefined || !intRe.test(value)) return false
      const v = Number(value)
      return r.op === 'Gt' ? v > r.num : v < r.num
    }
    default:
      return false
  }
}

/** Whether a node matches one compiled term (all its requirements). */
export function termMatches(t: CompiledTerm, node: NodeInfo): boolean {
  if (!t.valid) return false
  for (const r of t.labels) if (!reqMatches(r, Object.hasOwn(node.labels, r.key) ? node.labels[r.key] : undefined)) return false
  for (const r of t.fields) if (!reqMatches(r, r.key === 'metadata.name' ? node.name : undefined)) return false
  return true
}

/** Per-pod state of the filter: the nodeSelector pairs and the compiled required terms (undefined: none). */
export interface AffinityState {
  selector: [string, string][]
  required?: CompiledTerm[]
}

/** Compiles the pod's hard node constraints; null when it has none. */
export function compileRequired(pod: PodInfo): AffinityState | null {
  const spec = pod.pod.spec
  const selector = Object.entries(spec?.nodeSelector ?? {})
  const req = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
  if (selector.length === 0 && !req) return null
  return {selector, required: req ? (req.nodeSelectorTerms ?? []).map(compileTerm) : undefined}
}

/** Whether the node satisfies the compiled hard constraints. */
export function matchesRequired(s: AffinityState, node: NodeInfo): boolean {
  for (const [k, v] of s.selector) if (!Object.hasOwn(node.labels, k) || node.labels[k] !== v) return false
  if (!s.required) return true
  for (const t of s.required) if (termMatches(t, node)) return true
  return false
}

/** Filter: null when the node matches the pod's nodeSelector and required node affinity. */
export function nodeAffinityFilter(pod: PodInfo, node: NodeInfo): readonly string[] | null {
  const s = compileRequired(pod)
  return !s || matchesRequired(s, node) ? null : reasons
}

/** Compiled preferred terms: [weight, term]; null when the pod has none that can match. */
export function compilePreferred(pod: PodInfo): [number, CompiledTerm][] | null {
  const prefs = pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []
  const out: [number, CompiledTerm][] = []
  for (const p of prefs) {
    if (!p.weight) continue
    const t = compileTerm(p.preference)
    if (t.valid) out.push([p.weight, t])
  }
  return out.length ? out : null
}

/** Raw score: the sum of the weights of the matching preferred terms. */
export function preferredScore(prefs: [number, CompiledTerm][], node: NodeInfo): number {
  let s = 0
  for (const [w, t] of prefs) if (termMatches(t, node)) s += w
  return s
}

/** The NodeAffinity plugin (filter and score). */
export const nodeAffinity: FilterPlugin<AffinityState> & ScorePlugin<[number, CompiledTerm][]> = {
  name: 'NodeAffinity',
  weight: 2,
  preFilter: compileRequired,
  filter: (s, _pod, node) => (matchesRequired(s, node) ? null : reasons),
  preScore: (pod) => compilePreferred(pod),
  score: (prefs, _pod, node) => preferredScore(prefs, node),
  normalize: (_s, scores) => defaultNormalizeScore(scores, false),
}
