/**
 * The node lifecycle controller (kube-controller-manager's node-lifecycle-controller with its NoExecute
 * taint manager):
 * - a node whose kubelet neither renews its Lease (kube-node-lease) nor posts a new Ready heartbeat for
 *   nodeMonitorGracePeriodSeconds gets Ready (and the pressure conditions) Unknown through the nodes status
 *   subresource, a NodeNotReady event, and its pods' Ready condition set False;
 * - node conditions map to taints: Ready False → node.kubernetes.io/not-ready, Unknown →
 *   node.kubernetes.io/unreachable (NoSchedule and NoExecute, with timeAdded), pressure conditions and
 *   spec.unschedulable → their NoSchedule taints; a node Ready again loses them;
 * - pods on a node with NoExecute taints are deleted (TaintManagerEviction event, DisruptionTarget
 *   condition) once their tolerations run out (see eviction.ts), so their controllers replace them.
 * Everything is driven by a queue of node names; each sync schedules the next look at the node for the
 * moment its grace period or a pod's toleration expires.
 *
 * Not implemented: upstream's zone disruption modes (no eviction rate limiting, no eviction stop when all
 * nodes are unhealthy).
 */
import type {ResourceRef} from '../../api/resource.js'
import type {Lease} from '../../api/types/coordination.js'
import type {Node} from '../../api/types/node.js'
import type {Pod} from '../../api/types/pod.js'
import type {EventRecorder} from '../../client/events.js'
import {isConflict, isNotFound} from '../../client/errors.js'
import type {Informer} from '../../client/informer.js'
import {WorkQueue} from '../../client/workqueue.js'
import {jsonEqual} from '../../util/json.js'
import {nowRfc3339} from '../../util/time.js'
import type {Controller, ControllerContext} from '../types.js'
import {podsRef} from '../common/refs.js'
import {runQueue} from '../common/run.js'
import {evictionTime, taintEvictionCondition} from './eviction.js'
import {healthDeadline, observeNodeHealth, staleNodeConditions, type HealthOptions, type NodeHealth} from './health.js'
import {reconcileNodeTaints} from './taints.js'

/** core/v1 nodes. */
export const nodesRef: ResourceRef = {group: '', version: 'v1', resource: 'nodes', namespaced: false}
/** coordination.k8s.io/v1 leases. */
export const leasesRef: ResourceRef = {group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespaced: true}
/** The namespace of node heartbeat Leases. */
export const nodeLeaseNamespace = 'kube-node-lease'

/** Options of the node lifecycle controller. */
export interface NodeLifecycleControllerOptions {
  now?: () => Date
  /** grace for nodes whose kubelet never posted a Ready condition (upstream --node-startup-grace-period, default 60) */
  nodeStartupGracePeriodSeconds?: number
}

/** Watches node health, taints nodes by condition and evicts pods from tainted nodes. */
export class NodeLifecycleController implements Controller {
  readonly name = 'node-lifecycle-controller'
  /** node names to sync */
  readonly queue = new WorkQueue<string>()
  /** per-node health records (exposed for tests) */
  readonly health = new Map<string, NodeHealth>()
  /** nodes whose pods still have to be marked not ready after the controller set Ready Unknown */
  private readonly markPending = new Set<string>()
  private readonly now: () => Date
  private readonly startupGraceSeconds: number
  private ctx!: ControllerContext
  private recorder!: EventRecorder
  private nodes!: Informer<Node>
  private leases!: Informer<Lease>
  private pods!: Informer<Pod>

  constructor(opts: NodeLifecycleControllerOptions = {}) {
    this.now = opts.now ?? (() => new Date())
    this.startupGraceSeconds = opts.nodeStartupGracePeriodSeconds ?? 60
  }

  start(ctx: ControllerContext): void {
    this.ctx = ctx
    this.recorder = ctx.recorder(this.name)
    this.nodes = ctx.informers.informer<Node>(nodesRef)
    this.leases = ctx.informers.informer<Lease>(leasesRef, {namespace: nodeLeaseNamespace})
    this.pods = ctx.informers.informer<Pod>(podsRef)
    const byName = (o: {metadata: {name?: string}}) => this.queue.add(o.metadata.name ?? '')
    this.nodes.addHandlers({onAdd: byName, onUpdate: (_o, n) => byName(n), onDelete: byName})
    this.leases.addHandlers({onAdd: byName, onUpdate: (_o, l) => byName(l)})
    this.pods.addHandlers({
      onAdd: (p) => p.spec?.nodeName && this.queue.add(p.spec.nodeName),
      onUpdate: (o, p) => {
        if (!p.spec?.nodeName) return
        if (o.spec?.nodeName !== p.spec.nodeName || !jsonEqual(o.spec?.tolerations, p.spec.tolerations)) this.queue.add(p.spec.nodeName)
      },
    })
  }

  run(signal: AbortSignal): Promise<void> {
    return runQueue(this.queue, this.ctx.options.workers, (key) => this.sync(key), signal, {name: this.name, log: this.ctx.log})
  }

  private healthOptions(): HealthOptions {
    return {gracePeriodMs: this.ctx.options.nodeMonitorGracePeriodSeconds * 1000, startupGracePeriodMs: Math.max(this.startupGraceSeconds, this.ctx.options.nodeMonitorGracePeriodSeconds) * 1000}
  }

  /** One pass over node `name`: health, conditions, taints, evictions; then schedules the next pass. */
  async sync(name: string): Promise<void> {
    let node = this.nodes.get(name)
    if (!node) {
      this.health.delete(name)
      this.markPending.delete(name)
      return
    }
    const now = this.now().getTime()
    const opts = this.healthOptions()
    const rec = observeNodeHealth(this.health.get(name), node, this.leases.get(`${nodeLeaseNamespace}/${name}`), now)
    this.health.set(name, rec)

    const observedReady = node.status?.conditions?.find((c) => c.type === 'Ready')?.status
    const stale = staleNodeConditions(node, rec, now, opts)
    if (stale) {
      node = await this.ctx.client.updateStatus<Node>(nodesRef, {...node, status: {...(node.status ?? {}), conditions: stale}})
      if (observedReady === 'True') {
        this.recorder.event(this.nodeSubject(node), 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`)
        this.markPending.add(name)
      }
    }
    const readyNow = node.status?.conditions?.find((c) => c.type === 'Ready')?.status
    if (readyNow === 'True') this.markPending.delete(name)
    if (this.markPending.has(name)) {
      await this.markPodsNotReady(name)
      this.markPending.delete(name)
    }

    const taints = reconcileNodeTaints(node, new Date(now))
    if (taints) node = await this.ctx.client.update<Node>(nodesRef, {...node, spec: {...(node.spec ?? {}), taints}})

    let next: number | undefined = readyNow === 'Unknown' ? undefined : healthDeadline(node, rec, opts) + 1
    const noExecute = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute')
    if (noExecute.length) {
      const failures: string[] = []
      for (const pod of this.podsOn(name)) {
        const at = evictionTime(pod, noExecute, now, this.ctx.options.podEvictionTimeoutSeconds)
        if (at === undefined) continue
        if (at > now) {
          next = next === undefined ? at : Math.min(next, at)
          continue
        }
        try {
          await this.evict(pod)
        } catch (err) {
          failures.push(`evicting ${pod.metadata.namespace}/${pod.metadata.name}: ${(err as Error).message}`)
        }
      }
      if (failures.length) throw new Error(failures.join('; '))
    }
    if (next !== undefined) this.queue.addAfter(name, Math.max(1, next - now))
  }

  private podsOn(node: string): Pod[] {
    return this.pods.list().filter((p) => p.spec?.nodeName === node && !p.metadata.deletionTimestamp)
  }

  private nodeSubject(node: Node) {
    return {apiVersion: 'v1', kind: 'Node', metadata: {name: node.metadata.name, uid: node.metadata.name}}
  }

  private podSubject(pod: Pod) {
    return {apiVersion: 'v1', kind: 'Pod', metadata: pod.metadata}
  }

  /** MarkPodsNotReady: the Ready condition of the node's pods becomes False (NodeNotReady event on each). */
  private async markPodsNotReady(node: string): Promise<void> {
    const at = nowRfc3339(this.now())
    const failures: string[] = []
    for (const pod of this.pods.list().filter((p) => p.spec?.nodeName === node)) {
      const ready = pod.status?.conditions?.find((c) => c.type === 'Ready')
      if (!ready || ready.status === 'False') continue
      const conditions = (pod.status?.conditions ?? []).map((c) => (c.type === 'Ready' ? {...c, status: 'False' as const, lastTransitionTime: at} : c))
      try {
        await this.ctx.client.updateStatus(podsRef, {...pod, status: {...(pod.status ?? {}), conditions}})
        this.recorder.event(this.podSubject(pod), 'Warning', 'NodeNotReady', 'Node is not ready')
      } catch (err) {
        if (!isNotFound(err)) failures.push(`${pod.metadata.namespace}/${pod.metadata.name}: ${(err as Error).message}`)
      }
    }
    if (failures.length) throw new Error(`marking pods on ${node} not ready: ${failures.join('; ')}`)
  }

  /** Taint-manager eviction: DisruptionTarget condition, then a normal (graceful) delete. */
  private async evict(pod: Pod): Promise<void> {
    const ns = pod.metadata.namespace
    const name = pod.metadata.name ?? ''
    this.recorder.event(this.podSubject(pod), 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${ns}/${name}`)
    const cond = {...taintEvictionCondition, lastTransitionTime: nowRfc3339(this.now())}
    try {
      await this.ctx.client.patch(podsRef, name, {metadata: {uid: pod.metadata.uid}, status: {conditions: [cond]}}, 'strategic', ns, {subresource: 'status'})
      await this.ctx.client.delete(podsRef, name, ns, {preconditions: {uid: pod.metadata.uid}})
    } catch (err) {
      // gone or replaced meanwhile: nothing to evict
      if (isNotFound(err) || isConflict(err)) return
      throw err
    }
  }
}
