/**
 * Pod templates of workloads (ValidatePodTemplateSpec, ValidatePodTemplateSpecForReplicaSet) and the
 * selector rules every controller kind shares.
 */
import type {LabelSelector, StatusCause} from '../meta.js'
import type {PodTemplateSpec} from '../types/pod.js'
import {cause} from '../errors.js'
import {child} from './path.js'
import {validateAnnotations, validateLabels} from './meta.js'
import {validatePodSpec} from './podspec.js'
import {selectorIsEmpty, selectorMatches, validateLabelSelector} from './selector.js'

/** ValidatePodTemplateSpec: template labels/annotations and the pod spec; ephemeral containers are not allowed. */
export function validatePodTemplateSpec(t: PodTemplateSpec | undefined, path: string): StatusCause[] {
  if (!t) return [cause.required(path)]
  const errs = [
    ...validateLabels(t.metadata?.labels, child(path, 'metadata', 'labels')),
    ...validateAnnotations(t.metadata?.annotations, child(path, 'metadata', 'annotations')),
    ...validatePodSpec(t.spec, child(path, 'spec')),
  ]
  if ((t.spec?.ephemeralContainers ?? []).length) errs.push(cause.forbidden(child(path, 'spec', 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'))
  return errs
}

/**
 * A controller's selector (spec.selector): required, non-empty, valid. `kind` words the empty-selector
 * message the way Kubernetes does ("empty selector is invalid for deployment").
 */
export function validateControllerSelector(sel: LabelSelector | undefined, path: string, kind: string): StatusCause[] {
  if (!sel) return [cause.required(path)]
  const errs = validateLabelSelector(sel, path)
  if (selectorIsEmpty(sel)) errs.push(cause.invalid(path, sel, `empty selector is invalid for ${kind}`))
  return errs
}

/** The template's labels must be selected by the controller's selector (checked only when the selector itself is valid). */
export function validateSelectorMatchesTemplate(sel: LabelSelector | undefined, t: PodTemplateSpec | undefined, templatePath: string): StatusCause[] {
  if (!sel || selectorIsEmpty(sel) || !t || validateLabelSelector(sel, '').length) return []
  const labels = t.metadata?.labels ?? {}
  return selectorMatches(sel, labels) ? [] : [cause.invalid(child(templatePath, 'metadata', 'labels'), labels, '`selector` does not match template `labels`')]
}

/**
 * ValidatePodTemplateSpecForReplicaSet (also used by deployments and daemon sets): selector match,
 * template validity, restartPolicy Always and no activeDeadlineSeconds. `kind` names the owner in messages.
 */
export function validateTemplateForReplicated(sel: LabelSelector | undefined, t: PodTemplateSpec | undefined, path: string, kind: string): StatusCause[] {
  if (!t) return [cause.required(path)]
  const errs = [...validateSelectorMatchesTemplate(sel, t, path), ...validatePodTemplateSpec(t, path)]
  const rp = t.spec?.restartPolicy
  if (rp !== undefined && rp !== 'Always') errs.push(cause.notSupported(child(path, 'spec', 'restartPolicy'), rp, ['Always']))
  if (t.spec?.activeDeadlineSeconds !== undefined) {
    errs.push(cause.invalid(child(path, 'spec', 'activeDeadlineSeconds'), t.spec.activeDeadlineSeconds, `activeDeadlineSeconds in ${kind} is not Supported`))
  }
  return errs
}
