/**
 * Completion indexes of Indexed jobs (indexed_job_utils.go): the status.completedIndexes interval syntax
 * ("1,3-5,7"), pods' completion index, and which indexes still need a pod.
 */
import type {Pod} from '../../api/types/pod.js'
import {completionIndexAnnotation} from './refs.js'

/** Sorted, disjoint, non-adjacent closed intervals of indexes. */
export type Intervals = [number, number][]

/** Parses "1,3-5" into intervals, ignoring malformed parts and indexes ≥ completions. */
export function parseIndexes(s: string | undefined, completions: number): Intervals {
  const set = new Set<number>()
  for (const part of (s ?? '').split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim())
    if (!m) continue
    const lo = Number(m[1])
    const hi = m[2] === undefined ? lo : Number(m[2])
    if (hi < lo) continue
    for (let i = lo; i <= Math.min(hi, completions - 1); i++) set.add(i)
  }
  return toIntervals([...set])
}

/** Intervals from a list of indexes (any order, duplicates allowed). */
export function toIntervals(indexes: readonly number[]): Intervals {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b)
  const out: Intervals = []
  for (const i of sorted) {
    const last = out[out.length - 1]
    if (last && i === last[1] + 1) last[1] = i
    else out.push([i, i])
  }
  return out
}

/** "1,3-5" (single indexes alone, runs of two or more as ranges). */
export function formatIntervals(iv: Intervals): string {
  return iv.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`)).join(',')
}

/** Number of indexes in `iv`. */
export function intervalsTotal(iv: Intervals): number {
  return iv.reduce((n, [a, b]) => n + b - a + 1, 0)
}

/** Whether `i` is in `iv`. */
export function intervalsHas(iv: Intervals, i: number): boolean {
  return iv.some(([a, b]) => i >= a && i <= b)
}

/** The union of `iv` and `more`. */
export function withIndexes(iv: Intervals, more: readonly number[]): Intervals {
  const all: number[] = [...more]
  for (const [a, b] of iv) for (let i = a; i <= b; i++) all.push(i)
  return toIntervals(all)
}

/** The pod's completion index, or -1 when it has none (or an invalid one). */
export function completionIndex(pod: Pod): number {
  const v = pod.metadata.annotations?.[completionIndexAnnotation]
  if (v === undefined || !/^\d+$/.test(v)) return -1
  return Number(v)
}

/** The first `count` indexes below `completions` that are neither succeeded nor `taken`, ascending. */
export function firstPendingIndexes(succeeded: Intervals, taken: ReadonlySet<number>, count: number, completions: number): number[] {
  const out: number[] = []
  for (let i = 0; i < completions && out.length < count; i++) if (!intervalsHas(succeeded, i) && !taken.has(i)) out.push(i)
  return out
}
