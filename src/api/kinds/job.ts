/** batch/v1 Job. */
import type {ResourceDef} from '../resource.js'
import type {Job} from '../types/batch.js'
import type {KindHooks} from './hooks.js'
import {defaultPodSpec} from './pod-defaults.js'
import {validateObjectMeta, validateObjectMetaUpdate} from '../validation/meta.js'
import {nameIsDNSSubdomain} from '../validation/names.js'
import {controllerUidLabel, jobNameLabel, legacyControllerUidLabel, legacyJobNameLabel, validateJobSpec, validateJobSpecUpdate} from './job-validation.js'

const maxInt32 = 2147483647

/**
 * generateSelector: stamps job-name and controller-uid labels (current and legacy keys) on the template,
 * unless already present, and selects on batch.kubernetes.io/controller-uid. Needs metadata.name and uid.
 */
export function generateJobSelector(job: Job): void {
  const spec = job.spec
  if (!spec) return
  spec.template ??= {}
  spec.template.metadata ??= {}
  const labels = (spec.template.metadata.labels ??= {})
  const name = job.metadata.name ?? ''
  const uid = job.metadata.uid ?? ''
  for (const k of [legacyJobNameLabel, jobNameLabel]) if (!Object.hasOwn(labels, k)) labels[k] = name
  for (const k of [legacyControllerUidLabel, controllerUidLabel]) if (!Object.hasOwn(labels, k)) labels[k] = uid
  spec.selector ??= {}
  spec.selector.matchLabels ??= {}
  if (!Object.hasOwn(spec.selector.matchLabels, controllerUidLabel)) spec.selector.matchLabels[controllerUidLabel] = uid
}

/** Job resource definition. */
export const jobDef: ResourceDef<Job> = {
  group: 'batch',
  version: 'v1',
  resource: 'jobs',
  namespaced: true,
  kind: 'Job',
  listKind: 'JobList',
  singular: 'job',
  shortNames: [],
  categories: ['all'],
  subresources: ['status'],
  hasStatusSubresource: true,
  /**
   * completions and parallelism 1 when both are unset (parallelism 1 otherwise), backoffLimit 6,
   * completionMode NonIndexed, suspend false, manualSelector false, podReplacementPolicy, labels from the
   * template when the job has none, and pod template defaults.
   */
  defaults(job) {
    const spec = job.spec
    if (!spec) return
    if ((spec.completions === undefined || spec.completions === null) && (spec.parallelism === undefined || spec.parallelism === null)) {
      spec.completions = 1
      spec.parallelism = 1
    }
    spec.parallelism ??= 1
    spec.backoffLimit ??= spec.backoffLimitPerIndex !== undefined ? maxInt32 : 6
    spec.completionMode ||= 'NonIndexed'
    spec.suspend ??= false
    spec.manualSelector ??= false
    spec.podReplacementPolicy ||= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed'
    const tl = spec.template?.metadata?.labels
    if (tl && Object.keys(job.metadata.labels ?? {}).length === 0) job.metadata.labels = {...tl}
    if (spec.template?.spec) defaultPodSpec(spec.template.spec, false)
  },
  validate(job) {
    return [...validateObjectMeta(job.metadata, true, nameIsDNSSubdomain), ...validateJobSpec(job)]
  },
  validateUpdate(job, old) {
    return [...validateObjectMetaUpdate(job.metadata, old.metadata), ...validateJobSpecUpdate(job, old)]
  },
  selectableFields(job) {
    return {'status.successful': String(job.status?.succeeded ?? 0)}
  },
}

/** Job create: status starts empty; the selector is generated from the uid unless manualSelector is true. */
export const jobHooks: KindHooks<Job> = {
  prepareForCreate(job) {
    job.status = {}
    if (job.spec && job.spec.manualSelector !== true) generateJobSelector(job)
  },
}
