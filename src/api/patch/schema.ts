import {
  CONDITIONS,
  cronJobSpec,
  deploymentSpec,
  jobSpec,
  nodeSpec,
  nodeStatus,
  objectMeta,
  podSpec,
  podStatus,
  podTemplateSpec,
  serviceSpec,
  withTemplate,
} from './schema-types.js'

/**
 * Patch metadata for strategic merge patches: per kind, the `patchStrategy` / `patchMergeKey` struct tags
 * of k8s.io/api (core/v1, apps/v1, batch/v1, policy/v1, autoscaling/v2) encoded as a tree of field
 * schemas. A field absent from the tree has the default strategy: maps merge, lists are replaced.
 */

/** Patch metadata of one field (the struct tags of the Go field it mirrors). */
export interface FieldPatchMeta {
  /** 'merge': a list merged by `mergeKey` (or as a set, for primitives); 'replace': a map replaced whole */
  strategy?: 'merge' | 'replace'
  /** the `retainKeys` strategy: a `$retainKeys` directive clears the fields it does not list */
  retainKeys?: boolean
  /** for merged lists of objects: the member identifying an element */
  mergeKey?: string
  /** schema of the value (for objects) or of each element (for lists) */
  fields?: PatchSchema
}

/** Field name → patch metadata, for one object type. */
export interface PatchSchema {
  readonly [field: string]: FieldPatchMeta
}

/** The schema for kinds with no patch metadata beyond ObjectMeta's. */
const METADATA_ONLY: PatchSchema = {metadata: {fields: objectMeta}}

const statusWithConditions: FieldPatchMeta = {fields: {conditions: CONDITIONS}}

const KINDS: Record<string, PatchSchema> = {
  Pod: {metadata: {fields: objectMeta}, spec: {fields: podSpec}, status: {fields: podStatus}},
  PodTemplate: {metadata: {fields: objectMeta}, template: {fields: podTemplateSpec}},
  ReplicationController: {metadata: {fields: objectMeta}, spec: withTemplate({}), status: statusWithConditions},
  Node: {metadata: {fields: objectMeta}, spec: {fields: nodeSpec}, status: {fields: nodeStatus}},
  Service: {metadata: {fields: objectMeta}, spec: {fields: serviceSpec}, status: statusWithConditions},
  ServiceAccount: {metadata: {fields: objectMeta}, secrets: {strategy: 'merge', mergeKey: 'name'}},
  Namespace: {metadata: {fields: objectMeta}, status: statusWithConditions},
  PersistentVolumeClaim: {metadata: {fields: objectMeta}, status: statusWithConditions},
  Deployment: {metadata: {fields: objectMeta}, spec: {fields: deploymentSpec}, status: statusWithConditions},
  ReplicaSet: {metadata: {fields: objectMeta}, spec: withTemplate({}), status: statusWithConditions},
  DaemonSet: {metadata: {fields: objectMeta}, spec: withTemplate({}), status: statusWithConditions},
  StatefulSet: {metadata: {fields: objectMeta}, spec: withTemplate({}), status: statusWithConditions},
  Job: {metadata: {fields: objectMeta}, spec: {fields: jobSpec}, status: statusWithConditions},
  CronJob: {metadata: {fields: objectMeta}, spec: {fields: cronJobSpec}},
  PodDisruptionBudget: {metadata: {fields: objectMeta}, status: statusWithConditions},
  HorizontalPodAutoscaler: {metadata: {fields: objectMeta}, status: statusWithConditions},
  ComponentStatus: {metadata: {fields: objectMeta}, conditions: CONDITIONS},
  ConfigMap: METADATA_ONLY,
  Secret: METADATA_ONLY,
  Endpoints: METADATA_ONLY,
  EndpointSlice: METADATA_ONLY,
  Event: METADATA_ONLY,
  LimitRange: METADATA_ONLY,
  ResourceQuota: METADATA_ONLY,
  PersistentVolume: METADATA_ONLY,
  Ingress: METADATA_ONLY,
  NetworkPolicy: METADATA_ONLY,
  Role: METADATA_ONLY,
  RoleBinding: METADATA_ONLY,
  ClusterRole: METADATA_ONLY,
  ClusterRoleBinding: METADATA_ONLY,
  Lease: METADATA_ONLY,
  PriorityClass: METADATA_ONLY,
  StorageClass: METADATA_ONLY,
}

/** True when `kind` is a built-in kind with a known strategic-merge schema. */
export function hasStrategicSchema(kind: string): boolean {
  return Object.prototype.hasOwnProperty.call(KINDS, kind)
}

/**
 * The strategic-merge schema of `kind`. Unknown kinds get ObjectMeta's metadata only (every object has
 * it); all their other fields follow merge-patch semantics.
 */
export function strategicSchemaFor(kind: string): PatchSchema {
  return hasStrategicSchema(kind) ? KINDS[kind] : METADATA_ONLY
}

/** Metadata of the field at a dotted JSON path (list elements are transparent: spec.template.spec.containers.env). */
export function patchMetaAt(kind: string, path: string): FieldPatchMeta | undefined {
  let schema: PatchSchema | undefined = strategicSchemaFor(kind)
  let meta: FieldPatchMeta | undefined
  for (const field of path.split('.')) {
    meta = schema && Object.prototype.hasOwnProperty.call(schema, field) ? schema[field] : undefined
    if (!meta) return undefined
    schema = meta.fields
  }
  return meta
}

/** The metadata of `field` within `schema` ({} when it has none: default strategy). */
export function fieldMeta(schema: PatchSchema | undefined, field: string): FieldPatchMeta {
  return schema && Object.prototype.hasOwnProperty.call(schema, field) ? schema[field] : {}
}
