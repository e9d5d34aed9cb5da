/**
 * The built-in resource registry: every ResourceDef mkube serves, lookup by group/version/resource, by
 * apiVersion+kind and by the names the CLI accepts, store keys, and the per-kind create/update hooks.
 */
import type {KubeObject, StatusCause} from './meta.js'
import type {ResourceDef} from './resource.js'
import type {KindHooks} from './kinds/hooks.js'
import {podDef, podHooks} from './kinds/pod.js'
import {serviceDef, serviceHooks} from './kinds/service.js'
import {endpointsDef} from './kinds/endpoints.js'
import {nodeDef} from './kinds/node.js'
import {namespaceDef, namespaceHooks} from './kinds/namespace.js'
import {configMapDef} from './kinds/configmap.js'
import {secretDef} from './kinds/secret.js'
import {serviceAccountDef} from './kinds/serviceaccount.js'
import {eventDef} from './kinds/event.js'
import {deploymentDef, deploymentHooks} from './kinds/deployment.js'
import {replicaSetDef, replicaSetHooks} from './kinds/replicaset.js'
import {daemonSetDef, daemonSetHooks} from './kinds/daemonset.js'
import {jobDef, jobHooks} from './kinds/job.js'
import {cronJobDef, cronJobHooks} from './kinds/cronjob.js'
import {leaseDef} from './kinds/lease.js'

export type {KindHooks} from './kinds/hooks.js'

/** The cause reported when a body has the wrong JSON shape (e.g. a string where a list belongs). */
function malformed(e: Error): StatusCause {
  return {reason: 'FieldValueTypeInvalid', field: '', message: `Invalid value: the object does not have the expected structure: ${e.message}`}
}

/**
 * Wraps a kind so that bodies of the wrong JSON shape, which make the typed defaulting and validation
 * code trip (TypeError), are answered with a validation cause instead of an internal error.
 */
function hardened<T extends KubeObject>(def: ResourceDef<T>): ResourceDef<T> {
  return {
    ...def,
    defaults(obj) {
      try {
        def.defaults(obj)
      } catch (e) {
        if (!(e instanceof TypeError)) throw e
      }
    },
    validate(obj) {
      try {
        return def.validate(obj)
      } catch (e) {
        if (e instanceof TypeError) return [malformed(e)]
        throw e
      }
    },
    validateUpdate(obj, old) {
      try {
        return def.validateUpdate(obj, old)
      } catch (e) {
        if (e instanceof TypeError) return [malformed(e)]
        throw e
      }
    },
  }
}

/** Every built-in resource, core group first, in discovery order (shape-hardened, see `hardened`). */
export const resources: ResourceDef[] = [
  hardened(podDef),
  hardened(serviceDef),
  hardened(endpointsDef),
  hardened(nodeDef),
  hardened(namespaceDef),
  hardened(configMapDef),
  hardened(secretDef),
  hardened(serviceAccountDef),
  hardened(eventDef),
  hardened(deploymentDef),
  hardened(replicaSetDef),
  hardened(daemonSetDef),
  hardened(jobDef),
  hardened(cronJobDef),
  hardened(leaseDef),
]

function hookKey(group: string, resource: string): string {
  return `${group}/${resource}`
}

/**
 * Side table of server-side hooks (see KindHooks for the call order). The API server calls
 * prepareForCreate / prepareForUpdate below; kinds without an entry need nothing beyond defaults().
 */
const hooks = new Map<string, KindHooks>([
  [hookKey('', 'pods'), podHooks],
  [hookKey('', 'services'), serviceHooks],
  [hookKey('', 'namespaces'), namespaceHooks],
  [hookKey('apps', 'deployments'), deploymentHooks],
  [hookKey('apps', 'replicasets'), replicaSetHooks],
  [hookKey('apps', 'daemonsets'), daemonSetHooks],
  [hookKey('batch', 'jobs'), jobHooks],
  [hookKey('batch', 'cronjobs'), cronJobHooks],
])

/** The hooks of a resource ({} when it has none). */
export function hooksFor(def: ResourceDef): KindHooks {
  return hooks.get(hookKey(def.group, def.resource)) ?? {}
}

/**
 * API server, on create, after setting name/uid/creationTimestamp/generation and before defaults() and
 * validate(): pods get status {phase: Pending, qosClass} and default not-ready/unreachable tolerations;
 * namespaces phase Active and the "kubernetes" finalizer; workloads an empty status; jobs their
 * generated selector (needs metadata.uid).
 */
export function prepareForCreate<T extends KubeObject>(def: ResourceDef<T>, obj: T): void {
  hooksFor(def as ResourceDef).prepareForCreate?.(obj)
}

/**
 * API server, on an update of the main resource (not of status/scale/finalize), before defaults() and
 * validate(): services keep allocated clusterIP(s)/nodePorts the client omitted (and drop them when the
 * new type does not use them); namespaces keep spec.finalizers; pods get their default tolerations back.
 */
export function prepareForUpdate<T extends KubeObject>(def: ResourceDef<T>, obj: T, old: T): void {
  hooksFor(def as ResourceDef).prepareForUpdate?.(obj, old)
}

/** "v1" for the core group, "<group>/<version>" otherwise. */
export function groupVersionOf(def: {group: string; version: string}): string {
  return def.group ? `${def.group}/${def.version}` : def.version
}

/** Exact lookup by REST coordinates (group '' for core). */
export function findResource(group: string, version: string, resource: string): ResourceDef | undefined {
  return resources.find((r) => r.group === group && r.version === version && r.resource === resource)
}

/** Lookup by an object's apiVersion ("v1", "apps/v1") and kind ("Deployment"). */
export function resourceForKind(apiVersion: string, kind: string): ResourceDef | undefined {
  const slash = apiVersion.indexOf('/')
  const group = slash >= 0 ? apiVersion.slice(0, slash) : ''
  const version = slash >= 0 ? apiVersion.slice(slash + 1) : apiVersion
  return resources.find((r) => r.group === group && r.version === version && r.kind === kind)
}

function names(r: ResourceDef): string[] {
  return [r.resource, r.singular, r.kind.toLowerCase(), ...r.shortNames]
}

/**
 * Resolves what a user types on the command line, case-insensitively: plural (deployments), singular
 * (deployment), kind (Deployment), short name (deploy), and the qualified forms `<name>.<group>`
 * (deployments.apps, deploy.apps) and `<name>.<version>.<group>` (deployments.v1.apps).
 */
export function resolveResourceName(input: string): ResourceDef | undefined {
  const s = input.trim().toLowerCase()
  if (!s) return undefined
  const plain = resources.find((r) => names(r).includes(s))
  if (plain) return plain
  const dot = s.indexOf('.')
  if (dot < 0) return undefined
  const name = s.slice(0, dot)
  const rest = s.slice(dot + 1)
  for (const r of resources) {
    if (!names(r).includes(name)) continue
    const group = r.group || 'core'
    if (rest === group || rest === `${r.version}.${group}` || (!r.group && rest === r.version)) return r
  }
  return undefined
}

/** Store key of one object: /registry/<group or core>/<resource>/<ns>/<name> (no ns segment when cluster-scoped). */
export function keyFor(def: ResourceDef, namespace: string, name: string): string {
  return def.namespaced ? `${prefixFor(def, namespace)}${name}` : `${prefixFor(def)}${name}`
}

/** Store prefix of a resource, or of one namespace of it; always ends with '/'. */
export function prefixFor(def: ResourceDef, namespace?: string): string {
  const base = `/registry/${def.group || 'core'}/${def.resource}/`
  return def.namespaced && namespace ? `${base}${namespace}/` : base
}
