import type {FieldPatchMeta, PatchSchema} from './schema.js'

/**
 * Strategic-merge schemas of the Kubernetes object types that carry patch struct tags, transcribed from
 * k8s.io/api (types.go, `patchStrategy:"…" patchMergeKey:"…"`). Only fields with a tag, or leading to
 * one, are listed. Fields that are `+listType=map` without a patch tag (tolerations, node taints,
 * containerStatuses, resources.claims …) are deliberately absent: upstream replaces them whole.
 */

/** A list merged by `key`. */
function mergeBy(key: string, fields?: PatchSchema): FieldPatchMeta {
  return fields ? {strategy: 'merge', mergeKey: key, fields} : {strategy: 'merge', mergeKey: key}
}

/** `conditions` lists of every status: merged by condition type. */
export const CONDITIONS: FieldPatchMeta = mergeBy('type')

/** meta/v1 ObjectMeta. */
export const objectMeta: PatchSchema = {
  ownerReferences: mergeBy('uid'),
  finalizers: {strategy: 'merge'},
}

/** core/v1 Container, EphemeralContainer (EphemeralContainerCommon carries the same tags). */
export const container: PatchSchema = {
  ports: mergeBy('containerPort'),
  env: mergeBy('name'),
  volumeMounts: mergeBy('mountPath'),
  volumeDevices: mergeBy('devicePath'),
}

/** core/v1 PodSpec. */
export const podSpec: PatchSchema = {
  volumes: {strategy: 'merge', retainKeys: true, mergeKey: 'name'},
  initContainers: mergeBy('name', container),
  containers: mergeBy('name', container),
  ephemeralContainers: mergeBy('name', container),
  imagePullSecrets: mergeBy('name'),
  hostAliases: mergeBy('ip'),
  topologySpreadConstraints: mergeBy('topologyKey'),
  schedulingGates: mergeBy('name'),
  resourceClaims: {strategy: 'merge', retainKeys: true, mergeKey: 'name'},
}

/** core/v1 PodStatus. */
export const podStatus: PatchSchema = {
  conditions: CONDITIONS,
  podIPs: mergeBy('ip'),
  hostIPs: mergeBy('ip'),
  resourceClaimStatuses: {strategy: 'merge', retainKeys: true, mergeKey: 'name'},
}

/** core/v1 PodTemplateSpec (metadata + spec), embedded by every workload. */
export const podTemplateSpec: PatchSchema = {
  metadata: {fields: objectMeta},
  spec: {fields: podSpec},
}

/** A workload spec: `extra` fields plus `template` (a PodTemplateSpec). */
export function withTemplate(extra: PatchSchema): FieldPatchMeta {
  return {fields: {...extra, template: {fields: podTemplateSpec}}}
}

/** apps/v1 DeploymentSpec: `strategy` has patchStrategy retainKeys. */
export const deploymentSpec: PatchSchema = {
  strategy: {retainKeys: true},
  template: {fields: podTemplateSpec},
}

/** batch/v1 JobSpec. */
export const jobSpec: PatchSchema = {
  template: {fields: podTemplateSpec},
}

/** batch/v1 CronJobSpec: jobTemplate is a JobTemplateSpec (metadata + JobSpec). */
export const cronJobSpec: PatchSchema = {
  jobTemplate: {fields: {metadata: {fields: objectMeta}, spec: {fields: jobSpec}}},
}

/** core/v1 NodeSpec: podCIDRs merges as a set of strings. */
export const nodeSpec: PatchSchema = {
  podCIDRs: {strategy: 'merge'},
}

/** core/v1 NodeStatus. */
export const nodeStatus: PatchSchema = {
  conditions: CONDITIONS,
  addresses: mergeBy('type'),
}

/** core/v1 ServiceSpec. */
export const serviceSpec: PatchSchema = {
  ports: mergeBy('port'),
}
