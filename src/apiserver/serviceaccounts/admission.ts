/**
 * The ServiceAccount admission plugin's pod rules: every pod runs as a ServiceAccount (`default` unless
 * named), which must exist, and — unless automountServiceAccountToken is false on the pod (or, when the
 * pod does not say, on the ServiceAccount) — gets the projected `kube-api-access-<random>` volume (a bound
 * token, the cluster CA and the namespace) mounted read-only at /var/run/secrets/kubernetes.io/serviceaccount
 * in every container and init container that does not already mount something there.
 */
import {ApiError, forbidden} from '../../api/errors.js'
import type {ServiceAccount} from '../../api/types/config.js'
import type {Container} from '../../api/types/container.js'
import type {Pod} from '../../api/types/pod.js'
import type {ProjectedVolumeSource} from '../../api/types/volume.js'
import {randomSuffix} from '../rest/generic.js'
import type {GenericRegistry} from '../rest/generic.js'
import {warnOnlyBoundTokenExpirationSeconds} from './claims.js'

/** Prefix of the token volume's name. */
export const serviceAccountVolumePrefix = 'kube-api-access'
/** Where the token, ca.crt and namespace files appear in containers. */
export const defaultAPITokenMountPath = '/var/run/secrets/kubernetes.io/serviceaccount'
/** The ServiceAccount pods run as when they name none. */
export const defaultServiceAccountName = 'default'
/** Annotation of static pods' mirrors, which the plugin leaves alone. */
export const mirrorPodAnnotation = 'kubernetes.io/config.mirror'

/** The projected volume source of the token volume (TokenVolumeSource), defaultMode 0644 set explicitly as upstream. */
export function tokenVolumeSource(): ProjectedVolumeSource {
  return {
    defaultMode: 0o644,
    sources: [
      {serviceAccountToken: {expirationSeconds: warnOnlyBoundTokenExpirationSeconds, path: 'token'}},
      {configMap: {name: 'kube-root-ca.crt', items: [{key: 'ca.crt', path: 'ca.crt'}]}},
      {downwardAPI: {items: [{path: 'namespace', fieldRef: {apiVersion: 'v1', fieldPath: 'metadata.namespace'}}]}},
    ],
  }
}

/** Whether a token is mounted: the pod's automountServiceAccountToken, else the ServiceAccount's, else true. */
export function shouldAutomount(pod: Pod, sa?: Pick<ServiceAccount, 'automountServiceAccountToken'>): boolean {
  const p = pod.spec?.automountServiceAccountToken
  if (p !== undefined && p !== null) return p
  const s = sa?.automountServiceAccountToken
  if (s !== undefined && s !== null) return s
  return true
}

/** Options of addServiceAccountVolume. */
export interface AddVolumeOptions {
  /** the pod's ServiceAccount, whose automountServiceAccountToken applies when the pod does not say */
  serviceAccount?: Pick<ServiceAccount, 'automountServiceAccountToken'>
  /** the random part of the volume name (default 5 characters of the generateName alphabet) */
  suffix?: () => string
}

/**
 * Returns a copy of `pod` with serviceAccountName defaulted to `default` and, unless automounting is off,
 * the token volume added and mounted (an existing `kube-api-access-*` volume is reused; containers already
 * mounting something at the token path are left alone; no volume is added when no container needs it).
 * Mirror pods are returned unchanged. `pod` itself is not modified.
 */
export function addServiceAccountVolume(pod: Pod, opts: AddVolumeOptions = {}): Pod {
  const out = structuredClone(pod)
  if (out.metadata.annotations?.[mirrorPodAnnotation] !== undefined || !out.spec) return out
  const spec = out.spec
  if (!spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount || defaultServiceAccountName
  spec.serviceAccount = spec.serviceAccountName
  if (!shouldAutomount(out, opts.serviceAccount)) return out
  const existing = (spec.volumes ?? []).find((v) => v.name.startsWith(`${serviceAccountVolumePrefix}-`))
  const volumeName = existing?.name ?? `${serviceAccountVolumePrefix}-${(opts.suffix ?? (() => randomSuffix()))()}`
  let needed = false
  const mount = (c: Container) => {
    const mounts = c.volumeMounts ?? []
    if (mounts.some((m) => m.mountPath === defaultAPITokenMountPath)) return
    c.volumeMounts = [...mounts, {name: volumeName, readOnly: true, mountPath: defaultAPITokenMountPath}]
    needed = true
  }
  for (const c of spec.initContainers ?? []) mount(c)
  for (const c of spec.containers ?? []) mount(c)
  if (!existing && needed) spec.volumes = [...(spec.volumes ?? []), {name: volumeName, projected: tokenVolumeSource()}]
  return out
}

/** Options of admitServiceAccount (tests shorten the wait for the `default` ServiceAccount). */
export interface AdmitOptions {
  /** live lookups of the `default` ServiceAccount before giving up (default 10; 1 for other names) */
  defaultAttempts?: number
  /** pause between attempts in ms (default 100–200, random) */
  retryIntervalMs?: number
}

async function findServiceAccount(reg: GenericRegistry, ns: string, name: string, o: AdmitOptions): Promise<ServiceAccount | undefined> {
  // the default ServiceAccount is created by a controller right after its namespace: give it a moment
  const attempts = name === defaultServiceAccountName ? (o.defaultAttempts ?? 10) : 1
  const interval = o.retryIntervalMs ?? 100 + Math.floor(Math.random() * 100)
  for (let i = 0; i < attempts; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, interval))
    try {
      return (await reg.get(ns, name)) as ServiceAccount
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 404)) throw e
    }
  }
  return undefined
}

/**
 * The whole admission step for a pod being created in `namespace`: mirror pods pass unchanged; otherwise
 * the ServiceAccount must exist (403 Forbidden otherwise, as upstream) and the token volume is added per
 * addServiceAccountVolume. `registries` is the API server's map by plural (serviceaccounts is used).
 */
export async function admitServiceAccount(pod: Pod, namespace: string, registries: Map<string, GenericRegistry>, opts: AdmitOptions = {}): Promise<Pod> {
  if (pod.metadata.annotations?.[mirrorPodAnnotation] !== undefined || !pod.spec) return pod
  const name = pod.spec.serviceAccountName || pod.spec.serviceAccount || defaultServiceAccountName
  const reg = registries.get('serviceaccounts')
  if (!reg) throw new ApiError({message: 'the server has no serviceaccounts registry', reason: 'InternalError', code: 500})
  const sa = await findServiceAccount(reg, namespace, name, opts)
  const podName = pod.metadata.name ?? pod.metadata.generateName ?? ''
  if (!sa) {
    throw forbidden(`pods "${podName}" is forbidden: error looking up service account ${namespace}/${name}: serviceaccount "${name}" not found`, {kind: 'pods', name: podName})
  }
  return addServiceAccountVolume(pod, {serviceAccount: sa})
}
