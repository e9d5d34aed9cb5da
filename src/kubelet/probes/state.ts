/**
 * The state machine of one probe of one container instance (the kubelet's prober worker, minus the
 * timer): initial results (readiness Failure, liveness Success, startup Unknown), the initial delay,
 * startup gating (other probes wait for the startup probe; it stops once it succeeded), success and
 * failure thresholds, and the hold after a liveness/startup failure until the container is replaced.
 */
import type {Probe} from '../../api/types/container.js'

/** Probe kinds. */
export type ProbeKind = 'liveness' | 'readiness' | 'startup'

/** A published probe result. */
export type ProbeResult = 'success' | 'failure' | 'unknown'

/** What one probe run found; 'error' (the prober itself failed) is thrown away. */
export interface ProbeOutcome {
  result: 'success' | 'failure' | 'error'
  output: string
}

/** The initial published result of a kind. */
export function initialResult(kind: ProbeKind): ProbeResult {
  return kind === 'readiness' ? 'failure' : kind === 'liveness' ? 'success' : 'unknown'
}

/** One probe's state for one container instance. */
export class ProbeState {
  /** the published result */
  result: ProbeResult
  /** after a liveness/startup failure: no more probing of this instance */
  onHold = false
  private lastResult: 'success' | 'failure' | undefined
  private run = 0

  constructor(
    readonly kind: ProbeKind,
    readonly probe: Probe,
    initial: ProbeResult = initialResult(kind),
  ) {
    this.result = initial
  }

  /** Seconds between runs (default 10). */
  get periodMs(): number {
    return (this.probe.periodSeconds || 10) * 1000
  }

  /** Timeout of a run (default 1 s). */
  get timeoutMs(): number {
    return (this.probe.timeoutSeconds || 1) * 1000
  }

  /**
   * Whether to run the probe now: not on hold, the initial delay has passed since the container
   * started, and startup gating allows it (`started`: the container passed its startup probe or has none).
   */
  shouldProbe(now: number, startedAt: number, started: boolean): boolean {
    if (this.onHold) return false
    if (now - startedAt < (this.probe.initialDelaySeconds ?? 0) * 1000) return false
    if (this.kind === 'startup') return !started
    return started
  }

  /** Records a run; answers true when the published result changed. */
  record(outcome: ProbeOutcome): boolean {
    if (outcome.result === 'error') return false
    const r = outcome.result
    if (this.lastResult === r) this.run++
    else {
      this.lastResult = r
      this.run = 1
    }
    const failureThreshold = this.probe.failureThreshold || 3
    const successThreshold = this.kind === 'readiness' ? this.probe.successThreshold || 1 : 1
    if ((r === 'failure' && this.run < failureThreshold) || (r === 'success' && this.run < successThreshold)) return false
    const changed = this.result !== r
    this.result = r
    if (r === 'failure' && this.kind !== 'readiness') {
      this.onHold = true
      this.run = 0
    }
    return changed
  }
}
