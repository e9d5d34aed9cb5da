/** apps/v1 DaemonSet. */
import type {ResourceDef} from '../resource.js'
import type {StatusCause} from '../meta.js'
import type {DaemonSet} from '../types/apps.js'
import type {KindHooks} from './hooks.js'
import {cause} from '../errors.js'
import {defaultPodSpec} from './pod-defaults.js'
import {validateObjectMeta, validateObjectMetaUpdate} from '../validation/meta.js'
import {nameIsDNSSubdomain} from '../validation/names.js'
import {immutable} from '../validation/path.js'
import {semanticEqual} from '../validation/equal.js'
import {validateControllerSelector, validateTemplateForReplicated} from '../validation/template.js'
import {intOrPercentValue, nonNegativeInt, notMoreThan100Percent, validateIntOrPercent} from '../validation/workload.js'

function validateDaemonSetSpec(ds: DaemonSet): StatusCause[] {
  const spec = ds.spec
  if (!spec) return [cause.required('spec')]
  const errs = [
    ...validateControllerSelector(spec.selector, 'spec.selector', 'daemonset'),
    ...validateTemplateForReplicated(spec.selector, spec.template, 'spec.template', 'DaemonSet'),
    ...nonNegativeInt(spec.minReadySeconds, 'spec.minReadySeconds'),
    ...nonNegativeInt(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'),
  ]
  const us = spec.updateStrategy ?? {}
  const p = 'spec.updateStrategy'
  switch (us.type) {
    case undefined:
      errs.push(cause.required(`${p}.type`))
      break
    case 'OnDelete':
      break
    case 'RollingUpdate': {
      const ru = us.rollingUpdate
      if (!ru) {
        errs.push(cause.required(`${p}.rollingUpdate`))
        break
      }
      errs.push(...validateIntOrPercent(ru.maxUnavailable, `${p}.rollingUpdate.maxUnavailable`))
      errs.push(...validateIntOrPercent(ru.maxSurge, `${p}.rollingUpdate.maxSurge`))
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
        errs.push(cause.invalid(`${p}.rollingUpdate.maxUnavailable`, ru.maxUnavailable ?? 0, 'cannot be 0 when maxSurge is 0'))
      }
      errs.push(...notMoreThan100Percent(ru.maxUnavailable, `${p}.rollingUpdate.maxUnavailable`))
      errs.push(...notMoreThan100Percent(ru.maxSurge, `${p}.rollingUpdate.maxSurge`))
      break
    }
    default:
      errs.push(cause.notSupported(`${p}.type`, us.type, ['OnDelete', 'RollingUpdate']))
  }
  return errs
}

/** DaemonSet resource definition. */
export const daemonSetDef: ResourceDef<DaemonSet> = {
  group: 'apps',
  version: 'v1',
  resource: 'daemonsets',
  namespaced: true,
  kind: 'DaemonSet',
  listKind: 'DaemonSetList',
  singular: 'daemonset',
  shortNames: ['ds'],
  categories: ['all'],
  subresources: ['status'],
  hasStatusSubresource: true,
  /** updateStrategy RollingUpdate (maxUnavailable 1, maxSurge 0), revisionHistoryLimit 10, pod template defaults. */
  defaults(ds) {
    const spec = ds.spec
    if (!spec) return
    spec.updateStrategy ??= {}
    spec.updateStrategy.type ||= 'RollingUpdate'
    if (spec.updateStrategy.type === 'RollingUpdate') {
      spec.updateStrategy.rollingUpdate ??= {}
      spec.updateStrategy.rollingUpdate.maxUnavailable ??= 1
      spec.updateStrategy.rollingUpdate.maxSurge ??= 0
    }
    spec.revisionHistoryLimit ??= 10
    if (spec.template?.spec) defaultPodSpec(spec.template.spec, false)
  },
  validate(ds) {
    return [...validateObjectMeta(ds.metadata, true, nameIsDNSSubdomain), ...validateDaemonSetSpec(ds)]
  },
  validateUpdate(ds, old) {
    return [...validateObjectMetaUpdate(ds.metadata, old.metadata), ...immutable('spec.selector', ds.spec?.selector, old.spec?.selector, semanticEqual)]
  },
  selectableFields() {
    return {}
  },
}

/** DaemonSet create: status starts at zero (the daemonset controller fills it). */
export const daemonSetHooks: KindHooks<DaemonSet> = {
  prepareForCreate(ds) {
    ds.status = {currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0}
  },
}
