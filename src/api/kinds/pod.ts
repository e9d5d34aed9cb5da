/** core/v1 Pod: defaults, validation, update rules, field selectors and create-time server behaviour. */
import type {ResourceDef} from '../resource.js'
import type {StatusCause} from '../meta.js'
import type {Pod} from '../types/pod.js'
import type {Toleration} from '../types/affinity.js'
import type {KindHooks} from './hooks.js'
import {cause} from '../errors.js'
import {defaultPodSpec} from './pod-defaults.js'
import {podQOSClass} from './pod-qos.js'
import {validateObjectMeta, validateObjectMetaUpdate} from '../validation/meta.js'
import {nameIsDNSSubdomain} from '../validation/names.js'
import {validatePodSpec} from '../validation/podspec.js'
import {validatePodSpecUpdate} from '../validation/podupdate.js'
import {at, child} from '../validation/path.js'

/** Seconds the DefaultTolerationSeconds admission plugin lets pods stay on not-ready/unreachable nodes. */
export const defaultNotReadyTolerationSeconds = 300

/** Taint keys the node lifecycle controller sets and the admission plugin tolerates for a while. */
export const notReadyTaintKey = 'node.kubernetes.io/not-ready'
export const unreachableTaintKey = 'node.kubernetes.io/unreachable'

function tolerates(ts: Toleration[], key: string): boolean {
  return ts.some((t) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect))
}

/** DefaultTolerationSeconds admission: NoExecute tolerations of not-ready/unreachable for 300 s. */
export function addDefaultTolerations(pod: Pod): void {
  if (!pod.spec) return
  const ts = (pod.spec.tolerations ??= [])
  for (const key of [notReadyTaintKey, unreachableTaintKey]) {
    if (!tolerates(ts, key)) ts.push({key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: defaultNotReadyTolerationSeconds})
  }
}

function validatePodOnly(pod: Pod): StatusCause[] {
  const errs: StatusCause[] = []
  for (const f of ['containers', 'initContainers'] as const) {
    ;(pod.spec?.[f] ?? []).forEach((c, i) => {
      if (c.image && c.image !== c.image.trim()) errs.push(cause.invalid(child(at(child('spec', f), i), 'image'), c.image, 'must not have leading or trailing whitespace'))
    })
  }
  if ((pod.spec?.ephemeralContainers ?? []).length) errs.push(cause.forbidden('spec.ephemeralContainers', 'cannot be set on create'))
  return errs
}

/** Pod resource definition. */
export const podDef: ResourceDef<Pod> = {
  group: '',
  version: 'v1',
  resource: 'pods',
  namespaced: true,
  kind: 'Pod',
  listKind: 'PodList',
  singular: 'pod',
  shortNames: ['po'],
  categories: ['all'],
  subresources: ['status', 'binding', 'log', 'exec', 'eviction'],
  hasStatusSubresource: true,
  defaults(pod) {
    if (pod.spec) defaultPodSpec(pod.spec, true)
  },
  validate(pod) {
    return [...validateObjectMeta(pod.metadata, true, nameIsDNSSubdomain), ...validatePodSpec(pod.spec, 'spec'), ...validatePodOnly(pod)]
  },
  validateUpdate(pod, old) {
    return [...validateObjectMetaUpdate(pod.metadata, old.metadata), ...validatePodSpecUpdate(pod.spec ?? {containers: []}, old.spec ?? {containers: []})]
  },
  selectableFields(pod) {
    return {
      'spec.nodeName': pod.spec?.nodeName ?? '',
      'spec.restartPolicy': pod.spec?.restartPolicy ?? '',
      'spec.schedulerName': pod.spec?.schedulerName ?? '',
      'spec.serviceAccountName': pod.spec?.serviceAccountName ?? '',
      'spec.hostNetwork': String(pod.spec?.hostNetwork === true),
      'status.phase': pod.status?.phase ?? '',
      'status.podIP': pod.status?.podIPs?.[0]?.ip ?? pod.status?.podIP ?? '',
      'status.nominatedNodeName': pod.status?.nominatedNodeName ?? '',
    }
  },
}

/**
 * Pod create: status reset to phase Pending with the computed QoS class; default tolerations added.
 * Update (main resource): the admission plugin re-adds the default tolerations a replacing client left
 * out, so an unchanged manifest PUT back is not a toleration change.
 */
export const podHooks: KindHooks<Pod> = {
  prepareForCreate(pod) {
    pod.status = {phase: 'Pending', qosClass: podQOSClass(pod.spec)}
    addDefaultTolerations(pod)
  },
  prepareForUpdate(pod) {
    addDefaultTolerations(pod)
  },
}
