/** REST coordinates of the objects the service-account controllers read and write. */
import type {ResourceRef} from '../../api/resource.js'

/** core/v1 namespaces (cluster-scoped). */
export const namespacesRef: ResourceRef = {group: '', version: 'v1', resource: 'namespaces', namespaced: false}
/** core/v1 serviceaccounts. */
export const serviceAccountsRef: ResourceRef = {group: '', version: 'v1', resource: 'serviceaccounts', namespaced: true}
/** core/v1 configmaps. */
export const configMapsRef: ResourceRef = {group: '', version: 'v1', resource: 'configmaps', namespaced: true}
