/** ValidateJob / ValidateJobUpdate (batch/v1). */
import type {StatusCause} from '../meta.js'
import type {Job, JobSpec} from '../types/batch.js'
import type {PodTemplateSpec} from '../types/pod.js'
import {cause} from '../errors.js'
import {at, child, immutable, keyed} from '../validation/path.js'
import {semanticEqual} from '../validation/equal.js'
import {validateLabelSelector} from '../validation/selector.js'
import {validatePodTemplateSpec, validateSelectorMatchesTemplate} from '../validation/template.js'
import {nonNegativeInt} from '../validation/workload.js'

/** Labels the API server stamps on job templates (and selects on) unless manualSelector is true. */
export const controllerUidLabel = 'batch.kubernetes.io/controller-uid'
export const legacyControllerUidLabel = 'controller-uid'
export const jobNameLabel = 'batch.kubernetes.io/job-name'
export const legacyJobNameLabel = 'job-name'

const maxIndexedParallelism = 100000
const maxPodFailurePolicyRules = 20

function validatePodFailurePolicy(spec: JobSpec, path: string): StatusCause[] {
  const pfp = spec.podFailurePolicy
  if (!pfp) return []
  const errs: StatusCause[] = []
  if (spec.template?.spec?.restartPolicy !== 'Never') {
    errs.push(cause.invalid(child('spec.template.spec', 'restartPolicy'), spec.template?.spec?.restartPolicy ?? '', 'only "Never" is supported when podFailurePolicy is specified'))
  }
  const rules = pfp.rules ?? []
  if (rules.length > maxPodFailurePolicyRules) errs.push(cause.invalid(child(path, 'rules'), rules.length, `must have at most ${maxPodFailurePolicyRules} items`))
  rules.forEach((r, i) => {
    const rp = at(child(path, 'rules'), i)
    if (!['FailJob', 'FailIndex', 'Ignore', 'Count'].includes(r.action)) errs.push(cause.notSupported(child(rp, 'action'), r.action, ['Count', 'FailIndex', 'FailJob', 'Ignore']))
    if (r.action === 'FailIndex' && spec.backoffLimitPerIndex === undefined) errs.push(cause.forbidden(child(rp, 'action'), 'requires the backoffLimitPerIndex to be set'))
    if (r.onExitCodes && r.onPodConditions) errs.push(cause.invalid(rp, '', 'specifying both OnExitCodes and OnPodConditions is not supported'))
    else if (!r.onExitCodes && !r.onPodConditions) errs.push(cause.invalid(rp, '', 'specifying one of OnExitCodes and OnPodConditions is required'))
    const ec = r.onExitCodes
    if (ec) {
      const ep = child(rp, 'onExitCodes')
      if (ec.operator !== 'In' && ec.operator !== 'NotIn') errs.push(cause.notSupported(child(ep, 'operator'), ec.operator, ['In', 'NotIn']))
      const vals = ec.values ?? []
      if (!vals.length) errs.push(cause.required(child(ep, 'values'), 'Required value: at least one value is required'))
      if (new Set(vals).size !== vals.length) errs.push(cause.invalid(child(ep, 'values'), vals, 'must be unique'))
      if (ec.operator === 'In' && vals.includes(0)) errs.push(cause.invalid(child(ep, 'values'), 0, 'must not be 0 for the In operator'))
    }
  })
  return errs
}

/** validateJobSpec (after the API server generated the selector). */
export function validateJobSpec(job: Job): StatusCause[] {
  const spec = job.spec
  if (!spec) return [cause.required('spec')]
  const p = 'spec'
  const errs = [
    ...nonNegativeInt(spec.parallelism, `${p}.parallelism`),
    ...nonNegativeInt(spec.completions, `${p}.completions`),
    ...nonNegativeInt(spec.activeDeadlineSeconds, `${p}.activeDeadlineSeconds`),
    ...nonNegativeInt(spec.backoffLimit, `${p}.backoffLimit`),
    ...nonNegativeInt(spec.ttlSecondsAfterFinished, `${p}.ttlSecondsAfterFinished`),
    ...nonNegativeInt(spec.backoffLimitPerIndex, `${p}.backoffLimitPerIndex`),
    ...nonNegativeInt(spec.maxFailedIndexes, `${p}.maxFailedIndexes`),
  ]
  const mode = spec.completionMode
  if (mode !== undefined && mode !== 'NonIndexed' && mode !== 'Indexed') errs.push(cause.notSupported(`${p}.completionMode`, mode, ['NonIndexed', 'Indexed']))
  if (mode === 'Indexed') {
    if (spec.completions === undefined || spec.completions === null) errs.push(cause.required(`${p}.completions`, 'Required value: when completion mode is Indexed'))
    if ((spec.parallelism ?? 0) > maxIndexedParallelism) {
      errs.push(cause.invalid(`${p}.parallelism`, spec.parallelism, `must be less than or equal to ${maxIndexedParallelism} when completion mode is Indexed`))
    }
  } else {
    if (spec.backoffLimitPerIndex !== undefined) errs.push(cause.forbidden(`${p}.backoffLimitPerIndex`, 'requires indexed completion mode'))
  }
  if (spec.maxFailedIndexes !== undefined && spec.backoffLimitPerIndex === undefined) errs.push(cause.required(`${p}.backoffLimitPerIndex`, 'Required value: when maxFailedIndexes is specified'))
  const prp = spec.podReplacementPolicy
  if (prp !== undefined && prp !== 'TerminatingOrFailed' && prp !== 'Failed') errs.push(cause.notSupported(`${p}.podReplacementPolicy`, prp, ['Failed', 'TerminatingOrFailed']))
  if (spec.podFailurePolicy && prp !== undefined && prp !== 'Failed') errs.push(cause.notSupported(`${p}.podReplacementPolicy`, prp, ['Failed']))
  errs.push(...validatePodFailurePolicy(spec, `${p}.podFailurePolicy`))
  if (!spec.selector) errs.push(cause.required(`${p}.selector`))
  else errs.push(...validateLabelSelector(spec.selector, `${p}.selector`))
  errs.push(...validateSelectorMatchesTemplate(spec.selector, spec.template, `${p}.template`))
  errs.push(...validatePodTemplateSpec(spec.template, `${p}.template`))
  const rp = spec.template?.spec?.restartPolicy
  if (spec.template?.spec && rp !== 'OnFailure' && rp !== 'Never') errs.push(cause.notSupported(`${p}.template.spec.restartPolicy`, rp ?? '', ['OnFailure', 'Never']))
  errs.push(...validateGeneratedSelector(job))
  return errs
}

/** Without manualSelector the selector and template must carry the job's own controller-uid. */
function validateGeneratedSelector(job: Job): StatusCause[] {
  const spec = job.spec
  const uid = job.metadata.uid
  if (!spec || spec.manualSelector === true || !uid) return []
  const errs: StatusCause[] = []
  const labels = spec.template?.metadata?.labels ?? {}
  const lp = 'spec.template.metadata.labels'
  if (labels[controllerUidLabel] === undefined) errs.push(cause.required(keyed(lp, controllerUidLabel)))
  else if (labels[controllerUidLabel] !== uid) errs.push(cause.invalid(keyed(lp, controllerUidLabel), labels, `must be '${uid}'`))
  if (spec.selector && spec.selector.matchLabels?.[controllerUidLabel] !== uid) errs.push(cause.invalid('spec.selector', spec.selector, '`selector` not auto-generated'))
  return errs
}

/** Template fields a suspended job that never started may still change (mutable scheduling directives). */
function maskSchedulingDirectives(t: PodTemplateSpec | undefined, from: PodTemplateSpec | undefined): PodTemplateSpec | undefined {
  if (!t) return t
  const m: PodTemplateSpec = structuredClone(t)
  m.metadata = {...(m.metadata ?? {}), labels: from?.metadata?.labels, annotations: from?.metadata?.annotations}
  if (m.spec) {
    m.spec.nodeSelector = from?.spec?.nodeSelector
    m.spec.affinity = from?.spec?.affinity
    m.spec.tolerations = from?.spec?.tolerations
    m.spec.schedulingGates = from?.spec?.schedulingGates
  }
  return m
}

/** ValidateJobUpdate's spec rules. */
export function validateJobSpecUpdate(job: Job, old: Job): StatusCause[] {
  const spec: Partial<JobSpec> = job.spec ?? {}
  const prev: Partial<JobSpec> = old.spec ?? {}
  const errs = [
    ...immutable('spec.selector', spec.selector, prev.selector, semanticEqual),
    ...immutable('spec.completionMode', spec.completionMode, prev.completionMode, semanticEqual),
    ...immutable('spec.podFailurePolicy', spec.podFailurePolicy, prev.podFailurePolicy, semanticEqual),
    ...immutable('spec.backoffLimitPerIndex', spec.backoffLimitPerIndex, prev.backoffLimitPerIndex, semanticEqual),
  ]
  if (spec.completions !== prev.completions) {
    if (spec.completionMode !== 'Indexed') errs.push(...immutable('spec.completions', spec.completions, prev.completions, semanticEqual))
    else if (spec.completions === undefined || spec.completions !== spec.parallelism) {
      errs.push(cause.invalid('spec.completions', spec.completions ?? null, 'can only be modified in tandem with spec.parallelism'))
    }
  }
  const mutableScheduling = prev.suspend === true && !old.status?.startTime
  const next = mutableScheduling ? maskSchedulingDirectives(spec.template, prev.template) : spec.template
  errs.push(...immutable('spec.template', next, prev.template, semanticEqual))
  return errs
}
