/**
 * The collector's pure decisions: what to do with a dependent given the state of its owners
 * (attemptToDeleteItem), and with an owner deleting in the foreground (processDeletingDependentsItem).
 */
import type {KubeObject, OwnerReference} from '../../api/meta.js'
import {blockingDependents, foregroundFinalizer, orphanFinalizer, type GraphNode} from './graph.js'

/** An owner, as a live read shows it: present ("solid"), gone or replaced ("dangling"), or deleting its dependents first ("waiting"). */
export type OwnerState = 'solid' | 'dangling' | 'waiting'

/** One ownerReference of a dependent and its owner's state. */
export interface ClassifiedOwner {
  ref: OwnerReference
  state: OwnerState
}

/** What to do with a dependent. */
export type DependentAction =
  | {type: 'none'}
  /** keep it (a solid owner remains) but drop the references to absent / foreground-deleting owners */
  | {type: 'removeOwnerRefs'; uids: string[]}
  /** delete it; `unblock` first clears its own blockOwnerDeletion references (breaks foreground cycles) */
  | {type: 'delete'; policy: 'Background' | 'Foreground' | 'Orphan'; unblock?: boolean}

/**
 * Decides a dependent's fate: any solid owner keeps it (removing dangling/waiting references); owners
 * waiting for dependents make a dependent that has dependents itself go in the foreground too;
 * otherwise it is garbage, deleted with the policy its own finalizers ask for (Background by default).
 */
export function decideDependent(latest: KubeObject, owners: readonly ClassifiedOwner[], node: GraphNode): DependentAction {
  if (owners.length === 0) return {type: 'none'}
  const solid = owners.filter((o) => o.state === 'solid')
  const others = owners.filter((o) => o.state !== 'solid')
  if (solid.length) return others.length ? {type: 'removeOwnerRefs', uids: others.map((o) => o.ref.uid)} : {type: 'none'}
  if (owners.some((o) => o.state === 'waiting') && node.dependents.size > 0) {
    const unblock = [...node.dependents].some((d) => d.deletingDependents)
    return {type: 'delete', policy: 'Foreground', ...(unblock ? {unblock} : {})}
  }
  const fins = latest.metadata.finalizers ?? []
  const policy = fins.includes(orphanFinalizer) ? 'Orphan' : fins.includes(foregroundFinalizer) ? 'Foreground' : 'Background'
  return {type: 'delete', policy}
}

/** An owner deleting in the foreground: remove its finalizer once no blocking dependent is left, else delete those dependents. */
export type ForegroundAction = {type: 'removeFinalizer'} | {type: 'deleteDependents'; dependents: GraphNode[]}

/** processDeletingDependentsItem's decision. */
export function decideForegroundOwner(node: GraphNode): ForegroundAction {
  const blocking = blockingDependents(node)
  if (blocking.length === 0) return {type: 'removeFinalizer'}
  return {type: 'deleteDependents', dependents: blocking.filter((d) => !d.deletingDependents)}
}

/** Strategic merge patch turning the node's blockOwnerDeletion references off (uid precondition included). */
export function unblockOwnerRefsPatch(node: GraphNode): object {
  const refs = node.owners.filter((o) => o.blockOwnerDeletion === true).map((o) => ({...o, blockOwnerDeletion: false}))
  return {metadata: {ownerReferences: refs, uid: node.identity.uid}}
}
