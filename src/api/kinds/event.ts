/** core/v1 Event: the legacy event API every component's recorder writes. */
import type {ResourceDef} from '../resource.js'
import type {StatusCause} from '../meta.js'
import type {Event} from '../types/event.js'
import {cause} from '../errors.js'
import {validateObjectMeta, validateObjectMetaUpdate} from '../validation/meta.js'
import {isDNS1123Subdomain, isQualifiedName} from '../validation/names.js'
import {invalidEach} from '../validation/path.js'

const reportingInstanceLimit = 128
const actionLimit = 128

/**
 * legacyValidateEvent (what core/v1 applies): the event's namespace must agree with the involved
 * object's; "new style" events (eventTime set) also need reportingComponent, reportingInstance, action.
 */
export function validateEventFields(ev: Event): StatusCause[] {
  const errs: StatusCause[] = []
  const ns = ev.metadata.namespace ?? ''
  const involvedNs = ev.involvedObject?.namespace ?? ''
  const bad = () => cause.invalid('involvedObject.namespace', involvedNs, 'does not match event.namespace')
  if (!ev.eventTime) {
    if (!involvedNs) {
      if (ns !== '' && ns !== 'default') errs.push(bad())
    } else if (ns !== involvedNs) errs.push(bad())
  } else {
    if (!involvedNs && ns !== 'default' && ns !== 'kube-system') errs.push(bad())
    const rc = ev.reportingComponent ?? ''
    if (!rc) errs.push(cause.required('reportingComponent'))
    errs.push(...invalidEach('reportingComponent', rc, isQualifiedName(rc)))
    const ri = ev.reportingInstance ?? ''
    if (!ri) errs.push(cause.required('reportingInstance'))
    if (ri.length > reportingInstanceLimit) errs.push(cause.invalid('reportingInstance', '', `can have at most ${reportingInstanceLimit} characters`))
    const action = ev.action ?? ''
    if (!action) errs.push(cause.required('action'))
    if (action.length > actionLimit) errs.push(cause.invalid('action', '', `can have at most ${actionLimit} characters`))
  }
  errs.push(...invalidEach('namespace', ns, isDNS1123Subdomain(ns)))
  return errs
}

/** Event resource definition. Names are not syntax-checked (core/v1 never did), only path-safe. */
export const eventDef: ResourceDef<Event> = {
  group: '',
  version: 'v1',
  resource: 'events',
  namespaced: true,
  kind: 'Event',
  listKind: 'EventList',
  singular: 'event',
  shortNames: ['ev'],
  categories: [],
  subresources: [],
  hasStatusSubresource: false,
  defaults(ev) {
    ev.involvedObject ??= {}
  },
  validate(ev) {
    return [...validateObjectMeta(ev.metadata, true, () => []), ...validateEventFields(ev)]
  },
  validateUpdate(ev, old) {
    return validateObjectMetaUpdate(ev.metadata, old.metadata)
  },
  selectableFields(ev) {
    const o = ev.involvedObject ?? {}
    return {
      'involvedObject.kind': o.kind ?? '',
      'involvedObject.namespace': o.namespace ?? '',
      'involvedObject.name': o.name ?? '',
      'involvedObject.uid': o.uid ?? '',
      'involvedObject.apiVersion': o.apiVersion ?? '',
      'involvedObject.resourceVersion': o.resourceVersion ?? '',
      'involvedObject.fieldPath': o.fieldPath ?? '',
      reason: ev.reason ?? '',
      reportingComponent: ev.reportingComponent ?? '',
      source: ev.source?.component || ev.reportingComponent || '',
      type: ev.type ?? '',
    }
  },
}
