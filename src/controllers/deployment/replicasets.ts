/**
 * Operations on a Deployment's ReplicaSets (deployment util): which one is new, counts, orderings,
 * saturation, and the sizes rolling updates and proportional scaling compute.
 */
import type {Deployment, ReplicaSet} from '../../api/types/apps.js'
import type {PodTemplateSpec} from '../../api/types/pod.js'
import {semanticEqual} from '../../api/validation/equal.js'
import {parseTime} from '../../util/time.js'
import {desiredReplicasOf, maxReplicasOf, podTemplateHashLabel, revisionOf} from './annotations.js'
import {deploymentReplicas, isRollingUpdate, maxSurge, resolveFenceposts} from './strategy.js'

/** spec.replicas of a ReplicaSet (defaulted to 1). */
export function replicasOf(rs: ReplicaSet): number {
  return rs.spec?.replicas ?? 1
}

function created(o: ReplicaSet): number {
  return parseTime(o.metadata.creationTimestamp)?.getTime() ?? 0
}

/** Oldest first; the name breaks ties (ReplicaSetsByCreationTimestamp). */
export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  const d = created(a) - created(b)
  if (d !== 0) return d
  const na = a.metadata.name ?? ''
  const nb = b.metadata.name ?? ''
  return na < nb ? -1 : na > nb ? 1 : 0
}

/** Largest first, then oldest (ReplicaSetsBySizeOlder). */
export function bySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  return replicasOf(b) - replicasOf(a) || byCreation(a, b)
}

/** Largest first, then newest (ReplicaSetsBySizeNewer). */
export function bySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  return replicasOf(b) - replicasOf(a) || byCreation(b, a)
}

/** Lowest revision first, then oldest (ReplicaSetsByRevision). */
export function byRevision(a: ReplicaSet, b: ReplicaSet): number {
  const ra = revisionOf(a) ?? 0
  const rb = revisionOf(b) ?? 0
  return ra !== rb ? ra - rb : byCreation(a, b)
}

function withoutHash(t: PodTemplateSpec | undefined): PodTemplateSpec {
  const c = structuredClone(t ?? {})
  if (c.metadata?.labels) delete c.metadata.labels[podTemplateHashLabel]
  return c
}

/** Templates equal but for the pod-template-hash label (EqualIgnoreHash, with semantic equality). */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return semanticEqual(withoutHash(a), withoutHash(b))
}

/** The oldest ReplicaSet whose template is the Deployment's (FindNewReplicaSet). */
export function findNewReplicaSet(d: Deployment, rsList: readonly ReplicaSet[]): ReplicaSet | undefined {
  return [...rsList].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template))
}

/** Every ReplicaSet but the new one (FindOldReplicaSets' allOldRSs). */
export function findOldReplicaSets(d: Deployment, rsList: readonly ReplicaSet[]): ReplicaSet[] {
  const newRS = findNewReplicaSet(d, rsList)
  return rsList.filter((rs) => rs !== newRS && (!newRS || rs.metadata.uid !== newRS.metadata.uid))
}

/** ReplicaSets that should have pods (spec.replicas > 0). */
export function filterActive(rss: readonly (ReplicaSet | undefined)[]): ReplicaSet[] {
  return rss.filter((rs): rs is ReplicaSet => !!rs && replicasOf(rs) > 0)
}

const sum = (rss: readonly (ReplicaSet | undefined)[], f: (rs: ReplicaSet) => number) => rss.reduce((n, rs) => n + (rs ? f(rs) : 0), 0)

/** Sum of spec.replicas. */
export const specReplicaCount = (rss: readonly (ReplicaSet | undefined)[]) => sum(rss, replicasOf)
/** Sum of status.replicas (pods that exist). */
export const actualReplicaCount = (rss: readonly (ReplicaSet | undefined)[]) => sum(rss, (rs) => rs.status?.replicas ?? 0)
/** Sum of status.readyReplicas. */
export const readyReplicaCount = (rss: readonly (ReplicaSet | undefined)[]) => sum(rss, (rs) => rs.status?.readyReplicas ?? 0)
/** Sum of status.availableReplicas. */
export const availableReplicaCount = (rss: readonly (ReplicaSet | undefined)[]) => sum(rss, (rs) => rs.status?.availableReplicas ?? 0)

/**
 * Size of the new ReplicaSet for the next rollout step (NewRSNewReplicas): Recreate → spec.replicas;
 * RollingUpdate → grow while the total stays within replicas + maxSurge, never above spec.replicas.
 */
export function newRSNewReplicas(d: Deployment, allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet): number {
  const replicas = deploymentReplicas(d)
  if (!isRollingUpdate(d)) return replicas
  const ru = d.spec?.strategy?.rollingUpdate
  const {surge} = resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicas)
  const current = specReplicaCount(allRSs)
  const maxTotal = replicas + surge
  if (current >= maxTotal) return replicasOf(newRS)
  return replicasOf(newRS) + Math.min(maxTotal - current, replicas - replicasOf(newRS))
}

/** The new ReplicaSet runs spec.replicas available pods and was annotated for that size (IsSaturated). */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false
  const replicas = deploymentReplicas(d)
  return replicasOf(rs) === replicas && desiredReplicasOf(rs) === replicas && (rs.status?.availableReplicas ?? 0) === replicas
}

/** The only active ReplicaSet; with none active, the new one or else the newest old one; undefined when several are active (FindActiveOrLatest). */
export function findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined
  const newestFirst = [...oldRSs].sort((a, b) => byCreation(b, a))
  const active = filterActive([...newestFirst, newRS])
  if (active.length === 0) return newRS ?? newestFirst[0]
  return active.length === 1 ? active[0] : undefined
}

/**
 * Replicas to add to (or remove from) `rs` when the Deployment is resized mid-rollout (GetProportion):
 * its share of `toAdd` by its size relative to the size the Deployment had (max-replicas annotation),
 * bounded by what is left to distribute.
 */
export function proportionFor(rs: ReplicaSet, d: Deployment, toAdd: number, added: number): number {
  if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0
  const fraction = replicaSetFraction(rs, d)
  const allowed = toAdd - added
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed)
}

function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  const replicas = deploymentReplicas(d)
  if (replicas === 0) return -replicasOf(rs)
  const deploymentMax = replicas + maxSurge(d)
  const annotated = maxReplicasOf(rs) ?? d.status?.replicas ?? 0
  if (annotated === 0) return 0
  return Math.round((replicasOf(rs) * deploymentMax) / annotated) - replicasOf(rs)
}
