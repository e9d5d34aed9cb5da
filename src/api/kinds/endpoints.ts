/** core/v1 Endpoints: maintained by the endpoints controller, read by kube-proxy. */
import type {ResourceDef} from '../resource.js'
import type {StatusCause} from '../meta.js'
import type {EndpointAddress, Endpoints} from '../types/endpoints.js'
import {cause} from '../errors.js'
import {validateObjectMeta, validateObjectMetaUpdate} from '../validation/meta.js'
import {isDNS1123Label, isDNS1123Subdomain, isValidIP, isValidPortNum, nameIsDNSSubdomain} from '../validation/names.js'
import {at, child, invalidEach} from '../validation/path.js'

const protocols = ['SCTP', 'TCP', 'UDP']

function validateAddress(a: EndpointAddress, path: string): StatusCause[] {
  const errs: StatusCause[] = []
  if (!a.ip) errs.push(cause.required(child(path, 'ip')))
  else {
    const msgs = isValidIP(a.ip)
    errs.push(...invalidEach(child(path, 'ip'), a.ip, msgs))
    if (!msgs.length && (a.ip.startsWith('127.') || a.ip === '::1')) errs.push(cause.invalid(child(path, 'ip'), a.ip, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'))
    if (!msgs.length && (a.ip.startsWith('169.254.') || a.ip.toLowerCase().startsWith('fe80:'))) {
      errs.push(cause.invalid(child(path, 'ip'), a.ip, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'))
    }
  }
  if (a.hostname) errs.push(...invalidEach(child(path, 'hostname'), a.hostname, isDNS1123Label(a.hostname)))
  if (a.nodeName) errs.push(...invalidEach(child(path, 'nodeName'), a.nodeName, isDNS1123Subdomain(a.nodeName)))
  return errs
}

/** ValidateEndpoints' subsets part. */
export function validateEndpointSubsets(ep: Endpoints): StatusCause[] {
  const errs: StatusCause[] = []
  ;(ep.subsets ?? []).forEach((ss, i) => {
    const p = at('subsets', i)
    ;(ss.addresses ?? []).forEach((a, j) => errs.push(...validateAddress(a, at(child(p, 'addresses'), j))))
    ;(ss.notReadyAddresses ?? []).forEach((a, j) => errs.push(...validateAddress(a, at(child(p, 'notReadyAddresses'), j))))
    const ports = ss.ports ?? []
    ports.forEach((port, j) => {
      const pp = at(child(p, 'ports'), j)
      if (ports.length > 1 && !port.name) errs.push(cause.required(child(pp, 'name')))
      if (port.name) errs.push(...invalidEach(child(pp, 'name'), port.name, isDNS1123Label(port.name)))
      errs.push(...invalidEach(child(pp, 'port'), port.port, isValidPortNum(port.port)))
      if (!port.protocol) errs.push(cause.required(child(pp, 'protocol')))
      else if (!protocols.includes(port.protocol)) errs.push(cause.notSupported(child(pp, 'protocol'), port.protocol, protocols))
    })
  })
  return errs
}

/** Endpoints resource definition. */
export const endpointsDef: ResourceDef<Endpoints> = {
  group: '',
  version: 'v1',
  resource: 'endpoints',
  namespaced: true,
  kind: 'Endpoints',
  listKind: 'EndpointsList',
  singular: 'endpoints',
  shortNames: ['ep'],
  categories: [],
  subresources: [],
  hasStatusSubresource: false,
  defaults(ep) {
    for (const ss of ep.subsets ?? []) for (const p of ss.ports ?? []) p.protocol ||= 'TCP'
  },
  validate(ep) {
    return [...validateObjectMeta(ep.metadata, true, nameIsDNSSubdomain), ...validateEndpointSubsets(ep)]
  },
  validateUpdate(ep, old) {
    return validateObjectMetaUpdate(ep.metadata, old.metadata)
  },
  selectableFields() {
    return {}
  },
}
