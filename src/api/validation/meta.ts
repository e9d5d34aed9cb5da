/**
 * ObjectMeta validation shared by every kind (ValidateObjectMeta / ValidateObjectMetaUpdate): name or
 * generateName, name syntax (per kind), namespace presence, labels, annotations, owner references and
 * finalizers; plus the label/annotation helpers other validators reuse.
 */
import type {ObjectMeta, OwnerReference, StatusCause} from '../meta.js'
import {cause} from '../errors.js'
import {at, child, immutable, invalidEach} from './path.js'
import {isDNS1123Label, isQualifiedName, isValidLabelValue, isValidPathSegmentName, type NameValidator} from './names.js'
import {semanticEqual} from './equal.js'

/** Total annotation size limit (keys + values), 256 KiB. */
export const totalAnnotationSizeLimit = 256 * 1024

/** A label key (ValidateLabelName): a qualified name. */
export function validateLabelName(key: string, path: string): StatusCause[] {
  return invalidEach(path, key, isQualifiedName(key))
}

/** Label map: qualified-name keys and label values; causes point at the map's path. */
export function validateLabels(labels: Record<string, string> | undefined, path: string): StatusCause[] {
  const errs: StatusCause[] = []
  for (const [k, v] of Object.entries(labels ?? {})) {
    errs.push(...validateLabelName(k, path))
    if (typeof v !== 'string') errs.push(cause.invalid(path, v, 'label values must be strings'))
    else errs.push(...invalidEach(path, v, isValidLabelValue(v)))
  }
  return errs
}

/** Annotation map: qualified-name keys (case-insensitive) and a 256 KiB total size. */
export function validateAnnotations(annotations: Record<string, string> | undefined, path: string): StatusCause[] {
  const errs: StatusCause[] = []
  let size = 0
  for (const [k, v] of Object.entries(annotations ?? {})) {
    errs.push(...invalidEach(path, k, isQualifiedName(k.toLowerCase())))
    if (typeof v !== 'string') errs.push(cause.invalid(path, v, 'annotation values must be strings'))
    size += Buffer.byteLength(k) + Buffer.byteLength(String(v))
  }
  if (size > totalAnnotationSizeLimit) errs.push(cause.tooLong(path, '', totalAnnotationSizeLimit))
  return errs
}

function validateOwnerReferences(refs: OwnerReference[], path: string): StatusCause[] {
  const errs: StatusCause[] = []
  const controllers: string[] = []
  refs.forEach((r, i) => {
    const p = at(path, i)
    const version = (r.apiVersion ?? '').split('/').pop() ?? ''
    if (!version) errs.push(cause.invalid(child(p, 'apiVersion'), r.apiVersion ?? '', 'version must not be empty'))
    if (!r.kind) errs.push(cause.invalid(child(p, 'kind'), r.kind ?? '', 'kind must not be empty'))
    if (!r.name) errs.push(cause.invalid(child(p, 'name'), r.name ?? '', 'name must not be empty'))
    if (!r.uid) errs.push(cause.invalid(child(p, 'uid'), r.uid ?? '', 'uid must not be empty'))
    if (r.controller) controllers.push(`${r.kind}/${r.name}`)
  })
  if (controllers.length > 1) {
    errs.push(
      cause.invalid(path, refs, `Only one reference can have Controller set to true. Found "true" in references for ${controllers.join(' and ')}`),
    )
  }
  return errs
}

/** Finalizer names: qualified names; "orphan" and "foregroundDeletion" exclude each other. */
export function validateFinalizers(finalizers: string[] | undefined, path: string): StatusCause[] {
  const errs: StatusCause[] = []
  const seen = new Set<string>()
  for (const f of finalizers ?? []) {
    errs.push(...invalidEach(path, f, isQualifiedName(f)))
    seen.add(f)
  }
  if (seen.has('orphan') && seen.has('foregroundDeletion')) {
    errs.push(cause.invalid(path, finalizers, 'finalizer orphan and foregroundDeletion cannot be both set'))
  }
  return errs
}

/**
 * ValidateObjectMeta: `nameFn` is the kind's name rule (DNS-1123 subdomain for most, label for namespaces,
 * DNS-1035 for services); `namespaced` says whether metadata.namespace must be present or absent.
 */
export function validateObjectMeta(meta: ObjectMeta | undefined, namespaced: boolean, nameFn: NameValidator, path = 'metadata'): StatusCause[] {
  const m = meta ?? {}
  const errs: StatusCause[] = []
  if (m.generateName) errs.push(...invalidEach(child(path, 'generateName'), m.generateName, nameFn(m.generateName, true)))
  if (!m.name) {
    errs.push(cause.required(child(path, 'name'), 'Required value: name or generateName is required'))
  } else {
    errs.push(...invalidEach(child(path, 'name'), m.name, [...isValidPathSegmentName(m.name), ...nameFn(m.name, false)]))
  }
  if (namespaced) {
    if (!m.namespace) errs.push(cause.required(child(path, 'namespace')))
    else errs.push(...invalidEach(child(path, 'namespace'), m.namespace, isDNS1123Label(m.namespace)))
  } else if (m.namespace) {
    errs.push(cause.forbidden(child(path, 'namespace'), 'not allowed on this type'))
  }
  if (m.generation !== undefined && m.generation < 0) errs.push(cause.invalid(child(path, 'generation'), m.generation, 'must be greater than or equal to 0'))
  errs.push(...validateLabels(m.labels, child(path, 'labels')))
  errs.push(...validateAnnotations(m.annotations, child(path, 'annotations')))
  errs.push(...validateOwnerReferences(m.ownerReferences ?? [], child(path, 'ownerReferences')))
  errs.push(...validateFinalizers(m.finalizers, child(path, 'finalizers')))
  return errs
}

/** ValidateObjectMetaUpdate: name, namespace, uid and creationTimestamp are immutable; generation may not go down. */
export function validateObjectMetaUpdate(next: ObjectMeta | undefined, prev: ObjectMeta | undefined, path = 'metadata'): StatusCause[] {
  const n = next ?? {}
  const o = prev ?? {}
  const errs: StatusCause[] = []
  for (const f of ['name', 'namespace', 'uid', 'creationTimestamp'] as const) {
    errs.push(...immutable(child(path, f), n[f], o[f], semanticEqual))
  }
  if (n.generation !== undefined && o.generation !== undefined && n.generation < o.generation) {
    errs.push(cause.invalid(child(path, 'generation'), n.generation, 'must not be decremented'))
  }
  return errs
}
