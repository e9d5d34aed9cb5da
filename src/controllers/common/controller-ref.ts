/**
 * Controller references (metav1.GetControllerOf / NewControllerRef) and the ControllerRefManager
 * decision table controllers use to claim children: keep what they own and still select, adopt
 * matching orphans, release owned children that no longer match.
 */
import type {KubeObject, ObjectMeta, OwnerReference} from '../../api/meta.js'
import type {GroupVersionKind} from './refs.js'

/** The ownerReference with controller=true, if any. */
export function getControllerOf(obj: {metadata: ObjectMeta}): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true)
}

/** True when `owner` (by uid) is the controller of `obj`. */
export function isControlledBy(obj: {metadata: ObjectMeta}, owner: {metadata: ObjectMeta}): boolean {
  const ref = getControllerOf(obj)
  return !!ref && !!owner.metadata.uid && ref.uid === owner.metadata.uid
}

/** A controller reference to `owner` (controller and blockOwnerDeletion true), as controllers stamp on children. */
export function newControllerRef(owner: {metadata: ObjectMeta}, gvk: GroupVersionKind): OwnerReference {
  return {
    apiVersion: gvk.apiVersion,
    kind: gvk.kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  }
}

/** What a controller does with one candidate child (see claimDecision). */
export type ClaimAction = 'keep' | 'adopt' | 'release' | 'ignore'

/**
 * The ControllerRefManager's decision for `child` and controller `owner` (ClaimObject):
 * - owned by another controller → ignore;
 * - owned by `owner`: keep while `matches`; otherwise release, unless the owner is being deleted (ignore);
 * - orphan: adopt when it matches, neither side is being deleted and both are in the same namespace.
 */
export function claimDecision(owner: {metadata: ObjectMeta}, child: {metadata: ObjectMeta}, matches: boolean): ClaimAction {
  const ref = getControllerOf(child)
  const ownerDeleting = !!owner.metadata.deletionTimestamp
  if (ref) {
    if (ref.uid !== owner.metadata.uid) return 'ignore'
    if (matches) return 'keep'
    return ownerDeleting ? 'ignore' : 'release'
  }
  if (ownerDeleting || !matches) return 'ignore'
  if (child.metadata.deletionTimestamp) return 'ignore'
  if (child.metadata.namespace && child.metadata.namespace !== owner.metadata.namespace) return 'ignore'
  return 'adopt'
}

/**
 * Strategic merge patch adopting a child: adds the controller reference (merged by uid); the child's
 * uid is included as a precondition (a re-created namesake is not adopted by mistake).
 */
export function adoptPatch(child: KubeObject, ref: OwnerReference): object {
  return {metadata: {ownerReferences: [ref], uid: child.metadata.uid}}
}

/** Strategic merge patch removing the ownerReferences to the given owner uids from a child (uid precondition included). */
export function removeOwnerRefsPatch(child: KubeObject, ownerUids: readonly string[]): object {
  return {metadata: {ownerReferences: ownerUids.map((uid) => ({$patch: 'delete', uid})), uid: child.metadata.uid}}
}

/**
 * The controller an informer event's child points at, when it is of `kind` and still the same object
 * (uid match) in `lookup`; undefined otherwise (resolveControllerRef).
 */
export function resolveControllerRef<T extends KubeObject>(
  child: {metadata: ObjectMeta},
  kind: string,
  lookup: (key: string) => T | undefined,
): T | undefined {
  const ref = getControllerOf(child)
  if (!ref || ref.kind !== kind) return undefined
  const ns = child.metadata.namespace
  const owner = lookup(ns ? `${ns}/${ref.name}` : ref.name)
  return owner && owner.metadata.uid === ref.uid ? owner : undefined
}

/**
 * Informer index of children by `<namespace>/<uid of their controller>` (`<namespace>/` for orphans), so
 * that a controller finds its own children and its adoption candidates without scanning every pod.
 */
export const controllerIndex = 'namespace/controllerUID'

/** The index function of controllerIndex. */
export function controllerIndexValues(obj: {metadata: ObjectMeta}): string[] {
  return [`${obj.metadata.namespace ?? ''}/${getControllerOf(obj)?.uid ?? ''}`]
}
