/**
 * Writes pod statuses to the API server, only when they changed: a merge patch of the status
 * subresource that sets every field the kubelet computed (lists replace whole) and nulls the ones it
 * dropped, with metadata.uid as a precondition (a recreated pod of the same name is never touched).
 * Writes the informer has not caught up with yet are not repeated.
 */
import type {Client} from '../../client/client.js'
import {isConflict, isNotFound} from '../../client/errors.js'
import type {Pod, PodStatus} from '../../api/types/pod.js'
import {podsRef} from '../refs.js'

/** Deep equality of JSON values, ignoring key order and keys whose value is undefined. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const bb = b as unknown[]
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]))
  }
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined)
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined)
  if (ka.length !== kb.length) return false
  return ka.every((k) => jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
}

/** Status fields the kubelet owns: absent from a new status, they are removed. */
export const ownedStatusFields = new Set(['phase', 'conditions', 'hostIP', 'hostIPs', 'podIP', 'podIPs', 'startTime', 'initContainerStatuses', 'containerStatuses'])

/**
 * The merge patch that turns a status the server holds (one of `bases`) into `next`: every field of
 * `next` (lists replace whole), and null for owned fields `next` dropped.
 */
export function statusPatch(uid: string, next: PodStatus, ...bases: (PodStatus | undefined)[]): Record<string, unknown> {
  const status: Record<string, unknown> = {...next}
  for (const base of bases) for (const k of Object.keys(base ?? {})) if (ownedStatusFields.has(k) && (!(k in status) || status[k] === undefined)) status[k] = null
  return {metadata: {uid}, status}
}

function rv(pod: Pod | undefined): number {
  return Number(pod?.metadata.resourceVersion ?? 0) || 0
}

/** Pod status writer. */
export class StatusManager {
  private readonly lastWritten = new Map<string, {status: PodStatus; pod: Pod}>()

  constructor(private readonly client: Client) {}

  /**
   * Writes `status` for `pod` unless the pod already shows it; answers the pod as stored (or `pod`
   * when nothing was written). A pod gone or recreated meanwhile is left alone.
   */
  async update(pod: Pod, status: PodStatus): Promise<Pod> {
    const uid = pod.metadata.uid!
    if (jsonEqual(status, pod.status)) return pod
    const last = this.lastWritten.get(uid)
    if (last && jsonEqual(status, last.status) && rv(pod) <= rv(last.pod)) return last.pod
    try {
      const stored = await this.client.patch<Pod>(podsRef, pod.metadata.name!, statusPatch(uid, status, pod.status, last?.status), 'merge', pod.metadata.namespace, {subresource: 'status'})
      this.lastWritten.set(uid, {status, pod: stored})
      return stored
    } catch (e) {
      if (isNotFound(e) || isConflict(e)) return pod
      throw e
    }
  }

  /** The newer of `pod` and the pod as our last status write stored it (the informer may lag behind). */
  latest(pod: Pod): Pod {
    const last = this.lastWritten.get(pod.metadata.uid!)
    return last && rv(last.pod) > rv(pod) ? last.pod : pod
  }

  /** The last status written for a pod. */
  last(uid: string): PodStatus | undefined {
    return this.lastWritten.get(uid)?.status
  }

  /** Forgets a pod. */
  removePod(uid: string): void {
    this.lastWritten.delete(uid)
  }
}
