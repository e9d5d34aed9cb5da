/** batch/v1 CronJob: defaults, validation (ValidateCronJob) and the create hook. */
import type {StatusCause} from '../meta.js'
import type {ResourceDef} from '../resource.js'
import type {CronJob, Job} from '../types/batch.js'
import {cause} from '../errors.js'
import {checkTimeZone, CronError, parseSchedule} from '../cron.js'
import type {KindHooks} from './hooks.js'
import {jobDef} from './job.js'
import {validateJobSpec} from './job-validation.js'
import {validateObjectMeta, validateObjectMetaUpdate} from '../validation/meta.js'
import {nameIsDNSSubdomain} from '../validation/names.js'
import {nonNegativeInt} from '../validation/workload.js'

/** Job names are `<cronjob>-<minutes since the epoch>` (11 digits), and must stay within 63 characters. */
const maxCronJobNameLength = 52

/** The jobTemplate's Job spec rules (validateJobTemplateSpec): a Job's, but the selector is always generated. */
function validateJobTemplate(cj: CronJob): StatusCause[] {
  const spec = cj.spec?.jobTemplate?.spec
  const p = 'spec.jobTemplate.spec'
  if (!spec) return [cause.required(p)]
  const job: Job = {apiVersion: 'batch/v1', kind: 'Job', metadata: {}, spec}
  const errs: StatusCause[] = validateJobSpec(job)
    .filter((c) => !(c.field === 'spec.selector' && c.reason === 'FieldValueRequired'))
    .map((c): StatusCause => (c.field === undefined ? c : {...c, field: c.field.replace(/^spec(?=\.|$)/, p)}))
  if (spec.selector) errs.push(cause.invalid(`${p}.selector`, spec.selector, '`selector` will be auto-generated'))
  if (spec.manualSelector === true) errs.push(cause.notSupported(`${p}.manualSelector`, true, ['nil', 'false']))
  return errs
}

function validateSpec(cj: CronJob): StatusCause[] {
  const spec = cj.spec
  if (!spec) return [cause.required('spec')]
  const errs: StatusCause[] = []
  if (!spec.schedule) errs.push(cause.required('spec.schedule'))
  else {
    try {
      parseSchedule(spec.schedule)
    } catch (e) {
      if (!(e instanceof CronError)) throw e
      errs.push(cause.invalid('spec.schedule', spec.schedule, e.message))
    }
  }
  if (spec.timeZone !== undefined) {
    try {
      checkTimeZone(spec.timeZone)
    } catch (e) {
      if (!(e instanceof CronError)) throw e
      errs.push(cause.invalid('spec.timeZone', spec.timeZone, e.message))
    }
  }
  const cp = spec.concurrencyPolicy
  if (cp !== 'Allow' && cp !== 'Forbid' && cp !== 'Replace') errs.push(cp ? cause.notSupported('spec.concurrencyPolicy', cp, ['Allow', 'Forbid', 'Replace']) : cause.required('spec.concurrencyPolicy'))
  errs.push(...nonNegativeInt(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'))
  errs.push(...nonNegativeInt(spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'))
  errs.push(...nonNegativeInt(spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'))
  errs.push(...validateJobTemplate(cj))
  return errs
}

function validateName(cj: CronJob): StatusCause[] {
  const name = cj.metadata.name ?? ''
  return name.length > maxCronJobNameLength ? [cause.invalid('metadata.name', name, `must be no more than ${maxCronJobNameLength} characters`)] : []
}

/** CronJob resource definition. */
export const cronJobDef: ResourceDef<CronJob> = {
  group: 'batch',
  version: 'v1',
  resource: 'cronjobs',
  namespaced: true,
  kind: 'CronJob',
  listKind: 'CronJobList',
  singular: 'cronjob',
  shortNames: ['cj'],
  categories: ['all'],
  subresources: ['status'],
  hasStatusSubresource: true,
  /** concurrencyPolicy Allow, suspend false, history limits 3 successful and 1 failed, and the jobTemplate's Job defaults. */
  defaults(cj) {
    const spec = cj.spec
    if (!spec) return
    spec.concurrencyPolicy ||= 'Allow'
    spec.suspend ??= false
    spec.successfulJobsHistoryLimit ??= 3
    spec.failedJobsHistoryLimit ??= 1
    const jobSpec = spec.jobTemplate?.spec
    if (jobSpec) {
      // the Job defaults, without copying template labels onto a Job that does not exist yet
      const probe: Job = {apiVersion: 'batch/v1', kind: 'Job', metadata: {labels: {x: ''}}, spec: jobSpec}
      jobDef.defaults?.(probe)
    }
  },
  validate(cj) {
    return [...validateObjectMeta(cj.metadata, true, nameIsDNSSubdomain), ...validateName(cj), ...validateSpec(cj)]
  },
  validateUpdate(cj, old) {
    return [...validateObjectMetaUpdate(cj.metadata, old.metadata), ...validateSpec(cj)]
  },
  selectableFields() {
    return {}
  },
}

/** CronJob create: status starts empty (the controller fills it). */
export const cronJobHooks: KindHooks<CronJob> = {
  prepareForCreate(cj) {
    cj.status = {}
  },
}
