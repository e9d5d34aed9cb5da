/**
 * The Endpoints a Service with a selector should have (the endpoints controller's syncService, pure):
 * one address per pod that has an IP, is not terminal and is not terminating (unless
 * publishNotReadyAddresses), ready pods under `addresses` and the others under `notReadyAddresses`
 * (all ready with publishNotReadyAddresses), ports from each service port's targetPort — a number, or a
 * container port name looked up in each pod — repacked into subsets.
 */
import type {Endpoints, EndpointAddress, EndpointPort, EndpointSubset} from '../../api/types/endpoints.js'
import type {Pod} from '../../api/types/pod.js'
import type {Service, ServicePort} from '../../api/types/service.js'
import {jsonEqual} from '../../util/json.js'
import {isPodReady} from '../common/pods.js'
import {countAddresses, maxEndpointsCapacity, repackSubsets, truncateSubsets} from './repack.js'

/** Label on the Endpoints of headless services (clusterIP None). */
export const headlessServiceLabel = 'service.kubernetes.io/headless'
/** Annotation set when addresses were dropped beyond the capacity. */
export const overCapacityAnnotation = 'endpoints.kubernetes.io/over-capacity'
/** Annotation upstream uses for trigger times; mkube does not track them and removes a stale one. */
export const lastChangeTriggerTimeAnnotation = 'endpoints.kubernetes.io/last-change-trigger-time'

/** ShouldPodBeInEndpoints: has an IP, not Succeeded/Failed, not terminating (unless terminating ones are included). */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase
  if (phase === 'Succeeded' || phase === 'Failed') return false
  if (!pod.status?.podIP && !pod.status?.podIPs?.length) return false
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false
  return true
}

/**
 * FindPort: the container port a service port reaches on `pod` — the targetPort number, or the
 * containerPort of the (sidecar or regular) container port with that name and the service port's
 * protocol; undefined when the pod has no such port.
 */
export function findPort(pod: Pod, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port
  if (typeof target === 'number') return target
  const protocol = sp.protocol ?? 'TCP'
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')]
  for (const c of containers) for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort
  return undefined
}

function isIPv6(ip: string): boolean {
  return ip.includes(':')
}

/** The pod's address for the service's IP family (podToEndpointAddressForService), with hostname when the pod's subdomain is the service. */
export function podEndpointAddress(svc: Service, pod: Pod): EndpointAddress | undefined {
  const spec = svc.spec ?? {}
  let v6: boolean
  if (spec.ipFamilies?.length) v6 = spec.ipFamilies[0] === 'IPv6'
  else if (spec.clusterIP && spec.clusterIP !== 'None') v6 = isIPv6(spec.clusterIP)
  else v6 = isIPv6(pod.status?.podIP ?? '')
  const ips = pod.status?.podIPs?.length ? pod.status.podIPs.map((p) => p.ip) : [pod.status?.podIP ?? '']
  const ip = ips.find((i) => i && isIPv6(i) === v6)
  if (!ip) return undefined
  const addr: EndpointAddress = {ip}
  const host = pod.spec?.hostname
  if (host && pod.spec?.subdomain === svc.metadata.name && pod.metadata.namespace === svc.metadata.namespace) addr.hostname = host
  if (pod.spec?.nodeName) addr.nodeName = pod.spec.nodeName
  addr.targetRef = {kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid}
  return addr
}

function endpointPort(sp: ServicePort, port: number): EndpointPort {
  const p: EndpointPort = {port}
  if (sp.name) p.name = sp.name
  if (sp.protocol) p.protocol = sp.protocol
  if (sp.appProtocol) p.appProtocol = sp.appProtocol
  return p
}

/** The subsets a service's pods yield (addresses and ports per pod, repacked). */
export function desiredSubsets(svc: Service, pods: readonly Pod[]): EndpointSubset[] {
  const spec = svc.spec ?? {}
  const tolerateUnready = spec.publishNotReadyAddresses === true
  const subsets: EndpointSubset[] = []
  const add = (pod: Pod, addr: EndpointAddress, port: EndpointPort | undefined) => {
    const ports = port ? [port] : []
    if (tolerateUnready || isPodReady(pod)) subsets.push({addresses: [addr], ports})
    else subsets.push({notReadyAddresses: [addr], ports})
  }
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, tolerateUnready)) continue
    const addr = podEndpointAddress(svc, pod)
    if (!addr) continue
    const ports = spec.ports ?? []
    if (ports.length === 0) {
      // headless services may have no ports: addresses only
      if (spec.clusterIP === 'None') add(pod, addr, undefined)
      continue
    }
    for (const sp of ports) {
      const n = findPort(pod, sp)
      if (n !== undefined) add(pod, addr, endpointPort(sp, n))
    }
  }
  return repackSubsets(subsets)
}

function withoutTargetRefVersions(subsets: readonly EndpointSubset[] | undefined): EndpointSubset[] {
  return (subsets ?? []).map((s) => {
    const strip = (as?: EndpointAddress[]) => as?.map((a) => (a.targetRef ? {...a, targetRef: {...a.targetRef, resourceVersion: undefined}} : a))
    return JSON.parse(JSON.stringify({...s, addresses: strip(s.addresses), notReadyAddresses: strip(s.notReadyAddresses)})) as EndpointSubset
  })
}

function withoutLabel(labels: Record<string, string> | undefined, key: string): Record<string, string> {
  const {[key]: _drop, ...rest} = labels ?? {}
  return rest
}

/** What the controller does for a service with a selector. */
export type EndpointsAction = {type: 'none'} | {type: 'create'; endpoints: Endpoints} | {type: 'update'; endpoints: Endpoints}

/**
 * Compares the desired Endpoints of `svc` (selecting `pods`) with `current` and returns the write, if any.
 * The Endpoints carries the service's labels (plus service.kubernetes.io/headless for headless services);
 * an update keeps current annotations except the capacity and trigger-time ones the controller owns.
 */
export function reconcileEndpoints(svc: Service, pods: readonly Pod[], current: Endpoints | undefined): EndpointsAction {
  const subsets = desiredSubsets(svc, pods)
  const svcLabels = svc.metadata.labels ?? {}
  if (current) {
    const sameSubsets = jsonEqual(withoutTargetRefVersions(current.subsets), withoutTargetRefVersions(subsets))
    const sameLabels = jsonEqual(withoutLabel(current.metadata.labels, headlessServiceLabel), svcLabels)
    const capacityOk = countAddresses(current.subsets) <= maxEndpointsCapacity && current.metadata.annotations?.[overCapacityAnnotation] === undefined
    if (sameSubsets && sameLabels && capacityOk) return {type: 'none'}
  }
  const ep: Endpoints = current
    ? structuredClone(current)
    : {apiVersion: 'v1', kind: 'Endpoints', metadata: {name: svc.metadata.name, namespace: svc.metadata.namespace}}
  const annotations = {...(ep.metadata.annotations ?? {})}
  delete annotations[lastChangeTriggerTimeAnnotation]
  const truncated = truncateSubsets(subsets)
  if (truncated) annotations[overCapacityAnnotation] = 'truncated'
  else delete annotations[overCapacityAnnotation]
  const final = truncated ?? subsets
  if (final.length) ep.subsets = final
  else delete ep.subsets
  if (Object.keys(annotations).length) ep.metadata.annotations = annotations
  else delete ep.metadata.annotations
  const headless = !svc.spec?.clusterIP || svc.spec.clusterIP === 'None'
  const labels = headless ? {...svcLabels, [headlessServiceLabel]: ''} : withoutLabel(svcLabels, headlessServiceLabel)
  if (Object.keys(labels).length) ep.metadata.labels = labels
  else delete ep.metadata.labels
  return current ? {type: 'update', endpoints: ep} : {type: 'create', endpoints: ep}
}
