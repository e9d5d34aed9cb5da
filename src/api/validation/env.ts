/**
 * Environment variables (ValidateEnv, ValidateEnvFrom) and the downward-API selectors shared with
 * downwardAPI volumes (validateObjectFieldSelector, validateContainerResourceFieldSelector).
 */
import type {StatusCause} from '../meta.js'
import type {KeySelector, ObjectFieldSelector, ResourceFieldSelector} from '../types/common.js'
import type {EnvFromSource, EnvVar} from '../types/container.js'
import {cause} from '../errors.js'
import {compareQuantities, isValidQuantity} from '../quantity.js'
import {at, child, invalidEach} from './path.js'
import {isConfigMapKey, isDNS1123Subdomain, isEnvVarName, isQualifiedName} from './names.js'

/** Field paths env vars may reference through fieldRef. */
export const envFieldPaths = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
]
/** Field paths downwardAPI volume files may reference. */
export const volumeFieldPaths = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid']
/** resourceFieldRef.resource values. */
export const resourceFieldRefs = ['limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage']

const subscripted = /^metadata\.(labels|annotations)\['(.*)'\]$/

/** validateObjectFieldSelector: a supported (or subscripted labels/annotations) path with apiVersion v1. */
export function validateObjectFieldSelector(fs: ObjectFieldSelector, supported: string[], path: string): StatusCause[] {
  const errs: StatusCause[] = []
  if (!fs.apiVersion) errs.push(cause.required(child(path, 'apiVersion')))
  else if (fs.apiVersion !== 'v1') errs.push(cause.invalid(child(path, 'apiVersion'), fs.apiVersion, 'only v1 is supported'))
  if (!fs.fieldPath) {
    errs.push(cause.required(child(path, 'fieldPath')))
    return errs
  }
  const m = subscripted.exec(fs.fieldPath)
  if (m) {
    errs.push(...invalidEach(child(path, 'fieldPath'), fs.fieldPath, isQualifiedName(m[2].toLowerCase())))
    return errs
  }
  if (!supported.includes(fs.fieldPath)) {
    const list = [...supported, "metadata.labels['<KEY>']", "metadata.annotations['<KEY>']"]
    errs.push(cause.notSupported(child(path, 'fieldPath'), fs.fieldPath, list))
  }
  return errs
}

/** validateContainerResourceFieldSelector: resource supported, containerName set when required, divisor sensible. */
export function validateResourceFieldSelector(fs: ResourceFieldSelector, containerNames: Set<string>, requireContainer: boolean, path: string): StatusCause[] {
  const errs: StatusCause[] = []
  if (requireContainer && !fs.containerName) errs.push(cause.required(child(path, 'containerName')))
  else if (fs.containerName && !containerNames.has(fs.containerName)) errs.push(cause.notSupported(child(path, 'containerName'), fs.containerName, [...containerNames]))
  if (!fs.resource) errs.push(cause.required(child(path, 'resource')))
  else if (!resourceFieldRefs.includes(fs.resource) && !fs.resource.startsWith('limits.hugepages-') && !fs.resource.startsWith('requests.hugepages-')) {
    errs.push(cause.notSupported(child(path, 'resource'), fs.resource, resourceFieldRefs))
  }
  if (fs.divisor !== undefined) {
    if (!isValidQuantity(fs.divisor) || compareQuantities(fs.divisor, 0) <= 0) errs.push(cause.invalid(child(path, 'divisor'), fs.divisor, 'must be a positive quantity'))
  }
  return errs
}

function validateKeySelector(ks: KeySelector, path: string): StatusCause[] {
  const errs: StatusCause[] = []
  if (!ks.name) errs.push(cause.required(child(path, 'name')))
  else errs.push(...invalidEach(child(path, 'name'), ks.name, isDNS1123Subdomain(ks.name)))
  if (!ks.key) errs.push(cause.required(child(path, 'key')))
  else errs.push(...invalidEach(child(path, 'key'), ks.key, isConfigMapKey(ks.key)))
  return errs
}

/** ValidateEnv for one container's env list. */
export function validateEnv(env: EnvVar[] | undefined, containerNames: Set<string>, path: string): StatusCause[] {
  const errs: StatusCause[] = []
  ;(env ?? []).forEach((ev, i) => {
    const p = at(path, i)
    if (!ev.name) errs.push(cause.required(child(p, 'name')))
    else errs.push(...invalidEach(child(p, 'name'), ev.name, isEnvVarName(ev.name)))
    if (!ev.valueFrom) return
    const vp = child(p, 'valueFrom')
    const vf = ev.valueFrom
    const sources = (['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'] as const).filter((k) => vf[k])
    if (sources.length === 0) {
      errs.push(cause.invalid(vp, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'))
    } else if (sources.length > 1) {
      errs.push(cause.invalid(vp, '', 'may not have more than one field specified at a time'))
    } else if (ev.value) {
      errs.push(cause.invalid(vp, '', 'may not be specified when `value` is not empty'))
    }
    if (vf.fieldRef) errs.push(...validateObjectFieldSelector(vf.fieldRef, envFieldPaths, child(vp, 'fieldRef')))
    if (vf.resourceFieldRef) errs.push(...validateResourceFieldSelector(vf.resourceFieldRef, containerNames, false, child(vp, 'resourceFieldRef')))
    if (vf.configMapKeyRef) errs.push(...validateKeySelector(vf.configMapKeyRef, child(vp, 'configMapKeyRef')))
    if (vf.secretKeyRef) errs.push(...validateKeySelector(vf.secretKeyRef, child(vp, 'secretKeyRef')))
  })
  return errs
}

/** ValidateEnvFrom: one of configMapRef/secretRef, with a valid name; prefix a valid env var name. */
export function validateEnvFrom(envFrom: EnvFromSource[] | undefined, path: string): StatusCause[] {
  const errs: StatusCause[] = []
  ;(envFrom ?? []).forEach((ef, i) => {
    const p = at(path, i)
    if (ef.prefix) errs.push(...invalidEach(child(p, 'prefix'), ef.prefix, isEnvVarName(ef.prefix)))
    const refs = (['configMapRef', 'secretRef'] as const).filter((k) => ef[k])
    if (refs.length === 0) errs.push(cause.invalid(p, '', 'must specify one of: `configMapRef` or `secretRef`'))
    else if (refs.length > 1) errs.push(cause.invalid(p, '', 'may not have more than one field specified at a time'))
    for (const k of refs) {
      const name = ef[k]!.name
      if (!name) errs.push(cause.required(child(p, k, 'name')))
      else errs.push(...invalidEach(child(p, k, 'name'), name, isDNS1123Subdomain(name)))
    }
  })
  return errs
}
