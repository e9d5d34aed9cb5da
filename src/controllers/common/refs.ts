/**
 * REST coordinates of the resources the workload controllers read and write, and apiVersion helpers.
 * Plain data (kept in step with src/api/kinds/*) so controllers need no registry lookup on hot paths.
 */
import type {ResourceRef} from '../../api/resource.js'

/** core/v1 pods. */
export const podsRef: ResourceRef = {group: '', version: 'v1', resource: 'pods', namespaced: true}
/** apps/v1 replicasets. */
export const replicaSetsRef: ResourceRef = {group: 'apps', version: 'v1', resource: 'replicasets', namespaced: true}
/** apps/v1 deployments. */
export const deploymentsRef: ResourceRef = {group: 'apps', version: 'v1', resource: 'deployments', namespaced: true}

/** An object's kind as owner references name it. */
export interface GroupVersionKind {
  /** "v1" or "<group>/<version>" */
  apiVersion: string
  kind: string
}

/** ReplicaSets' apiVersion/kind (what pods' controller references carry). */
export const replicaSetKind: GroupVersionKind = {apiVersion: 'apps/v1', kind: 'ReplicaSet'}
/** Deployments' apiVersion/kind (what ReplicaSets' controller references carry). */
export const deploymentKind: GroupVersionKind = {apiVersion: 'apps/v1', kind: 'Deployment'}

/** "v1" for the core group, "<group>/<version>" otherwise. */
export function apiVersionOf(ref: {group: string; version: string}): string {
  return ref.group ? `${ref.group}/${ref.version}` : ref.version
}

/** Splits an apiVersion into group ('' for core) and version. */
export function parseApiVersion(apiVersion: string): {group: string; version: string} {
  const slash = apiVersion.indexOf('/')
  return slash >= 0 ? {group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1)} : {group: '', version: apiVersion}
}

/** The group of an apiVersion ("apps/v1" → "apps", "v1" → ""). Owner references match on group and kind, not version. */
export function groupOf(apiVersion: string): string {
  return parseApiVersion(apiVersion).group
}
