/** core/v1 Node (cluster-scoped): registered and kept up to date by the kubelet. */
import type {ResourceDef} from '../resource.js'
import type {StatusCause} from '../meta.js'
import type {Node} from '../types/node.js'
import {cause} from '../errors.js'
import {canonicalQuantity, isValidQuantity} from '../quantity.js'
import {validateObjectMeta, validateObjectMetaUpdate, validateLabelName} from '../validation/meta.js'
import {isValidCIDR, isValidLabelValue, nameIsDNSSubdomain} from '../validation/names.js'
import {at, child, invalidEach} from '../validation/path.js'
import {validateResourceList} from '../validation/resources.js'
import {validateTaintEffect} from '../validation/scheduling.js'

const addressTypes = ['Hostname', 'InternalIP', 'ExternalIP', 'InternalDNS', 'ExternalDNS']

function validateNodeSpecStatus(node: Node): StatusCause[] {
  const errs: StatusCause[] = []
  const spec = node.spec ?? {}
  const cidrs = spec.podCIDRs ?? []
  cidrs.forEach((c, i) => errs.push(...invalidEach(at('spec.podCIDRs', i), c, isValidCIDR(c))))
  if (cidrs.length > 2) errs.push(cause.invalid('spec.podCIDRs', cidrs, 'may specify no more than one CIDR for each IP family'))
  if (cidrs.length === 2 && cidrs[0].includes(':') === cidrs[1].includes(':')) {
    errs.push(cause.invalid('spec.podCIDRs', cidrs, 'may specify no more than one CIDR for each IP family'))
  }
  if (spec.podCIDR && cidrs.length && cidrs[0] !== spec.podCIDR) errs.push(cause.invalid('spec.podCIDRs', cidrs, 'element [0] must match podCIDR'))
  const seen = new Set<string>()
  ;(spec.taints ?? []).forEach((t, i) => {
    const p = at('spec.taints', i)
    if (!t.key) errs.push(cause.required(child(p, 'key')))
    else errs.push(...validateLabelName(t.key, child(p, 'key')))
    if (t.value) errs.push(...invalidEach(child(p, 'value'), t.value, isValidLabelValue(t.value)))
    errs.push(...validateTaintEffect(t.effect, false, child(p, 'effect')))
    const k = `${t.key}:${t.effect}`
    if (seen.has(k)) errs.push(cause.duplicate(p, t))
    seen.add(k)
  })
  errs.push(...validateResourceList(node.status?.capacity, 'status.capacity'))
  errs.push(...validateResourceList(node.status?.allocatable, 'status.allocatable'))
  ;(node.status?.addresses ?? []).forEach((a, i) => {
    if (!addressTypes.includes(a.type)) errs.push(cause.notSupported(child(at('status.addresses', i), 'type'), a.type, addressTypes))
  })
  return errs
}

/** Node resource definition. */
export const nodeDef: ResourceDef<Node> = {
  group: '',
  version: 'v1',
  resource: 'nodes',
  namespaced: false,
  kind: 'Node',
  listKind: 'NodeList',
  singular: 'node',
  shortNames: ['no'],
  categories: [],
  subresources: ['status'],
  hasStatusSubresource: true,
  defaults(node) {
    const spec = node.spec
    if (spec?.podCIDR && !(spec.podCIDRs ?? []).length) spec.podCIDRs = [spec.podCIDR]
    else if (spec && !spec.podCIDR && spec.podCIDRs?.length) spec.podCIDR = spec.podCIDRs[0]
    const st = node.status
    if (st?.capacity && !st.allocatable) st.allocatable = {...st.capacity}
    for (const list of [st?.capacity, st?.allocatable]) {
      for (const [k, v] of Object.entries(list ?? {})) if (isValidQuantity(v)) list![k] = canonicalQuantity(v)
    }
  },
  validate(node) {
    return [...validateObjectMeta(node.metadata, false, nameIsDNSSubdomain), ...validateNodeSpecStatus(node)]
  },
  validateUpdate(node, old) {
    const errs = validateObjectMetaUpdate(node.metadata, old.metadata)
    const oldCIDRs = old.spec?.podCIDRs ?? (old.spec?.podCIDR ? [old.spec.podCIDR] : [])
    const newCIDRs = node.spec?.podCIDRs ?? (node.spec?.podCIDR ? [node.spec.podCIDR] : [])
    if (oldCIDRs.length && JSON.stringify(oldCIDRs) !== JSON.stringify(newCIDRs)) {
      errs.push(cause.forbidden('spec.podCIDRs', 'node updates may not change podCIDR except from "" to valid'))
    }
    if (old.spec?.providerID && old.spec.providerID !== node.spec?.providerID) {
      errs.push(cause.forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'))
    }
    return errs
  },
  selectableFields(node) {
    return {'spec.unschedulable': String(node.spec?.unschedulable === true)}
  },
}
