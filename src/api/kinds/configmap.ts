/** core/v1 ConfigMap. */
import type {ResourceDef} from '../resource.js'
import type {StatusCause} from '../meta.js'
import type {ConfigMap} from '../types/config.js'
import {cause} from '../errors.js'
import {validateObjectMeta, validateObjectMetaUpdate} from '../validation/meta.js'
import {nameIsDNSSubdomain} from '../validation/names.js'
import {validateDataMap, validateImmutablePayload, validatePayloadSize} from '../validation/configdata.js'

function validateConfigMapData(cm: ConfigMap): StatusCause[] {
  const data = validateDataMap(cm.data, 'data', false)
  const bin = validateDataMap(cm.binaryData, 'binaryData', true)
  const errs = [...data.errs, ...bin.errs]
  for (const k of Object.keys(cm.binaryData ?? {})) {
    if (cm.data && Object.hasOwn(cm.data, k)) errs.push(cause.invalid('data', k, 'duplicate of key present in binaryData'))
  }
  return [...errs, ...validatePayloadSize(data.size + bin.size, 'data')]
}

/** ConfigMap resource definition. */
export const configMapDef: ResourceDef<ConfigMap> = {
  group: '',
  version: 'v1',
  resource: 'configmaps',
  namespaced: true,
  kind: 'ConfigMap',
  listKind: 'ConfigMapList',
  singular: 'configmap',
  shortNames: ['cm'],
  categories: [],
  subresources: [],
  hasStatusSubresource: false,
  defaults() {},
  validate(cm) {
    return [...validateObjectMeta(cm.metadata, true, nameIsDNSSubdomain), ...validateConfigMapData(cm)]
  },
  validateUpdate(cm, old) {
    return [...validateObjectMetaUpdate(cm.metadata, old.metadata), ...validateImmutablePayload(cm, old, ['data', 'binaryData'])]
  },
  selectableFields() {
    return {}
  },
}
