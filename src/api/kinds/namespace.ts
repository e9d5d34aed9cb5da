/** core/v1 Namespace (cluster-scoped). */
import type {ResourceDef} from '../resource.js'
import type {StatusCause} from '../meta.js'
import type {Namespace} from '../types/namespace.js'
import type {KindHooks} from './hooks.js'
import {cause} from '../errors.js'
import {validateObjectMeta, validateObjectMetaUpdate} from '../validation/meta.js'
import {isQualifiedName, nameIsDNSLabel} from '../validation/names.js'
import {invalidEach} from '../validation/path.js'

/** The finalizer the namespace controller removes once the namespace's content is gone. */
export const kubernetesFinalizer = 'kubernetes'
/** Label every namespace carries with its own name. */
export const namespaceNameLabel = 'kubernetes.io/metadata.name'

/** Core finalizer names: qualified, and either domain-prefixed or a standard name ("kubernetes"). */
function validateFinalizerNames(fs: string[] | undefined, path: string): StatusCause[] {
  const errs: StatusCause[] = []
  for (const f of fs ?? []) {
    const msgs = isQualifiedName(f)
    errs.push(...invalidEach(path, f, msgs))
    if (!msgs.length && !f.includes('/') && f !== kubernetesFinalizer) {
      errs.push(cause.invalid(path, f, 'name is neither a standard finalizer name nor is it fully qualified'))
    }
  }
  return errs
}

/** Namespace resource definition. */
export const namespaceDef: ResourceDef<Namespace> = {
  group: '',
  version: 'v1',
  resource: 'namespaces',
  namespaced: false,
  kind: 'Namespace',
  listKind: 'NamespaceList',
  singular: 'namespace',
  shortNames: ['ns'],
  categories: [],
  subresources: ['status', 'finalize'],
  hasStatusSubresource: true,
  defaults(ns) {
    if (ns.metadata.name) (ns.metadata.labels ??= {})[namespaceNameLabel] = ns.metadata.name
  },
  validate(ns) {
    return [...validateObjectMeta(ns.metadata, false, nameIsDNSLabel), ...validateFinalizerNames(ns.spec?.finalizers, 'spec.finalizers')]
  },
  validateUpdate(ns, old) {
    return validateObjectMetaUpdate(ns.metadata, old.metadata)
  },
  selectableFields(ns) {
    return {'status.phase': ns.status?.phase ?? ''}
  },
}

/**
 * Namespace create: phase Active and the "kubernetes" finalizer (appended when missing). Update of the
 * main resource: spec.finalizers can only change through namespaces/finalize, so the old ones are kept.
 */
export const namespaceHooks: KindHooks<Namespace> = {
  prepareForCreate(ns) {
    ns.status = {phase: 'Active'}
    const spec = (ns.spec ??= {})
    const fs = (spec.finalizers ??= [])
    if (!fs.includes(kubernetesFinalizer)) fs.push(kubernetesFinalizer)
  },
  prepareForUpdate(ns, old) {
    ns.spec = {...(ns.spec ?? {}), finalizers: old.spec?.finalizers ? [...old.spec.finalizers] : undefined}
    if (ns.spec.finalizers === undefined) delete ns.spec.finalizers
  },
}
