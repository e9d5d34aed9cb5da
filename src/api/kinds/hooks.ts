import type {KubeObject} from '../meta.js'

/**
 * KindHooks: per-kind API-server behaviour beyond ResourceDef (Kubernetes' strategy PrepareForCreate /
 * PrepareForUpdate and the default admission plugins). Collected by src/api/registry.ts.
 *
 * Call order on create: the API server sets system metadata (name from generateName, uid,
 * creationTimestamp, generation) → prepareForCreate → def.defaults → def.validate.
 * On an update of the main resource (not of status or other subresources): prepareForUpdate(new, old)
 * → def.defaults → def.validate → def.validateUpdate.
 */
export interface KindHooks<T extends KubeObject = KubeObject> {
  /** Resets what clients may not set on create (status) and sets server-initialised values. */
  prepareForCreate?(obj: T): void
  /** Carries over values a client may omit on update (allocated IPs, node ports, namespace finalizers). */
  prepareForUpdate?(obj: T, old: T): void
}
