import type {KubeObject} from '../meta.js'
import type {LocalObjectReference, ObjectReference} from './common.js'

/** ConfigMap (core/v1): non-secret key/value configuration (user). */
export interface ConfigMap extends KubeObject {
  data?: Record<string, string>
  /** base64-encoded values; keys must not repeat those of data */
  binaryData?: Record<string, string>
  /** once true, data and binaryData can no longer change (and it cannot be unset) */
  immutable?: boolean
}

/** Well-known secret types. */
export type SecretType =
  | 'Opaque'
  | 'kubernetes.io/service-account-token'
  | 'kubernetes.io/dockercfg'
  | 'kubernetes.io/dockerconfigjson'
  | 'kubernetes.io/basic-auth'
  | 'kubernetes.io/ssh-auth'
  | 'kubernetes.io/tls'
  | 'bootstrap.kubernetes.io/token'
  | string

/** Secret (core/v1): data values are base64; stringData is write-only and merged into data by the server. */
export interface Secret extends KubeObject {
  data?: Record<string, string>
  stringData?: Record<string, string>
  /** defaults to Opaque; immutable */
  type?: SecretType
  immutable?: boolean
}

/** ServiceAccount (core/v1): an identity for pods. */
export interface ServiceAccount extends KubeObject {
  /** legacy token secrets */
  secrets?: ObjectReference[]
  imagePullSecrets?: LocalObjectReference[]
  automountServiceAccountToken?: boolean
}
