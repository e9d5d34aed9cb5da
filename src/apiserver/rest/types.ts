import type {KubeObject, DeleteOptions} from '../../api/meta.js'
import type {ResourceDef} from '../../api/resource.js'

/** The authenticated caller of a request. Set by the authenticator. */
export interface UserInfo {
  username: string
  uid?: string
  groups: string[]
}

/** Per-request options the REST layer honours. */
export interface RequestContext {
  user: UserInfo
  /** dryRun=All: run defaulting, validation and admission, store nothing */
  dryRun: boolean
  /** fieldManager query parameter (recorded, not interpreted) */
  fieldManager?: string
  /** fieldValidation query parameter: Ignore | Warn | Strict */
  fieldValidation?: string
  /** admission check from the authorizer, run on the object (and the stored one, on updates) before it is stored */
  admit?: (obj: KubeObject, old?: KubeObject) => void
}

/**
 * Admission-like hooks a resource may add to the generic flow (service IP allocation, pod status
 * initialisation, namespace lifecycle …). Each may throw an ApiError to reject the request; none may
 * store anything itself except through the allocators they own.
 */
export interface ResourceHooks<T extends KubeObject = KubeObject> {
  /** after defaulting and validation, before the object is stored on create */
  beforeCreate?(obj: T, ctx: RequestContext): Promise<void> | void
  /** after defaulting and validation, before the object is stored on update (not status updates) */
  beforeUpdate?(obj: T, old: T, ctx: RequestContext): Promise<void> | void
  /** after the object is gone from the store */
  afterDelete?(obj: T): Promise<void> | void
  /** called when a create failed after beforeCreate ran (to release what it allocated) */
  abortCreate?(obj: T): Promise<void> | void
  /** called when an update failed after beforeUpdate ran */
  abortUpdate?(obj: T, old: T): Promise<void> | void
  /**
   * Graceful deletion: returns the grace period in seconds for this delete, or 0 for immediate removal.
   * Only pods implement it.
   */
  gracePeriod?(obj: T, opts: DeleteOptions): number
  /** create on PUT of a missing object (events, leases) */
  allowCreateOnUpdate?: boolean
}

/** A resource with its hooks: what the router serves. */
export interface ServedResource {
  def: ResourceDef
  hooks: ResourceHooks
}
