/** core/v1 ServiceAccount. */
import type {ResourceDef} from '../resource.js'
import type {ServiceAccount} from '../types/config.js'
import {cause} from '../errors.js'
import {validateObjectMeta, validateObjectMetaUpdate} from '../validation/meta.js'
import {nameIsDNSSubdomain} from '../validation/names.js'
import {at, child} from '../validation/path.js'

/** ServiceAccount resource definition. */
export const serviceAccountDef: ResourceDef<ServiceAccount> = {
  group: '',
  version: 'v1',
  resource: 'serviceaccounts',
  namespaced: true,
  kind: 'ServiceAccount',
  listKind: 'ServiceAccountList',
  singular: 'serviceaccount',
  shortNames: ['sa'],
  categories: [],
  subresources: ['token'],
  hasStatusSubresource: false,
  defaults() {},
  validate(sa) {
    const errs = validateObjectMeta(sa.metadata, true, nameIsDNSSubdomain)
    ;(sa.imagePullSecrets ?? []).forEach((s, i) => {
      if (!s.name) errs.push(cause.required(child(at('imagePullSecrets', i), 'name')))
    })
    return errs
  },
  validateUpdate(sa, old) {
    return validateObjectMetaUpdate(sa.metadata, old.metadata)
  },
  selectableFields() {
    return {}
  },
}
