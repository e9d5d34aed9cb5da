/** apps/v1 ReplicaSet. */
import type {ResourceDef} from '../resource.js'
import type {StatusCause} from '../meta.js'
import type {ReplicaSet} from '../types/apps.js'
import type {KindHooks} from './hooks.js'
import {cause} from '../errors.js'
import {defaultPodSpec} from './pod-defaults.js'
import {validateObjectMeta, validateObjectMetaUpdate} from '../validation/meta.js'
import {nameIsDNSSubdomain} from '../validation/names.js'
import {immutable} from '../validation/path.js'
import {semanticEqual} from '../validation/equal.js'
import {validateControllerSelector, validateTemplateForReplicated} from '../validation/template.js'
import {nonNegativeInt} from '../validation/workload.js'

function validateReplicaSetSpec(rs: ReplicaSet): StatusCause[] {
  const spec = rs.spec
  if (!spec) return [cause.required('spec')]
  return [
    ...nonNegativeInt(spec.replicas, 'spec.replicas'),
    ...nonNegativeInt(spec.minReadySeconds, 'spec.minReadySeconds'),
    // Kubernetes words the ReplicaSet message with "deployment" too.
    ...validateControllerSelector(spec.selector, 'spec.selector', 'deployment'),
    ...validateTemplateForReplicated(spec.selector, spec.template, 'spec.template', 'ReplicaSet'),
  ]
}

/** ReplicaSet resource definition. */
export const replicaSetDef: ResourceDef<ReplicaSet> = {
  group: 'apps',
  version: 'v1',
  resource: 'replicasets',
  namespaced: true,
  kind: 'ReplicaSet',
  listKind: 'ReplicaSetList',
  singular: 'replicaset',
  shortNames: ['rs'],
  categories: ['all'],
  subresources: ['status', 'scale'],
  hasStatusSubresource: true,
  scale: {specReplicasPath: 'spec.replicas', statusReplicasPath: 'status.replicas', selectorPath: 'spec.selector'},
  defaults(rs) {
    if (!rs.spec) return
    rs.spec.replicas ??= 1
    if (rs.spec.template?.spec) defaultPodSpec(rs.spec.template.spec, false)
  },
  validate(rs) {
    return [...validateObjectMeta(rs.metadata, true, nameIsDNSSubdomain), ...validateReplicaSetSpec(rs)]
  },
  validateUpdate(rs, old) {
    return [...validateObjectMetaUpdate(rs.metadata, old.metadata), ...immutable('spec.selector', rs.spec?.selector, old.spec?.selector, semanticEqual)]
  },
  selectableFields(rs) {
    return {'status.replicas': String(rs.status?.replicas ?? 0)}
  },
}

/** ReplicaSet create: status starts at zero replicas (the replicaset controller fills it). */
export const replicaSetHooks: KindHooks<ReplicaSet> = {
  prepareForCreate(rs) {
    rs.status = {replicas: 0}
  },
}
