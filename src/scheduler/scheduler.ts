/**
 * The scheduler component: watches nodes and pods through informers, keeps the SchedulerCache and the
 * SchedulingQueue up to date, and runs scheduling cycles one pod at a time: decide (pure framework over
 * the cache), assume the pod on the chosen node, and write the binding in the background while the next
 * decision runs (forgetting the assumption if the binding fails). Pods that fit nowhere get a
 * PodScheduled=False/Unschedulable condition (only when the message changes) and a FailedScheduling
 * event; bound pods a Scheduled event. Talks to the API server only through the client and informers.
 */
import {ApiError} from '../api/errors.js'
import type {ResourceRef} from '../api/resource.js'
import type {Node} from '../api/types/node.js'
import type {Pod} from '../api/types/pod.js'
import {Client} from '../client/client.js'
import {isNotFound} from '../client/errors.js'
import {EventRecorder} from '../client/events.js'
import {Informer, type InformerHandlers} from '../client/informer.js'
import {nowRfc3339} from '../util/time.js'
import {SchedulerCache} from './cache.js'
import {Framework, type FrameworkOptions} from './framework.js'
import {DEFAULT_SCHEDULER_NAME, nodeHandlers, podHandlers} from './handlers.js'
import {SchedulingQueue, type QueueOptions, type QueuedPod} from './queue.js'

/** pods (core/v1). */
export const podsRef: ResourceRef = {group: '', version: 'v1', resource: 'pods', namespaced: true}
/** nodes (core/v1). */
export const nodesRef: ResourceRef = {group: '', version: 'v1', resource: 'nodes', namespaced: false}

/** What runScheduler needs of an informer (an Informer, or a fake in tests). */
export interface InformerLike<T> {
  addHandlers(h: InformerHandlers<T>): () => void
  start(): void
  stop(): void
  waitForSync(signal?: AbortSignal): Promise<void>
}

/** The client calls the scheduler makes itself (bindings and status patches). */
export type SchedulerClient = Pick<Client, 'createSubresource' | 'patch'>

/** Options of runScheduler. */
export interface SchedulerOptions {
  /** pods whose spec.schedulerName is this are scheduled (default 'default-scheduler'); also the event source */
  schedulerName?: string
  /** stops the scheduler */
  signal: AbortSignal
  log?: (msg: string) => void
  /** default: an EventRecorder on `client` (which must then be a Client) */
  recorder?: Pick<EventRecorder, 'event'>
  /**
   * Node and pod (all namespaces) informers, e.g. shared ones from the master's InformerFactory: started
   * if not yet, never stopped by the scheduler. Default: created on `client` (which must then be a
   * Client) and stopped on exit.
   */
  informers?: {nodes: InformerLike<Node>; pods: InformerLike<Pod>}
  framework?: FrameworkOptions
  queue?: QueueOptions
  /** bindings written concurrently at most (default 64) */
  maxConcurrentBinds?: number
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

function is409(err: unknown): boolean {
  return err instanceof ApiError && err.code === 409
}

/** One scheduler instance: cache, queue, framework and the loop. */
export class Scheduler {
  readonly cache = new SchedulerCache()
  readonly queue: SchedulingQueue
  readonly framework: Framework
  private readonly name: string
  private readonly log: (msg: string) => void
  private readonly recorder: Pick<EventRecorder, 'event'>
  private readonly pending = new Set<Promise<void>>()

  constructor(
    private readonly client: SchedulerClient,
    private readonly opts: SchedulerOptions,
  ) {
    this.name = opts.schedulerName ?? DEFAULT_SCHEDULER_NAME
    this.log = opts.log ?? ((m) => console.error(m))
    this.queue = new SchedulingQueue(opts.queue)
    this.framework = new Framework(opts.framework)
    if (opts.recorder) this.recorder = opts.recorder
    else if (client instanceof Client) this.recorder = new EventRecorder(client, {component: this.name}, this.log)
    else throw new Error('runScheduler: pass a recorder when the client is not a Client')
  }

  /** Runs until the signal aborts; resolves once in-flight bindings and status writes are done. */
  async run(): Promise<void> {
    const {signal} = this.opts
    let own = false
    let informers = this.opts.informers
    if (!informers) {
      if (!(this.client instanceof Client)) throw new Error('runScheduler: pass informers when the client is not a Client')
      const log = this.log
      informers = {nodes: new Informer<Node>(this.client, nodesRef, {log}), pods: new Informer<Pod>(this.client, podsRef, {log})}
      own = true
    }
    const off = [informers.nodes.addHandlers(nodeHandlers(this.cache, this.queue)), informers.pods.addHandlers(podHandlers(this.cache, this.queue, this.name))]
    try {
      informers.nodes.start()
      informers.pods.start()
      try {
        await Promise.all([informers.nodes.waitForSync(signal), informers.pods.waitForSync(signal)])
      } catch (err) {
        if (signal.aborted) return
        throw err
      }
      this.log(`scheduler ${this.name}: started with ${this.cache.nodeCount} node(s), ${this.queue.counts().active} pod(s) to schedule`)
      await this.loop()
    } finally {
      this.queue.close()
      for (const f of off) f()
      if (own) {
        informers.nodes.stop()
        informers.pods.stop()
      }
      await Promise.allSettled([...this.pending])
    }
  }

  private async loop(): Promise<void> {
    const {signal} = this.opts
    const maxBinds = this.opts.maxConcurrentBinds ?? 64
    while (!signal.aborted) {
      if (this.pending.size >= maxBinds) {
        await Promise.race(this.pending)
        continue
      }
      const e = await this.queue.pop(signal)
      if (!e) break
      this.scheduleOne(e)
      // let informer events, binding answers and timers run between decisions
      await yieldToEventLoop()
    }
  }

  /** One scheduling cycle for a popped pod (synchronous; the binding runs in the background). */
  scheduleOne(e: QueuedPod): void {
    const pod = e.pod
    if (pod.metadata.deletionTimestamp || pod.spec?.nodeName || this.cache.isAssumed(e.key)) {
      this.queue.done(e)
      return
    }
    const r = this.framework.schedule(e.info, this.cache.nodes())
    if (r.ok) {
      this.cache.assume(e.info, r.node)
      this.track(this.bind(e, r.node))
    } else {
      this.queue.addUnschedulable(e)
      this.reportFailure(e, 'Unschedulable', r.message)
    }
  }

  private track(p: Promise<void>): void {
    const q = p.catch((err: unknown) => this.log(`scheduler: ${(err as Error)?.stack ?? err}`))
    this.pending.add(q)
    void q.finally(() => this.pending.delete(q))
  }

  private async bind(e: QueuedPod, node: string): Promise<void> {
    const {namespace, name} = e.info
    const uid = e.pod.metadata.uid
    const binding = {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: uid ? {name, namespace, uid} : {name, namespace},
      target: {apiVersion: 'v1', kind: 'Node', name: node},
    }
    try {
      await this.client.createSubresource(podsRef, name, 'binding', binding, namespace)
    } catch (err) {
      this.cache.forget(e.key)
      // the assumed pod's resources are free again: as upstream, like a pod deletion
      this.queue.moveAllToActiveOrBackoff()
      if (is409(err) || isNotFound(err)) {
        // already bound (by someone else) or gone: nothing left to do for this pod
        this.queue.done(e)
        this.log(`scheduler: binding ${e.key} to ${node}: ${(err as Error).message}; dropped`)
        return
      }
      this.queue.addBackoff(e)
      this.log(`scheduler: binding ${e.key} to ${node} failed: ${(err as Error).message}`)
      this.reportFailure(e, 'SchedulerError', `Binding rejected: ${(err as Error).message}`)
      return
    }
    this.cache.finishBinding(e.key)
    this.queue.done(e)
    this.recorder.event(this.subject(e.pod), 'Normal', 'Scheduled', `Successfully assigned ${namespace}/${name} to ${node}`)
  }

  private subject(pod: Pod) {
    return {apiVersion: 'v1', kind: 'Pod', metadata: pod.metadata}
  }

  /** FailedScheduling event, and the PodScheduled=False condition when its message changed. */
  private reportFailure(e: QueuedPod, reason: string, message: string): void {
    this.recorder.event(this.subject(e.pod), 'Warning', 'FailedScheduling', message)
    const cond = e.pod.status?.conditions?.find((c) => c.type === 'PodScheduled')
    const unchanged = cond?.status === 'False' && cond.reason === reason && cond.message === message
    if (e.lastMessage === message || unchanged) {
      e.lastMessage = message
      return
    }
    e.lastMessage = message
    const now = nowRfc3339()
    const condition = {
      type: 'PodScheduled',
      status: 'False',
      reason,
      message,
      lastTransitionTime: cond?.status === 'False' && cond.lastTransitionTime ? cond.lastTransitionTime : now,
      lastProbeTime: null,
    }
    const {namespace, name} = e.info
    const write = this.client.patch(podsRef, name, {status: {conditions: [condition]}}, 'strategic', namespace, {subresource: 'status'}).then(
      () => undefined,
      (err: unknown) => {
        if (e.lastMessage === message) e.lastMessage = undefined
        if (!isNotFound(err)) this.log(`scheduler: updating the status of ${e.key}: ${(err as Error).message}`)
      },
    )
    this.track(write)
  }
}

/**
 * Runs Kubernetes' default scheduler until `opts.signal` aborts: schedules the pods without
 * spec.nodeName whose spec.schedulerName is `opts.schedulerName` onto nodes, through the binding
 * subresource. Resolves once stopped (in-flight bindings finished).
 */
export async function runScheduler(client: SchedulerClient, opts: SchedulerOptions): Promise<void> {
  await new Scheduler(client, opts).run()
}
