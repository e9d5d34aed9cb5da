/**
 * ValidatePodUpdate's spec rules: a pod's spec is immutable except container/initContainer images,
 * activeDeadlineSeconds (may only shrink, never be unset), tolerations (additions; tolerationSeconds of
 * existing ones may change), terminationGracePeriodSeconds (negative → 1) and removal of scheduling gates.
 */
import type {StatusCause} from '../meta.js'
import type {PodSpec} from '../types/pod.js'
import type {Toleration} from '../types/affinity.js'
import {cause} from '../errors.js'
import {child, inclusiveRange} from './path.js'
import {semanticEqual} from './equal.js'

const maxInt32 = 2147483647

/** The Forbidden message Kubernetes gives when other spec fields change. */
export const podUpdateForbiddenMessage =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)'

function onlyAddedTolerations(next: Toleration[], prev: Toleration[], path: string): StatusCause[] {
  for (const old of prev) {
    const found = next.some((t) => semanticEqual({...old, tolerationSeconds: t.tolerationSeconds}, t))
    if (!found) return [cause.forbidden(path, 'existing toleration can not be modified except its tolerationSeconds')]
  }
  return []
}

/** Spec rules of a pod update (metadata rules are validateObjectMetaUpdate's). */
export function validatePodSpecUpdate(next: PodSpec, prev: PodSpec, path = 'spec'): StatusCause[] {
  const errs: StatusCause[] = []
  for (const f of ['containers', 'initContainers'] as const) {
    if ((next[f] ?? []).length !== (prev[f] ?? []).length) {
      errs.push(cause.forbidden(child(path, f), 'pod updates may not add or remove containers'))
      return errs
    }
  }
  const ad = next.activeDeadlineSeconds
  if (ad !== undefined && ad !== null) {
    if (ad < 0 || ad > maxInt32) return [cause.invalid(child(path, 'activeDeadlineSeconds'), ad, inclusiveRange(0, maxInt32))]
    if (prev.activeDeadlineSeconds !== undefined && prev.activeDeadlineSeconds !== null && prev.activeDeadlineSeconds < ad) {
      return [cause.invalid(child(path, 'activeDeadlineSeconds'), ad, 'must be less than or equal to previous value')]
    }
  } else if (prev.activeDeadlineSeconds !== undefined && prev.activeDeadlineSeconds !== null) {
    errs.push(cause.invalid(child(path, 'activeDeadlineSeconds'), null, 'must not update from a positive integer to nil value'))
  }
  errs.push(...onlyAddedTolerations(next.tolerations ?? [], prev.tolerations ?? [], child(path, 'tolerations')))
  const newGates = next.schedulingGates ?? []
  const oldGates = new Set((prev.schedulingGates ?? []).map((g) => g.name))
  for (const g of newGates) {
    if (!oldGates.has(g.name)) errs.push(cause.forbidden(child(path, 'schedulingGates'), `only deletion is allowed, but found new scheduling gate '${g.name}'`))
  }

  // Copy the mutable fields of the old spec onto the new one; anything left different is forbidden.
  const munged: PodSpec = structuredClone(next)
  munged.containers = (munged.containers ?? []).map((c, i) => ({...c, image: prev.containers[i]?.image}))
  if (munged.initContainers) munged.initContainers = munged.initContainers.map((c, i) => ({...c, image: prev.initContainers?.[i]?.image}))
  munged.activeDeadlineSeconds = prev.activeDeadlineSeconds
  munged.tolerations = prev.tolerations
  munged.schedulingGates = prev.schedulingGates
  const oldGrace = prev.terminationGracePeriodSeconds
  if (oldGrace !== undefined && oldGrace < 0 && next.terminationGracePeriodSeconds === 1) munged.terminationGracePeriodSeconds = oldGrace
  if (!semanticEqual(munged, prev)) errs.push(cause.forbidden(path, podUpdateForbiddenMessage))
  return errs
}
