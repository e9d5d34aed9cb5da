import type {TypeMeta} from '../meta.js'

/** APIResource: one resource (or subresource, name "pods/status") in an APIResourceList. */
export interface APIResource {
  /** plural name, or "<plural>/<subresource>" */
  name: string
  singularName: string
  namespaced: boolean
  /** set for subresources whose kind lives in another group (e.g. autoscaling for scale) */
  group?: string
  version?: string
  kind: string
  /** get, list, watch, create, update, patch, delete, deletecollection */
  verbs: string[]
  shortNames?: string[]
  categories?: string[]
  storageVersionHash?: string
}

/** APIResourceList: GET /api/v1 or /apis/<group>/<version>. */
export interface APIResourceList extends TypeMeta {
  groupVersion: string
  resources: APIResource[]
}

/** GroupVersionForDiscovery. */
export interface GroupVersionForDiscovery {
  /** "<group>/<version>" */
  groupVersion: string
  version: string
}

/** ServerAddressByClientCIDR. */
export interface ServerAddressByClientCIDR {
  clientCIDR: string
  serverAddress: string
}

/** APIGroup: one named group (GET /apis/<group>). */
export interface APIGroup extends TypeMeta {
  name: string
  versions: GroupVersionForDiscovery[]
  preferredVersion?: GroupVersionForDiscovery
  serverAddressByClientCIDRs?: ServerAddressByClientCIDR[]
}

/** APIGroupList: GET /apis. */
export interface APIGroupList extends TypeMeta {
  groups: APIGroup[]
}

/** APIVersions: GET /api (the legacy core group's versions). */
export interface APIVersions extends TypeMeta {
  versions: string[]
  serverAddressByClientCIDRs: ServerAddressByClientCIDR[]
}
