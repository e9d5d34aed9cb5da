/**
 * Test fixtures for the deployment planner: Deployment/ReplicaSet builders and a tiny model cluster that
 * applies plans and plays the ReplicaSet controller and the kubelet. Test support only.
 */
import type {Deployment, ReplicaSet} from '../../api/types/apps.js'
import type {Pod} from '../../api/types/pod.js'
import {planDeployment, type DeploymentPlan} from './plan.js'

/** A Deployment as the API server stores it (defaults applied). */
export function deployment(replicas: number, over: Partial<NonNullable<Deployment['spec']>> = {}, image = 'nginx:1'): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {name: 'web', namespace: 'default', uid: 'd-uid', generation: 1, annotations: {}},
    spec: {
      replicas,
      selector: {matchLabels: {app: 'web'}},
      template: {metadata: {labels: {app: 'web'}}, spec: {containers: [{name: 'c', image}]}},
      strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: '25%', maxUnavailable: '25%'}},
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      ...over,
    },
    status: {},
  }
}

/** How the model's pods behave. */
export interface ModelOptions {
  /** ticks a new pod needs to become available (default 1) */
  readyAfterTicks?: number
  /** old pods linger (Recreate tests) until `terminate()` */
  lingering?: boolean
}

/**
 * A model cluster: `step()` plans a sync at the current time and applies it; `tick()` lets pods start
 * (the ReplicaSet controller and kubelet reduced to counters: spec.replicas pods exist at once, and
 * become available `readyAfterTicks` ticks later).
 */
export class Model {
  d: Deployment
  rss: ReplicaSet[] = []
  now = new Date('2030-01-01T00:00:00Z')
  plans: DeploymentPlan[] = []
  /** old pods still around per ReplicaSet uid (Recreate) */
  lingering = new Map<string, number>()
  private seq = 0
  private ages = new Map<string, number[]>()

  constructor(
    d: Deployment,
    private readonly opts: ModelOptions = {},
  ) {
    this.d = d
  }

  /** One controller sync; returns its plan. */
  step(): DeploymentPlan {
    const pods = new Map<string, Pod[]>()
    for (const rs of this.rss) {
      const n = (rs.status?.replicas ?? 0) + (this.lingering.get(rs.metadata.uid!) ?? 0)
      pods.set(rs.metadata.uid!, Array.from({length: n}, (_, i) => ({metadata: {name: `${rs.metadata.name}-${i}`}, status: {phase: 'Running'}})))
    }
    const plan = planDeployment({deployment: this.d, replicaSets: this.rss, podsByReplicaSet: pods, now: this.now})
    this.plans.push(plan)
    for (const a of plan.actions) {
      if (a.type === 'createReplicaSet') {
        const rs = structuredClone(a.rs)
        rs.metadata.uid = `rs-${++this.seq}`
        rs.metadata.creationTimestamp = new Date(this.now.getTime() + this.seq).toISOString().replace(/\.\d{3}Z$/, 'Z')
        rs.metadata.generation = 1
        rs.status = {replicas: 0, observedGeneration: 1}
        this.rss.push(rs)
      } else if (a.type === 'updateReplicaSet') {
        const i = this.rss.findIndex((r) => r.metadata.name === a.rs.metadata.name)
        this.rss[i] = {...structuredClone(a.rs), status: this.rss[i].status}
      } else if (a.type === 'deleteReplicaSet') {
        this.rss = this.rss.filter((r) => r.metadata.name !== a.rs.metadata.name)
      }
    }
    if (plan.deployment) this.d = structuredClone(plan.deployment)
    this.observe()
    return plan
  }

  /** Pods follow spec at once (new ones unavailable); see tick() for readiness. */
  private observe(): void {
    for (const rs of this.rss) {
      const want = rs.spec?.replicas ?? 0
      const ages = this.ages.get(rs.metadata.uid!) ?? []
      const had = rs.status?.replicas ?? 0
      if (want < had && this.opts.lingering) this.lingering.set(rs.metadata.uid!, (this.lingering.get(rs.metadata.uid!) ?? 0) + had - want)
      // scale down removes unavailable (youngest) pods first, as the ReplicaSet controller does
      ages.sort((a, b) => b - a)
      while (ages.length > want) ages.pop()
      while (ages.length < want) ages.push(0)
      this.ages.set(rs.metadata.uid!, ages)
      this.publish(rs, ages)
    }
  }

  private publish(rs: ReplicaSet, ages: number[]): void {
    const ready = ages.filter((a) => a >= (this.opts.readyAfterTicks ?? 1)).length
    rs.status = {...rs.status, replicas: ages.length, readyReplicas: ready, availableReplicas: ready, observedGeneration: rs.metadata.generation}
  }

  /** Time passes by `seconds`: every pod ages one tick. */
  tick(seconds = 10): void {
    this.now = new Date(this.now.getTime() + seconds * 1000)
    for (const rs of this.rss) {
      const ages = (this.ages.get(rs.metadata.uid!) ?? []).map((a) => a + 1)
      this.ages.set(rs.metadata.uid!, ages)
      this.publish(rs, ages)
    }
  }

  /** Old pods of Recreate finish terminating. */
  terminate(): void {
    this.lingering.clear()
  }

  /** Total pods (spec) and available pods over all ReplicaSets. */
  totals(): {pods: number; available: number} {
    return {
      pods: this.rss.reduce((n, rs) => n + (rs.status?.replicas ?? 0), 0),
      available: this.rss.reduce((n, rs) => n + (rs.status?.availableReplicas ?? 0), 0),
    }
  }

  /** The ReplicaSet whose template has `image`. */
  rsWithImage(image: string): ReplicaSet | undefined {
    return this.rss.find((rs) => rs.spec?.template?.spec?.containers[0].image === image)
  }

  /** Changes the pod template image (a new generation). */
  setImage(image: string): void {
    this.d = structuredClone(this.d)
    this.d.spec!.template.spec!.containers[0].image = image
    this.d.metadata.generation = (this.d.metadata.generation ?? 1) + 1
  }

  /** Changes spec fields (a new generation). */
  setSpec(over: Partial<NonNullable<Deployment['spec']>>): void {
    this.d = structuredClone(this.d)
    Object.assign(this.d.spec!, over)
    this.d.metadata.generation = (this.d.metadata.generation ?? 1) + 1
  }

  /** Progressing condition's reason. */
  progressing(): string | undefined {
    return this.d.status?.conditions?.find((c) => c.type === 'Progressing')?.reason
  }
}
