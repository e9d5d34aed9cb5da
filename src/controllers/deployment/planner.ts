/**
 * Planner: the deployment controller's sync as a pure computation. It works on copies of the
 * Deployment and its ReplicaSets, mirrors each write the upstream controller would make (create /
 * update / delete a ReplicaSet) as an action — applying it to its copies so later steps see the result
 * — and leaves the Deployment's new annotations and status in `d`.
 */
import type {Deployment, ReplicaSet} from '../../api/types/apps.js'
import type {Pod} from '../../api/types/pod.js'
import {semanticEqual} from '../../api/validation/equal.js'
import {nowRfc3339} from '../../util/time.js'
import {getCondition, setCondition} from '../common/conditions.js'
import {newControllerRef} from '../common/controller-ref.js'
import {deploymentKind} from '../common/refs.js'
import {maxRevision, podTemplateHashLabel, replicasAnnotationsNeedUpdate, revisionAnnotation, setDeploymentRevision, setNewReplicaSetAnnotations, setReplicasAnnotations} from './annotations.js'
import {computeHash} from './hash.js'
import {byRevision, bySizeNewer, bySizeOlder, filterActive, findActiveOrLatest, findNewReplicaSet, findOldReplicaSets, isSaturated, newRSNewReplicas, proportionFor, replicasOf, specReplicaCount} from './replicasets.js'
import {calculateStatus, hasProgressDeadline, newCondition, reasons, rolloutStatus, stuckRequeueAfterMs} from './status.js'
import {deploymentReplicas, isRollingUpdate, maxSurge} from './strategy.js'

/** A write the controller must make, in plan order. */
export type DeploymentAction =
  | {type: 'createReplicaSet'; rs: ReplicaSet}
  | {type: 'updateReplicaSet'; rs: ReplicaSet; scaled?: {operation: 'up' | 'down'; from: number; to: number}}
  | {type: 'deleteReplicaSet'; rs: ReplicaSet}
  | {type: 'event'; eventType: 'Normal' | 'Warning'; reason: string; message: string}

/** What planDeployment reads: the Deployment, the ReplicaSets it owns, and their pods. */
export interface DeploymentInput {
  deployment: Deployment
  /** ReplicaSets controlled by the Deployment (after claiming) */
  replicaSets: readonly ReplicaSet[]
  /** pods controlled by those ReplicaSets, by ReplicaSet uid (Recreate waits for old ones to be gone) */
  podsByReplicaSet: ReadonlyMap<string, readonly Pod[]>
  now: Date
}

/** Working state of one sync. */
export class Planner {
  /** the Deployment as it will be written (annotations and status) */
  readonly d: Deployment
  readonly actions: DeploymentAction[] = []
  /** working copies of the owned ReplicaSets (plus any planned new one) */
  readonly rsList: ReplicaSet[]
  readonly now: Date
  /** milliseconds after which to sync again to check the progress deadline (0: soon, rate-limited) */
  requeueAfterMs: number | undefined

  constructor(readonly input: DeploymentInput) {
    this.d = structuredClone(input.deployment)
    this.rsList = input.replicaSets.map((rs) => structuredClone(rs))
    this.now = input.now
  }

  /** The new ReplicaSet (created when missing and `create`) and all old ones, revisions synced (getAllReplicaSetsAndSyncRevision). */
  newAndOld(create: boolean): {newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[]} {
    const oldRSs = findOldReplicaSets(this.d, this.rsList)
    return {newRS: this.newReplicaSet(oldRSs, create), oldRSs}
  }

  private newReplicaSet(oldRSs: ReplicaSet[], create: boolean): ReplicaSet | undefined {
    const d = this.d
    const existing = findNewReplicaSet(d, this.rsList)
    const newRevision = maxRevision(oldRSs) + 1
    if (existing) {
      const annotated = setNewReplicaSetAnnotations(d, existing, newRevision, true)
      if (annotated || (existing.spec?.minReadySeconds ?? 0) !== (d.spec?.minReadySeconds ?? 0)) {
        existing.spec = {...existing.spec!, minReadySeconds: d.spec?.minReadySeconds ?? 0}
        this.actions.push({type: 'updateReplicaSet', rs: structuredClone(existing)})
      }
      setDeploymentRevision(d, existing.metadata.annotations?.[revisionAnnotation] ?? '')
      if (hasProgressDeadline(d) && !getCondition(d.status?.conditions, 'Progressing')) {
        this.setCondition(newCondition('Progressing', 'True', reasons.foundNewReplicaSet, `Found new replica set "${existing.metadata.name}"`, this.now))
      }
      return existing
    }
    if (!create) return undefined
    const template = structuredClone(d.spec!.template)
    const hash = computeHash(d.spec!.template, d.status?.collisionCount)
    template.metadata = {...(template.metadata ?? {}), labels: {...(template.metadata?.labels ?? {}), [podTemplateHashLabel]: hash}}
    const selector = structuredClone(d.spec!.selector)
    selector.matchLabels = {...(selector.matchLabels ?? {}), [podTemplateHashLabel]: hash}
    const rs: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {name: `${d.metadata.name}-${hash}`, namespace: d.metadata.namespace, labels: {...template.metadata.labels}, ownerReferences: [newControllerRef(d, deploymentKind)]},
      spec: {replicas: 0, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template},
    }
    rs.spec!.replicas = newRSNewReplicas(d, [...oldRSs, rs], rs)
    setNewReplicaSetAnnotations(d, rs, newRevision, false)
    this.actions.push({type: 'createReplicaSet', rs: structuredClone(rs)})
    // the working copy sorts as the newest ReplicaSet
    rs.metadata.creationTimestamp = nowRfc3339(this.now)
    this.rsList.push(rs)
    setDeploymentRevision(d, String(newRevision))
    if (hasProgressDeadline(d)) this.setCondition(newCondition('Progressing', 'True', reasons.newReplicaSetCreated, `Created new replica set "${rs.metadata.name}"`, this.now))
    return rs
  }

  /** Sets a condition on the working Deployment status. */
  setCondition(cond: ReturnType<typeof newCondition>): void {
    this.d.status = {...(this.d.status ?? {}), conditions: setCondition(this.d.status?.conditions, cond)}
  }

  /** Scales `rs` to `newScale` (scaleReplicaSetAndRecordEvent); true when its size changed. */
  scaleAndRecord(rs: ReplicaSet, newScale: number): boolean {
    if (replicasOf(rs) === newScale) return false
    return this.scaleReplicaSet(rs, newScale, replicasOf(rs) < newScale ? 'up' : 'down')
  }

  /** Sets the size and the replica annotations of `rs` (scaleReplicaSet); true when its size changed. */
  scaleReplicaSet(rs: ReplicaSet, newScale: number, operation: 'up' | 'down' | undefined): boolean {
    const d = this.d
    const desired = deploymentReplicas(d)
    const max = desired + maxSurge(d)
    const sizeChange = replicasOf(rs) !== newScale
    if (!sizeChange && !replicasAnnotationsNeedUpdate(rs, desired, max)) return false
    const from = replicasOf(rs)
    rs.spec = {...rs.spec!, replicas: newScale}
    setReplicasAnnotations(rs, desired, max)
    this.actions.push({type: 'updateReplicaSet', rs: structuredClone(rs), ...(sizeChange ? {scaled: {operation: operation ?? (from < newScale ? 'up' : 'down'), from, to: newScale}} : {})})
    return sizeChange
  }

  /**
   * Resizes the ReplicaSets after spec.replicas changed (scale): the single active one takes the new
   * size; a saturated new one leaves old ones at 0; during a rolling update the difference is spread in
   * proportion to their sizes, leftovers going to the largest.
   */
  scale(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): void {
    const d = this.d
    const replicas = deploymentReplicas(d)
    const single = findActiveOrLatest(newRS, oldRSs)
    if (single) {
      if (replicasOf(single) !== replicas) this.scaleAndRecord(single, replicas)
      return
    }
    if (isSaturated(d, newRS)) {
      for (const old of filterActive(oldRSs)) this.scaleAndRecord(old, 0)
      return
    }
    if (!isRollingUpdate(d)) return
    const all = filterActive([...oldRSs, newRS])
    const allowed = replicas > 0 ? replicas + maxSurge(d) : 0
    const toAdd = allowed - specReplicaCount(all)
    let operation: 'up' | 'down' | undefined
    if (toAdd > 0) (all.sort(bySizeNewer), (operation = 'up'))
    else if (toAdd < 0) (all.sort(bySizeOlder), (operation = 'down'))
    let added = 0
    const sizes = all.map((rs) => {
      if (toAdd === 0) return replicasOf(rs)
      const p = proportionFor(rs, d, toAdd, added)
      added += p
      return replicasOf(rs) + p
    })
    if (toAdd !== 0 && sizes.length) sizes[0] = Math.max(0, sizes[0] + toAdd - added)
    all.forEach((rs, i) => this.scaleReplicaSet(rs, sizes[i], operation))
  }

  /** Deletes the oldest zero-size old ReplicaSets beyond revisionHistoryLimit (cleanupDeployment). */
  cleanup(oldRSs: readonly ReplicaSet[]): void {
    const limit = this.d.spec?.revisionHistoryLimit
    if (limit === undefined || limit === null || limit === 2147483647) return
    const alive = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp)
    const diff = alive.length - limit
    if (diff <= 0) return
    for (const rs of [...alive].sort(byRevision).slice(0, diff)) {
      if ((rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0) continue
      if ((rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue
      this.actions.push({type: 'deleteReplicaSet', rs: structuredClone(rs)})
    }
  }

  /** Status for scaling/paused syncs (syncDeploymentStatus). */
  syncStatus(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): void {
    this.d.status = calculateStatus(allRSs, newRS, this.d, this.now)
  }

  /** Status after a rollout step (syncRolloutStatus); schedules a deadline check when nothing changed. */
  syncRolloutStatus(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): void {
    const next = rolloutStatus(allRSs, newRS, this.d, this.now)
    if (semanticEqual(this.d.status ?? {}, next)) this.requeueAfterMs = stuckRequeueAfterMs(this.d, next, this.now)
    this.d.status = next
  }
}
