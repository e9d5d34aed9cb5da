/** coordination.k8s.io/v1 Lease: leader election and node heartbeats. */
import type {ResourceDef} from '../resource.js'
import type {StatusCause} from '../meta.js'
import type {Lease} from '../types/coordination.js'
import {cause} from '../errors.js'
import {validateObjectMeta, validateObjectMetaUpdate} from '../validation/meta.js'
import {nameIsDNSSubdomain} from '../validation/names.js'
import {nonNegative} from '../validation/path.js'

const strategies = ['OldestEmulationVersion']

function validateLeaseSpec(l: Lease): StatusCause[] {
  const s = l.spec ?? {}
  const errs: StatusCause[] = []
  if (s.leaseDurationSeconds !== undefined && s.leaseDurationSeconds !== null && !(s.leaseDurationSeconds > 0)) {
    errs.push(cause.invalid('spec.leaseDurationSeconds', s.leaseDurationSeconds, 'must be greater than 0'))
  }
  errs.push(...nonNegative('spec.leaseTransitions', s.leaseTransitions ?? undefined))
  if (s.strategy && !strategies.includes(s.strategy)) errs.push(cause.notSupported('spec.strategy', s.strategy, strategies))
  if (s.preferredHolder && !s.strategy) errs.push(cause.forbidden('spec.preferredHolder', 'may only be specified if `strategy` is defined'))
  return errs
}

/** Lease resource definition. */
export const leaseDef: ResourceDef<Lease> = {
  group: 'coordination.k8s.io',
  version: 'v1',
  resource: 'leases',
  namespaced: true,
  kind: 'Lease',
  listKind: 'LeaseList',
  singular: 'lease',
  shortNames: [],
  categories: [],
  subresources: [],
  hasStatusSubresource: false,
  defaults() {},
  validate(l) {
    return [...validateObjectMeta(l.metadata, true, nameIsDNSSubdomain), ...validateLeaseSpec(l)]
  },
  validateUpdate(l, old) {
    return validateObjectMetaUpdate(l.metadata, old.metadata)
  },
  selectableFields() {
    return {}
  },
}
