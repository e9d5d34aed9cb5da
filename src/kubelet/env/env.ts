/**
 * A container's environment as the kubelet's makeEnvironmentVariables builds it: envFrom first
 * (configMaps/secrets, with prefix; optional ones may be missing), then env in order (values with
 * $(VAR) expansion over the variables defined so far; valueFrom configMapKeyRef / secretKeyRef /
 * fieldRef / resourceFieldRef), env overriding envFrom; then service variables not already defined.
 * Pure: the referenced configMaps and secrets are fetched beforehand (envReferences).
 */
import type {ResourceList} from '../../api/types/common.js'
import type {ConfigMap, Secret} from '../../api/types/config.js'
import type {Container} from '../../api/types/container.js'
import type {Pod} from '../../api/types/pod.js'
import type {EnvVar} from '../../runtime/types.js'
import {expand, mappingFor} from './expansion.js'
import {podFieldValue, resourceFieldValue, type PodRuntimeFields} from './fieldpath.js'

/** ConfigMaps and secrets of the pod's namespace by name; null = does not exist. */
export interface EnvObjects {
  configMaps: Map<string, ConfigMap | null>
  secrets: Map<string, Secret | null>
}

/** A failure to build the environment: the container waits with CreateContainerConfigError and this message. */
export class EnvError extends Error {
  override name = 'EnvError'
}

/** The configMaps and secrets a container's env and envFrom refer to. */
export function envReferences(c: Container): {configMaps: Set<string>; secrets: Set<string>} {
  const configMaps = new Set<string>()
  const secrets = new Set<string>()
  for (const f of c.envFrom ?? []) {
    if (f.configMapRef?.name) configMaps.add(f.configMapRef.name)
    if (f.secretRef?.name) secrets.add(f.secretRef.name)
  }
  for (const e of c.env ?? []) {
    if (e.valueFrom?.configMapKeyRef?.name) configMaps.add(e.valueFrom.configMapKeyRef.name)
    if (e.valueFrom?.secretKeyRef?.name) secrets.add(e.valueFrom.secretKeyRef.name)
  }
  return {configMaps, secrets}
}

/** Decodes a secret's base64 value. */
export function decodeSecretValue(v: string): string {
  return Buffer.from(v, 'base64').toString('utf8')
}

/** Names a runtime cannot take as environment variables (empty, or containing `=` or NUL). */
function invalidName(name: string): boolean {
  return name === '' || /[=\0]/.test(name)
}

/** What makeEnvironment answers: the variables in order, and envFrom keys skipped as invalid names. */
export interface EnvResult {
  env: EnvVar[]
  invalid: {kind: 'configMap' | 'secret'; name: string; keys: string[]}[]
}

/** Inputs besides the pod and container. */
export interface EnvContext {
  objects: EnvObjects
  runtime: PodRuntimeFields
  /** node allocatable: the default of unset limits in resourceFieldRef */
  allocatable?: ResourceList
  /** service link variables (FOO_SERVICE_HOST…), when the kubelet provides them */
  serviceEnv?: Record<string, string>
}

function lookup<T>(objects: Map<string, T | null>, kind: 'configmap' | 'secret', name: string): T | null {
  const obj = objects.get(name)
  if (obj === undefined) throw new EnvError(`${kind} "${name}" not found`)
  return obj
}

/** Builds the environment of `container`; throws EnvError for a missing non-optional reference. */
export function makeEnvironment(pod: Pod, container: Container, ctx: EnvContext): EnvResult {
  const ns = pod.metadata.namespace ?? 'default'
  const vars = new Map<string, string>()
  const invalid: EnvResult['invalid'] = []
  for (const from of container.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef
    if (!ref?.name) continue
    const isCM = from.configMapRef !== undefined
    const obj = isCM ? lookup(ctx.objects.configMaps, 'configmap', ref.name) : lookup(ctx.objects.secrets, 'secret', ref.name)
    if (!obj) {
      if (ref.optional) continue
      throw new EnvError(`${isCM ? 'configmap' : 'secret'} "${ref.name}" not found`)
    }
    const bad: string[] = []
    for (const [k, raw] of Object.entries(obj.data ?? {})) {
      const name = (from.prefix ?? '') + k
      if (invalidName(name)) {
        bad.push(name)
        continue
      }
      vars.set(name, isCM ? raw : decodeSecretValue(raw))
    }
    if (bad.length) invalid.push({kind: isCM ? 'configMap' : 'secret', name: ref.name, keys: bad.sort()})
  }
  const mapping = mappingFor(vars, ctx.serviceEnv ?? {})
  for (const e of container.env ?? []) {
    let value = e.value ?? ''
    if (value !== '') value = expand(value, mapping)
    else if (e.valueFrom) {
      const vf = e.valueFrom
      if (vf.fieldRef) value = fieldValue(pod, vf.fieldRef.fieldPath, ctx.runtime)
      else if (vf.resourceFieldRef) value = resourceValue(pod, container, vf.resourceFieldRef, ctx.allocatable)
      else if (vf.configMapKeyRef) {
        const {name = '', key, optional} = vf.configMapKeyRef
        const cm = lookup(ctx.objects.configMaps, 'configmap', name)
        if (!cm) {
          if (optional) continue
          throw new EnvError(`configmap "${name}" not found`)
        }
        const v = cm.data?.[key]
        if (v === undefined) {
          if (optional) continue
          throw new EnvError(`couldn't find key ${key} in ConfigMap ${ns}/${name}`)
        }
        value = v
      } else if (vf.secretKeyRef) {
        const {name = '', key, optional} = vf.secretKeyRef
        const s = lookup(ctx.objects.secrets, 'secret', name)
        if (!s) {
          if (optional) continue
          throw new EnvError(`secret "${name}" not found`)
        }
        const v = s.data?.[key]
        if (v === undefined) {
          if (optional) continue
          throw new EnvError(`couldn't find key ${key} in Secret ${ns}/${name}`)
        }
        value = decodeSecretValue(v)
      }
    }
    vars.set(e.name, value)
  }
  const env: EnvVar[] = [...vars].map(([name, value]) => ({name, value}))
  for (const [name, value] of Object.entries(ctx.serviceEnv ?? {})) if (!vars.has(name)) env.push({name, value})
  return {env, invalid}
}

function fieldValue(pod: Pod, fieldPath: string, rt: PodRuntimeFields): string {
  try {
    return podFieldValue(pod, fieldPath, rt)
  } catch (e) {
    throw new EnvError((e as Error).message)
  }
}

function resourceValue(pod: Pod, container: Container, ref: {containerName?: string; resource: string; divisor?: string | number}, allocatable?: ResourceList): string {
  const target = ref.containerName ? [...pod.spec!.containers, ...(pod.spec!.initContainers ?? [])].find((c) => c.name === ref.containerName) : container
  if (!target) throw new EnvError(`container ${ref.containerName} not found in pod`)
  try {
    return resourceFieldValue(target, ref, allocatable)
  } catch (e) {
    throw new EnvError((e as Error).message)
  }
}

/** Kubernetes' ExpandContainerCommandAndArgs: $(VAR) in command and args over the final environment. */
export function expandCommand(c: Container, env: EnvVar[]): {command?: string[]; args?: string[]} {
  const map = new Map(env.map((e) => [e.name, e.value]))
  const lookupFn = mappingFor(map)
  return {command: c.command?.map((s) => expand(s, lookupFn)), args: c.args?.map((s) => expand(s, lookupFn))}
}
