/**
 * Volume planning (pure): which plugin serves each pod volume, what a pod's volumes refer to, and the
 * file payload of the API-data volumes (configMap, secret, downwardAPI, projected) as the kubelet's
 * MakePayload / CollectData build it: keys or items → paths, defaultMode and per-item modes, optional
 * sources and keys, Kubernetes' error messages.
 */
import type {ResourceList} from '../../api/types/common.js'
import type {ConfigMap, Secret} from '../../api/types/config.js'
import type {Pod} from '../../api/types/pod.js'
import type {DownwardAPIVolumeFile, KeyToPath, ServiceAccountTokenProjection, Volume} from '../../api/types/volume.js'
import {containerNamed, podFieldValue, resourceFieldValue} from '../env/fieldpath.js'

/** One file of a payload. */
export interface FileEntry {
  data: Buffer
  mode: number
}

/** Relative path → file. */
export type Payload = Map<string, FileEntry>

/** Objects the payloads are built from, by name; null = does not exist. */
export interface VolumeObjects {
  configMaps: Map<string, ConfigMap | null>
  secrets: Map<string, Secret | null>
  /** service account tokens by tokenKey(); null = could not be obtained (the source is skipped) */
  tokens: Map<string, string | null>
}

/** A volume that cannot be set up; the message follows "MountVolume.SetUp failed for volume "x" : ". */
export class VolumeError extends Error {
  override name = 'VolumeError'
}

/** How a volume is served. */
export type VolumePlan =
  | {kind: 'emptyDir'; dir: 'kubernetes.io~empty-dir'; medium: string}
  | {kind: 'hostPath'; path: string; type: string}
  | {kind: 'payload'; dir: 'kubernetes.io~configmap' | 'kubernetes.io~secret' | 'kubernetes.io~downward-api' | 'kubernetes.io~projected'}
  | {kind: 'unsupported'; message: string}

/** Default mode of API-data volume files (0644). */
export const defaultFileMode = 0o644

/** The plugin of a volume (a volume without a source is an emptyDir, as the API server defaults it). */
export function planVolume(v: Volume): VolumePlan {
  if (v.hostPath) return {kind: 'hostPath', path: v.hostPath.path, type: v.hostPath.type ?? ''}
  if (v.configMap) return {kind: 'payload', dir: 'kubernetes.io~configmap'}
  if (v.secret) return {kind: 'payload', dir: 'kubernetes.io~secret'}
  if (v.downwardAPI) return {kind: 'payload', dir: 'kubernetes.io~downward-api'}
  if (v.projected) return {kind: 'payload', dir: 'kubernetes.io~projected'}
  if (v.persistentVolumeClaim) return {kind: 'unsupported', message: `persistentVolumeClaim volumes are not supported by this node (claim "${v.persistentVolumeClaim.claimName}")`}
  if (v.nfs) return {kind: 'unsupported', message: 'nfs volumes are not supported by this node'}
  const other = Object.keys(v).filter((k) => k !== 'name' && k !== 'emptyDir')
  if (other.length) return {kind: 'unsupported', message: `volume type ${other[0]} is not supported by this node`}
  return {kind: 'emptyDir', dir: 'kubernetes.io~empty-dir', medium: v.emptyDir?.medium ?? ''}
}

/** Key of a service account token source of a volume. */
export function tokenKey(volume: string, source: ServiceAccountTokenProjection): string {
  return `${volume}/${source.path}`
}

/** The configMaps, secrets and service account tokens the pod's volumes use. */
export function volumeReferences(pod: Pod): {configMaps: Set<string>; secrets: Set<string>; tokens: {key: string; volume: string; source: ServiceAccountTokenProjection}[]} {
  const configMaps = new Set<string>()
  const secrets = new Set<string>()
  const tokens: {key: string; volume: string; source: ServiceAccountTokenProjection}[] = []
  for (const v of pod.spec?.volumes ?? []) {
    if (v.configMap?.name) configMaps.add(v.configMap.name)
    if (v.secret?.secretName) secrets.add(v.secret.secretName)
    for (const s of v.projected?.sources ?? []) {
      if (s.configMap?.name) configMaps.add(s.configMap.name)
      if (s.secret?.name) secrets.add(s.secret.name)
      if (s.serviceAccountToken) tokens.push({key: tokenKey(v.name, s.serviceAccountToken), volume: v.name, source: s.serviceAccountToken})
    }
  }
  return {configMaps, secrets, tokens}
}

type Entries = Map<string, Buffer>

function configMapEntries(cm: ConfigMap): Entries {
  const out: Entries = new Map()
  for (const [k, v] of Object.entries(cm.data ?? {})) out.set(k, Buffer.from(v, 'utf8'))
  for (const [k, v] of Object.entries(cm.binaryData ?? {})) out.set(k, Buffer.from(v, 'base64'))
  return out
}

function secretEntries(s: Secret): Entries {
  const out: Entries = new Map()
  for (const [k, v] of Object.entries(s.data ?? {})) out.set(k, Buffer.from(v, 'base64'))
  return out
}

/** MakePayload: every key (no items) or the listed items, with their modes. */
export function keysPayload(entries: Entries, items: KeyToPath[] | undefined, defaultMode: number, optional: boolean, missingKey: (key: string) => string): Payload {
  const out: Payload = new Map()
  if (!items?.length) {
    for (const [k, data] of entries) out.set(k, {data, mode: defaultMode})
    return out
  }
  for (const it of items) {
    const data = entries.get(it.key)
    if (!data) {
      if (optional) continue
      throw new VolumeError(missingKey(it.key))
    }
    out.set(it.path, {data, mode: it.mode ?? defaultMode})
  }
  return out
}

function lookup<T>(objects: Map<string, T | null>, kind: string, name: string, optional: boolean): T | null {
  const obj = objects.get(name) ?? null
  if (!obj && !optional) throw new VolumeError(`${kind} "${name}" not found`)
  return obj
}

/** CollectData of downwardAPI items (fields of the pod, resources of a named container). */
export function downwardPayload(pod: Pod, items: DownwardAPIVolumeFile[] | undefined, defaultMode: number, allocatable: ResourceList): Payload {
  const out: Payload = new Map()
  const errors: string[] = []
  for (const it of items ?? []) {
    let value = ''
    try {
      if (it.fieldRef) value = podFieldValue(pod, it.fieldRef.fieldPath)
      else if (it.resourceFieldRef) {
        const c = containerNamed(pod, it.resourceFieldRef.containerName)
        if (!c) throw new Error(`container ${it.resourceFieldRef.containerName} not found`)
        value = resourceFieldValue(c, it.resourceFieldRef, allocatable)
      }
    } catch (e) {
      errors.push((e as Error).message)
    }
    out.set(it.path.replace(/\/+$/, ''), {data: Buffer.from(value, 'utf8'), mode: it.mode ?? defaultMode})
  }
  if (errors.length) throw new VolumeError(errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`)
  return out
}

/** The payload of an API-data volume; throws VolumeError (several source errors are aggregated). */
export function volumePayload(pod: Pod, v: Volume, objects: VolumeObjects, allocatable: ResourceList = {}): Payload {
  if (v.configMap) {
    const src = v.configMap
    const optional = src.optional === true
    const cm = lookup(objects.configMaps, 'configmap', src.name ?? '', optional)
    return keysPayload(cm ? configMapEntries(cm) : new Map(), src.items, src.defaultMode ?? defaultFileMode, optional, (k) => `configmap references non-existent config key: ${k}`)
  }
  if (v.secret) {
    const src = v.secret
    const optional = src.optional === true
    const s = lookup(objects.secrets, 'secret', src.secretName ?? '', optional)
    return keysPayload(s ? secretEntries(s) : new Map(), src.items, src.defaultMode ?? defaultFileMode, optional, (k) => `references non-existent secret key: ${k}`)
  }
  if (v.downwardAPI) return downwardPayload(pod, v.downwardAPI.items, v.downwardAPI.defaultMode ?? defaultFileMode, allocatable)
  if (v.projected) return projectedPayload(pod, v, objects, allocatable)
  throw new VolumeError(`volume ${v.name} has no API data source`)
}

function projectedPayload(pod: Pod, v: Volume, objects: VolumeObjects, allocatable: ResourceList): Payload {
  const mode = v.projected!.defaultMode ?? defaultFileMode
  const out: Payload = new Map()
  const errors: string[] = []
  for (const src of v.projected!.sources ?? []) {
    try {
      let part: Payload = new Map()
      if (src.configMap) {
        const optional = src.configMap.optional === true
        const cm = lookup(objects.configMaps, 'configmap', src.configMap.name ?? '', optional)
        part = keysPayload(cm ? configMapEntries(cm) : new Map(), src.configMap.items, mode, optional, (k) => `configmap references non-existent config key: ${k}`)
      } else if (src.secret) {
        const optional = src.secret.optional === true
        const s = lookup(objects.secrets, 'secret', src.secret.name ?? '', optional)
        part = keysPayload(s ? secretEntries(s) : new Map(), src.secret.items, mode, optional, (k) => `references non-existent secret key: ${k}`)
      } else if (src.downwardAPI) {
        part = downwardPayload(pod, src.downwardAPI.items, mode, allocatable)
      } else if (src.serviceAccountToken) {
        const token = objects.tokens.get(tokenKey(v.name, src.serviceAccountToken))
        if (token) part.set(src.serviceAccountToken.path, {data: Buffer.from(token, 'utf8'), mode})
      }
      for (const [k, f] of part) out.set(k, f)
    } catch (e) {
      errors.push((e as Error).message)
    }
  }
  if (errors.length) throw new VolumeError(errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`)
  return out
}
