/**
 * The periodic relist (the kubelet's PLEG): one node-wide listing of sandboxes and containers per
 * period, compared with the previous one, so that drift (a container killed, exited or removed by
 * hand) triggers a sync of its pod within the period. It also finds runtime objects of pods the API
 * does not have (torn down), pods due for their periodic resync, and orphaned pod dirs.
 */
import type {ContainerRuntime} from '../../runtime/types.js'
import {fingerprint, groupByPod} from '../pod/runtime-pod.js'
import type {VolumeManager} from '../volumes/manager.js'
import type {PodRegistry} from './pods.js'
import type {PodWorkers} from './pod-workers.js'

/** What the relister needs. */
export interface RelistDeps {
  runtime: ContainerRuntime
  nodeName: string
  pods: PodRegistry
  workers: PodWorkers
  volumes: VolumeManager
  syncFrequencyMs: number
  /** whether the pod informer has synced (before that, unknown runtime pods are not orphans yet) */
  podsSynced(): boolean
  /** receives the ids of every container of the node after each relist (cache cleanup) */
  onContainers?(ids: Set<string>): void
  log(line: string): void
}

/** Relists the runtime and schedules the pods that need a sync. */
export class Relister {
  private previous = new Map<string, string>()
  private running = false
  private count = 0

  constructor(private readonly deps: RelistDeps) {}

  /** One relist (skipped when the previous one is still running). */
  async relist(): Promise<void> {
    if (this.running) return
    this.running = true
    try {
      await this.relistOnce()
    } catch (e) {
      this.deps.log(`relist failed: ${(e as Error).message}`)
    } finally {
      this.running = false
    }
  }

  private async relistOnce(): Promise<void> {
    const {runtime, nodeName, pods, workers} = this.deps
    const [sandboxes, containers] = await Promise.all([runtime.listPodSandboxes({nodeName}), runtime.listContainers({nodeName, all: true})])
    this.deps.onContainers?.(new Set(containers.map((c) => c.id)))
    const byPod = groupByPod(sandboxes, containers)
    const current = new Map<string, string>()
    for (const [uid, state] of byPod) current.set(uid, fingerprint(state))
    const synced = this.deps.podsSynced()
    const now = Date.now()
    for (const [uid, fp] of current) {
      if (this.previous.get(uid) !== fp) workers.schedule(uid)
      else if (synced && !pods.has(uid) && !workers.busy(uid)) workers.schedule(uid)
    }
    for (const uid of this.previous.keys()) if (!current.has(uid)) workers.schedule(uid)
    this.previous = current
    for (const uid of pods.uids()) {
      const last = pods.lastSync.get(uid) ?? 0
      if (now - last >= this.deps.syncFrequencyMs && !workers.busy(uid)) workers.schedule(uid)
    }
    if (synced && this.count++ % 6 === 0) await this.cleanOrphanDirs(new Set(current.keys()))
  }

  /** Removes pod dirs of pods neither the API nor the runtime knows. */
  private async cleanOrphanDirs(inRuntime: Set<string>): Promise<void> {
    const {pods, workers, volumes} = this.deps
    for (const uid of await volumes.podDirsOnDisk()) {
      if (pods.has(uid) || inRuntime.has(uid) || workers.busy(uid) || pods.lastKnown(uid)) continue
      await volumes.tearDown(uid)
    }
  }
}
