/**
 * Kubernetes' defaulting of pod specs (SetDefaults_PodSpec, _Container, _Probe, _Volume …), shared by
 * pods and every workload template, plus the pod-only rules (SetDefaults_Pod: requests from limits).
 * Resource quantities are rewritten in canonical form, as a round trip through the real API server does.
 */
import type {Container, Probe, LifecycleHandler, ResourceRequirements, HTTPGetAction} from '../types/container.js'
import type {PodSpec} from '../types/pod.js'
import type {Volume} from '../types/volume.js'
import type {ResourceList} from '../types/common.js'
import {canonicalQuantity, isValidQuantity} from '../quantity.js'

/** Default file mode of secret/configMap/downwardAPI/projected volumes (0644). */
export const defaultVolumeMode = 0o644

/** Tag of an image reference: "" for digest-only references, "latest" when neither tag nor digest is given. */
export function imageTag(image: string): string {
  const at = image.indexOf('@')
  const name = at >= 0 ? image.slice(0, at) : image
  const slash = name.lastIndexOf('/')
  const colon = name.lastIndexOf(':')
  if (colon > slash) return name.slice(colon + 1)
  return at >= 0 ? '' : 'latest'
}

/** imagePullPolicy default: Always for :latest (or untagged) images, IfNotPresent otherwise. */
export function defaultPullPolicy(image: string | undefined): 'Always' | 'IfNotPresent' {
  return image && imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent'
}

function canonicalList(list: ResourceList | undefined): void {
  if (!list) return
  for (const [k, v] of Object.entries(list)) if (isValidQuantity(v)) list[k] = canonicalQuantity(v)
}

function defaultHTTPGet(h: HTTPGetAction | undefined): void {
  if (!h) return
  h.path ||= '/'
  h.scheme ||= 'HTTP'
}

function defaultProbe(p: Probe | undefined): void {
  if (!p) return
  p.timeoutSeconds ||= 1
  p.periodSeconds ||= 10
  p.successThreshold ||= 1
  p.failureThreshold ||= 3
  defaultHTTPGet(p.httpGet)
}

function defaultHandler(h: LifecycleHandler | undefined): void {
  if (h) defaultHTTPGet(h.httpGet)
}

function defaultResources(r: ResourceRequirements | undefined): void {
  if (!r) return
  canonicalList(r.limits)
  canonicalList(r.requests)
}

/** SetDefaults_Container and the defaults of its ports, probes, hooks and env. */
export function defaultContainer(c: Container, hostNetwork: boolean): void {
  c.imagePullPolicy ||= defaultPullPolicy(c.image)
  c.terminationMessagePath ||= '/dev/termination-log'
  c.terminationMessagePolicy ||= 'File'
  for (const p of c.ports ?? []) {
    p.protocol ||= 'TCP'
    if (hostNetwork && !p.hostPort) p.hostPort = p.containerPort
  }
  defaultProbe(c.livenessProbe)
  defaultProbe(c.readinessProbe)
  defaultProbe(c.startupProbe)
  defaultHandler(c.lifecycle?.postStart)
  defaultHandler(c.lifecycle?.preStop)
  for (const e of c.env ?? []) if (e.valueFrom?.fieldRef) e.valueFrom.fieldRef.apiVersion ||= 'v1'
  defaultResources(c.resources)
}

/** SetDefaults_Volume and the per-source defaults (modes, token expiry, emptyDir when no source). */
export function defaultVolume(v: Volume): void {
  const sources = Object.keys(v).filter((k) => k !== 'name' && (v as unknown as Record<string, unknown>)[k] != null)
  if (sources.length === 0) v.emptyDir = {}
  if (v.secret) v.secret.defaultMode ??= defaultVolumeMode
  if (v.configMap) v.configMap.defaultMode ??= defaultVolumeMode
  if (v.downwardAPI) {
    v.downwardAPI.defaultMode ??= defaultVolumeMode
    for (const f of v.downwardAPI.items ?? []) if (f.fieldRef) f.fieldRef.apiVersion ||= 'v1'
  }
  if (v.projected) {
    v.projected.defaultMode ??= defaultVolumeMode
    for (const s of v.projected.sources ?? []) {
      if (s.serviceAccountToken) s.serviceAccountToken.expirationSeconds ??= 3600
      for (const f of s.downwardAPI?.items ?? []) if (f.fieldRef) f.fieldRef.apiVersion ||= 'v1'
    }
  }
  if (v.hostPath) v.hostPath.type ??= ''
  if (v.emptyDir?.sizeLimit !== undefined && isValidQuantity(v.emptyDir.sizeLimit)) v.emptyDir.sizeLimit = canonicalQuantity(v.emptyDir.sizeLimit)
}

/**
 * SetDefaults_PodSpec. `forPod` adds what only real pods get: the "default" service account
 * (ServiceAccount admission) and requests defaulted from limits (SetDefaults_Pod).
 */
export function defaultPodSpec(spec: PodSpec, forPod: boolean): void {
  spec.dnsPolicy ||= 'ClusterFirst'
  spec.restartPolicy ||= 'Always'
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) spec.terminationGracePeriodSeconds = 30
  else if (spec.terminationGracePeriodSeconds < 0) spec.terminationGracePeriodSeconds = 1
  spec.schedulerName ||= 'default-scheduler'
  spec.securityContext ??= {}
  spec.enableServiceLinks ??= true
  if (!spec.serviceAccountName && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount
  if (forPod && !spec.serviceAccountName) spec.serviceAccountName = 'default'
  if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName
  const hostNetwork = spec.hostNetwork === true
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    defaultContainer(c, hostNetwork)
    if (forPod && c.resources?.limits) {
      c.resources.requests ??= {}
      for (const [k, v] of Object.entries(c.resources.limits)) if (c.resources.requests[k] === undefined) c.resources.requests[k] = v
    }
  }
  for (const v of spec.volumes ?? []) defaultVolume(v)
  canonicalList(spec.overhead)
}
