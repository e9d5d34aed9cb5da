/**
 * The DaemonSet controller (apps/v1): one pod per eligible node — nodes matching the template's
 * nodeSelector and required node affinity whose NoSchedule/NoExecute taints the pod tolerates (with the
 * daemon tolerations added). Pods are pinned to their node by required node affinity (metadata.name) and
 * bound by the scheduler; they are created as nodes join or start matching and removed as nodes leave or
 * stop matching. Template changes roll out by the controller-revision-hash label: RollingUpdate
 * (maxUnavailable, maxSurge) or OnDelete. Failed daemon pods are replaced with back-off. Status reports
 * the scheduling and readiness counts and observedGeneration. See pods.ts for how revisions are hashed
 * (no ControllerRevision objects).
 */
import type {ResourceRef} from '../../api/resource.js'
import type {DaemonSet, DaemonSetStatus} from '../../api/types/apps.js'
import type {Node} from '../../api/types/node.js'
import type {Pod} from '../../api/types/pod.js'
import {labelSelectorAsSelector, type Selector} from '../../api/selectors/index.js'
import type {EventRecorder} from '../../client/events.js'
import {isNotFound} from '../../client/errors.js'
import type {Informer} from '../../client/informer.js'
import {WorkQueue} from '../../client/workqueue.js'
import {jsonEqual} from '../../util/json.js'
import type {Controller, ControllerContext} from '../types.js'
import {claimChildren, recheckOwner} from '../common/claim.js'
import {newControllerRef, resolveControllerRef} from '../common/controller-ref.js'
import {ownedPodHandlers} from '../common/owned-pods.js'
import {podKey} from '../common/pods.js'
import {podsRef, type GroupVersionKind} from '../common/refs.js'
import {keyOf, runQueue} from '../common/run.js'
import {isNamespaceTerminating} from '../namespace/terminating.js'
import {slowStartBatches} from '../replicaset/index.js'
import {CreateDeleteExpectations, KeyBackoff} from './expectations.js'
import {daemonSetStatusCounts, manageDaemonSet, podsByNode, rollingUpdatePlan} from './plan.js'
import {daemonSetHash, newDaemonPod} from './pods.js'
import {nodeShouldRunDaemonPod} from './predicates.js'

/** apps/v1 daemonsets. */
export const daemonSetsRef: ResourceRef = {group: 'apps', version: 'v1', resource: 'daemonsets', namespaced: true}
/** core/v1 nodes. */
const nodesRef: ResourceRef = {group: '', version: 'v1', resource: 'nodes', namespaced: false}
/** DaemonSets' apiVersion/kind (what their pods' controller references carry). */
export const daemonSetKind: GroupVersionKind = {apiVersion: 'apps/v1', kind: 'DaemonSet'}
/** Creations/deletions per sync at most (upstream BurstReplicas). */
export const burstReplicas = 250

/** Options of the DaemonSet controller (tests inject a clock). */
export interface DaemonSetControllerOptions {
  now?: () => Date
}

function selectorOf(ds: DaemonSet): Selector | undefined {
  try {
    return labelSelectorAsSelector(ds.spec?.selector)
  } catch {
    return undefined
  }
}

/** Runs one pod of each DaemonSet on every eligible node. */
export class DaemonSetController implements Controller {
  readonly name = 'daemonset-controller'
  /** DaemonSet keys (namespace/name) to sync */
  readonly queue = new WorkQueue<string>()
  readonly expectations: CreateDeleteExpectations
  private readonly failedPodsBackoff = new KeyBackoff()
  private readonly now: () => Date
  private ctx!: ControllerContext
  private recorder!: EventRecorder
  private dsInformer!: Informer<DaemonSet>
  private podInformer!: Informer<Pod>
  private nodeInformer!: Informer<Node>

  constructor(opts: DaemonSetControllerOptions = {}) {
    this.now = opts.now ?? (() => new Date())
    this.expectations = new CreateDeleteExpectations(() => this.now().getTime())
  }

  start(ctx: ControllerContext): void {
    this.ctx = ctx
    this.recorder = ctx.recorder(this.name)
    this.dsInformer = ctx.informers.informer<DaemonSet>(daemonSetsRef)
    this.podInformer = ctx.informers.informer<Pod>(podsRef)
    this.nodeInformer = ctx.informers.informer<Node>(nodesRef)
    this.dsInformer.addHandlers({
      onAdd: (ds) => this.queue.add(keyOf(ds)),
      onUpdate: (_o, ds) => this.queue.add(keyOf(ds)),
      onDelete: (ds) => {
        this.expectations.delete(keyOf(ds))
        this.queue.add(keyOf(ds))
      },
    })
    this.podInformer.addHandlers(
      ownedPodHandlers<DaemonSet>({owner: (pod) => this.owner(pod), selecting: (pod) => this.selecting(pod), expectations: this.expectations, enqueue: (key) => this.queue.add(key)}),
    )
    this.nodeInformer.addHandlers({
      onAdd: () => this.enqueueAll(),
      onUpdate: (o, n) => {
        for (const ds of this.dsInformer.list()) if (!jsonEqual(nodeShouldRunDaemonPod(o, ds), nodeShouldRunDaemonPod(n, ds))) this.queue.add(keyOf(ds))
      },
      onDelete: () => this.enqueueAll(),
    })
  }

  run(signal: AbortSignal): Promise<void> {
    return runQueue(this.queue, this.ctx.options.workers, (key) => this.sync(key), signal, {name: this.name, log: this.ctx.log})
  }

  private enqueueAll(): void {
    for (const ds of this.dsInformer.list()) this.queue.add(keyOf(ds))
  }

  private owner(pod: Pod): DaemonSet | undefined {
    return resolveControllerRef(pod, 'DaemonSet', (k) => this.dsInformer.get(k))
  }

  private selecting(pod: Pod): DaemonSet[] {
    return this.dsInformer.list(pod.metadata.namespace).filter((ds) => {
      const sel = selectorOf(ds)
      return !!sel && !sel.empty() && sel.matches(pod.metadata.labels)
    })
  }

  private subject(ds: DaemonSet) {
    return {apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: ds.metadata}
  }

  /** The DaemonSet's pods after claiming (adopting matching orphans, releasing owned pods that stopped matching). */
  private async claimedPods(ds: DaemonSet, selector: Selector): Promise<Pod[]> {
    return claimChildren(this.podInformer.list(ds.metadata.namespace), {
      client: this.ctx.client,
      childRef: podsRef,
      owner: ds,
      ownerKind: daemonSetKind,
      matches: (p) => selector.matches(p.metadata.labels),
      canAdopt: recheckOwner(this.ctx.client, daemonSetsRef, ds),
    })
  }

  /** One reconciliation of the DaemonSet `key`. */
  async sync(key: string): Promise<void> {
    const ds = this.dsInformer.get(key)
    if (!ds) {
      this.expectations.delete(key)
      return
    }
    const selector = selectorOf(ds)
    if (!selector || selector.empty()) {
      this.recorder.event(this.subject(ds), 'Warning', 'SelectingAll', 'This daemon set is selecting all pods. A non-empty selector is required.')
      return
    }
    // a DaemonSet being deleted is left to the garbage collector (status included, as upstream)
    if (ds.metadata.deletionTimestamp) return
    const now = this.now()
    const nodes = this.nodeInformer.list()
    const hash = daemonSetHash(ds)
    // claimed once: this sync's own writes are not in the informer cache yet anyway
    const byNode = podsByNode(await this.claimedPods(ds, selector))
    if (!this.expectations.satisfied(key)) {
      // only the status; observedGeneration stays until this generation has been acted on
      await this.writeStatus(ds, nodes, byNode, hash, false)
      return
    }
    let errors = await this.manage(key, ds, nodes, byNode, hash, now)
    // rolling updates proceed only once manage() has nothing in flight
    if (!errors.length && this.expectations.satisfied(key) && (ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
      const rolling = rollingUpdatePlan(ds, nodes, byNode, hash, now)
      errors = await this.syncNodes(key, ds, rolling.delete, rolling.createOn, hash)
    }
    const status = await this.writeStatus(ds, nodes, byNode, hash, true)
    const minReady = ds.spec?.minReadySeconds ?? 0
    if (minReady > 0 && status.numberReady !== status.numberAvailable) this.queue.addAfter(key, minReady * 1000)
    if (errors.length) throw new Error(errors.join('; '))
  }

  /** manage(): creates and deletes pods so that each eligible node runs one; failed pods are replaced with back-off. */
  private async manage(key: string, ds: DaemonSet, nodes: Node[], byNode: Map<string, Pod[]>, hash: string, now: Date): Promise<string[]> {
    const plan = manageDaemonSet(ds, nodes, byNode, hash, now)
    const toDelete = [...plan.delete]
    const nodeOf = (p: Pod) => p.spec?.nodeName ?? ''
    for (const pod of plan.failed) {
      const bk = `${ds.metadata.uid}/${nodeOf(pod)}`
      const wait = this.failedPodsBackoff.remaining(bk, now.getTime())
      if (wait > 0) {
        this.queue.addAfter(key, wait)
        continue
      }
      this.failedPodsBackoff.next(bk, now.getTime())
      this.recorder.event(this.subject(ds), 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${nodeOf(pod)}, will try to kill it`)
      toDelete.push(pod)
    }
    for (const pod of plan.succeeded) {
      this.recorder.event(this.subject(ds), 'Normal', 'SucceededDaemonPod', `Found succeeded daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${nodeOf(pod)}, will try to delete it`)
      toDelete.push(pod)
    }
    return this.syncNodes(key, ds, toDelete, plan.createOn, hash)
  }

  /** syncNodes: deletes `pods` and creates a pod for each of `nodes` (slow-start batches), under expectations. */
  private async syncNodes(key: string, ds: DaemonSet, pods: Pod[], nodes: string[], hash: string): Promise<string[]> {
    const creates = nodes.slice(0, burstReplicas)
    const deletes = pods.slice(0, burstReplicas)
    if (!creates.length && !deletes.length) return []
    this.expectations.expect(key, creates.length, deletes.map(podKey))
    const errors: string[] = []
    let pos = 0
    for (const size of slowStartBatches(creates.length)) {
      const batch = creates.slice(pos, pos + size)
      pos += size
      const results = await Promise.allSettled(batch.map((node) => this.createPod(ds, hash, node)))
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
      for (const f of failed) {
        this.expectations.creationObserved(key)
        if (!isNamespaceTerminating(f.reason)) errors.push((f.reason as Error).message)
      }
      if (failed.length) {
        // the rest of the batches is skipped (and not expected)
        for (let i = pos; i < creates.length; i++) this.expectations.creationObserved(key)
        break
      }
    }
    const results = await Promise.allSettled(deletes.map((p) => this.deletePodFor(ds, p)))
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') return
      this.expectations.deletionObserved(key, podKey(deletes[i]))
      if (!isNotFound(r.reason)) errors.push((r.reason as Error).message)
    })
    return errors
  }

  private async createPod(ds: DaemonSet, hash: string, node: string): Promise<void> {
    const pod = newDaemonPod(ds, hash, node, newControllerRef(ds, daemonSetKind))
    try {
      const created = await this.ctx.client.create(podsRef, pod, ds.metadata.namespace)
      this.recorder.event(this.subject(ds), 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`)
    } catch (err) {
      if (!isNamespaceTerminating(err)) this.recorder.event(this.subject(ds), 'Warning', 'FailedCreate', `Error creating: ${(err as Error).message}`)
      throw err
    }
  }

  private async deletePodFor(ds: DaemonSet, pod: Pod): Promise<void> {
    const name = pod.metadata.name ?? ''
    // a pod bound to a node that no longer exists has no kubelet to finish it: remove it at once (pod GC)
    const orphaned = !!pod.spec?.nodeName && !this.nodeInformer.get(pod.spec.nodeName)
    try {
      await this.ctx.client.delete(podsRef, name, pod.metadata.namespace, {preconditions: {uid: pod.metadata.uid}, ...(orphaned ? {gracePeriodSeconds: 0} : {})})
      this.recorder.event(this.subject(ds), 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`)
    } catch (err) {
      if (!isNotFound(err)) this.recorder.event(this.subject(ds), 'Warning', 'FailedDelete', `Error deleting: ${(err as Error).message}`)
      throw err
    }
  }

  /** Computes and (when changed) writes the status; observedGeneration only when the sync acted on this generation. */
  private async writeStatus(ds: DaemonSet, nodes: Node[], byNode: Map<string, Pod[]>, hash: string, observe: boolean): Promise<DaemonSetStatus> {
    const counts = daemonSetStatusCounts(ds, nodes, byNode, hash, this.now())
    const cur = ds.status
    const status: DaemonSetStatus = {...(cur ?? {}), ...counts}
    if (observe) status.observedGeneration = ds.metadata.generation
    const unchanged =
      cur &&
      (Object.keys(counts) as (keyof typeof counts)[]).every((k) => (cur[k] ?? 0) === counts[k]) &&
      (cur.observedGeneration ?? 0) >= (ds.metadata.generation ?? 0)
    if (unchanged) return status
    let target = ds
    for (let attempt = 0; ; attempt++) {
      try {
        await this.ctx.client.updateStatus(daemonSetsRef, {...target, status: {...(target.status ?? {}), ...counts, ...(observe ? {observedGeneration: ds.metadata.generation} : {})}})
        return status
      } catch (err) {
        if (attempt >= 1 || isNotFound(err)) throw err
        target = await this.ctx.client.get<DaemonSet>(daemonSetsRef, ds.metadata.name ?? '', ds.metadata.namespace)
      }
    }
  }
}
