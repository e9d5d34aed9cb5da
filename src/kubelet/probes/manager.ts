/**
 * Probe workers: one timer per (pod, container, probe kind) for the running instance of a container,
 * probing every periodSeconds after the initial delay. A changed result triggers a sync of the pod
 * (liveness/startup failures restart the container, readiness drives `ready`); every failed run is
 * recorded as an Unhealthy event. Containers without probes cost nothing.
 */
import type {Container, Probe} from '../../api/types/container.js'
import type {Pod} from '../../api/types/pod.js'
import type {EventRecorder} from '../../client/events.js'
import type {ContainerRuntime} from '../../runtime/types.js'
import {podSubject} from '../volumes/manager.js'
import type {RuntimePodState} from '../pod/runtime-pod.js'
import {runProbe} from './prober.js'
import {ProbeState, type ProbeKind, type ProbeResult} from './state.js'

/** What the manager needs (set by the kubelet). */
export interface ProbeManagerDeps {
  runtime: ContainerRuntime
  recorder: EventRecorder
  /** a result changed: the pod must be synced */
  onChange(uid: string): void
  log?: (line: string) => void
}

interface Worker {
  uid: string
  pod: Pod
  container: Container
  containerId: string
  startedAt: number
  host: string
  state: ProbeState
  timer?: NodeJS.Timeout
  stopped: boolean
}

const kinds: ProbeKind[] = ['startup', 'liveness', 'readiness']
const label: Record<ProbeKind, string> = {liveness: 'Liveness', readiness: 'Readiness', startup: 'Startup'}

function probeOf(c: Container, kind: ProbeKind): Probe | undefined {
  return kind === 'liveness' ? c.livenessProbe : kind === 'readiness' ? c.readinessProbe : c.startupProbe
}

/** Runs and remembers probe results. */
export class ProbeManager {
  private readonly workers = new Map<string, Worker>()
  private stopped = false

  constructor(private readonly deps: ProbeManagerDeps) {}

  /**
   * Ensures a worker for each probe of each running app container of the pod (a new instance gets a
   * fresh worker) and drops the others. `initial` may seed a new worker's result (a kubelet restart
   * keeps an instance the API already showed ready as ready).
   */
  sync(pod: Pod, state: RuntimePodState, host: string, initial?: (name: string, id: string, kind: ProbeKind) => ProbeResult | undefined): void {
    if (this.stopped) return
    const uid = pod.metadata.uid!
    const live = new Set<string>()
    for (const c of pod.spec?.containers ?? []) {
      const inst = state.containers.find((i) => i.name === c.name)
      if (!inst || inst.state !== 'running' || pod.metadata.deletionTimestamp) continue
      for (const kind of kinds) {
        const probe = probeOf(c, kind)
        if (!probe) continue
        const key = `${uid}/${c.name}/${kind}`
        live.add(key)
        const w = this.workers.get(key)
        if (w && w.containerId === inst.id) {
          w.pod = pod
          w.host = host
          continue
        }
        if (w) this.stopWorker(key, w)
        const nw: Worker = {uid, pod, container: c, containerId: inst.id, startedAt: inst.startedAt ?? Date.now(), host, state: new ProbeState(kind, probe, initial?.(c.name, inst.id, kind)), stopped: false}
        this.workers.set(key, nw)
        this.schedule(nw, Math.max(0, nw.startedAt + (probe.initialDelaySeconds ?? 0) * 1000 - Date.now()))
      }
    }
    for (const [key, w] of this.workers) if (w.uid === uid && !live.has(key)) this.stopWorker(key, w)
  }

  /** Whether the instance passed its startup probe (true when the container has none). */
  started(uid: string, name: string, id: string): boolean {
    const w = this.workers.get(`${uid}/${name}/startup`)
    if (!w || w.containerId !== id) return !this.hasWorkerFor(uid, name, 'startup')
    return w.state.result === 'success'
  }

  /** Whether the instance passed its readiness probe (true when the container has none). */
  ready(uid: string, name: string, id: string): boolean {
    const w = this.workers.get(`${uid}/${name}/readiness`)
    if (!w || w.containerId !== id) return !this.hasWorkerFor(uid, name, 'readiness')
    return w.state.result === 'success'
  }

  /** Whether the instance's published result of `kind` is failure. */
  failed(uid: string, name: string, id: string, kind: 'liveness' | 'startup'): boolean {
    const w = this.workers.get(`${uid}/${name}/${kind}`)
    return !!w && w.containerId === id && w.state.result === 'failure'
  }

  /** Stops the workers of a pod. */
  removePod(uid: string): void {
    for (const [key, w] of this.workers) if (w.uid === uid) this.stopWorker(key, w)
  }

  /** Stops every worker. */
  stop(): void {
    this.stopped = true
    for (const [key, w] of this.workers) this.stopWorker(key, w)
  }

  /** Number of workers (tests, leak checks). */
  get size(): number {
    return this.workers.size
  }

  private hasWorkerFor(uid: string, name: string, kind: ProbeKind): boolean {
    return this.workers.has(`${uid}/${name}/${kind}`)
  }

  private stopWorker(key: string, w: Worker): void {
    w.stopped = true
    clearTimeout(w.timer)
    if (this.workers.get(key) === w) this.workers.delete(key)
  }

  private schedule(w: Worker, delayMs: number): void {
    if (w.stopped) return
    w.timer = setTimeout(() => void this.tick(w), delayMs)
    w.timer.unref?.()
  }

  private async tick(w: Worker): Promise<void> {
    if (w.stopped) return
    const started = this.started(w.uid, w.container.name, w.containerId)
    if (w.state.shouldProbe(Date.now(), w.startedAt, started)) {
      const outcome = await runProbe({runtime: this.deps.runtime, containerId: w.containerId, container: w.container, host: w.host}, w.state.probe, w.state.timeoutMs)
      if (w.stopped) return
      if (outcome.result === 'failure') {
        this.deps.recorder.event(podSubject(w.pod), 'Warning', 'Unhealthy', `${label[w.state.kind]} probe failed: ${outcome.output}`)
      }
      if (w.state.record(outcome)) this.deps.onChange(w.uid)
    }
    this.schedule(w, w.state.periodMs)
  }
}
