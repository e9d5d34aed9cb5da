/**
 * Status condition list helpers with the semantics of the workload controllers' util packages
 * (GetCondition / SetCondition / RemoveCondition).
 */
import type {Condition} from '../../api/meta.js'

/** The condition of `type`, if present. */
export function getCondition<C extends Condition>(conditions: readonly C[] | undefined, type: string): C | undefined {
  return conditions?.find((c) => c.type === type)
}

/**
 * Returns `conditions` with `cond` set: unchanged (same array) when a condition of that type already has
 * the same status and reason; otherwise the old one is replaced, `cond` appended at the end, and — when
 * the status did not change — the old lastTransitionTime kept.
 */
export function setCondition<C extends Condition>(conditions: readonly C[] | undefined, cond: C): C[] {
  const list = conditions ?? []
  const current = getCondition(list, cond.type)
  if (current && current.status === cond.status && current.reason === cond.reason) return [...list]
  const next = {...cond}
  if (current && current.status === cond.status) next.lastTransitionTime = current.lastTransitionTime
  return [...list.filter((c) => c.type !== cond.type), next]
}

/** Returns `conditions` without the condition of `type`. */
export function removeCondition<C extends Condition>(conditions: readonly C[] | undefined, type: string): C[] {
  return (conditions ?? []).filter((c) => c.type !== type)
}
