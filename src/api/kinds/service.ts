/** core/v1 Service: defaults, validation, update rules and the values carried over on update. */
import type {ResourceDef} from '../resource.js'
import type {Service, ServiceSpec} from '../types/service.js'
import type {KindHooks} from './hooks.js'
import {validateObjectMeta, validateObjectMetaUpdate} from '../validation/meta.js'
import {nameIsDNS1035Label} from '../validation/names.js'
import {needsClusterIP, needsNodePort, validateServiceSpec, validateServiceSpecUpdate} from '../validation/service.js'

/** Default ClientIP session affinity timeout (3 hours). */
export const defaultClientIPTimeoutSeconds = 10800

/** SetDefaults_Service. */
export function defaultServiceSpec(spec: ServiceSpec): void {
  spec.type ||= 'ClusterIP'
  spec.sessionAffinity ||= 'None'
  if (spec.sessionAffinity === 'ClientIP') {
    spec.sessionAffinityConfig ??= {}
    spec.sessionAffinityConfig.clientIP ??= {}
    spec.sessionAffinityConfig.clientIP.timeoutSeconds ??= defaultClientIPTimeoutSeconds
  }
  for (const p of spec.ports ?? []) {
    p.protocol ||= 'TCP'
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port
  }
  if ((spec.type === 'NodePort' || spec.type === 'LoadBalancer') && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster'
  if (spec.type !== 'ExternalName') spec.internalTrafficPolicy ||= 'Cluster'
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true
  if (spec.clusterIP && !(spec.clusterIPs ?? []).length) spec.clusterIPs = [spec.clusterIP]
  else if (!spec.clusterIP && spec.clusterIPs?.length) spec.clusterIP = spec.clusterIPs[0]
}

/** Service resource definition. */
export const serviceDef: ResourceDef<Service> = {
  group: '',
  version: 'v1',
  resource: 'services',
  namespaced: true,
  kind: 'Service',
  listKind: 'ServiceList',
  singular: 'service',
  shortNames: ['svc'],
  categories: ['all'],
  subresources: ['status'],
  hasStatusSubresource: true,
  defaults(svc) {
    svc.spec ??= {}
    defaultServiceSpec(svc.spec)
  },
  validate(svc) {
    return [...validateObjectMeta(svc.metadata, true, nameIsDNS1035Label), ...validateServiceSpec(svc)]
  },
  validateUpdate(svc, old) {
    return [...validateObjectMetaUpdate(svc.metadata, old.metadata), ...validateServiceSpecUpdate(svc, old)]
  },
  selectableFields() {
    return {}
  },
}

/**
 * Service create: status starts empty. Update: like Kubernetes' patchAllocatedValues and
 * dropTypeDependentFields — a client that omits the allocated clusterIP(s), nodePorts or
 * healthCheckNodePort keeps them; moving to a type that does not use them drops them.
 */
export const serviceHooks: KindHooks<Service> = {
  prepareForCreate(svc) {
    svc.status = {}
  },
  prepareForUpdate(svc, old) {
    const spec = (svc.spec ??= {})
    const prev = old.spec ?? {}
    if (needsClusterIP(prev) && needsClusterIP(spec) && !spec.clusterIP && !(spec.clusterIPs ?? []).length) {
      if (prev.clusterIP) spec.clusterIP = prev.clusterIP
      if (prev.clusterIPs) spec.clusterIPs = [...prev.clusterIPs]
      if (prev.ipFamilies && !spec.ipFamilies) spec.ipFamilies = [...prev.ipFamilies]
      if (prev.ipFamilyPolicy && !spec.ipFamilyPolicy) spec.ipFamilyPolicy = prev.ipFamilyPolicy
    }
    if (needsClusterIP(prev) && !needsClusterIP(spec)) {
      if (spec.clusterIP === prev.clusterIP) delete spec.clusterIP
      if (JSON.stringify(spec.clusterIPs) === JSON.stringify(prev.clusterIPs)) delete spec.clusterIPs
      delete spec.ipFamilies
      delete spec.ipFamilyPolicy
    }
    if (needsNodePort(prev) && needsNodePort(spec)) {
      for (const p of spec.ports ?? []) {
        if (p.nodePort) continue
        const proto = p.protocol ?? 'TCP'
        const match = (prev.ports ?? []).find((o) => o.port === p.port && (o.protocol ?? 'TCP') === proto) ?? (prev.ports ?? []).find((o) => o.name && o.name === p.name)
        if (match?.nodePort) p.nodePort = match.nodePort
      }
    }
    if (needsNodePort(prev) && !needsNodePort(spec)) {
      for (const p of spec.ports ?? []) {
        const o = (prev.ports ?? []).find((x) => x.port === p.port && (x.protocol ?? 'TCP') === (p.protocol ?? 'TCP'))
        if (p.nodePort && o?.nodePort === p.nodePort) delete p.nodePort
      }
    }
    if (prev.healthCheckNodePort && !spec.healthCheckNodePort && spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local') {
      spec.healthCheckNodePort = prev.healthCheckNodePort
    }
    if (spec.healthCheckNodePort === prev.healthCheckNodePort && !(spec.type === 'LoadBalancer' && (spec.externalTrafficPolicy ?? 'Cluster') === 'Local')) {
      delete spec.healthCheckNodePort
    }
    if (spec.type !== 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === prev.allocateLoadBalancerNodePorts) delete spec.allocateLoadBalancerNodePorts
    if (spec.type !== 'NodePort' && spec.type !== 'LoadBalancer' && spec.externalTrafficPolicy === prev.externalTrafficPolicy) delete spec.externalTrafficPolicy
  },
}
