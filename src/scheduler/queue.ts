/**
 * SchedulingQueue (upstream's PriorityQueue): pods waiting to be scheduled.
 * - activeQ: ready to be tried, highest spec.priority first, then first in first out;
 * - backoffQ: failed recently, held for 1 s doubling per attempt up to 10 s, then moved to activeQ;
 * - unschedulable: did not fit anywhere; they stay until a cluster event may have made room
 *   (moveAllToActiveOrBackoff: node added or changed, pod deleted or finished — each goes to backoffQ if
 *   still backing off, else activeQ), until the pod itself changes, or for at most maxUnschedulableMs
 *   (checked every 30 s, as upstream's flushUnschedulablePodsLeftover).
 * A pod whose attempt overlapped a move request (the cluster changed while it was being scheduled) goes
 * to backoffQ rather than the unschedulable set, so the change is not missed.
 */
import type {Pod} from '../api/types/pod.js'
import {Heap} from './heap.js'
import {podInfo} from './podinfo.js'
import type {PodInfo} from './types.js'

/** A pod in the queue, as handed out by pop(). */
export interface QueuedPod {
  key: string
  /** the latest version of the pod seen */
  pod: Pod
  info: PodInfo
  /** scheduling attempts so far (pop() counts one) */
  attempts: number
  /** when it was last (re)queued: FIFO order and the start of its back-off */
  timestamp: number
  /** scheduling cycle of its last pop */
  cycle: number
  state: 'active' | 'backoff' | 'unschedulable' | 'inflight' | 'gone'
  /** the last failure message reported for it (status/event), to report only changes */
  lastMessage?: string
  /** changed while being scheduled: retry rather than park it as unschedulable */
  updatedInFlight: boolean
  seq: number
  gen: number
}

/** Tunables (upstream defaults except maxUnschedulableMs, 5 min upstream). */
export interface QueueOptions {
  initialBackoffMs?: number
  maxBackoffMs?: number
  /** pods unschedulable for longer are retried anyway (default 60 s) */
  maxUnschedulableMs?: number
  /** period of that check (default 30 s) */
  flushIntervalMs?: number
  now?: () => number
}

interface Item {
  e: QueuedPod
  gen: number
  at: number
}

function keyOf(pod: Pod): string {
  return `${pod.metadata.namespace || 'default'}/${pod.metadata.name ?? ''}`
}

function comparable(pod: Pod): string {
  const {resourceVersion: _rv, generation: _g, managedFields: _m, ...meta} = pod.metadata
  return JSON.stringify({...pod, metadata: meta, status: undefined})
}

/** Whether an update changed more than status, resourceVersion, generation or managedFields (upstream isPodUpdated). */
export function isPodUpdated(oldPod: Pod, newPod: Pod): boolean {
  return comparable(oldPod) !== comparable(newPod)
}

/** The scheduler's queue of unscheduled pods. */
export class SchedulingQueue {
  private readonly pods = new Map<string, QueuedPod>()
  private readonly active = new Heap<Item>((a, b) => a.e.info.priority > b.e.info.priority || (a.e.info.priority === b.e.info.priority && a.at < b.at))
  private readonly backoff = new Heap<Item>((a, b) => a.at < b.at)
  private readonly unschedulable = new Map<string, QueuedPod>()
  private waiters: ((e: QueuedPod | undefined) => void)[] = []
  private schedulingCycle = 0
  private moveRequestCycle = -1
  private seq = 0
  private closed = false
  private backoffTimer: NodeJS.Timeout | undefined
  private backoffTimerAt = Infinity
  private readonly flushTimer: NodeJS.Timeout
  private readonly initialBackoffMs: number
  private readonly maxBackoffMs: number
  private readonly maxUnschedulableMs: number
  private readonly now: () => number

  constructor(opts: QueueOptions = {}) {
    this.initialBackoffMs = opts.initialBackoffMs ?? 1000
    this.maxBackoffMs = opts.maxBackoffMs ?? 10_000
    this.maxUnschedulableMs = opts.maxUnschedulableMs ?? 60_000
    this.now = opts.now ?? Date.now
    this.flushTimer = setInterval(() => this.flushUnschedulableLeftover(), opts.flushIntervalMs ?? 30_000)
    this.flushTimer.unref?.()
  }

  /** Pods per sub-queue (for logs and tests). */
  counts(): {active: number; backoff: number; unschedulable: number; inflight: number} {
    const c = {active: 0, backoff: 0, unschedulable: 0, inflight: 0}
    for (const e of this.pods.values()) if (e.state !== 'gone') c[e.state]++
    return c
  }

  /** The queued entry of a pod, wherever it is. */
  get(key: string): QueuedPod | undefined {
    return this.pods.get(key)
  }

  /** A new unscheduled pod: to activeQ (an update when already queued). */
  add(pod: Pod): void {
    const key = keyOf(pod)
    const e = this.pods.get(key)
    if (e) return this.update(e.pod, pod)
    const entry: QueuedPod = {key, pod, info: podInfo(pod), attempts: 0, timestamp: this.now(), cycle: 0, state: 'active', updatedInFlight: false, seq: 0, gen: 0}
    this.pods.set(key, entry)
    this.toActive(entry)
  }

  /** A queued pod changed: refreshed in place; an unschedulable pod whose spec/metadata changed is retried. */
  update(oldPod: Pod, newPod: Pod): void {
    const e = this.pods.get(keyOf(newPod))
    if (!e) return this.add(newPod)
    const changed = isPodUpdated(oldPod, newPod)
    const oldPriority = e.info.priority
    e.pod = newPod
    if (changed) e.info = podInfo(newPod)
    if (e.state === 'active' && e.info.priority !== oldPriority) this.toActive(e)
    else if (e.state === 'unschedulable' && changed) this.requeue(e)
    else if (e.state === 'inflight' && changed) e.updatedInFlight = true
  }

  /** A pod was deleted (or bound by someone else, or is being deleted): forgotten. */
  delete(pod: Pod | string): void {
    const key = typeof pod === 'string' ? pod : keyOf(pod)
    const e = this.pods.get(key)
    if (!e) return
    this.pods.delete(key)
    this.unschedulable.delete(key)
    e.state = 'gone'
    e.gen++
  }

  /**
   * The next pod to schedule (highest priority, oldest first), waiting until there is one. Counts an
   * attempt and a scheduling cycle. Resolves undefined once the queue is closed or `signal` aborts.
   */
  pop(signal?: AbortSignal): Promise<QueuedPod | undefined> {
    const e = this.popActive()
    if (e || this.closed || signal?.aborted) return Promise.resolve(e)
    return new Promise((resolve) => {
      const onAbort = () => {
        this.waiters = this.waiters.filter((w) => w !== waiter)
        resolve(undefined)
      }
      const waiter = (x: QueuedPod | undefined) => {
        signal?.removeEventListener('abort', onAbort)
        resolve(x)
      }
      this.waiters.push(waiter)
      signal?.addEventListener('abort', onAbort, {once: true})
    })
  }

  /** The pod was bound (or dropped for good): forgotten. */
  done(e: QueuedPod): void {
    if (this.pods.get(e.key) === e) this.pods.delete(e.key)
    e.state = 'gone'
  }

  /** The attempt found no node: parked as unschedulable (or backed off, when the cluster changed meanwhile). */
  addUnschedulable(e: QueuedPod): void {
    if (this.pods.get(e.key) !== e || e.state !== 'inflight') return
    e.timestamp = this.now()
    if (e.updatedInFlight || this.moveRequestCycle >= e.cycle) {
      e.updatedInFlight = false
      this.requeue(e)
      return
    }
    e.state = 'unschedulable'
    this.unschedulable.set(e.key, e)
  }

  /** The attempt failed with an error (e.g. the binding call): retried after its back-off. */
  addBackoff(e: QueuedPod): void {
    if (this.pods.get(e.key) !== e || e.state !== 'inflight') return
    e.timestamp = this.now()
    e.updatedInFlight = false
    this.toBackoff(e)
  }

  /** Every unschedulable pod back to activeQ (or backoffQ while backing off): the cluster changed. */
  moveAllToActiveOrBackoff(): void {
    for (const e of [...this.unschedulable.values()]) this.requeue(e)
    this.moveRequestCycle = this.schedulingCycle
  }

  /** The back-off of a pod after `attempts` attempts: initial doubling per attempt, capped. */
  backoffDuration(attempts: number): number {
    let d = this.initialBackoffMs
    for (let i = 1; i < attempts && d < this.maxBackoffMs; i++) d *= 2
    return Math.min(d, this.maxBackoffMs)
  }

  /** Moves pods whose back-off has expired to activeQ. */
  flushBackoffCompleted(): void {
    const now = this.now()
    for (let it = this.backoff.peek(); it && it.at <= now; it = this.backoff.peek()) {
      this.backoff.pop()
      if (it.gen === it.e.gen && it.e.state === 'backoff') this.toActive(it.e)
    }
    this.armBackoffTimer()
  }

  /** Retries pods unschedulable for longer than maxUnschedulableMs. */
  flushUnschedulableLeftover(): void {
    const now = this.now()
    for (const e of [...this.unschedulable.values()]) if (now - e.timestamp > this.maxUnschedulableMs) this.requeue(e)
  }

  /** Stops the timers; pending and later pop() calls resolve undefined. */
  close(): void {
    this.closed = true
    clearInterval(this.flushTimer)
    clearTimeout(this.backoffTimer)
    for (const w of this.waiters.splice(0)) w(undefined)
  }

  private backoffExpiry(e: QueuedPod): number {
    return e.timestamp + this.backoffDuration(e.attempts)
  }

  private requeue(e: QueuedPod): void {
    this.unschedulable.delete(e.key)
    if (this.backoffExpiry(e) > this.now()) this.toBackoff(e)
    else this.toActive(e)
  }

  private toActive(e: QueuedPod): void {
    this.unschedulable.delete(e.key)
    e.state = 'active'
    e.gen++
    e.seq = ++this.seq
    this.active.push({e, gen: e.gen, at: e.seq})
    const w = this.waiters.shift()
    if (w) w(this.popActive())
  }

  private toBackoff(e: QueuedPod): void {
    this.unschedulable.delete(e.key)
    e.state = 'backoff'
    e.gen++
    this.backoff.push({e, gen: e.gen, at: this.backoffExpiry(e)})
    this.armBackoffTimer()
  }

  private popActive(): QueuedPod | undefined {
    for (let it = this.active.pop(); it; it = this.active.pop()) {
      if (it.gen !== it.e.gen || it.e.state !== 'active') continue
      const e = it.e
      e.state = 'inflight'
      e.attempts++
      e.cycle = ++this.schedulingCycle
      return e
    }
    return undefined
  }

  private armBackoffTimer(): void {
    if (this.closed) return
    let top = this.backoff.peek()
    while (top && (top.gen !== top.e.gen || top.e.state !== 'backoff')) {
      this.backoff.pop()
      top = this.backoff.peek()
    }
    if (!top) return
    if (this.backoffTimer && this.backoffTimerAt <= top.at) return
    clearTimeout(this.backoffTimer)
    this.backoffTimerAt = top.at
    this.backoffTimer = setTimeout(() => {
      this.backoffTimer = undefined
      this.backoffTimerAt = Infinity
      this.flushBackoffCompleted()
    }, Math.max(0, top.at - this.now()))
    this.backoffTimer.unref?.()
  }
}
