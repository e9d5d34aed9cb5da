/** Scheduling constraints of a pod: affinity, tolerations, taint effects, topology spread constraints. */
import type {StatusCause} from '../meta.js'
import type {Affinity, NodeSelectorRequirement, NodeSelectorTerm, PodAffinity, PodAffinityTerm, Toleration, TopologySpreadConstraint} from '../types/affinity.js'
import {cause} from '../errors.js'
import {at, child, invalidEach} from './path.js'
import {isDNS1123Label, isValidLabelValue} from './names.js'
import {validateLabelName} from './meta.js'
import {validateLabelSelector} from './selector.js'

/** Taint effects accepted on taints and (non-empty) tolerations. */
export const taintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute']

/** validateTaintEffect. */
export function validateTaintEffect(effect: string | undefined, allowEmpty: boolean, path: string): StatusCause[] {
  if (!effect) return allowEmpty ? [] : [cause.required(path)]
  return taintEffects.includes(effect) ? [] : [cause.notSupported(path, effect, taintEffects)]
}

function validateNodeSelectorRequirement(r: NodeSelectorRequirement, path: string): StatusCause[] {
  const errs: StatusCause[] = []
  const n = (r.values ?? []).length
  switch (r.operator) {
    case 'In':
    case 'NotIn':
      if (n === 0) errs.push(cause.required(child(path, 'values'), "Required value: must be specified when `operator` is 'In' or 'NotIn'"))
      break
    case 'Exists':
    case 'DoesNotExist':
      if (n > 0) errs.push(cause.forbidden(child(path, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
      break
    case 'Gt':
    case 'Lt':
      if (n !== 1) errs.push(cause.required(child(path, 'values'), "Required value: must be specified single value when `operator` is 'Lt' or 'Gt'"))
      break
    default:
      errs.push(cause.invalid(child(path, 'operator'), r.operator, 'not a valid selector operator'))
  }
  return [...errs, ...validateLabelName(r.key ?? '', child(path, 'key'))]
}

function validateNodeFieldSelectorRequirement(r: NodeSelectorRequirement, path: string): StatusCause[] {
  const errs: StatusCause[] = []
  if (r.operator === 'In' || r.operator === 'NotIn') {
    if ((r.values ?? []).length !== 1) errs.push(cause.required(child(path, 'values'), "Required value: must be only one value when `operator` is 'In' or 'NotIn' for node field selector"))
  } else {
    errs.push(cause.invalid(child(path, 'operator'), r.operator, 'not a valid selector operator'))
  }
  if (r.key !== 'metadata.name') errs.push(cause.notSupported(child(path, 'key'), r.key, ['metadata.name']))
  return errs
}

/** ValidateNodeSelectorTerm. */
export function validateNodeSelectorTerm(t: NodeSelectorTerm | undefined, path: string): StatusCause[] {
  const errs: StatusCause[] = []
  ;(t?.matchExpressions ?? []).forEach((r, i) => errs.push(...validateNodeSelectorRequirement(r, at(child(path, 'matchExpressions'), i))))
  ;(t?.matchFields ?? []).forEach((r, i) => errs.push(...validateNodeFieldSelectorRequirement(r, at(child(path, 'matchFields'), i))))
  return errs
}

function validateWeight(w: number | undefined, path: string): StatusCause[] {
  return typeof w === 'number' && Number.isInteger(w) && w >= 1 && w <= 100 ? [] : [cause.invalid(path, w ?? 0, 'must be in the range 1-100')]
}

function validatePodAffinityTerm(t: PodAffinityTerm, path: string): StatusCause[] {
  const errs = [...validateLabelSelector(t.labelSelector, child(path, 'labelSelector')), ...validateLabelSelector(t.namespaceSelector, child(path, 'namespaceSelector'))]
  ;(t.namespaces ?? []).forEach((ns) => errs.push(...invalidEach(child(path, 'namespace'), ns, isDNS1123Label(ns))))
  if (!t.topologyKey) errs.push(cause.required(child(path, 'topologyKey'), 'Required value: can not be empty'))
  else errs.push(...validateLabelName(t.topologyKey, child(path, 'topologyKey')))
  return errs
}

function validatePodAffinity(a: PodAffinity | undefined, path: string): StatusCause[] {
  if (!a) return []
  const errs: StatusCause[] = []
  const req = child(path, 'requiredDuringSchedulingIgnoredDuringExecution')
  ;(a.requiredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => errs.push(...validatePodAffinityTerm(t, at(req, i))))
  const pref = child(path, 'preferredDuringSchedulingIgnoredDuringExecution')
  ;(a.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((w, i) => {
    errs.push(...validateWeight(w.weight, child(at(pref, i), 'weight')))
    errs.push(...validatePodAffinityTerm(w.podAffinityTerm ?? ({} as PodAffinityTerm), child(at(pref, i), 'podAffinityTerm')))
  })
  return errs
}

/** validateAffinity: node affinity terms, weights, pod (anti-)affinity terms. */
export function validateAffinity(a: Affinity | undefined, path: string): StatusCause[] {
  if (!a) return []
  const errs: StatusCause[] = []
  const na = a.nodeAffinity
  if (na) {
    const np = child(path, 'nodeAffinity')
    const req = na.requiredDuringSchedulingIgnoredDuringExecution
    if (req) {
      const tp = child(np, 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms')
      if (!(req.nodeSelectorTerms ?? []).length) errs.push(cause.required(tp, 'Required value: must have at least one node selector term'))
      ;(req.nodeSelectorTerms ?? []).forEach((t, i) => errs.push(...validateNodeSelectorTerm(t, at(tp, i))))
    }
    const pp = child(np, 'preferredDuringSchedulingIgnoredDuringExecution')
    ;(na.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => {
      errs.push(...validateWeight(t.weight, child(at(pp, i), 'weight')))
      errs.push(...validateNodeSelectorTerm(t.preference, child(at(pp, i), 'preference')))
    })
  }
  errs.push(...validatePodAffinity(a.podAffinity, child(path, 'podAffinity')))
  errs.push(...validatePodAffinity(a.podAntiAffinity, child(path, 'podAntiAffinity')))
  return errs
}

/** ValidateTolerations. */
export function validateTolerations(ts: Toleration[] | undefined, path: string): StatusCause[] {
  const errs: StatusCause[] = []
  ;(ts ?? []).forEach((t, i) => {
    const p = at(path, i)
    if (t.key) errs.push(...validateLabelName(t.key, child(p, 'key')))
    if (!t.key && t.operator !== 'Exists') {
      errs.push(cause.invalid(child(p, 'operator'), t.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'))
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute') {
      errs.push(cause.invalid(child(p, 'effect'), t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"))
    }
    switch (t.operator) {
      case undefined:
      case 'Equal': {
        const msgs = isValidLabelValue(t.value ?? '')
        if (msgs.length) errs.push(cause.invalid(child(p, 'operator'), t.value, msgs.join(';')))
        break
      }
      case 'Exists':
        if (t.value) errs.push(cause.invalid(child(p, 'operator'), t, "value must be empty when `operator` is 'Exists'"))
        break
      default:
        errs.push(cause.notSupported(child(p, 'operator'), t.operator, ['Equal', 'Exists']))
    }
    errs.push(...validateTaintEffect(t.effect, true, child(p, 'effect')))
  })
  return errs
}

/** validateTopologySpreadConstraints. */
export function validateTopologySpreadConstraints(cs: TopologySpreadConstraint[] | undefined, path: string): StatusCause[] {
  const errs: StatusCause[] = []
  const seen = new Set<string>()
  ;(cs ?? []).forEach((c, i) => {
    const p = at(path, i)
    if (!(Number.isInteger(c.maxSkew) && c.maxSkew > 0)) errs.push(cause.invalid(child(p, 'maxSkew'), c.maxSkew, 'must be greater than zero'))
    if (!c.topologyKey) errs.push(cause.required(child(p, 'topologyKey'), 'Required value: can not be empty'))
    else errs.push(...validateLabelName(c.topologyKey, child(p, 'topologyKey')))
    if (!['DoNotSchedule', 'ScheduleAnyway'].includes(c.whenUnsatisfiable)) {
      errs.push(cause.notSupported(child(p, 'whenUnsatisfiable'), c.whenUnsatisfiable, ['DoNotSchedule', 'ScheduleAnyway']))
    }
    const pair = `{${c.topologyKey}, ${c.whenUnsatisfiable}}`
    if (seen.has(pair)) errs.push(cause.duplicate(p, pair))
    seen.add(pair)
    if (c.minDomains !== undefined) {
      if (!(Number.isInteger(c.minDomains) && c.minDomains > 0)) errs.push(cause.invalid(child(p, 'minDomains'), c.minDomains, 'must be greater than 0'))
      else if (c.whenUnsatisfiable !== 'DoNotSchedule') errs.push(cause.invalid(child(p, 'minDomains'), c.minDomains, 'can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway'))
    }
    errs.push(...validateLabelSelector(c.labelSelector, child(p, 'labelSelector')))
  })
  return errs
}
