/**
 * Small shared core/v1 types used across many kinds.
 */

/** IntOrString: a JSON number or a string (port names, percentages such as "25%"). */
export type IntOrString = number | string

/**
 * Quantity (resource.Quantity): "100m", "1.5", "128Mi", "1e3". JSON numbers are accepted on input; the
 * server normalises known quantities to their canonical string form (see src/api/quantity.ts).
 */
export type Quantity = string | number

/** ResourceList: resource name (cpu, memory, ephemeral-storage, pods, example.com/gpu …) → quantity. */
export type ResourceList = Record<string, Quantity>

/** ObjectReference: points at any object (events' involvedObject, endpoints' targetRef, bindings' target). */
export interface ObjectReference {
  kind?: string
  namespace?: string
  name?: string
  uid?: string
  apiVersion?: string
  resourceVersion?: string
  /** e.g. `spec.containers{web}` when the reference is to part of an object */
  fieldPath?: string
}

/** LocalObjectReference: a name in the same namespace (imagePullSecrets, configMapRef …). */
export interface LocalObjectReference {
  name?: string
}

/** ObjectFieldSelector: selects a field of the pod (downward API); apiVersion defaults to "v1". */
export interface ObjectFieldSelector {
  apiVersion?: string
  fieldPath: string
}

/** ResourceFieldSelector: selects a container's requests/limits (downward API). */
export interface ResourceFieldSelector {
  /** required for volumes, optional for env vars */
  containerName?: string
  /** limits.cpu, requests.memory, … */
  resource: string
  /** defaults to "1" */
  divisor?: Quantity
}

/** ConfigMapKeySelector / SecretKeySelector: one key of a ConfigMap or Secret in the pod's namespace. */
export interface KeySelector {
  name?: string
  key: string
  optional?: boolean
}
