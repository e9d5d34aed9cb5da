/**
 * The Deployment controller (apps/v1): claims ReplicaSets, plans each sync with planDeployment and
 * applies the plan (ReplicaSet creates/updates/deletes, events, the Deployment's status), handling
 * hash collisions and creation failures as upstream does.
 */
import type {LabelSelector} from '../../api/meta.js'
import type {Deployment, ReplicaSet} from '../../api/types/apps.js'
import type {Pod} from '../../api/types/pod.js'
import {labelSelectorAsSelector, type Selector} from '../../api/selectors/index.js'
import type {EventRecorder} from '../../client/events.js'
import {isAlreadyExists, isNotFound} from '../../client/errors.js'
import type {Informer} from '../../client/informer.js'
import {WorkQueue} from '../../client/workqueue.js'
import {jsonEqual} from '../../util/json.js'
import type {Controller, ControllerContext} from '../types.js'
import {claimChildren, recheckOwner} from '../common/claim.js'
import {setCondition} from '../common/conditions.js'
import {controllerIndex, controllerIndexValues, getControllerOf, resolveControllerRef} from '../common/controller-ref.js'
import {deploymentKind, deploymentsRef, podsRef, replicaSetsRef} from '../common/refs.js'
import {keyOf, runQueue} from '../common/run.js'
import {planDeployment, selectsEverything, type DeploymentPlan} from './plan.js'
import type {DeploymentAction} from './planner.js'
import {equalIgnoreHash} from './replicasets.js'
import {hasProgressDeadline, newCondition, reasons} from './status.js'

/** Options of the Deployment controller (tests inject a clock). */
export interface DeploymentControllerOptions {
  now?: () => Date
}

function selectorOf(obj: {spec?: {selector?: LabelSelector}}): Selector | undefined {
  try {
    return labelSelectorAsSelector(obj.spec?.selector)
  } catch {
    return undefined
  }
}

const subject = (d: Deployment) => ({apiVersion: 'apps/v1', kind: 'Deployment', metadata: d.metadata})

/** Rolls Deployments out through ReplicaSets. */
export class DeploymentController implements Controller {
  readonly name = 'deployment-controller'
  /** keys (`namespace/name`) of Deployments to sync */
  readonly queue = new WorkQueue<string>()
  private readonly now: () => Date
  private ctx!: ControllerContext
  private recorder!: EventRecorder
  private dInformer!: Informer<Deployment>
  private rsInformer!: Informer<ReplicaSet>
  private podInformer!: Informer<Pod>

  constructor(opts: DeploymentControllerOptions = {}) {
    this.now = opts.now ?? (() => new Date())
  }

  start(ctx: ControllerContext): void {
    this.ctx = ctx
    this.recorder = ctx.recorder(this.name)
    this.dInformer = ctx.informers.informer<Deployment>(deploymentsRef)
    this.rsInformer = ctx.informers.informer<ReplicaSet>(replicaSetsRef)
    this.podInformer = ctx.informers.informer<Pod>(podsRef)
    this.podInformer.addIndex(controllerIndex, controllerIndexValues)
    const enqueue = (d: Deployment) => this.queue.add(keyOf(d))
    this.dInformer.addHandlers({onAdd: enqueue, onUpdate: (_o, d) => enqueue(d), onDelete: enqueue})
    this.rsInformer.addHandlers({onAdd: (rs) => this.addReplicaSet(rs), onUpdate: (o, n) => this.updateReplicaSet(o, n), onDelete: (rs) => this.deleteReplicaSet(rs)})
    this.podInformer.addHandlers({onDelete: (p) => this.deletePod(p)})
  }

  run(signal: AbortSignal): Promise<void> {
    return runQueue(this.queue, this.ctx.options.workers, (key) => this.sync(key), signal, {name: this.name, log: this.ctx.log})
  }

  private owner(rs: ReplicaSet): Deployment | undefined {
    return resolveControllerRef(rs, 'Deployment', (k) => this.dInformer.get(k))
  }

  /** Deployments whose (non-empty) selector matches the ReplicaSet's labels. */
  private selectingDeployments(rs: ReplicaSet): Deployment[] {
    return this.dInformer.list(rs.metadata.namespace).filter((d) => {
      const sel = selectorOf(d)
      return !!sel && !sel.empty() && sel.matches(rs.metadata.labels)
    })
  }

  private addReplicaSet(rs: ReplicaSet): void {
    if (rs.metadata.deletionTimestamp) return this.deleteReplicaSet(rs)
    if (getControllerOf(rs)) {
      const d = this.owner(rs)
      if (d) this.queue.add(keyOf(d))
      return
    }
    for (const d of this.selectingDeployments(rs)) this.queue.add(keyOf(d))
  }

  private updateReplicaSet(old: ReplicaSet, cur: ReplicaSet): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return
    const refChanged = !jsonEqual(getControllerOf(old), getControllerOf(cur))
    if (refChanged) {
      const prev = this.owner(old)
      if (prev) this.queue.add(keyOf(prev))
    }
    if (getControllerOf(cur)) {
      const d = this.owner(cur)
      if (d) this.queue.add(keyOf(d))
      return
    }
    if (refChanged || !jsonEqual(old.metadata.labels ?? {}, cur.metadata.labels ?? {})) for (const d of this.selectingDeployments(cur)) this.queue.add(keyOf(d))
  }

  private deleteReplicaSet(rs: ReplicaSet): void {
    const d = this.owner(rs)
    if (d) this.queue.add(keyOf(d))
  }

  /** Recreate waits for old pods to be gone: look again when the last pod of a Deployment disappears. */
  private deletePod(pod: Pod): void {
    const rsRef = getControllerOf(pod)
    if (!rsRef || rsRef.kind !== 'ReplicaSet') return
    const rs = this.rsInformer.get(`${pod.metadata.namespace}/${rsRef.name}`)
    if (!rs || rs.metadata.uid !== rsRef.uid) return
    const d = this.owner(rs)
    if (!d || d.spec?.strategy?.type !== 'Recreate') return
    const owned = this.rsInformer.list(d.metadata.namespace).filter((r) => getControllerOf(r)?.uid === d.metadata.uid)
    if ([...this.podsByReplicaSet(d, owned).values()].every((l) => l.length === 0)) this.queue.add(keyOf(d))
  }

  /** Pods selected by the Deployment and controlled by one of `rsList`, by ReplicaSet uid (getPodMapForDeployment). */
  private podsByReplicaSet(d: Deployment, rsList: readonly ReplicaSet[]): Map<string, Pod[]> {
    const map = new Map<string, Pod[]>(rsList.map((rs) => [rs.metadata.uid ?? '', []]))
    const sel = selectorOf(d)
    if (!sel) return map
    for (const [uid, pods] of map) {
      for (const pod of this.podInformer.byIndex(controllerIndex, `${d.metadata.namespace ?? ''}/${uid}`)) if (sel.matches(pod.metadata.labels)) pods.push(pod)
    }
    return map
  }

  /** One reconciliation of the Deployment `key` (namespace/name). */
  async sync(key: string): Promise<void> {
    const d = this.dInformer.get(key)
    if (!d) return
    const selector = selectorOf(d)
    if (!selector) {
      this.ctx.log(`${this.name}: ${key} has an invalid selector; not syncing`)
      return
    }
    let rsList: ReplicaSet[] = []
    if (!selectsEverything(d)) {
      rsList = await claimChildren(this.rsInformer.list(d.metadata.namespace), {
        client: this.ctx.client,
        childRef: replicaSetsRef,
        owner: d,
        ownerKind: deploymentKind,
        matches: (rs) => selector.matches(rs.metadata.labels),
        canAdopt: recheckOwner(this.ctx.client, deploymentsRef, d),
      })
    }
    const plan = planDeployment({deployment: d, replicaSets: rsList, podsByReplicaSet: this.podsByReplicaSet(d, rsList), now: this.now()})
    await this.apply(key, d, plan)
  }

  private async apply(key: string, d: Deployment, plan: DeploymentPlan): Promise<void> {
    const versions = new Map<string, string>()
    for (const action of plan.actions) {
      const done = await this.applyAction(d, action, versions)
      if (!done) {
        this.queue.add(key)
        return
      }
    }
    if (plan.deployment) await this.ctx.client.updateStatus(deploymentsRef, plan.deployment)
    if (plan.requeueAfterMs === 0) this.queue.addRateLimited(key)
    else if (plan.requeueAfterMs !== undefined) this.queue.addAfter(key, plan.requeueAfterMs)
  }

  /** Applies one action; false when the rest of the plan is moot (sync again). */
  private async applyAction(d: Deployment, a: DeploymentAction, versions: Map<string, string>): Promise<boolean> {
    const client = this.ctx.client
    const ns = d.metadata.namespace
    switch (a.type) {
      case 'event':
        this.recorder.event(subject(d), a.eventType, a.reason, a.message)
        return true
      case 'createReplicaSet': {
        let created: ReplicaSet
        try {
          created = await client.create(replicaSetsRef, a.rs, ns)
        } catch (err) {
          if (isAlreadyExists(err)) return this.handleCollision(d, a.rs)
          const msg = `Failed to create new replica set "${a.rs.metadata.name}": ${(err as Error).message}`
          if (hasProgressDeadline(d)) {
            const failed = structuredClone(d)
            failed.status = {...(failed.status ?? {}), conditions: setCondition(failed.status?.conditions, newCondition('Progressing', 'False', reasons.replicaSetCreateError, msg, this.now()))}
            await client.updateStatus(deploymentsRef, failed).catch(() => undefined)
          }
          this.recorder.event(subject(d), 'Warning', reasons.replicaSetCreateError, msg)
          throw err
        }
        versions.set(created.metadata.name ?? '', created.metadata.resourceVersion ?? '')
        const n = created.spec?.replicas ?? 0
        if (n > 0) this.recorder.event(subject(d), 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} to ${n}`)
        return true
      }
      case 'updateReplicaSet': {
        const rs = structuredClone(a.rs)
        const rv = versions.get(rs.metadata.name ?? '')
        if (rv) rs.metadata.resourceVersion = rv
        const updated = await client.update(replicaSetsRef, rs, ns)
        versions.set(updated.metadata.name ?? '', updated.metadata.resourceVersion ?? '')
        if (a.scaled) this.recorder.event(subject(d), 'Normal', 'ScalingReplicaSet', `Scaled ${a.scaled.operation} replica set ${rs.metadata.name} to ${a.scaled.to} from ${a.scaled.from}`)
        return true
      }
      case 'deleteReplicaSet':
        try {
          await client.delete(replicaSetsRef, a.rs.metadata.name ?? '', ns, {preconditions: {uid: a.rs.metadata.uid}})
        } catch (err) {
          if (!isNotFound(err)) throw err
        }
        return true
    }
  }

  /**
   * The new ReplicaSet's name is taken. When it is ours with the same template the cache was just
   * behind (sync again); otherwise it is a hash collision: bump status.collisionCount so the next sync
   * computes another hash, and fail this one.
   */
  private async handleCollision(d: Deployment, planned: ReplicaSet): Promise<boolean> {
    const name = planned.metadata.name ?? ''
    const live = await this.ctx.client.get<ReplicaSet>(replicaSetsRef, name, d.metadata.namespace)
    if (getControllerOf(live)?.uid === d.metadata.uid && equalIgnoreHash(d.spec?.template, live.spec?.template)) return false
    const bumped = structuredClone(d)
    bumped.status = {...(bumped.status ?? {}), collisionCount: (d.status?.collisionCount ?? 0) + 1}
    await this.ctx.client.updateStatus(deploymentsRef, bumped)
    throw new Error(`replica set "${name}" already exists and is not the new replica set of deployment "${d.metadata.name}" (hash collision)`)
  }
}
