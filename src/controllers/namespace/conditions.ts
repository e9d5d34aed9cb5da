/**
 * Pure parts of namespace deletion: the status conditions the namespace controller maintains on a
 * Terminating namespace (status_condition_utils.go, messages word for word), the requeue estimate, and the
 * finalize body.
 */
import type {Condition} from '../../api/meta.js'
import type {Namespace} from '../../api/types/namespace.js'
import type {Pod} from '../../api/types/pod.js'
import {nowRfc3339} from '../../util/time.js'

/** The finalizer the namespace controller owns. */
export const kubernetesFinalizer = 'kubernetes'
/** Requeue estimate while remaining content waits on finalizers (upstream finalizerEstimateSeconds). */
export const finalizerEstimateSeconds = 15

/** The condition types maintained, in the order they are listed. */
export const namespaceConditionTypes = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const

const okReasons: Record<string, string> = {
  NamespaceDeletionDiscoveryFailure: 'ResourcesDiscovered',
  NamespaceDeletionGroupVersionParsingFailure: 'ParsedGroupVersions',
  NamespaceDeletionContentFailure: 'ContentDeleted',
  NamespaceContentRemaining: 'ContentRemoved',
  NamespaceFinalizersRemaining: 'ContentHasNoFinalizers',
}
const okMessages: Record<string, string> = {
  NamespaceDeletionDiscoveryFailure: 'All resources successfully discovered',
  NamespaceDeletionGroupVersionParsingFailure: 'All legacy kube types successfully parsed',
  NamespaceDeletionContentFailure: 'All content successfully deleted, may be waiting on finalization',
  NamespaceContentRemaining: 'All content successfully removed',
  NamespaceFinalizersRemaining: 'All content-preserving finalizers finished',
}

/** What deleting one resource of a namespace left behind. */
export interface ContentResult {
  /** plural resource */
  resource: string
  /** API group ('' for core) */
  group: string
  /** objects still listed after the delete */
  remaining: number
  /** finalizer → number of remaining objects carrying it */
  finalizers: Record<string, number>
  /** seconds to wait before looking again (graceful pod termination, finalizers); 0 = no reason to wait */
  estimateSeconds: number
  /** why deleting or listing failed */
  error?: string
}

/** The failing conditions (status True) the results call for (ProcessContentTotals, makeDeleteContentCondition). */
export function failingConditions(results: readonly ContentResult[], now: Date): Condition[] {
  const at = nowRfc3339(now)
  const out: Condition[] = []
  const errors = results.filter((r) => r.error).map((r) => r.error!)
  if (errors.length) {
    out.push({
      type: 'NamespaceDeletionContentFailure',
      status: 'True',
      lastTransitionTime: at,
      reason: 'ContentDeletionFailed',
      message: `Failed to delete all resource types, ${errors.length} remaining: ${[...errors].sort().join(', ')}`,
    })
  }
  const remaining = results.filter((r) => r.remaining > 0).map((r) => `${r.resource}.${r.group} has ${r.remaining} resource instances`)
  if (remaining.length) {
    out.push({type: 'NamespaceContentRemaining', status: 'True', lastTransitionTime: at, reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${remaining.sort().join(', ')}`})
  }
  const byFinalizer = new Map<string, number>()
  for (const r of results) for (const [f, n] of Object.entries(r.finalizers)) byFinalizer.set(f, (byFinalizer.get(f) ?? 0) + n)
  const fins = [...byFinalizer].filter(([, n]) => n > 0).map(([f, n]) => `${f} in ${n} resource instances`)
  if (fins.length) {
    out.push({
      type: 'NamespaceFinalizersRemaining',
      status: 'True',
      lastTransitionTime: at,
      reason: 'SomeFinalizersRemain',
      message: `Some content in the namespace has finalizers remaining: ${fins.sort().join(', ')}`,
    })
  }
  return out
}

/**
 * The namespace's conditions after a deletion pass (updateConditions): every maintained type is present —
 * the failing variant when `failing` has it, the "ok" one (status False) otherwise; conditions already
 * there keep their lastTransitionTime unless their status flips. Other condition types are kept.
 * Returns undefined when nothing changes.
 */
export function updatedConditions(current: readonly Condition[] | undefined, failing: readonly Condition[], now: Date): Condition[] | undefined {
  const at = nowRfc3339(now)
  const list = (current ?? []).map((c) => ({...c}))
  let changed = false
  for (const type of namespaceConditionTypes) {
    const want: Condition = failing.find((c) => c.type === type) ?? {type, status: 'False', lastTransitionTime: at, reason: okReasons[type], message: okMessages[type]}
    const old = list.find((c) => c.type === type)
    if (!old) {
      list.push({...want})
      changed = true
    } else if (old.status !== want.status || old.reason !== want.reason || old.message !== want.message) {
      if (old.status !== want.status) old.lastTransitionTime = at
      old.status = want.status
      old.reason = want.reason
      old.message = want.message
      changed = true
    }
  }
  return changed ? list : undefined
}

/**
 * Seconds pods may still take to terminate (estimateGracefulTerminationForPods): the longest
 * terminationGracePeriodSeconds of non-terminal pods, or 0 once that long has passed since the namespace's
 * deletion began.
 */
export function podTerminationEstimate(pods: readonly Pod[], namespaceDeletedAt: Date | undefined, now: Date): number {
  let estimate = 0
  for (const p of pods) {
    const phase = p.status?.phase
    if (phase === 'Succeeded' || phase === 'Failed') continue
    estimate = Math.max(estimate, p.spec?.terminationGracePeriodSeconds ?? 0)
  }
  if (namespaceDeletedAt && now.getTime() - namespaceDeletedAt.getTime() >= estimate * 1000) return 0
  return estimate
}

/** The requeue delay (ms) of a deletion pass that must wait `estimateSeconds` (upstream: estimate/2 + 1 s). */
export function requeueDelayMs(estimateSeconds: number): number {
  return (Math.floor(estimateSeconds / 2) + 1) * 1000
}

/** True while spec.finalizers still holds "kubernetes" (the namespace controller has work to do). */
export function hasKubernetesFinalizer(ns: Namespace): boolean {
  return (ns.spec?.finalizers ?? []).includes(kubernetesFinalizer)
}

/** The body of PUT namespaces/NAME/finalize: the namespace with "kubernetes" removed from spec.finalizers. */
export function finalizedNamespace(ns: Namespace): Namespace {
  const out = structuredClone(ns)
  out.spec = {...(out.spec ?? {}), finalizers: (ns.spec?.finalizers ?? []).filter((f) => f !== kubernetesFinalizer)}
  return out
}
