/**
 * The pods bound to this node, by UID, as the pod informer reports them, plus the last known object
 * of pods that left the API (needed to tear them down with their grace period and hooks). Decides
 * which informer updates need a sync: status-only changes (mostly our own writes) do not.
 */
import type {Pod} from '../../api/types/pod.js'
import {jsonEqual} from './status-manager.js'

/** Whether an update changes what the kubelet acts on (spec, deletion, labels/annotations for the downward API). */
export function needsSync(old: Pod, next: Pod): boolean {
  const a = old.metadata
  const b = next.metadata
  return (
    a.uid !== b.uid ||
    a.deletionTimestamp !== b.deletionTimestamp ||
    a.deletionGracePeriodSeconds !== b.deletionGracePeriodSeconds ||
    !jsonEqual(old.spec, next.spec) ||
    !jsonEqual(a.labels, b.labels) ||
    !jsonEqual(a.annotations, b.annotations) ||
    old.status?.phase !== next.status?.phase
  )
}

/** Pods of this node by UID. */
export class PodRegistry {
  private readonly pods = new Map<string, Pod>()
  private readonly gone = new Map<string, Pod>()
  /** when each pod was last synced, and its volumes last refreshed */
  readonly lastSync = new Map<string, number>()
  readonly volumesRefreshed = new Map<string, number>()

  /** The current object of a pod. */
  get(uid: string): Pod | undefined {
    return this.pods.get(uid)
  }

  /** The last object of a pod the API no longer has. */
  lastKnown(uid: string): Pod | undefined {
    return this.gone.get(uid)
  }

  /** The current pod with this namespace and name. */
  byName(namespace: string, name: string): Pod | undefined {
    for (const p of this.pods.values()) if (p.metadata.name === name && (p.metadata.namespace ?? 'default') === namespace) return p
    return undefined
  }

  /** UIDs of the pods the API has. */
  uids(): string[] {
    return [...this.pods.keys()]
  }

  /** Whether the API has the pod. */
  has(uid: string): boolean {
    return this.pods.has(uid)
  }

  /** Records an added/updated pod; answers the UIDs needing a sync. */
  upsert(pod: Pod, old?: Pod): string[] {
    const uid = pod.metadata.uid!
    const out: string[] = []
    if (old && old.metadata.uid !== uid) out.push(...this.remove(old))
    const prev = this.pods.get(uid)
    this.pods.set(uid, pod)
    this.gone.delete(uid)
    if (!prev || needsSync(prev, pod)) out.push(uid)
    return out
  }

  /** Records a pod deleted from the API; answers the UIDs needing a sync. */
  remove(pod: Pod): string[] {
    const uid = pod.metadata.uid!
    const prev = this.pods.get(uid)
    this.pods.delete(uid)
    this.gone.set(uid, prev ?? pod)
    return [uid]
  }

  /** Forgets a pod entirely (after teardown). */
  forget(uid: string): void {
    this.gone.delete(uid)
    this.lastSync.delete(uid)
    this.volumesRefreshed.delete(uid)
  }
}
