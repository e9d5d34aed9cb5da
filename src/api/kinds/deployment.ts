/** apps/v1 Deployment. */
import type {ResourceDef} from '../resource.js'
import type {StatusCause} from '../meta.js'
import type {Deployment} from '../types/apps.js'
import type {KindHooks} from './hooks.js'
import {cause} from '../errors.js'
import {defaultPodSpec} from './pod-defaults.js'
import {validateObjectMeta, validateObjectMetaUpdate} from '../validation/meta.js'
import {nameIsDNSSubdomain} from '../validation/names.js'
import {immutable} from '../validation/path.js'
import {semanticEqual} from '../validation/equal.js'
import {validateControllerSelector, validateTemplateForReplicated} from '../validation/template.js'
import {intOrPercentValue, nonNegativeInt, notMoreThan100Percent, validateIntOrPercent} from '../validation/workload.js'

function validateDeploymentSpec(d: Deployment): StatusCause[] {
  const spec = d.spec
  if (!spec) return [cause.required('spec')]
  const errs = [
    ...nonNegativeInt(spec.replicas, 'spec.replicas'),
    ...validateControllerSelector(spec.selector, 'spec.selector', 'deployment'),
    ...validateTemplateForReplicated(spec.selector, spec.template, 'spec.template', 'ReplicaSet'),
    ...nonNegativeInt(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'),
    ...nonNegativeInt(spec.minReadySeconds, 'spec.minReadySeconds'),
  ]
  const st = spec.strategy ?? {}
  switch (st.type) {
    case undefined:
      errs.push(cause.required('spec.strategy.type'))
      break
    case 'Recreate':
      if (st.rollingUpdate) errs.push(cause.forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"))
      break
    case 'RollingUpdate': {
      const ru = st.rollingUpdate
      if (!ru) {
        errs.push(cause.required('spec.strategy.rollingUpdate', 'Required value: this should be defaulted and never be nil'))
        break
      }
      errs.push(...validateIntOrPercent(ru.maxUnavailable, 'spec.strategy.rollingUpdate.maxUnavailable'))
      errs.push(...validateIntOrPercent(ru.maxSurge, 'spec.strategy.rollingUpdate.maxSurge'))
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
        errs.push(cause.invalid('spec.strategy.rollingUpdate.maxUnavailable', ru.maxUnavailable ?? 0, 'may not be 0 when `maxSurge` is 0'))
      }
      errs.push(...notMoreThan100Percent(ru.maxUnavailable, 'spec.strategy.rollingUpdate.maxUnavailable'))
      break
    }
    default:
      errs.push(cause.notSupported('spec.strategy.type', st.type, ['Recreate', 'RollingUpdate']))
  }
  if (spec.progressDeadlineSeconds !== undefined && spec.progressDeadlineSeconds !== null) {
    errs.push(...nonNegativeInt(spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds'))
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
      errs.push(cause.invalid('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'))
    }
  }
  return errs
}

/** Deployment resource definition. */
export const deploymentDef: ResourceDef<Deployment> = {
  group: 'apps',
  version: 'v1',
  resource: 'deployments',
  namespaced: true,
  kind: 'Deployment',
  listKind: 'DeploymentList',
  singular: 'deployment',
  shortNames: ['deploy'],
  categories: ['all'],
  subresources: ['status', 'scale'],
  hasStatusSubresource: true,
  scale: {specReplicasPath: 'spec.replicas', statusReplicasPath: 'status.replicas', selectorPath: 'spec.selector'},
  /** replicas 1, RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600, pod template defaults. */
  defaults(d) {
    const spec = d.spec
    if (!spec) return
    spec.replicas ??= 1
    spec.strategy ??= {}
    spec.strategy.type ||= 'RollingUpdate'
    if (spec.strategy.type === 'RollingUpdate') {
      spec.strategy.rollingUpdate ??= {}
      spec.strategy.rollingUpdate.maxUnavailable ??= '25%'
      spec.strategy.rollingUpdate.maxSurge ??= '25%'
    }
    spec.revisionHistoryLimit ??= 10
    spec.progressDeadlineSeconds ??= 600
    if (spec.template?.spec) defaultPodSpec(spec.template.spec, false)
  },
  validate(d) {
    return [...validateObjectMeta(d.metadata, true, nameIsDNSSubdomain), ...validateDeploymentSpec(d)]
  },
  validateUpdate(d, old) {
    return [...validateObjectMetaUpdate(d.metadata, old.metadata), ...immutable('spec.selector', d.spec?.selector, old.spec?.selector, semanticEqual)]
  },
  selectableFields() {
    return {}
  },
}

/** Deployment create: status starts empty (the deployment controller fills it). */
export const deploymentHooks: KindHooks<Deployment> = {
  prepareForCreate(d) {
    d.status = {}
  },
}
