import type {KubeObject} from '../api/meta.js'
import type {ResourceDef} from '../api/resource.js'
import {badRequest} from '../api/errors.js'
import {parseFieldSelector, parseLabelSelector} from '../api/selectors/index.js'
import type {WatchTrigger} from '../store/types.js'

/** The field-selector fields every kind supports. */
export function objectFields(def: ResourceDef, obj: KubeObject): Record<string, string> {
  const f: Record<string, string> = {'metadata.name': obj.metadata?.name ?? ''}
  if (def.namespaced) f['metadata.namespace'] = obj.metadata?.namespace ?? ''
  return {...f, ...def.selectableFields(obj)}
}

/**
 * Builds the object filter of a list or watch from its labelSelector and fieldSelector query values.
 * 400 BadRequest for an unparseable selector or a field the kind does not support (as Kubernetes words it).
 */
export function buildFilter(def: ResourceDef, labelSelector: string | null, fieldSelector: string | null): (obj: KubeObject) => boolean {
  let labels: ReturnType<typeof parseLabelSelector> | undefined
  let fields: ReturnType<typeof parseFieldSelector> | undefined
  if (labelSelector) {
    try {
      labels = parseLabelSelector(labelSelector)
    } catch (e) {
      throw badRequest(`unable to parse requirement: ${(e as Error).message}`)
    }
  }
  if (fieldSelector) {
    try {
      fields = parseFieldSelector(fieldSelector)
    } catch (e) {
      throw badRequest(`invalid field selector: ${(e as Error).message}`)
    }
    const probe = objectFields(def, {metadata: {}} as KubeObject)
    const supported = new Set([...Object.keys(probe), 'metadata.name', ...(def.namespaced ? ['metadata.namespace'] : [])])
    for (const f of fields.fieldNames()) {
      if (!supported.has(f)) throw badRequest(`field label not supported: ${f}`)
    }
  }
  if (!labels && !fields) return () => true
  return (obj) => (!labels || labels.matches(obj.metadata?.labels ?? {})) && (!fields || fields.matches(objectFields(def, obj)))
}

/**
 * The store trigger of a watch (see WatchTrigger): the first equality term of its field selector — or the
 * object name of a single-object watch — so that the store hands it only the events of objects with that
 * field value (kubelets: `spec.nodeName=<node>`; `metadata.name=<x>` watches of one Secret or ConfigMap).
 * Undefined when the selector has no usable equality term. Call after buildFilter accepted the selector.
 */
export function watchTrigger(def: ResourceDef, fieldSelector: string | null, name?: string): WatchTrigger | undefined {
  let field: string | undefined
  let value: string | undefined
  if (name) {
    field = 'metadata.name'
    value = name
  } else if (fieldSelector) {
    const eq = parseFieldSelector(fieldSelector).requirements().find((r) => r.operator === '=')
    field = eq?.field
    value = eq?.value
  }
  if (field === undefined || value === undefined) return undefined
  const f = field
  return {
    index: `${def.group}/${def.resource}:${f}`,
    value,
    valueOf: f === 'metadata.name' ? (obj) => (obj as KubeObject).metadata?.name ?? '' : (obj) => objectFields(def, obj as KubeObject)[f] ?? '',
  }
}
