/**
 * The kubelet: registers its Node and keeps it and its Lease fresh; watches the pods bound to it and
 * converges the container runtime to them (sandboxes, init and app containers, volumes, probes,
 * hooks, restarts with back-off), writes their status, finishes their deletion, repairs drift found
 * by a periodic relist, and re-adopts what it finds in the runtime after a restart.
 */
import type {ResourceList} from '../api/types/common.js'
import {EventRecorder} from '../client/events.js'
import {resolveConfig, type KubeletConfig} from './config.js'
import {NodeAgent} from './node/heartbeat.js'
import {readMachineInfo} from './node/machine.js'
import {nodeResources} from './node/status.js'
import {PodManager, type ResolvedPod} from './sync/pod-manager.js'

export type {KubeletConfig} from './config.js'
export type {ResolvedPod} from './sync/pod-manager.js'

/** A running kubelet. */
export interface Kubelet {
  readonly nodeName: string
  /** Stops watching, syncing and heartbeating; containers keep running (a new kubelet re-adopts them). */
  stop(): Promise<void>
  /** Resolves after the first registration attempt, once the pod informer has synced and the runtime was relisted. */
  ready(): Promise<void>
  /** Runs one relist now (tests; the relist also runs every relistPeriodMs). */
  relist(): Promise<void>
  /**
   * The pod of this node with that namespace and name (UID and container names), for the kubelet
   * server's logs/exec lookups; undefined when the node has no such pod (or no runtime).
   */
  resolvePod(namespace: string, name: string): ResolvedPod | undefined
}

/**
 * Starts a kubelet; resolves after the first registration attempt (failures are retried every
 * heartbeat). Cheap on the fake runtime: two timers (heartbeat, relist) and one pod watch per node.
 */
export async function startKubelet(config: KubeletConfig): Promise<Kubelet> {
  const cfg = resolveConfig(config)
  const machine = await readMachineInfo(cfg.dataDir)
  const agent = new NodeAgent(cfg.client, cfg, cfg.runtime, machine)
  const recorder = new EventRecorder(cfg.client, {component: 'kubelet', host: cfg.nodeName}, cfg.log)
  const allocatable = (): ResourceList => (agent.registered?.status?.allocatable as ResourceList | undefined) ?? nodeResources(machine, cfg.capacity).allocatable
  const pods = cfg.runtime ? await PodManager.create(cfg, cfg.runtime, recorder, allocatable) : undefined

  let heartbeat = agent.heartbeat()
  const firstHeartbeat = heartbeat
  const timer = setInterval(() => {
    heartbeat = heartbeat.then(() => agent.heartbeat())
  }, cfg.heartbeatIntervalMs)
  timer.unref?.()
  pods?.start()

  let stopping: Promise<void> | undefined
  const stop = () =>
    (stopping ??= (async () => {
      clearInterval(timer)
      await pods?.stop()
      await heartbeat
      await recorder.flush()
    })())
  cfg.signal?.addEventListener('abort', () => void stop(), {once: true})
  await firstHeartbeat
  return {
    nodeName: cfg.nodeName,
    stop,
    ready: async () => {
      await firstHeartbeat
      await pods?.ready()
    },
    relist: async () => pods?.relist(),
    resolvePod: (namespace, name) => pods?.resolvePod(namespace, name),
  }
}
