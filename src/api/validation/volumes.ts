/** Pod volumes (ValidateVolumes / validateVolumeSource) and the path rules shared with volume mounts. */
import type {StatusCause} from '../meta.js'
import type {DownwardAPIVolumeFile, KeyToPath, Volume, VolumeProjection} from '../types/volume.js'
import {cause} from '../errors.js'
import {at, child, invalidEach} from './path.js'
import {isDNS1123Label} from './names.js'
import {validateObjectFieldSelector, validateResourceFieldSelector, volumeFieldPaths} from './env.js'
import {validateQuantity} from './resources.js'

const hostPathTypes = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket']
const maxTokenSeconds = 2 ** 32

/** validatePathNoBacksteps: no ".." element. */
function noBacksteps(p: string, path: string): StatusCause[] {
  return p.split('/').includes('..') ? [cause.invalid(path, p, "must not contain '..'")] : []
}

/** validateLocalDescendingPath: relative, without "..". */
export function validateLocalDescendingPath(p: string, path: string): StatusCause[] {
  const errs: StatusCause[] = []
  if (p.startsWith('/')) errs.push(cause.invalid(path, p, 'must be a relative path'))
  return [...errs, ...noBacksteps(p, path)]
}

/** validateLocalNonReservedPath: a descending path that does not start with "..". */
function validateLocalNonReservedPath(p: string, path: string): StatusCause[] {
  const errs = validateLocalDescendingPath(p, path)
  if (p.startsWith('..')) errs.push(cause.invalid(path, p, "must not start with '..'"))
  return errs
}

function validateMode(mode: number | undefined, path: string): StatusCause[] {
  return mode !== undefined && !(Number.isInteger(mode) && mode >= 0 && mode <= 0o777)
    ? [cause.invalid(path, mode, 'must be a number between 0 and 0777 (octal), both inclusive')]
    : []
}

function validateKeyToPaths(items: KeyToPath[] | undefined, path: string): StatusCause[] {
  const errs: StatusCause[] = []
  ;(items ?? []).forEach((it, i) => {
    const p = at(path, i)
    if (!it.key) errs.push(cause.required(child(p, 'key')))
    if (!it.path) errs.push(cause.required(child(p, 'path')))
    else errs.push(...validateLocalNonReservedPath(it.path, child(p, 'path')))
    errs.push(...validateMode(it.mode, child(p, 'mode')))
  })
  return errs
}

function validateDownwardAPIFiles(items: DownwardAPIVolumeFile[] | undefined, containers: Set<string>, path: string): StatusCause[] {
  const errs: StatusCause[] = []
  ;(items ?? []).forEach((f, i) => {
    const p = at(path, i)
    if (!f.path) errs.push(cause.required(child(p, 'path')))
    else errs.push(...validateLocalNonReservedPath(f.path, child(p, 'path')))
    errs.push(...validateMode(f.mode, child(p, 'mode')))
    if (f.fieldRef) {
      errs.push(...validateObjectFieldSelector(f.fieldRef, volumeFieldPaths, child(p, 'fieldRef')))
      if (f.resourceFieldRef) errs.push(cause.invalid(p, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'))
    } else if (f.resourceFieldRef) {
      errs.push(...validateResourceFieldSelector(f.resourceFieldRef, containers, true, child(p, 'resourceFieldRef')))
    } else {
      errs.push(cause.required(p, 'Required value: one of fieldRef and resourceFieldRef is required'))
    }
  })
  return errs
}

function validateProjection(src: VolumeProjection, containers: Set<string>, path: string, seenPaths: Set<string>): StatusCause[] {
  const errs: StatusCause[] = []
  const kinds = (['secret', 'configMap', 'downwardAPI', 'serviceAccountToken'] as const).filter((k) => src[k])
  if (kinds.length === 0) return [cause.required(path, 'Required value: must specify exactly 1 volume type')]
  for (const k of kinds.slice(1)) errs.push(cause.forbidden(child(path, k), 'may not specify more than 1 volume type per source'))
  const paths: string[] = []
  for (const k of ['secret', 'configMap'] as const) {
    const s = src[k]
    if (!s) continue
    if (!s.name) errs.push(cause.required(child(path, k, 'name')))
    errs.push(...validateKeyToPaths(s.items, child(path, k, 'items')))
    paths.push(...(s.items ?? []).map((i) => i.path))
  }
  if (src.downwardAPI) {
    errs.push(...validateDownwardAPIFiles(src.downwardAPI.items, containers, child(path, 'downwardAPI', 'items')))
    paths.push(...(src.downwardAPI.items ?? []).map((i) => i.path))
  }
  const t = src.serviceAccountToken
  if (t) {
    const tp = child(path, 'serviceAccountToken')
    if (t.expirationSeconds !== undefined) {
      if (t.expirationSeconds < 600) errs.push(cause.invalid(child(tp, 'expirationSeconds'), t.expirationSeconds, 'may not specify a duration less than 10 minutes'))
      else if (t.expirationSeconds > maxTokenSeconds) errs.push(cause.invalid(child(tp, 'expirationSeconds'), t.expirationSeconds, 'may not specify a duration larger than 2^32 seconds'))
    }
    if (!t.path) errs.push(cause.required(child(tp, 'path')))
    else errs.push(...validateLocalNonReservedPath(t.path, child(tp, 'path')))
    paths.push(t.path)
  }
  for (const p of paths) {
    if (!p) continue
    if (seenPaths.has(p)) errs.push(cause.invalid(path, p, 'conflicting duplicate paths'))
    seenPaths.add(p)
  }
  return errs
}

/** Source field names a volume may carry. */
export const volumeSourceKinds = ['emptyDir', 'hostPath', 'configMap', 'secret', 'downwardAPI', 'projected', 'persistentVolumeClaim', 'nfs'] as const

/** Every key of a volume besides `name` is a source (unknown upstream sources count too). */
function sourcesOf(v: Volume): string[] {
  return Object.keys(v).filter((k) => k !== 'name' && (v as unknown as Record<string, unknown>)[k] != null)
}

function validateVolumeSource(v: Volume, containers: Set<string>, path: string): StatusCause[] {
  const errs: StatusCause[] = []
  const sources = sourcesOf(v)
  if (sources.length === 0) return [cause.required(path, 'Required value: must specify a volume type')]
  for (const k of sources.slice(1)) errs.push(cause.forbidden(child(path, k), 'may not specify more than 1 volume type'))
  if (v.hostPath) {
    const p = child(path, 'hostPath')
    if (!v.hostPath.path) errs.push(cause.required(child(p, 'path')))
    else errs.push(...noBacksteps(v.hostPath.path, child(p, 'path')))
    if (v.hostPath.type !== undefined && !hostPathTypes.includes(v.hostPath.type)) errs.push(cause.notSupported(child(p, 'type'), v.hostPath.type, hostPathTypes))
  }
  if (v.emptyDir) {
    const p = child(path, 'emptyDir')
    const medium = v.emptyDir.medium ?? ''
    if (!['', 'Memory', 'HugePages'].includes(medium) && !medium.startsWith('HugePages-')) errs.push(cause.notSupported(child(p, 'medium'), medium, ['', 'Memory', 'HugePages']))
    if (v.emptyDir.sizeLimit !== undefined) errs.push(...validateQuantity(v.emptyDir.sizeLimit, child(p, 'sizeLimit')))
  }
  if (v.configMap) {
    const p = child(path, 'configMap')
    if (!v.configMap.name) errs.push(cause.required(child(p, 'name')))
    errs.push(...validateMode(v.configMap.defaultMode, child(p, 'defaultMode')), ...validateKeyToPaths(v.configMap.items, child(p, 'items')))
  }
  if (v.secret) {
    const p = child(path, 'secret')
    if (!v.secret.secretName) errs.push(cause.required(child(p, 'secretName')))
    errs.push(...validateMode(v.secret.defaultMode, child(p, 'defaultMode')), ...validateKeyToPaths(v.secret.items, child(p, 'items')))
  }
  if (v.downwardAPI) {
    const p = child(path, 'downwardAPI')
    errs.push(...validateMode(v.downwardAPI.defaultMode, child(p, 'defaultMode')), ...validateDownwardAPIFiles(v.downwardAPI.items, containers, child(p, 'items')))
  }
  if (v.projected) {
    const p = child(path, 'projected')
    errs.push(...validateMode(v.projected.defaultMode, child(p, 'defaultMode')))
    const seen = new Set<string>()
    ;(v.projected.sources ?? []).forEach((s, i) => errs.push(...validateProjection(s, containers, at(child(p, 'sources'), i), seen)))
  }
  if (v.persistentVolumeClaim && !v.persistentVolumeClaim.claimName) errs.push(cause.required(child(path, 'persistentVolumeClaim', 'claimName')))
  if (v.nfs) {
    const p = child(path, 'nfs')
    if (!v.nfs.server) errs.push(cause.required(child(p, 'server')))
    if (!v.nfs.path) errs.push(cause.required(child(p, 'path')))
    else if (!v.nfs.path.startsWith('/')) errs.push(cause.invalid(child(p, 'path'), v.nfs.path, 'must be an absolute path'))
  }
  return errs
}

/** ValidateVolumes: DNS-1123 label names, unique, one valid source each. Returns the causes and the names. */
export function validateVolumes(volumes: Volume[] | undefined, containers: Set<string>, path: string): {errs: StatusCause[]; names: Set<string>} {
  const errs: StatusCause[] = []
  const names = new Set<string>()
  ;(volumes ?? []).forEach((v, i) => {
    const p = at(path, i)
    const vErrs = validateVolumeSource(v, containers, p)
    if (!v.name) vErrs.push(cause.required(child(p, 'name')))
    else vErrs.push(...invalidEach(child(p, 'name'), v.name, isDNS1123Label(v.name)))
    if (v.name && names.has(v.name)) vErrs.push(cause.duplicate(child(p, 'name'), v.name))
    // like Kubernetes, only valid volumes can be mounted (mounts of a broken volume report NotFound too)
    if (v.name && vErrs.length === 0) names.add(v.name)
    errs.push(...vErrs)
  })
  return {errs, names}
}
