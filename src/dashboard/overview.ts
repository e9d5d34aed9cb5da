/**
 * The overview model: cluster health at a glance, computed from the informer caches and the /readyz
 * probe. Pure.
 */
import type {KubeObject} from '../api/meta.js'
import {at, num, str, time} from '../api/printers/access.js'
import {milliValue, value as quantityValue} from '../api/describe/quantity.js'
import {podResources, resourceList} from '../api/describe/resources.js'
import {desiredReplicas, eventRow, humanDuration, nodeRoles, nodeStatus, podRow} from '../api/printers/index.js'
import {podTone} from './render.js'
import type {Health} from './health.js'
import type {Tone} from './text.js'

/** The leader recorded in a leader-election Lease. */
export interface Leader {
  /** holderIdentity, or "none" when the lease is absent or unheld */
  holder: string
  /** age of renewTime ("3s"), when known */
  renewed?: string
  /** renewTime + leaseDurationSeconds has passed: the holder stopped renewing */
  expired: boolean
}

/** One node line. */
export interface NodeSummary {
  name: string
  status: string
  roles: string
  /** millicores */
  cpu: {requested: number; allocatable: number}
  /** bytes */
  memory: {requested: number; allocatable: number}
  pods: number
  podCapacity: number
  tone: Tone
}

/** One deployment line. */
export interface DeploymentSummary {
  namespace: string
  name: string
  ready: number
  desired: number
  upToDate: number
  available: number
  tone: Tone
}

/** One recent warning event. */
export interface WarningSummary {
  lastSeen: string
  namespace: string
  object: string
  reason: string
  message: string
  count: number
}

/** A pod that is not running and ready (nor completed). */
export interface PodProblem {
  namespace: string
  name: string
  ready: string
  status: string
  restarts: string
  age: string
  node: string
  tone: Tone
}

/** Everything the overview shows. */
export interface OverviewModel {
  health: Health
  scheduler: Leader
  controllerManager: Leader
  nodes: NodeSummary[]
  podPhases: {phase: string; count: number}[]
  podTotal: number
  /** pods needing attention, worst first */
  troubled: PodProblem[]
  deployments: DeploymentSummary[]
  warnings: WarningSummary[]
}

/** Inputs of overviewModel: the cached objects (all namespaces) and the last health probe. */
export interface OverviewInput {
  nodes: readonly KubeObject[]
  pods: readonly KubeObject[]
  deployments: readonly KubeObject[]
  events: readonly KubeObject[]
  /** leases of kube-system */
  leases: readonly KubeObject[]
  health: Health
  now: Date
}

/** The leader of the Lease `name` among `leases`. */
export function leaderOf(leases: readonly KubeObject[], name: string, now: Date): Leader {
  const lease = leases.find((l) => l.metadata.name === name)
  const holder = str(at(lease, 'spec', 'holderIdentity'))
  if (!lease || holder === '') return {holder: 'none', expired: false}
  const renew = time(at(lease, 'spec', 'renewTime'))
  const duration = num(at(lease, 'spec', 'leaseDurationSeconds'))
  const expired = renew !== undefined && duration > 0 && renew.getTime() + duration * 1000 < now.getTime()
  return {holder, renewed: renew ? humanDuration(now.getTime() - renew.getTime()) : undefined, expired}
}

const PHASES = ['Running', 'Pending', 'Succeeded', 'Failed', 'Unknown']

function terminated(pod: KubeObject): boolean {
  const phase = str(at(pod, 'status', 'phase'))
  return phase === 'Succeeded' || phase === 'Failed'
}

/**
 * Summaries of the nodes, not-ready ones first, then cordoned ones: Ready status, roles, allocatable vs
 * requested (the sum of the requests of the non-terminated pods bound to each).
 */
export function nodeSummaries(nodes: readonly KubeObject[], pods: readonly KubeObject[]): NodeSummary[] {
  const byNode = new Map<string, {cpu: number; memory: number; pods: number}>()
  for (const pod of pods) {
    const node = str(at(pod, 'spec', 'nodeName'))
    if (node === '' || terminated(pod)) continue
    const sum = byNode.get(node) ?? {cpu: 0, memory: 0, pods: 0}
    const req = podResources(pod, 'requests')
    const cpu = req.get('cpu')
    const memory = req.get('memory')
    sum.cpu += cpu ? milliValue(cpu) : 0
    sum.memory += memory ? quantityValue(memory) : 0
    sum.pods++
    byNode.set(node, sum)
  }
  return [...nodes]
    .map((node) => {
      const name = node.metadata.name ?? ''
      const alloc = resourceList(at(node, 'status', 'allocatable'))
      const used = byNode.get(name) ?? {cpu: 0, memory: 0, pods: 0}
      const status = nodeStatus(node)
      const cpu = alloc.get('cpu')
      const memory = alloc.get('memory')
      const podCap = alloc.get('pods')
      return {
        name,
        status,
        roles: nodeRoles(node).join(',') || '<none>',
        cpu: {requested: used.cpu, allocatable: cpu ? milliValue(cpu) : 0},
        memory: {requested: used.memory, allocatable: memory ? quantityValue(memory) : 0},
        pods: used.pods,
        podCapacity: podCap ? quantityValue(podCap) : 0,
        tone: (!status.startsWith('Ready') ? 'error' : status.includes('SchedulingDisabled') ? 'warn' : 'ok') as Tone,
      }
    })
    .sort((a, b) => NODE_RANK[a.tone] - NODE_RANK[b.tone] || a.name.localeCompare(b.name))
}

const NODE_RANK: Record<string, number> = {error: 0, warn: 1, ok: 2}

/** Pods counted by phase (Running, Pending, Succeeded, Failed, Unknown, then any other phase seen). */
export function podPhases(pods: readonly KubeObject[]): {phase: string; count: number}[] {
  const counts = new Map<string, number>(PHASES.map((p) => [p, 0]))
  for (const pod of pods) {
    const phase = str(at(pod, 'status', 'phase')) || 'Unknown'
    counts.set(phase, (counts.get(phase) ?? 0) + 1)
  }
  return [...counts].map(([phase, count]) => ({phase, count}))
}

function lastSeenMs(ev: unknown): number {
  const t = time(at(ev, 'series', 'lastObservedTime')) ?? time(at(ev, 'lastTimestamp')) ?? time(at(ev, 'eventTime')) ?? time(at(ev, 'firstTimestamp'))
  return t ? t.getTime() : 0
}

/** The most recent warning events, newest first. */
export function recentWarnings(events: readonly KubeObject[], now: Date, limit = 50): WarningSummary[] {
  return events
    .filter((e) => str(at(e, 'type')) === 'Warning')
    .sort((a, b) => lastSeenMs(b) - lastSeenMs(a))
    .slice(0, limit)
    .map((e) => {
      const cells = eventRow(e, now)
      return {lastSeen: String(cells[0]), namespace: e.metadata.namespace ?? '', object: String(cells[3]), reason: String(cells[2]), message: String(cells[6]), count: Number(cells[8]) || 1}
    })
}

const TONE_RANK: Record<string, number> = {error: 0, warn: 1}

/** Pods that are not running and ready nor completed (crash loops, pending, terminating…), errors first. */
export function troubledPods(pods: readonly KubeObject[], now: Date): PodProblem[] {
  const out: PodProblem[] = []
  for (const pod of pods) {
    const [name, ready, status, restarts, age, , node] = podRow(pod, now).map(String)
    const tone = podTone(status, ready)
    if (tone !== 'error' && tone !== 'warn') continue
    out.push({namespace: pod.metadata.namespace ?? '', name, ready, status, restarts, age, node, tone})
  }
  return out.sort((a, b) => TONE_RANK[a.tone] - TONE_RANK[b.tone] || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name))
}

/** Deployments with their ready/desired counts, not-ready ones first. */
export function deploymentSummaries(deployments: readonly KubeObject[]): DeploymentSummary[] {
  return deployments
    .map((d) => {
      const ready = num(at(d, 'status', 'readyReplicas'))
      const desired = desiredReplicas(d)
      const tone: Tone = ready >= desired ? 'ok' : ready === 0 ? 'error' : 'warn'
      return {namespace: d.metadata.namespace ?? '', name: d.metadata.name ?? '', ready, desired, upToDate: num(at(d, 'status', 'updatedReplicas')), available: num(at(d, 'status', 'availableReplicas')), tone}
    })
    .sort((a, b) => Number(a.ready >= a.desired) - Number(b.ready >= b.desired) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name))
}

/** The overview model. */
export function overviewModel(i: OverviewInput): OverviewModel {
  return {
    health: i.health,
    scheduler: leaderOf(i.leases, 'kube-scheduler', i.now),
    controllerManager: leaderOf(i.leases, 'kube-controller-manager', i.now),
    nodes: nodeSummaries(i.nodes, i.pods),
    podPhases: podPhases(i.pods),
    podTotal: i.pods.length,
    troubled: troubledPods(i.pods, i.now),
    deployments: deploymentSummaries(i.deployments),
    warnings: recentWarnings(i.events, i.now),
  }
}
