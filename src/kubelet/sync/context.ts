/**
 * The state and collaborators a pod sync works with, shared by the sync steps: configuration,
 * clients, managers, back-offs, and small per-container memories (start failures, restart counts).
 */
import type {Client} from '../../client/client.js'
import type {EventRecorder} from '../../client/events.js'
import type {ResourceList} from '../../api/types/common.js'
import type {Pod} from '../../api/types/pod.js'
import type {ContainerRuntime} from '../../runtime/types.js'
import type {ResolvedKubeletConfig} from '../config.js'
import type {Backoff} from '../pod/backoff.js'
import type {HostResolv} from '../pod/sandbox-config.js'
import type {WaitingReason} from '../pod/container-status.js'
import type {ProbeManager} from '../probes/manager.js'
import type {VolumeManager} from '../volumes/manager.js'
import type {ImageManager} from './images.js'
import type {StartGate} from './start-gate.js'
import type {StatusManager} from './status-manager.js'

/** Per (pod UID, container name) values, dropped with the pod. */
export class PerContainer<V> {
  private readonly map = new Map<string, V>()

  /** The value of a container of a pod. */
  get(uid: string, name: string): V | undefined {
    return this.map.get(`${uid}/${name}`)
  }

  /** Sets the value of a container of a pod. */
  set(uid: string, name: string, v: V): void {
    this.map.set(`${uid}/${name}`, v)
  }

  /** Forgets the value of a container of a pod. */
  delete(uid: string, name: string): void {
    this.map.delete(`${uid}/${name}`)
  }

  /** Drops every value of a pod. */
  removePod(uid: string): void {
    for (const k of this.map.keys()) if (k.startsWith(`${uid}/`)) this.map.delete(k)
  }

  /** Number of values held (leak checks). */
  get size(): number {
    return this.map.size
  }
}

/** Everything a pod sync needs. */
export interface SyncContext {
  cfg: ResolvedKubeletConfig
  client: Client
  runtime: ContainerRuntime
  recorder: EventRecorder
  volumes: VolumeManager
  images: ImageManager
  probes: ProbeManager
  status: StatusManager
  /** crash-loop back-off per container */
  crashBackoff: Backoff
  /** the start failure shown as a container's waiting reason (CrashLoopBackOff, ErrImagePull…) */
  reasons: PerContainer<WaitingReason>
  /** highest restart count used per container (restart counts never go back, even if instances vanish) */
  restartCounts: PerContainer<number>
  /** bounds concurrent sandbox creations and container starts */
  startGate: StartGate
  /** highest sandbox attempt used per pod */
  sandboxAttempts: Map<string, number>
  /** termination messages and exit reasons of exited instances, by container id (they never change) */
  exited: Map<string, {reason?: string; message?: string}>
  /** the node's resolv.conf (base of dnsPolicy Default with a dnsConfig) */
  hostResolv?: HostResolv
  /** node allocatable (defaults of unset limits in the downward API) */
  allocatable(): ResourceList
  /** service link variables for a pod */
  serviceEnv(pod: Pod): Promise<Record<string, string>>
  log(line: string): void
}
