/**
 * The scheduling framework's core, pure: for one pod, run the Filter plugins over the nodes to find the
 * feasible ones, run the Score plugins over those, pick the best (ties broken at random by reservoir
 * sampling, as upstream's selectHost), or explain the failure with upstream's FitError message.
 *
 * Like upstream, not every node is filtered on large clusters: the search stops once
 * numFeasibleNodesToFind nodes fit (percentageOfNodesToScore; adaptive by default: 50% − nodes/125, at
 * least 5% and at least 100 nodes; clusters under 100 nodes are searched entirely), and the next search
 * starts where the previous stopped, so every node is considered in turn. A pod that fits nowhere is
 * checked against every node, so its failure message covers the whole cluster.
 */
import {balancedAllocation} from './plugins/balanced-allocation.js'
import {leastAllocated} from './plugins/least-allocated.js'
import {nodeAffinity} from './plugins/node-affinity.js'
import {nodeName} from './plugins/node-name.js'
import {nodePorts} from './plugins/node-ports.js'
import {nodeReady} from './plugins/node-ready.js'
import {nodeResourcesFit} from './plugins/node-resources-fit.js'
import {nodeUnschedulable} from './plugins/node-unschedulable.js'
import {selectorSpread} from './plugins/selector-spread.js'
import {taintToleration} from './plugins/taint-toleration.js'
import type {FilterPlugin, NodeInfo, PodInfo, ScorePlugin} from './types.js'

/** Upstream's message when the cluster has no nodes at all. */
export const ERR_NO_NODES_AVAILABLE = 'no nodes available to schedule pods'

/** Filters in upstream's default order (NodeReady, mkube's, stands where the not-ready taints would act). */
export const defaultFilterPlugins: readonly FilterPlugin[] = [nodeUnschedulable, nodeName, taintToleration, nodeReady, nodeAffinity, nodePorts, nodeResourcesFit]

/** Scores with upstream's default weights (TaintToleration 3, NodeAffinity 2, spreading 2, resources 1 + 1). */
export const defaultScorePlugins: readonly ScorePlugin[] = [taintToleration, nodeAffinity, selectorSpread, leastAllocated, balancedAllocation]

const MIN_FEASIBLE_NODES_TO_FIND = 100
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5

/**
 * How many feasible nodes to find before scoring (upstream numFeasibleNodesToFind). `percentage` 0 (the
 * default) is adaptive: 50 − numAllNodes/125, at least 5; the result is at least 100 nodes.
 */
export function numFeasibleNodesToFind(numAllNodes: number, percentage = 0): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND || percentage >= 100) return numAllNodes
  let pct = percentage
  if (pct <= 0) pct = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND, 50 - Math.trunc(numAllNodes / 125))
  const n = Math.trunc((numAllNodes * pct) / 100)
  return Math.max(n, MIN_FEASIBLE_NODES_TO_FIND)
}

/**
 * Upstream's FitError message: "0/N nodes are available: " then the histogram of reasons over the failed
 * nodes, each "<count> <reason>", sorted as strings (Go's sort.Strings), joined by ", ", ending with ".".
 */
export function fitErrorMessage(numAllNodes: number, nodeReasons: Iterable<readonly string[]>): string {
  const counts = new Map<string, number>()
  for (const reasons of nodeReasons) for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1)
  const parts = [...counts].map(([r, n]) => `${n} ${r}`)
  parts.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  let msg = `0/${numAllNodes} nodes are available:`
  if (parts.length) msg += ` ${parts.join(', ')}.`
  return msg
}

/**
 * Index of the highest score; among equal highest scores each is picked with equal probability
 * (reservoir sampling, upstream's selectHost). `random` returns [0, 1).
 */
export function selectHost(scores: ArrayLike<number>, random: () => number = Math.random): number {
  let best = 0
  let count = 1
  for (let i = 1; i < scores.length; i++) {
    if (scores[i] > scores[best]) {
      best = i
      count = 1
    } else if (scores[i] === scores[best]) {
      count++
      if (Math.floor(random() * count) === 0) best = i
    }
  }
  return best
}

/** A successful decision. */
export interface ScheduleSuccess {
  ok: true
  node: string
  /** nodes filtered in this cycle */
  evaluatedNodes: number
  feasibleNodes: number
}

/** A failed decision: why each node was rejected, and upstream's message. */
export interface ScheduleFailure {
  ok: false
  numAllNodes: number
  /** node name → reasons (empty when there are no nodes) */
  reasons: Map<string, readonly string[]>
  message: string
}

/** The outcome of one scheduling cycle. */
export type ScheduleResult = ScheduleSuccess | ScheduleFailure

/** Configuration of a Framework. */
export interface FrameworkOptions {
  filters?: readonly FilterPlugin[]
  scores?: readonly ScorePlugin[]
  /** weight overrides by plugin name */
  weights?: Record<string, number>
  /** 0 (default): adaptive; 100: every node */
  percentageOfNodesToScore?: number
  /** [0, 1) source for tie-breaking (default Math.random) */
  random?: () => number
}

/** A scheduling profile: its plugins, plus the round-robin position of the node search. */
export class Framework {
  private readonly filters: readonly FilterPlugin[]
  private readonly scores: readonly ScorePlugin[]
  private readonly weights: number[]
  private readonly percentage: number
  private readonly random: () => number
  private nextStartNodeIndex = 0

  constructor(opts: FrameworkOptions = {}) {
    this.filters = opts.filters ?? defaultFilterPlugins
    this.scores = opts.scores ?? defaultScorePlugins
    this.weights = this.scores.map((p) => opts.weights?.[p.name] ?? p.weight)
    this.percentage = opts.percentageOfNodesToScore ?? 0
    this.random = opts.random ?? Math.random
  }

  /** Runs one scheduling cycle for `pod` over `nodes` (read only). */
  schedule(pod: PodInfo, nodes: readonly NodeInfo[]): ScheduleResult {
    const n = nodes.length
    if (n === 0) return {ok: false, numAllNodes: 0, reasons: new Map(), message: ERR_NO_NODES_AVAILABLE}
    const plugins: FilterPlugin[] = []
    const states: unknown[] = []
    for (const p of this.filters) {
      const s = p.preFilter(pod)
      if (s === null) continue
      plugins.push(p)
      states.push(s)
    }
    const want = numFeasibleNodesToFind(n, this.percentage)
    const feasible: NodeInfo[] = []
    const failed = new Map<string, readonly string[]>()
    const start = this.nextStartNodeIndex % n
    let processed = 0
    for (let i = 0; i < n && feasible.length < want; i++) {
      const node = nodes[(start + i) % n]
      processed++
      let reasons: readonly string[] | null = null
      for (let j = 0; j < plugins.length; j++) {
        reasons = plugins[j].filter(states[j], pod, node)
        if (reasons) break
      }
      if (reasons) failed.set(node.name, reasons)
      else feasible.push(node)
    }
    this.nextStartNodeIndex = (start + processed) % n
    if (feasible.length === 0) return {ok: false, numAllNodes: n, reasons: failed, message: fitErrorMessage(n, failed.values())}
    if (feasible.length === 1) return {ok: true, node: feasible[0].name, evaluatedNodes: processed, feasibleNodes: 1}
    const best = feasible[selectHost(this.prioritize(pod, feasible), this.random)]
    return {ok: true, node: best.name, evaluatedNodes: processed, feasibleNodes: feasible.length}
  }

  /** The weighted total score of each feasible node. */
  prioritize(pod: PodInfo, feasible: readonly NodeInfo[]): Float64Array {
    const total = new Float64Array(feasible.length)
    const buf = new Float64Array(feasible.length)
    for (let k = 0; k < this.scores.length; k++) {
      const p = this.scores[k]
      const w = this.weights[k]
      if (w === 0) continue
      const s = p.preScore(pod, feasible)
      if (s === null) continue
      for (let i = 0; i < feasible.length; i++) buf[i] = p.score(s, pod, feasible[i])
      p.normalize?.(s, buf, feasible)
      for (let i = 0; i < feasible.length; i++) total[i] += w * buf[i]
    }
    return total
  }
}
