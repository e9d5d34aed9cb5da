/**
 * The pod side of a kubelet: the pod informer (pods bound to this node), the sync context and its
 * managers, per-pod workers, and the periodic relist. Started only when the node has a runtime.
 */
import {readFile} from 'node:fs/promises'
import type {Pod} from '../../api/types/pod.js'
import type {Service} from '../../api/types/service.js'
import type {ResourceList} from '../../api/types/common.js'
import type {EventRecorder} from '../../client/events.js'
import {Informer} from '../../client/informer.js'
import type {ContainerRuntime} from '../../runtime/types.js'
import {nodePaths} from '../../node/join.js'
import type {ResolvedKubeletConfig} from '../config.js'
import {serviceEnvFor} from '../env/service-env.js'
import {Backoff} from '../pod/backoff.js'
import {parseResolvConf} from '../pod/sandbox-config.js'
import {ProbeManager} from '../probes/manager.js'
import {podsRef} from '../refs.js'
import {TokenManager} from '../volumes/token.js'
import {VolumeManager} from '../volumes/manager.js'
import {PerContainer, type SyncContext} from './context.js'
import {ImageManager} from './images.js'
import {PodWorkers} from './pod-workers.js'
import {StartGate} from './start-gate.js'
import {PodRegistry} from './pods.js'
import {Relister} from './relist.js'
import {StatusManager} from './status-manager.js'
import {syncByUid} from './syncer.js'

const servicesRef = {group: '', version: 'v1', resource: 'services', namespaced: true}
const serviceCacheMs = 5_000

/** A pod of this node as the kubelet server needs it for logs/exec lookups. */
export interface ResolvedPod {
  uid: string
  containers: string[]
}

/** Service link variables of pods, from a short-lived per-namespace cache of service lists. */
function serviceEnvSource(cfg: ResolvedKubeletConfig): (pod: Pod) => Promise<Record<string, string>> {
  const cache = new Map<string, {at: number; services: Promise<Service[]>}>()
  const list = async (ns: string) => (await cfg.client.list<Service>(servicesRef, {namespace: ns})).items
  return async (pod) => {
    const ns = pod.metadata.namespace ?? 'default'
    const links = pod.spec?.enableServiceLinks !== false
    const key = links ? ns : ''
    let entry = cache.get(key)
    if (!entry || Date.now() - entry.at > serviceCacheMs) {
      const services = (async () => [...(links ? await list(ns) : []), ...(links && ns === 'default' ? [] : await list('default'))])()
      entry = {at: Date.now(), services}
      cache.set(key, entry)
      services.catch(() => cache.delete(key))
    }
    try {
      return serviceEnvFor(ns, links, await entry.services)
    } catch (e) {
      cfg.log(`service environment of pod ${ns}/${pod.metadata.name}: ${(e as Error).message}`)
      return {}
    }
  }
}

/** Watches this node's pods and keeps the runtime converged to them. */
export class PodManager {
  readonly ctx: SyncContext
  private readonly pods = new PodRegistry()
  private readonly workers: PodWorkers
  private readonly informer: Informer<Pod>
  private readonly relister: Relister
  private readonly timers: NodeJS.Timeout[] = []
  private relisting: Promise<void> = Promise.resolve()
  private synced: Promise<void> = Promise.resolve()

  constructor(cfg: ResolvedKubeletConfig, runtime: ContainerRuntime, recorder: EventRecorder, allocatable: () => ResourceList, hostResolvConf: string) {
    const client = cfg.client
    let workers: PodWorkers | undefined
    this.ctx = {
      cfg,
      client,
      runtime,
      recorder,
      volumes: new VolumeManager({client, podsDir: nodePaths(cfg.dataDir).pods, caFile: nodePaths(cfg.dataDir).ca, recorder, tokens: new TokenManager(client), allocatable}),
      images: new ImageManager(runtime, recorder),
      probes: new ProbeManager({runtime, recorder, onChange: (uid) => workers?.schedule(uid), log: cfg.log}),
      status: new StatusManager(client),
      crashBackoff: new Backoff(),
      reasons: new PerContainer(),
      restartCounts: new PerContainer(),
      startGate: new StartGate(cfg.maxParallelStarts),
      sandboxAttempts: new Map(),
      exited: new Map(),
      hostResolv: parseResolvConf(hostResolvConf),
      allocatable,
      serviceEnv: serviceEnvSource(cfg),
      log: cfg.log,
    }
    workers = this.workers = new PodWorkers((uid) => syncByUid(this.ctx, this.pods, uid), {errorRetryMs: cfg.errorRetryMs, log: cfg.log})
    this.informer = new Informer<Pod>(client, podsRef, {fieldSelector: {'spec.nodeName': cfg.nodeName}, log: cfg.log})
    this.informer.addHandlers({
      onAdd: (p) => this.schedule(this.pods.upsert(p)),
      onUpdate: (o, p) => this.schedule(this.pods.upsert(p, o)),
      onDelete: (p) => this.schedule(this.pods.remove(p)),
    })
    this.relister = new Relister({
      runtime,
      nodeName: cfg.nodeName,
      pods: this.pods,
      workers: this.workers,
      volumes: this.ctx.volumes,
      syncFrequencyMs: cfg.syncFrequencyMs,
      podsSynced: () => this.informer.hasSynced(),
      onContainers: (ids) => {
        for (const id of this.ctx.exited.keys()) if (!ids.has(id)) this.ctx.exited.delete(id)
      },
      log: cfg.log,
    })
  }

  /** Creates a PodManager, reading the node's resolv.conf. */
  static async create(cfg: ResolvedKubeletConfig, runtime: ContainerRuntime, recorder: EventRecorder, allocatable: () => ResourceList): Promise<PodManager> {
    return new PodManager(cfg, runtime, recorder, allocatable, await readFile('/etc/resolv.conf', 'utf8').catch(() => ''))
  }

  /** Starts the informer, the relist timer and the back-off GC. */
  start(): void {
    const cfg = this.ctx.cfg
    this.informer.start()
    this.synced = this.informer.waitForSync().then(
      () => this.relist(),
      () => {},
    )
    const every = (ms: number, fn: () => void) => {
      const t = setInterval(fn, ms)
      t.unref?.()
      this.timers.push(t)
    }
    every(cfg.relistPeriodMs, () => void this.relist())
    every(60_000, () => {
      this.ctx.crashBackoff.gc()
      this.ctx.images.backoff.gc()
    })
  }

  /** Resolves once the informer has synced and the first relist ran. */
  ready(): Promise<void> {
    return this.synced
  }

  /** One relist now. */
  relist(): Promise<void> {
    this.relisting = this.relister.relist()
    return this.relisting
  }

  /** The pod of this node with that namespace and name. */
  resolvePod(namespace: string, name: string): ResolvedPod | undefined {
    const p = this.pods.byName(namespace, name)
    if (!p?.metadata.uid) return undefined
    return {uid: p.metadata.uid, containers: [...(p.spec?.initContainers ?? []), ...(p.spec?.containers ?? [])].map((c) => c.name)}
  }

  /** Stops watching and syncing (containers keep running) and waits for running syncs. */
  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t)
    this.informer.stop()
    this.ctx.probes.stop()
    await this.workers.stop()
    await this.relisting
  }

  private schedule(uids: string[]): void {
    for (const uid of uids) this.workers.schedule(uid)
  }
}
