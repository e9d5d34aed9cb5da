/**
 * The ReplicaSet controller (apps/v1): keeps spec.replicas active pods selected by and owned by each
 * ReplicaSet — claiming (adopting/releasing) pods, creating in slow-start batches, deleting the best
 * candidates — guarded by expectations, and reports status.
 */
import type {ReplicaSet, ReplicaSetStatus} from '../../api/types/apps.js'
import type {Pod} from '../../api/types/pod.js'
import {labelSelectorAsSelector, type Selector} from '../../api/selectors/index.js'
import {ApiError} from '../../api/errors.js'
import type {EventRecorder} from '../../client/events.js'
import {isNotFound} from '../../client/errors.js'
import type {Informer} from '../../client/informer.js'
import {WorkQueue} from '../../client/workqueue.js'
import type {Controller, ControllerContext} from '../types.js'
import {claimChildren, recheckOwner} from '../common/claim.js'
import {controllerIndex, controllerIndexValues, getControllerOf, newControllerRef, resolveControllerRef} from '../common/controller-ref.js'
import {ControllerExpectations} from '../common/expectations.js'
import {ownedPodHandlers} from '../common/owned-pods.js'
import {isPodActive, isPodReady, podKey} from '../common/pods.js'
import {podsRef, replicaSetKind, replicaSetsRef} from '../common/refs.js'
import {keyOf, runQueue} from '../common/run.js'
import {calculateReplicaSetStatus, desiredReplicas, podFromTemplate, reconcileReplicaSet, replicaSetStatusChanged, slowStartBatches} from './reconcile.js'

/** Options of the ReplicaSet controller (tests inject a clock). */
export interface ReplicaSetControllerOptions {
  now?: () => Date
}

function selectorOf(rs: ReplicaSet): Selector | undefined {
  try {
    return labelSelectorAsSelector(rs.spec?.selector)
  } catch {
    return undefined
  }
}

function isNamespaceTerminating(err: unknown): boolean {
  return err instanceof ApiError && (err.status.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating')
}

/** Keeps ReplicaSets' pods at spec.replicas. */
export class ReplicaSetController implements Controller {
  readonly name = 'replicaset-controller'
  /** keys (`namespace/name`) of ReplicaSets to sync */
  readonly queue = new WorkQueue<string>()
  readonly expectations: ControllerExpectations
  private readonly now: () => Date
  private ctx!: ControllerContext
  private recorder!: EventRecorder
  private rsInformer!: Informer<ReplicaSet>
  private podInformer!: Informer<Pod>

  constructor(opts: ReplicaSetControllerOptions = {}) {
    this.now = opts.now ?? (() => new Date())
    this.expectations = new ControllerExpectations(() => this.now().getTime())
  }

  start(ctx: ControllerContext): void {
    this.ctx = ctx
    this.recorder = ctx.recorder(this.name)
    this.rsInformer = ctx.informers.informer<ReplicaSet>(replicaSetsRef)
    this.podInformer = ctx.informers.informer<Pod>(podsRef)
    this.podInformer.addIndex(controllerIndex, controllerIndexValues)
    this.rsInformer.addHandlers({
      onAdd: (rs) => this.queue.add(keyOf(rs)),
      onUpdate: (_old, rs) => this.queue.add(keyOf(rs)),
      onDelete: (rs) => {
        this.expectations.delete(keyOf(rs))
        this.queue.add(keyOf(rs))
      },
    })
    this.podInformer.addHandlers(
      ownedPodHandlers<ReplicaSet>({
        owner: (pod) => this.owner(pod),
        selecting: (pod) => this.selectingReplicaSets(pod),
        expectations: this.expectations,
        enqueue: (key) => this.queue.add(key),
        ownedPodUpdated: (rs, old, cur) => {
          const minReady = rs.spec?.minReadySeconds ?? 0
          // becomes available minReadySeconds after becoming ready: look again then
          if (minReady > 0 && !isPodReady(old) && isPodReady(cur)) this.queue.addAfter(keyOf(rs), minReady * 1000 + 1000)
        },
      }),
    )
  }

  run(signal: AbortSignal): Promise<void> {
    return runQueue(this.queue, this.ctx.options.workers, (key) => this.sync(key), signal, {name: this.name, log: this.ctx.log})
  }

  private owner(pod: Pod): ReplicaSet | undefined {
    return resolveControllerRef(pod, 'ReplicaSet', (k) => this.rsInformer.get(k))
  }

  /** ReplicaSets in the pod's namespace whose (non-empty) selector matches it. */
  private selectingReplicaSets(pod: Pod): ReplicaSet[] {
    return this.rsInformer.list(pod.metadata.namespace).filter((rs) => {
      const sel = selectorOf(rs)
      return !!sel && !sel.empty() && sel.matches(pod.metadata.labels)
    })
  }

  /** Active pods of every ReplicaSet with the same controller as `rs` (for co-location ranking). */
  private relatedPods(rs: ReplicaSet): Pod[] {
    const ref = getControllerOf(rs)
    if (!ref) return []
    const seen = new Set<string>()
    const out: Pod[] = []
    for (const other of this.rsInformer.list(rs.metadata.namespace)) {
      if (getControllerOf(other)?.uid !== ref.uid) continue
      const sel = selectorOf(other)
      if (!sel) continue
      for (const p of this.podInformer.list(rs.metadata.namespace)) {
        if (!sel.matches(p.metadata.labels) || seen.has(p.metadata.uid ?? '')) continue
        seen.add(p.metadata.uid ?? '')
        out.push(p)
      }
    }
    return out
  }

  /** One reconciliation of the ReplicaSet `key` (namespace/name). */
  async sync(key: string): Promise<void> {
    const rs = this.rsInformer.get(key)
    if (!rs) {
      this.expectations.delete(key)
      return
    }
    const selector = selectorOf(rs)
    if (!selector) {
      this.ctx.log(`${this.name}: ${key} has an invalid selector; not syncing`)
      return
    }
    const needsSync = this.expectations.satisfied(key)
    // candidates: the pods it controls and the orphans of its namespace (claimChildren ignores pods
    // controlled by others, so those need not be looked at)
    const ns = rs.metadata.namespace ?? ''
    const candidates = [...this.podInformer.byIndex(controllerIndex, `${ns}/${rs.metadata.uid ?? ''}`), ...this.podInformer.byIndex(controllerIndex, `${ns}/`)]
    const active = candidates.filter(isPodActive)
    const owned = await claimChildren(active, {
      client: this.ctx.client,
      childRef: podsRef,
      owner: rs,
      ownerKind: replicaSetKind,
      matches: (p) => selector.matches(p.metadata.labels),
      canAdopt: recheckOwner(this.ctx.client, replicaSetsRef, rs),
    })
    let manageError: Error | undefined
    if (needsSync && !rs.metadata.deletionTimestamp) manageError = await this.manageReplicas(key, rs, owned)
    const status = calculateReplicaSetStatus(rs, owned, manageError, this.now())
    await this.writeStatus(rs, status)
    const minReady = rs.spec?.minReadySeconds ?? 0
    if (!manageError && minReady > 0 && status.readyReplicas === desiredReplicas(rs) && status.availableReplicas !== desiredReplicas(rs)) {
      this.queue.addAfter(key, minReady * 1000)
    }
    if (manageError) throw manageError
  }

  private async manageReplicas(key: string, rs: ReplicaSet, owned: Pod[]): Promise<Error | undefined> {
    // the related pods only rank a surplus for deletion: not gathered when there is none
    const related = owned.length > desiredReplicas(rs) ? this.relatedPods(rs) : []
    const actions = reconcileReplicaSet(rs, owned, related, this.now())
    if (actions.create > 0) {
      this.expectations.expectCreations(key, actions.create)
      let created = 0
      let error: Error | undefined
      for (const size of slowStartBatches(actions.create)) {
        const results = await Promise.allSettled(Array.from({length: size}, () => this.createPod(rs)))
        const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as Error)
        created += size - failures.length
        const real = failures.filter((e) => !isNamespaceTerminating(e))
        if (failures.length) {
          error = real[0]
          break
        }
      }
      // creations that failed or were never attempted will not be observed
      for (let i = created; i < actions.create; i++) this.expectations.creationObserved(key)
      return error
    }
    if (actions.delete.length > 0) {
      this.expectations.expectDeletions(key, actions.delete.map(podKey))
      const results = await Promise.allSettled(actions.delete.map((p) => this.removePod(rs, p)))
      let error: Error | undefined
      results.forEach((r, i) => {
        if (r.status === 'fulfilled') return
        this.expectations.deletionObserved(key, podKey(actions.delete[i]))
        if (!isNotFound(r.reason)) error ??= r.reason as Error
      })
      return error
    }
    return undefined
  }

  private subject(rs: ReplicaSet) {
    return {apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: rs.metadata}
  }

  private async createPod(rs: ReplicaSet): Promise<void> {
    const pod = podFromTemplate(rs, newControllerRef(rs, replicaSetKind))
    try {
      if (!pod.metadata.labels || Object.keys(pod.metadata.labels).length === 0) throw new Error('unable to create pods, no labels')
      const created = await this.ctx.client.create(podsRef, pod, rs.metadata.namespace)
      this.recorder.event(this.subject(rs), 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`)
    } catch (err) {
      this.recorder.event(this.subject(rs), 'Warning', 'FailedCreate', `Error creating: ${(err as Error).message}`)
      throw err
    }
  }

  private async removePod(rs: ReplicaSet, pod: Pod): Promise<void> {
    const name = pod.metadata.name ?? ''
    try {
      await this.ctx.client.delete(podsRef, name, pod.metadata.namespace, {preconditions: {uid: pod.metadata.uid}})
      this.recorder.event(this.subject(rs), 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`)
    } catch (err) {
      if (!isNotFound(err)) this.recorder.event(this.subject(rs), 'Warning', 'FailedDelete', `Error deleting: ${(err as Error).message}`)
      throw err
    }
  }

  /** Writes the status when it changed; one retry on a fresh copy after a failure (updateReplicaSetStatus). */
  private async writeStatus(rs: ReplicaSet, status: ReplicaSetStatus): Promise<void> {
    if (!replicaSetStatusChanged(rs, status)) return
    let cur = rs
    for (let attempt = 0; ; attempt++) {
      try {
        await this.ctx.client.updateStatus(replicaSetsRef, {...cur, status})
        return
      } catch (err) {
        if (attempt >= 1 || isNotFound(err)) throw err
        cur = await this.ctx.client.get<ReplicaSet>(replicaSetsRef, rs.metadata.name ?? '', rs.metadata.namespace)
      }
    }
  }
}
