/** Validation of the non-persisted bodies the API server accepts on subresources: Scale and Binding. */
import type {StatusCause} from '../meta.js'
import type {Scale} from '../types/autoscaling.js'
import type {Binding} from '../types/pod.js'
import {cause} from '../errors.js'
import {isDNS1123Subdomain} from './names.js'
import {invalidEach} from './path.js'

/** ValidateScale: spec.replicas ≥ 0. */
export function validateScale(s: Scale): StatusCause[] {
  const r = s.spec?.replicas
  if (r === undefined || r === null) return []
  return Number.isInteger(r) && r >= 0 ? [] : [cause.invalid('spec.replicas', r, 'must be greater than or equal to 0')]
}

/** ValidatePodBinding: target.kind must be Node (or empty) and target.name a node name. */
export function validateBinding(b: Binding): StatusCause[] {
  const errs: StatusCause[] = []
  const t = b.target ?? {}
  if (t.kind && t.kind !== 'Node') errs.push(cause.notSupported('target.kind', t.kind, ['Node', '<empty>']))
  if (!t.name) errs.push(cause.required('target.name'))
  else errs.push(...invalidEach('target.name', t.name, isDNS1123Subdomain(t.name)))
  return errs
}
