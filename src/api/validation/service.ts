/** ValidateService / ValidateServiceUpdate (core/v1 Service). */
import type {StatusCause} from '../meta.js'
import type {Service, ServiceSpec} from '../types/service.js'
import {cause} from '../errors.js'
import {at, child, invalidEach} from './path.js'
import {isDNS1123Label, isDNS1123Subdomain, isValidCIDR, isValidIP, isValidPortName, isValidPortNum} from './names.js'
import {validateLabels} from './meta.js'

const serviceTypes = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']
const protocols = ['SCTP', 'TCP', 'UDP']
const maxClientIPTimeout = 86400

/** Whether the type is allocated a cluster IP (everything but ExternalName). */
export function needsClusterIP(spec: ServiceSpec | undefined): boolean {
  return (spec?.type ?? 'ClusterIP') !== 'ExternalName'
}

/** Whether the type is allocated node ports (NodePort, and LoadBalancer unless allocateLoadBalancerNodePorts is false). */
export function needsNodePort(spec: ServiceSpec | undefined): boolean {
  return spec?.type === 'NodePort' || (spec?.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false)
}

function externallyAccessible(spec: ServiceSpec): boolean {
  return spec.type === 'NodePort' || spec.type === 'LoadBalancer'
}

function validatePorts(spec: ServiceSpec, path: string): StatusCause[] {
  const errs: StatusCause[] = []
  const ports = spec.ports ?? []
  const names = new Set<string>()
  const portProto = new Set<string>()
  const nodePorts = new Set<string>()
  ports.forEach((p, i) => {
    const pp = at(path, i)
    if (ports.length > 1 && !p.name) errs.push(cause.required(child(pp, 'name')))
    if (p.name) {
      errs.push(...invalidEach(child(pp, 'name'), p.name, isDNS1123Label(p.name)))
      if (names.has(p.name)) errs.push(cause.duplicate(child(pp, 'name'), p.name))
      names.add(p.name)
    }
    errs.push(...invalidEach(child(pp, 'port'), p.port, isValidPortNum(p.port)))
    if (!p.protocol) errs.push(cause.required(child(pp, 'protocol')))
    else if (!protocols.includes(p.protocol)) errs.push(cause.notSupported(child(pp, 'protocol'), p.protocol, protocols))
    const tp = p.targetPort
    if (typeof tp === 'number') errs.push(...invalidEach(child(pp, 'targetPort'), tp, isValidPortNum(tp)))
    else if (typeof tp === 'string') errs.push(...invalidEach(child(pp, 'targetPort'), tp, isValidPortName(tp)))
    else if (tp !== undefined) errs.push(cause.invalid(child(pp, 'targetPort'), tp, 'must be an integer or a string'))
    if (p.nodePort) {
      if (!(Number.isInteger(p.nodePort) && p.nodePort >= 0 && p.nodePort <= 65535)) errs.push(cause.invalid(child(pp, 'nodePort'), p.nodePort, 'must be between 0 and 65535, inclusive'))
      if (!externallyAccessible(spec)) errs.push(cause.forbidden(child(pp, 'nodePort'), `may not be used when \`type\` is '${spec.type ?? 'ClusterIP'}'`))
      const k = `${p.nodePort}/${p.protocol ?? 'TCP'}`
      if (nodePorts.has(k)) errs.push(cause.duplicate(child(pp, 'nodePort'), p.nodePort))
      nodePorts.add(k)
    }
    const k = `${p.port}/${p.protocol ?? 'TCP'}`
    if (portProto.has(k)) errs.push(cause.duplicate(pp, {port: p.port, protocol: p.protocol ?? 'TCP'}))
    portProto.add(k)
  })
  return errs
}

function validateClusterIPs(spec: ServiceSpec, path: string): StatusCause[] {
  const errs: StatusCause[] = []
  const ips = spec.clusterIPs ?? []
  if (spec.clusterIP && ips.length && ips[0] !== spec.clusterIP) {
    errs.push(cause.invalid(child(path, 'clusterIPs'), ips, 'element [0] must match clusterIP'))
  }
  const primary = spec.clusterIP || ips[0] || ''
  if (spec.type === 'ExternalName') {
    if (primary) errs.push(cause.forbidden(child(path, 'clusterIPs'), 'may not be set for ExternalName services'))
    return errs
  }
  if (primary === 'None') {
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
      errs.push(cause.invalid(at(child(path, 'clusterIPs'), 0), 'None', `may not be set to 'None' for ${spec.type} services`))
    }
    if (ips.length > 1) errs.push(cause.invalid(child(path, 'clusterIPs'), ips, "must not have more than one value when first value is 'None'"))
    return errs
  }
  const list = ips.length ? ips : primary ? [primary] : []
  list.forEach((ip, i) => errs.push(...invalidEach(at(child(path, 'clusterIPs'), i), ip, isValidIP(ip))))
  if (list.length > 2) errs.push(cause.invalid(child(path, 'clusterIPs'), list, 'may only hold up to 2 values'))
  return errs
}

/** ValidateService's spec part (metadata is the kind's). */
export function validateServiceSpec(svc: Service): StatusCause[] {
  const path = 'spec'
  const spec: ServiceSpec = svc.spec ?? {}
  const errs: StatusCause[] = []
  const type = spec.type
  if (!type) errs.push(cause.required(child(path, 'type')))
  else if (!serviceTypes.includes(type)) errs.push(cause.notSupported(child(path, 'type'), type, serviceTypes))
  const headless = (spec.clusterIP || spec.clusterIPs?.[0]) === 'None'
  if (!(spec.ports ?? []).length && !headless && type !== 'ExternalName') errs.push(cause.required(child(path, 'ports')))
  if (type === 'ExternalName') {
    const cname = (spec.externalName ?? '').replace(/\.$/, '')
    if (!cname) errs.push(cause.required(child(path, 'externalName')))
    else errs.push(...invalidEach(child(path, 'externalName'), cname, isDNS1123Subdomain(cname)))
  }
  errs.push(...validateClusterIPs(spec, path))
  errs.push(...validatePorts(spec, child(path, 'ports')))
  errs.push(...validateLabels(spec.selector, child(path, 'selector')))
  const sa = spec.sessionAffinity
  if (!sa) errs.push(cause.required(child(path, 'sessionAffinity')))
  else if (sa !== 'None' && sa !== 'ClientIP') errs.push(cause.notSupported(child(path, 'sessionAffinity'), sa, ['ClientIP', 'None']))
  const cfg = spec.sessionAffinityConfig?.clientIP
  if (sa === 'ClientIP') {
    const t = cfg?.timeoutSeconds
    if (t === undefined || !(t > 0 && t <= maxClientIPTimeout)) {
      errs.push(cause.invalid(child(path, 'sessionAffinityConfig', 'clientIP', 'timeoutSeconds'), t ?? 0, `must be greater than 0 and less than ${maxClientIPTimeout}`))
    }
  } else if (sa === 'None' && cfg) {
    errs.push(cause.invalid(child(path, 'sessionAffinityConfig'), spec.sessionAffinityConfig, 'must not be set when session affinity is None'))
  }
  const etp = spec.externalTrafficPolicy
  if (externallyAccessible(spec)) {
    if (!etp) errs.push(cause.required(child(path, 'externalTrafficPolicy')))
    else if (etp !== 'Cluster' && etp !== 'Local') errs.push(cause.notSupported(child(path, 'externalTrafficPolicy'), etp, ['Cluster', 'Local']))
  } else if (etp) {
    errs.push(cause.invalid(child(path, 'externalTrafficPolicy'), etp, "may only be set when `type` is 'NodePort' or 'LoadBalancer'"))
  }
  const itp = spec.internalTrafficPolicy
  if (type !== 'ExternalName') {
    if (!itp) errs.push(cause.required(child(path, 'internalTrafficPolicy')))
    else if (itp !== 'Cluster' && itp !== 'Local') errs.push(cause.notSupported(child(path, 'internalTrafficPolicy'), itp, ['Cluster', 'Local']))
  }
  if (spec.healthCheckNodePort) {
    if (!(type === 'LoadBalancer' && etp === 'Local')) {
      errs.push(cause.invalid(child(path, 'healthCheckNodePort'), spec.healthCheckNodePort, 'may only be set when `type` is \'LoadBalancer\' and `externalTrafficPolicy` is \'Local\''))
    } else {
      errs.push(...invalidEach(child(path, 'healthCheckNodePort'), spec.healthCheckNodePort, isValidPortNum(spec.healthCheckNodePort)))
    }
  }
  ;(spec.externalIPs ?? []).forEach((ip, i) => errs.push(...invalidEach(at(child(path, 'externalIPs'), i), ip, isValidIP(ip))))
  if (spec.loadBalancerIP) {
    if (type !== 'LoadBalancer') errs.push(cause.forbidden(child(path, 'loadBalancerIP'), "may only be used when `type` is 'LoadBalancer'"))
    else errs.push(...invalidEach(child(path, 'loadBalancerIP'), spec.loadBalancerIP, isValidIP(spec.loadBalancerIP)))
  }
  ;(spec.loadBalancerSourceRanges ?? []).forEach((r, i) => errs.push(...invalidEach(at(child(path, 'loadBalancerSourceRanges'), i), r, isValidCIDR(r.trim()))))
  if (spec.allocateLoadBalancerNodePorts !== undefined && type !== 'LoadBalancer') {
    errs.push(cause.forbidden(child(path, 'allocateLoadBalancerNodePorts'), 'may only be used when `type` is \'LoadBalancer\''))
  }
  ;(spec.ipFamilies ?? []).forEach((f, i) => {
    if (f !== 'IPv4' && f !== 'IPv6') errs.push(cause.notSupported(at(child(path, 'ipFamilies'), i), f, ['IPv4', 'IPv6']))
  })
  const pol = spec.ipFamilyPolicy
  if (pol !== undefined && !['SingleStack', 'PreferDualStack', 'RequireDualStack'].includes(pol)) {
    errs.push(cause.notSupported(child(path, 'ipFamilyPolicy'), pol, ['PreferDualStack', 'RequireDualStack', 'SingleStack']))
  }
  return errs
}

/** Service update rule: once allocated, the primary cluster IP cannot change (type changes to/from ExternalName excepted). */
export function validateServiceSpecUpdate(svc: Service, old: Service): StatusCause[] {
  const oldIP = old.spec?.clusterIP || old.spec?.clusterIPs?.[0] || ''
  if (!oldIP || old.spec?.type === 'ExternalName' || svc.spec?.type === 'ExternalName') return []
  const newIP = svc.spec?.clusterIP || svc.spec?.clusterIPs?.[0] || ''
  if (!newIP) return [cause.invalid('spec.clusterIPs[0]', svc.spec?.clusterIPs ?? null, 'primary clusterIP can not be unset')]
  return newIP === oldIP ? [] : [cause.invalid('spec.clusterIPs[0]', newIP, 'may not change once set')]
}
