import type {ObjectFieldSelector, Quantity, ResourceFieldSelector} from './common.js'

/** KeyToPath: projects one key of a ConfigMap/Secret to a relative file path. */
export interface KeyToPath {
  key: string
  path: string
  /** file mode bits 0–0777 (octal); defaults to the volume's defaultMode */
  mode?: number
}

/** EmptyDirVolumeSource: scratch space living as long as the pod. */
export interface EmptyDirVolumeSource {
  /** "" (node disk) or "Memory" (tmpfs) */
  medium?: '' | 'Memory' | 'HugePages' | string
  sizeLimit?: Quantity
}

/** HostPathVolumeSource: a path on the node. type "" performs no checks. */
export interface HostPathVolumeSource {
  path: string
  type?: '' | 'DirectoryOrCreate' | 'Directory' | 'FileOrCreate' | 'File' | 'Socket' | 'CharDevice' | 'BlockDevice'
}

/** ConfigMapVolumeSource: files from a ConfigMap's keys; defaultMode defaults to 0644 (420). */
export interface ConfigMapVolumeSource {
  name?: string
  items?: KeyToPath[]
  defaultMode?: number
  optional?: boolean
}

/** SecretVolumeSource: files from a Secret's keys; defaultMode defaults to 0644 (420). */
export interface SecretVolumeSource {
  secretName?: string
  items?: KeyToPath[]
  defaultMode?: number
  optional?: boolean
}

/** DownwardAPIVolumeFile: one file with a pod field or container resource value. */
export interface DownwardAPIVolumeFile {
  path: string
  fieldRef?: ObjectFieldSelector
  resourceFieldRef?: ResourceFieldSelector
  mode?: number
}

/** DownwardAPIVolumeSource; defaultMode defaults to 0644. */
export interface DownwardAPIVolumeSource {
  items?: DownwardAPIVolumeFile[]
  defaultMode?: number
}

/** ServiceAccountTokenProjection: a bound token for the pod's service account (written by the kubelet). */
export interface ServiceAccountTokenProjection {
  audience?: string
  /** defaults to 3600; at least 600 */
  expirationSeconds?: number
  path: string
}

/** VolumeProjection: one source of a projected volume (exactly one field). */
export interface VolumeProjection {
  secret?: {name?: string; items?: KeyToPath[]; optional?: boolean}
  configMap?: {name?: string; items?: KeyToPath[]; optional?: boolean}
  downwardAPI?: {items?: DownwardAPIVolumeFile[]}
  serviceAccountToken?: ServiceAccountTokenProjection
}

/** ProjectedVolumeSource: several sources merged into one directory; defaultMode defaults to 0644. */
export interface ProjectedVolumeSource {
  sources?: VolumeProjection[]
  defaultMode?: number
}

/** PersistentVolumeClaimVolumeSource: a claim in the pod's namespace. */
export interface PersistentVolumeClaimVolumeSource {
  claimName: string
  readOnly?: boolean
}

/** NFSVolumeSource (accepted; support depends on the node). */
export interface NFSVolumeSource {
  server: string
  path: string
  readOnly?: boolean
}

/** Volume: a named volume of a pod (user). Exactly one source; none given defaults to emptyDir. */
export interface Volume {
  /** DNS-1123 label, unique within the pod */
  name: string
  emptyDir?: EmptyDirVolumeSource
  hostPath?: HostPathVolumeSource
  configMap?: ConfigMapVolumeSource
  secret?: SecretVolumeSource
  downwardAPI?: DownwardAPIVolumeSource
  projected?: ProjectedVolumeSource
  persistentVolumeClaim?: PersistentVolumeClaimVolumeSource
  nfs?: NFSVolumeSource
}

