/**
 * ControllerRefManager I/O: applies claimDecision to candidate children through the API (adoption and
 * release patches) and returns the children the controller owns afterwards.
 */
import type {KubeObject} from '../../api/meta.js'
import type {ResourceRef} from '../../api/resource.js'
import type {Client} from '../../client/client.js'
import {isConflict, isInvalid, isNotFound} from '../../client/errors.js'
import {adoptPatch, claimDecision, newControllerRef, removeOwnerRefsPatch} from './controller-ref.js'
import type {GroupVersionKind} from './refs.js'

/** What claimChildren needs (set by the controller). */
export interface ClaimOptions<T extends KubeObject> {
  client: Client
  /** the children's resource (pods for a ReplicaSet, replicasets for a Deployment) */
  childRef: ResourceRef
  owner: KubeObject
  ownerKind: GroupVersionKind
  /** whether the owner's selector selects the child */
  matches(child: T): boolean
  /** called once, before the first adoption; throws to refuse adopting (see recheckOwner) */
  canAdopt(): Promise<void>
}

/**
 * Claims `candidates` for `owner` (ClaimPods / ClaimReplicaSets): returns the children it keeps or
 * adopted. Children that vanish meanwhile are skipped; any other failure is thrown after every
 * candidate was handled (the sync is retried) — including a refused adoption (canAdopt failed).
 */
export async function claimChildren<T extends KubeObject>(candidates: readonly T[], o: ClaimOptions<T>): Promise<T[]> {
  const claimed: T[] = []
  const errors: string[] = []
  let adoptable: boolean | undefined
  for (const child of candidates) {
    const action = claimDecision(o.owner, child, o.matches(child))
    const name = child.metadata.name ?? ''
    const ns = child.metadata.namespace
    if (action === 'keep') claimed.push(child)
    else if (action === 'adopt') {
      if (adoptable === undefined) {
        try {
          await o.canAdopt()
          adoptable = true
        } catch (err) {
          adoptable = false
          errors.push(`cannot adopt ${o.childRef.resource}: ${(err as Error).message}`)
        }
      }
      if (!adoptable) continue
      try {
        await o.client.patch(o.childRef, name, adoptPatch(child, newControllerRef(o.owner, o.ownerKind)), 'strategic', ns)
        claimed.push(child)
      } catch (err) {
        if (!isNotFound(err)) errors.push(`adopting ${o.childRef.resource} ${ns}/${name}: ${(err as Error).message}`)
      }
    } else if (action === 'release') {
      try {
        await o.client.patch(o.childRef, name, removeOwnerRefsPatch(child, [o.owner.metadata.uid ?? '']), 'strategic', ns)
      } catch (err) {
        // gone, re-created under the same name (uid precondition) or no such reference any more: nothing to release
        if (!isNotFound(err) && !isInvalid(err) && !isConflict(err)) errors.push(`releasing ${o.childRef.resource} ${ns}/${name}: ${(err as Error).message}`)
      }
    }
  }
  if (errors.length) throw new Error(errors.join('; '))
  return claimed
}

/** Why an owner may not adopt (it is gone or being deleted, as a live read shows). */
export class RefusedAdoption extends Error {}

/**
 * A canAdopt check (RecheckDeletionTimestamp): reads the owner live, bypassing the informer cache, and
 * refuses adoption when it was replaced (other uid) or is being deleted.
 */
export function recheckOwner(client: Client, ref: ResourceRef, owner: KubeObject): () => Promise<void> {
  return async () => {
    const {name = '', namespace} = owner.metadata
    const fresh = await client.get(ref, name, namespace)
    const id = namespace ? `${namespace}/${name}` : name
    if (fresh.metadata.uid !== owner.metadata.uid) throw new RefusedAdoption(`original ${id} is gone: got uid ${fresh.metadata.uid}, wanted ${owner.metadata.uid}`)
    if (fresh.metadata.deletionTimestamp) throw new RefusedAdoption(`${id} has just been deleted at ${fresh.metadata.deletionTimestamp}`)
  }
}
