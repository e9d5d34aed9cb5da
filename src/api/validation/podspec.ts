/**
 * ValidatePodSpec: the whole pod spec, shared by pods and every workload template (deployments,
 * replica sets, daemon sets, jobs).
 */
import type {StatusCause} from '../meta.js'
import type {PodDNSConfig, PodSecurityContext, PodSpec} from '../types/pod.js'
import type {Container} from '../types/container.js'
import {cause} from '../errors.js'
import {at, child, inclusiveRange, invalidEach, nonNegative} from './path.js'
import {isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidIP} from './names.js'
import {validateLabels} from './meta.js'
import {validateAppContainers, validateInitContainers, validateProfile} from './container.js'
import {validateVolumes} from './volumes.js'
import {validateAffinity, validateTolerations, validateTopologySpreadConstraints} from './scheduling.js'
import {validateResourceList} from './resources.js'

const maxInt32 = 2147483647
/** Pod restart policies. */
export const restartPolicies = ['Always', 'OnFailure', 'Never']
const dnsPolicies = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']

function validateDNS(spec: PodSpec, path: string): StatusCause[] {
  const errs: StatusCause[] = []
  if (!spec.dnsPolicy) errs.push(cause.required(child(path, 'dnsPolicy')))
  else if (!dnsPolicies.includes(spec.dnsPolicy)) errs.push(cause.notSupported(child(path, 'dnsPolicy'), spec.dnsPolicy, dnsPolicies))
  const cfg: PodDNSConfig | undefined = spec.dnsConfig
  const cp = child(path, 'dnsConfig')
  if (spec.dnsPolicy === 'None') {
    if (!cfg) errs.push(cause.required(cp, 'Required value: must provide `dnsConfig` when `dnsPolicy` is None'))
    else if (!(cfg.nameservers ?? []).length) errs.push(cause.required(child(cp, 'nameservers'), 'Required value: must provide at least one DNS nameserver when `dnsPolicy` is None'))
  }
  if (cfg) {
    const ns = cfg.nameservers ?? []
    if (ns.length > 3) errs.push(cause.invalid(child(cp, 'nameservers'), ns, 'must not have more than 3 nameservers'))
    ns.forEach((n, i) => errs.push(...invalidEach(at(child(cp, 'nameservers'), i), n, isValidIP(n))))
    const searches = cfg.searches ?? []
    if (searches.length > 32) errs.push(cause.invalid(child(cp, 'searches'), searches, 'must not have more than 32 search paths'))
    searches.forEach((s, i) => errs.push(...invalidEach(at(child(cp, 'searches'), i), s, isDNS1123Subdomain(s.replace(/\.$/, '')))))
    ;(cfg.options ?? []).forEach((o, i) => {
      if (!o.name) errs.push(cause.required(child(at(child(cp, 'options'), i), 'name'), 'Required value: Option.Name must not be empty'))
    })
  }
  return errs
}

function validateID(path: string, v: number | undefined): StatusCause[] {
  return v !== undefined && !(Number.isInteger(v) && v >= 0 && v <= maxInt32) ? [cause.invalid(path, v, inclusiveRange(0, maxInt32))] : []
}

const sysctlRe = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/

function validatePodSecurityContext(sc: PodSecurityContext | undefined, path: string): StatusCause[] {
  if (!sc) return []
  const errs = [
    ...validateID(child(path, 'runAsUser'), sc.runAsUser),
    ...validateID(child(path, 'runAsGroup'), sc.runAsGroup),
    ...validateID(child(path, 'fsGroup'), sc.fsGroup),
  ]
  ;(sc.supplementalGroups ?? []).forEach((g, i) => errs.push(...validateID(at(child(path, 'supplementalGroups'), i), g)))
  if (sc.fsGroupChangePolicy !== undefined && !['OnRootMismatch', 'Always'].includes(sc.fsGroupChangePolicy)) {
    errs.push(cause.notSupported(child(path, 'fsGroupChangePolicy'), sc.fsGroupChangePolicy, ['OnRootMismatch', 'Always']))
  }
  const names = new Set<string>()
  ;(sc.sysctls ?? []).forEach((s, i) => {
    const p = at(child(path, 'sysctls'), i)
    if (!s.name) errs.push(cause.required(child(p, 'name')))
    else if (s.name.length > 253 || !sysctlRe.test(s.name)) errs.push(cause.invalid(child(p, 'name'), s.name, `must have at most 253 characters and match regex ${sysctlRe.source}`))
    else if (names.has(s.name)) errs.push(cause.duplicate(child(p, 'name'), s.name))
    names.add(s.name)
  })
  errs.push(...validateProfile(sc.seccompProfile, child(path, 'seccompProfile')))
  errs.push(...validateProfile(sc.appArmorProfile, child(path, 'appArmorProfile')))
  return errs
}

function allContainers(spec: PodSpec): Container[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])]
}

/** With hostNetwork, every container port's hostPort must equal its containerPort. */
function validateHostNetwork(spec: PodSpec, path: string): StatusCause[] {
  if (!spec.hostNetwork) return []
  const errs: StatusCause[] = []
  for (const [field, list] of [['initContainers', spec.initContainers], ['containers', spec.containers]] as const) {
    ;(list ?? []).forEach((c, i) => {
      ;(c.ports ?? []).forEach((p, j) => {
        if (p.hostPort !== p.containerPort) {
          errs.push(cause.invalid(child(at(child(at(child(path, field), i), 'ports'), j), 'containerPort'), p.containerPort, 'must match `hostPort` when `hostNetwork` is true'))
        }
      })
    })
  }
  return errs
}

/** checkHostPortConflicts: protocol/hostIP/hostPort unique across the pod's containers. */
function checkHostPortConflicts(containers: Container[] | undefined, path: string, seen: Set<string>): StatusCause[] {
  const errs: StatusCause[] = []
  ;(containers ?? []).forEach((c, i) => {
    ;(c.ports ?? []).forEach((p, j) => {
      if (!p.hostPort) return
      const k = `${p.protocol ?? 'TCP'}/${p.hostIP ?? ''}/${p.hostPort}`
      if (seen.has(k)) errs.push(cause.duplicate(child(at(child(at(path, i), 'ports'), j), 'hostPort'), k))
      seen.add(k)
    })
  })
  return errs
}

/** ValidatePodSpec. `path` is where the spec sits (spec, or spec.template.spec). */
export function validatePodSpec(spec: PodSpec | undefined, path: string): StatusCause[] {
  if (!spec) return [cause.required(path)]
  const errs: StatusCause[] = []
  const containerNames = new Set(allContainers(spec).map((c) => c.name).filter(Boolean))
  const vols = validateVolumes(spec.volumes, containerNames, child(path, 'volumes'))
  errs.push(...vols.errs)
  const grace = spec.terminationGracePeriodSeconds ?? 30
  const ctx = {volumes: vols.names, containerNames, gracePeriod: grace}
  const taken = new Set<string>()
  errs.push(...validateAppContainers(spec.containers, ctx, taken, child(path, 'containers')))
  errs.push(...validateInitContainers(spec.initContainers, ctx, taken, child(path, 'initContainers')))
  if (!spec.restartPolicy) errs.push(cause.required(child(path, 'restartPolicy')))
  else if (!restartPolicies.includes(spec.restartPolicy)) errs.push(cause.notSupported(child(path, 'restartPolicy'), spec.restartPolicy, restartPolicies))
  errs.push(...validateDNS(spec, path))
  errs.push(...validateLabels(spec.nodeSelector, child(path, 'nodeSelector')))
  if (spec.serviceAccountName) errs.push(...invalidEach(child(path, 'serviceAccountName'), spec.serviceAccountName, isDNS1123Subdomain(spec.serviceAccountName)))
  if (spec.nodeName) errs.push(...invalidEach(child(path, 'nodeName'), spec.nodeName, isDNS1123Subdomain(spec.nodeName)))
  if (spec.activeDeadlineSeconds !== undefined) {
    const v = spec.activeDeadlineSeconds
    if (!(Number.isInteger(v) && v >= 1 && v <= maxInt32)) errs.push(cause.invalid(child(path, 'activeDeadlineSeconds'), v, inclusiveRange(1, maxInt32)))
  }
  errs.push(...nonNegative(child(path, 'terminationGracePeriodSeconds'), spec.terminationGracePeriodSeconds))
  if (spec.hostname) errs.push(...invalidEach(child(path, 'hostname'), spec.hostname, isDNS1123Label(spec.hostname)))
  if (spec.subdomain) errs.push(...invalidEach(child(path, 'subdomain'), spec.subdomain, isDNS1123Label(spec.subdomain)))
  if (spec.priorityClassName) errs.push(...invalidEach(child(path, 'priorityClassName'), spec.priorityClassName, isDNS1123Subdomain(spec.priorityClassName)))
  if (spec.schedulerName) errs.push(...invalidEach(child(path, 'schedulerName'), spec.schedulerName, isDNS1123Subdomain(spec.schedulerName)))
  if (spec.preemptionPolicy !== undefined && !['PreemptLowerPriority', 'Never'].includes(spec.preemptionPolicy)) {
    errs.push(cause.notSupported(child(path, 'preemptionPolicy'), spec.preemptionPolicy, ['Never', 'PreemptLowerPriority']))
  }
  errs.push(...validatePodSecurityContext(spec.securityContext, child(path, 'securityContext')))
  ;(spec.imagePullSecrets ?? []).forEach((s, i) => {
    if (!s.name) errs.push(cause.required(child(at(child(path, 'imagePullSecrets'), i), 'name')))
  })
  errs.push(...validateAffinity(spec.affinity, child(path, 'affinity')))
  errs.push(...validateTolerations(spec.tolerations, child(path, 'tolerations')))
  errs.push(...validateTopologySpreadConstraints(spec.topologySpreadConstraints, child(path, 'topologySpreadConstraints')))
  errs.push(...validateHostNetwork(spec, path))
  const seen = new Set<string>()
  errs.push(...checkHostPortConflicts(spec.containers, child(path, 'containers'), seen))
  errs.push(...checkHostPortConflicts(spec.initContainers, child(path, 'initContainers'), seen))
  ;(spec.readinessGates ?? []).forEach((g, i) => {
    errs.push(...invalidEach(child(at(child(path, 'readinessGates'), i), 'conditionType'), g.conditionType, isQualifiedName(g.conditionType ?? '')))
  })
  ;(spec.hostAliases ?? []).forEach((h, i) => {
    const p = at(child(path, 'hostAliases'), i)
    errs.push(...invalidEach(child(p, 'ip'), h.ip, isValidIP(h.ip ?? '')))
    ;(h.hostnames ?? []).forEach((n, j) => errs.push(...invalidEach(at(child(p, 'hostnames'), j), n, isDNS1123Subdomain(n))))
  })
  const gates = new Set<string>()
  ;(spec.schedulingGates ?? []).forEach((g, i) => {
    const p = child(at(child(path, 'schedulingGates'), i), 'name')
    errs.push(...invalidEach(p, g.name, isQualifiedName(g.name ?? '')))
    if (gates.has(g.name)) errs.push(cause.duplicate(p, g.name))
    gates.add(g.name)
  })
  if (spec.os && spec.os.name !== 'linux' && spec.os.name !== 'windows') errs.push(cause.notSupported(child(path, 'os', 'name'), spec.os.name, ['linux', 'windows']))
  errs.push(...validateResourceList(spec.overhead, child(path, 'overhead')))
  return errs
}
