/**
 * Containers (validateContainers / validateInitContainers): names, images, pull and termination-message
 * policies, ports, env, resources, volume mounts, probes, lifecycle and security context.
 */
import type {StatusCause} from '../meta.js'
import type {Container, ContainerPort, SecurityContext, VolumeMount} from '../types/container.js'
import {cause} from '../errors.js'
import {at, child, invalidEach, inclusiveRange, notFoundCause} from './path.js'
import {isDNS1123Label, isValidIP, isValidPortName, isValidPortNum} from './names.js'
import {validateEnv, validateEnvFrom} from './env.js'
import {validateLifecycle, validateProbe} from './probes.js'
import {validateResourceRequirements} from './resources.js'
import {validateLocalDescendingPath} from './volumes.js'

const protocols = ['SCTP', 'TCP', 'UDP']
const maxInt32 = 2147483647

/** validateContainerPorts: names (IANA_SVC_NAME, unique), containerPort/hostPort ranges, protocol. */
export function validateContainerPorts(ports: ContainerPort[] | undefined, path: string): StatusCause[] {
  const errs: StatusCause[] = []
  const names = new Set<string>()
  ;(ports ?? []).forEach((port, i) => {
    const p = at(path, i)
    if (port.name) {
      const msgs = isValidPortName(port.name)
      if (msgs.length) errs.push(...invalidEach(child(p, 'name'), port.name, msgs))
      else if (names.has(port.name)) errs.push(cause.duplicate(child(p, 'name'), port.name))
      else names.add(port.name)
    }
    if (!port.containerPort) errs.push(cause.required(child(p, 'containerPort')))
    else errs.push(...invalidEach(child(p, 'containerPort'), port.containerPort, isValidPortNum(port.containerPort)))
    if (port.hostPort) errs.push(...invalidEach(child(p, 'hostPort'), port.hostPort, isValidPortNum(port.hostPort)))
    if (port.hostIP) errs.push(...invalidEach(child(p, 'hostIP'), port.hostIP, isValidIP(port.hostIP)))
    if (!port.protocol) errs.push(cause.required(child(p, 'protocol')))
    else if (!protocols.includes(port.protocol)) errs.push(cause.notSupported(child(p, 'protocol'), port.protocol, protocols))
  })
  return errs
}

function validateVolumeMounts(mounts: VolumeMount[] | undefined, volumes: Set<string>, path: string): StatusCause[] {
  const errs: StatusCause[] = []
  const mountPoints = new Set<string>()
  ;(mounts ?? []).forEach((m, i) => {
    const p = at(path, i)
    if (!m.name) errs.push(cause.required(child(p, 'name')))
    if (!volumes.has(m.name)) errs.push(notFoundCause(child(p, 'name'), m.name ?? ''))
    if (!m.mountPath) errs.push(cause.required(child(p, 'mountPath')))
    else if (mountPoints.has(m.mountPath)) errs.push(cause.invalid(child(p, 'mountPath'), m.mountPath, 'must be unique'))
    if (m.mountPath) mountPoints.add(m.mountPath)
    if (m.subPath) errs.push(...validateLocalDescendingPath(m.subPath, child(p, 'subPath')))
    if (m.subPathExpr) {
      if (m.subPath) errs.push(cause.invalid(child(p, 'subPathExpr'), m.subPathExpr, 'subPathExpr and subPath are mutually exclusive'))
      errs.push(...validateLocalDescendingPath(m.subPathExpr, child(p, 'subPathExpr')))
    }
    if (m.mountPropagation !== undefined && !['None', 'HostToContainer', 'Bidirectional'].includes(m.mountPropagation)) {
      errs.push(cause.notSupported(child(p, 'mountPropagation'), m.mountPropagation, ['Bidirectional', 'HostToContainer', 'None']))
    }
  })
  return errs
}

function validateID(path: string, v: number | undefined): StatusCause[] {
  return v !== undefined && !(Number.isInteger(v) && v >= 0 && v <= maxInt32) ? [cause.invalid(path, v, inclusiveRange(0, maxInt32))] : []
}

/** Seccomp/AppArmor profile: type supported; localhostProfile exactly when type is Localhost. */
export function validateProfile(prof: {type?: string; localhostProfile?: string} | undefined, path: string): StatusCause[] {
  if (!prof) return []
  const errs: StatusCause[] = []
  if (!prof.type) errs.push(cause.required(child(path, 'type')))
  else if (!['Unconfined', 'RuntimeDefault', 'Localhost'].includes(prof.type)) errs.push(cause.notSupported(child(path, 'type'), prof.type, ['Localhost', 'RuntimeDefault', 'Unconfined']))
  if (prof.type === 'Localhost' && !prof.localhostProfile) errs.push(cause.required(child(path, 'localhostProfile'), 'Required value: must be set when seccomp type is Localhost'))
  if (prof.type !== 'Localhost' && prof.localhostProfile) errs.push(cause.invalid(child(path, 'localhostProfile'), prof.localhostProfile, 'can only be set when seccomp type is Localhost'))
  return errs
}

/** ValidateSecurityContext (container level). */
export function validateSecurityContext(sc: SecurityContext | undefined, path: string): StatusCause[] {
  if (!sc) return []
  const errs = [...validateID(child(path, 'runAsUser'), sc.runAsUser), ...validateID(child(path, 'runAsGroup'), sc.runAsGroup)]
  if (sc.privileged && sc.allowPrivilegeEscalation === false) {
    errs.push(cause.invalid(path, sc, 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true'))
  }
  if (sc.procMount !== undefined && sc.procMount !== 'Default' && sc.procMount !== 'Unmasked') {
    errs.push(cause.notSupported(child(path, 'procMount'), sc.procMount, ['Default', 'Unmasked']))
  }
  errs.push(...validateProfile(sc.seccompProfile, child(path, 'seccompProfile')))
  errs.push(...validateProfile(sc.appArmorProfile, child(path, 'appArmorProfile')))
  return errs
}

/** What validateContainer needs from the pod around it. */
export interface ContainerContext {
  /** every volume name of the pod */
  volumes: Set<string>
  /** every container name of the pod (resourceFieldRef targets) */
  containerNames: Set<string>
  /** the pod's terminationGracePeriodSeconds (bounds sleep hooks) */
  gracePeriod?: number
}

/** Checks shared by init and app containers (validateContainerCommon). */
export function validateContainer(c: Container, ctx: ContainerContext, path: string): StatusCause[] {
  const errs: StatusCause[] = []
  if (!c.name) errs.push(cause.required(child(path, 'name')))
  else errs.push(...invalidEach(child(path, 'name'), c.name, isDNS1123Label(c.name)))
  if (!c.image) errs.push(cause.required(child(path, 'image')))
  if (!c.terminationMessagePolicy) errs.push(cause.required(child(path, 'terminationMessagePolicy')))
  else if (c.terminationMessagePolicy !== 'File' && c.terminationMessagePolicy !== 'FallbackToLogsOnError') {
    errs.push(cause.notSupported(child(path, 'terminationMessagePolicy'), c.terminationMessagePolicy, ['File', 'FallbackToLogsOnError']))
  }
  if (!c.imagePullPolicy) errs.push(cause.required(child(path, 'imagePullPolicy')))
  else if (!['Always', 'IfNotPresent', 'Never'].includes(c.imagePullPolicy)) {
    errs.push(cause.notSupported(child(path, 'imagePullPolicy'), c.imagePullPolicy, ['Always', 'IfNotPresent', 'Never']))
  }
  errs.push(...validateContainerPorts(c.ports, child(path, 'ports')))
  errs.push(...validateEnv(c.env, ctx.containerNames, child(path, 'env')))
  errs.push(...validateEnvFrom(c.envFrom, child(path, 'envFrom')))
  errs.push(...validateVolumeMounts(c.volumeMounts, ctx.volumes, child(path, 'volumeMounts')))
  ;(c.volumeDevices ?? []).forEach((d, i) => {
    const p = at(child(path, 'volumeDevices'), i)
    if (!ctx.volumes.has(d.name)) errs.push(notFoundCause(child(p, 'name'), d.name ?? ''))
    if (!d.devicePath) errs.push(cause.required(child(p, 'devicePath')))
  })
  errs.push(...validateResourceRequirements(c.resources, child(path, 'resources')))
  errs.push(...validateSecurityContext(c.securityContext, child(path, 'securityContext')))
  return errs
}

/** Probe and lifecycle checks of an app container (or a sidecar init container). */
function validateProbesAndHooks(c: Container, ctx: ContainerContext, path: string): StatusCause[] {
  const errs = [
    ...validateLifecycle(c.lifecycle, child(path, 'lifecycle'), ctx.gracePeriod),
    ...validateProbe(c.livenessProbe, child(path, 'livenessProbe'), ctx.gracePeriod),
    ...validateProbe(c.readinessProbe, child(path, 'readinessProbe'), ctx.gracePeriod),
    ...validateProbe(c.startupProbe, child(path, 'startupProbe'), ctx.gracePeriod),
  ]
  for (const probe of ['livenessProbe', 'startupProbe'] as const) {
    const pr = c[probe]
    if (pr && pr.successThreshold !== undefined && pr.successThreshold !== 1) {
      errs.push(cause.invalid(child(path, probe, 'successThreshold'), pr.successThreshold, 'must be 1'))
    }
  }
  return errs
}

/** validateContainers (app containers): at least one, unique names, probes, no restartPolicy. */
export function validateAppContainers(containers: Container[] | undefined, ctx: ContainerContext, taken: Set<string>, path: string): StatusCause[] {
  if (!containers || containers.length === 0) return [cause.required(path)]
  const errs: StatusCause[] = []
  containers.forEach((c, i) => {
    const p = at(path, i)
    errs.push(...validateContainer(c, ctx, p))
    if (c.name && taken.has(c.name)) errs.push(cause.duplicate(child(p, 'name'), c.name))
    if (c.name) taken.add(c.name)
    if (c.restartPolicy !== undefined) errs.push(cause.forbidden(child(p, 'restartPolicy'), 'may not be set for non-init containers'))
    errs.push(...validateProbesAndHooks(c, ctx, p))
  })
  return errs
}

/** validateInitContainers: unique names (with app containers), restartPolicy Always for sidecars only. */
export function validateInitContainers(containers: Container[] | undefined, ctx: ContainerContext, taken: Set<string>, path: string): StatusCause[] {
  const errs: StatusCause[] = []
  ;(containers ?? []).forEach((c, i) => {
    const p = at(path, i)
    errs.push(...validateContainer(c, ctx, p))
    if (c.name && taken.has(c.name)) errs.push(cause.duplicate(child(p, 'name'), c.name))
    if (c.name) taken.add(c.name)
    if (c.restartPolicy !== undefined && c.restartPolicy !== 'Always') {
      errs.push(cause.notSupported(child(p, 'restartPolicy'), c.restartPolicy, ['Always']))
    }
    if (c.restartPolicy === 'Always') {
      errs.push(...validateProbesAndHooks(c, ctx, p))
    } else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
        if (c[f]) errs.push(cause.forbidden(child(p, f), 'may not be set for init containers without restartPolicy=Always'))
      }
    }
  })
  return errs
}
