import {describe, expect, it} from 'vitest'
import type {ReplicaSet} from '../../api/types/apps.js'
import {deployment, Model} from './fixtures.js'
import {planDeployment} from './plan.js'

/** Rolls the model until the Deployment reports completion, checking invariants after every step and tick. */
function rollOut(m: Model, check: () => void, maxSteps = 40): number {
  for (let i = 0; i < maxSteps; i++) {
    m.step()
    check()
    if (m.progressing() === 'NewReplicaSetAvailable' && m.d.status?.updatedReplicas === m.d.spec?.replicas && m.totals().pods === m.d.spec?.replicas) return i
    m.tick()
    check()
  }
  throw new Error('rollout did not complete')
}

describe('planDeployment: first rollout', () => {
  it('creates the first ReplicaSet at full size with revision 1 and reports progress', () => {
    const m = new Model(deployment(3))
    const plan = m.step()
    expect(plan.actions).toHaveLength(1)
    const create = plan.actions[0]
    expect(create.type).toBe('createReplicaSet')
    const rs = (create as {rs: ReplicaSet}).rs
    const hash = rs.metadata.labels!['pod-template-hash']
    expect(rs.metadata.name).toBe(`web-${hash}`)
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/)
    expect(rs.spec!.selector.matchLabels).toEqual({app: 'web', 'pod-template-hash': hash})
    expect(rs.spec!.template!.metadata!.labels).toEqual({app: 'web', 'pod-template-hash': hash})
    expect(rs.spec!.replicas).toBe(3)
    expect(rs.metadata.ownerReferences).toEqual([{apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd-uid', controller: true, blockOwnerDeletion: true}])
    expect(rs.metadata.annotations).toEqual({'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4'})
    expect(m.d.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('1')
    expect(m.progressing()).toBe('NewReplicaSetCreated')
    expect(m.d.status).toMatchObject({observedGeneration: 1, replicas: 0, updatedReplicas: 0, availableReplicas: 0, unavailableReplicas: 3})
    expect(m.d.status!.conditions!.find((c) => c.type === 'Available')).toMatchObject({status: 'False', reason: 'MinimumReplicasUnavailable'})
    m.tick()
    m.step()
    expect(m.progressing()).toBe('NewReplicaSetAvailable')
    expect(m.d.status!.conditions!.find((c) => c.type === 'Progressing')!.message).toBe(`ReplicaSet "web-${hash}" has successfully progressed.`)
    expect(m.d.status!.conditions!.find((c) => c.type === 'Available')).toMatchObject({status: 'True', reason: 'MinimumReplicasAvailable'})
    expect(m.d.status).toMatchObject({replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 0})
  })

  it('is idempotent once complete: no actions, no status write', () => {
    const m = new Model(deployment(2))
    m.step()
    m.tick()
    m.step()
    const plan = m.step()
    expect(plan.actions).toEqual([])
    expect(plan.deployment).toBeUndefined()
  })
})

describe('planDeployment: RollingUpdate', () => {
  it('6 replicas, 25%/25%: never fewer than 5 available nor more than 8 pods', () => {
    const m = new Model(deployment(6), {readyAfterTicks: 1})
    m.step()
    m.tick()
    m.step()
    m.setImage('nginx:2')
    let minAvailable = Infinity
    let maxPods = 0
    const check = () => {
      const t = m.totals()
      minAvailable = Math.min(minAvailable, t.available)
      maxPods = Math.max(maxPods, t.pods)
    }
    const steps = rollOut(m, check)
    expect(minAvailable).toBeGreaterThanOrEqual(5)
    expect(maxPods).toBeLessThanOrEqual(8)
    expect(maxPods).toBe(8)
    expect(steps).toBeGreaterThan(2)
    expect(m.rsWithImage('nginx:1')!.spec!.replicas).toBe(0)
    expect(m.rsWithImage('nginx:2')!.spec!.replicas).toBe(6)
    expect(m.rsWithImage('nginx:2')!.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('2')
    expect(m.d.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('2')
    expect(m.d.status).toMatchObject({replicas: 6, updatedReplicas: 6, availableReplicas: 6, observedGeneration: 2})
  })

  it('first step surges the new ReplicaSet by maxSurge and removes maxUnavailable old pods', () => {
    const m = new Model(deployment(6))
    m.step()
    m.tick()
    m.step()
    m.setImage('nginx:2')
    const p1 = m.step()
    // the new ReplicaSet is created at maxSurge (2); its pods are not available yet, so only
    // maxUnavailable (1) old pod may go in the same sync
    expect(p1.actions).toMatchObject([{type: 'createReplicaSet', rs: {spec: {replicas: 2}}}, {type: 'updateReplicaSet', scaled: {operation: 'down', from: 6, to: 5}}])
    expect(m.progressing()).toBe('NewReplicaSetCreated')
    expect(m.totals()).toEqual({pods: 7, available: 5})
    // room under the surge again: the new ReplicaSet grows to fill it
    expect(m.step().actions).toMatchObject([{type: 'updateReplicaSet', scaled: {operation: 'up', from: 2, to: 3}}])
    expect(m.totals()).toEqual({pods: 8, available: 5})
    // nothing more until new pods become available
    expect(m.step().actions).toEqual([])
    m.tick()
    const p4 = m.step()
    expect(p4.actions).toMatchObject([{type: 'updateReplicaSet', scaled: {operation: 'down', from: 5, to: 2}}])
    expect(m.progressing()).toBe('ReplicaSetUpdated')
  })

  it('honours integer maxSurge 0 / maxUnavailable 1 (one at a time, never above 3 pods)', () => {
    const m = new Model(deployment(3, {strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: 0, maxUnavailable: 1}}}))
    m.step()
    m.tick()
    m.step()
    m.setImage('nginx:2')
    let maxPods = 0
    let minAvailable = Infinity
    rollOut(m, () => {
      maxPods = Math.max(maxPods, m.totals().pods)
      minAvailable = Math.min(minAvailable, m.totals().available)
    })
    expect(maxPods).toBe(3)
    expect(minAvailable).toBe(2)
  })

  it('scales unhealthy old pods away before healthy ones', () => {
    const m = new Model(deployment(4))
    m.step()
    m.tick()
    m.step()
    // an old ReplicaSet with 2 pods that never became available
    const stuck = structuredClone(m.rss[0])
    Object.assign(stuck.metadata, {name: 'web-stuck', uid: 'stuck', creationTimestamp: '2029-01-01T00:00:00Z', annotations: {'deployment.kubernetes.io/revision': '0'}})
    stuck.spec!.template!.spec!.containers[0].image = 'broken'
    stuck.spec!.replicas = 2
    stuck.status = {replicas: 2, availableReplicas: 0}
    m.rss[0].spec!.replicas = 2
    m.rss[0].status = {replicas: 2, availableReplicas: 2, readyReplicas: 2}
    m.rss.push(stuck)
    m.setImage('nginx:2')
    const plan = planDeployment({deployment: m.d, replicaSets: m.rss, podsByReplicaSet: new Map(), now: m.now})
    const updates = plan.actions.filter((a) => a.type === 'updateReplicaSet') as {rs: ReplicaSet; scaled?: object}[]
    // total 4 (+1 new), minAvailable 3, the new pod unavailable: 1 pod may go — an unavailable one
    expect(plan.actions[0]).toMatchObject({type: 'createReplicaSet', rs: {spec: {replicas: 1}}})
    expect(updates.map((a) => [a.rs.metadata.name, a.scaled])).toEqual([['web-stuck', {operation: 'down', from: 2, to: 1}]])
  })
})

describe('planDeployment: rollout restart', () => {
  it('a kubectl.kubernetes.io/restartedAt template annotation rolls out like any template change', () => {
    const m = new Model(deployment(2))
    rollOut(m, () => {})
    const before = m.rss[0].metadata.name
    m.d = structuredClone(m.d)
    m.d.spec!.template.metadata!.annotations = {'kubectl.kubernetes.io/restartedAt': '2030-01-01T00:00:00Z'}
    m.d.metadata.generation = 2
    rollOut(m, () => {})
    expect(m.rss).toHaveLength(2)
    const restarted = m.rss.find((rs) => rs.metadata.name !== before)!
    expect(restarted.spec!.template!.metadata!.annotations).toEqual({'kubectl.kubernetes.io/restartedAt': '2030-01-01T00:00:00Z'})
    expect(restarted.spec!.replicas).toBe(2)
    expect(m.d.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('2')
  })
})

describe('planDeployment: Recreate', () => {
  it('scales old pods to 0, waits for them to be gone, then creates the new ReplicaSet at full size', () => {
    const m = new Model(deployment(3, {strategy: {type: 'Recreate'}}), {lingering: true})
    m.step()
    m.tick()
    m.step()
    m.setImage('nginx:2')
    const p1 = m.step()
    expect(p1.actions).toMatchObject([{type: 'updateReplicaSet', scaled: {operation: 'down', from: 3, to: 0}}])
    expect(m.rsWithImage('nginx:2')).toBeUndefined()
    const p2 = m.step()
    expect(p2.actions).toEqual([])
    expect(m.rsWithImage('nginx:2')).toBeUndefined()
    m.terminate()
    const p3 = m.step()
    expect(p3.actions).toMatchObject([{type: 'createReplicaSet'}])
    expect(m.rsWithImage('nginx:2')!.spec!.replicas).toBe(3)
    m.tick()
    m.step()
    expect(m.progressing()).toBe('NewReplicaSetAvailable')
    expect(m.d.status!.conditions!.find((c) => c.type === 'Available')!.status).toBe('True')
  })
})

describe('planDeployment: pause, resume and scaling', () => {
  it('a paused Deployment records DeploymentPaused and does not roll out, but scales', () => {
    const m = new Model(deployment(4))
    m.step()
    m.tick()
    m.step()
    m.setSpec({paused: true})
    m.setImage('nginx:2')
    const p = m.step()
    expect(p.actions).toEqual([])
    expect(m.progressing()).toBe('DeploymentPaused')
    expect(m.d.status!.conditions!.find((c) => c.type === 'Progressing')!.status).toBe('Unknown')
    expect(m.rsWithImage('nginx:2')).toBeUndefined()
    m.setSpec({replicas: 6})
    const scaled = m.step()
    expect(scaled.actions).toMatchObject([{type: 'updateReplicaSet', scaled: {operation: 'up', from: 4, to: 6}}])
    expect(m.rsWithImage('nginx:1')!.metadata.annotations).toMatchObject({'deployment.kubernetes.io/desired-replicas': '6', 'deployment.kubernetes.io/max-replicas': '8'})
    m.setSpec({paused: false})
    m.step()
    expect(m.rsWithImage('nginx:2')).toBeDefined()
    expect(['DeploymentResumed', 'NewReplicaSetCreated']).toContain(m.progressing())
  })

  it('scales mid-rollout in proportion to the ReplicaSets sizes', () => {
    const m = new Model(deployment(10))
    m.step()
    m.tick()
    m.step()
    m.setImage('nginx:2')
    m.step()
    m.step()
    const oldRS = m.rsWithImage('nginx:1')!
    const newRS = m.rsWithImage('nginx:2')!
    expect([oldRS.spec!.replicas, newRS.spec!.replicas]).toEqual([8, 5])
    m.setSpec({replicas: 20})
    const p = m.step()
    // allowed 20 + 5 surge = 25, 12 to add: old 8 → round(8·25/13) = 15, new 5 → round(5·25/13) = 10
    expect(p.actions.filter((a) => a.type === 'updateReplicaSet').map((a) => (a as {scaled?: object}).scaled)).toEqual([
      {operation: 'up', from: 8, to: 15},
      {operation: 'up', from: 5, to: 10},
    ])
  })
})

describe('planDeployment: revisions and history', () => {
  it('re-uses an old ReplicaSet on rollback, giving it the next revision and keeping revision-history', () => {
    const m = new Model(deployment(2))
    rollOut(m, () => {})
    m.setImage('nginx:2')
    rollOut(m, () => {})
    m.setImage('nginx:1')
    rollOut(m, () => {})
    const back = m.rsWithImage('nginx:1')!
    expect(m.rss).toHaveLength(2)
    expect(back.metadata.annotations).toMatchObject({'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1'})
    expect(m.d.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('3')
  })

  it('deletes the oldest zero-size ReplicaSets beyond revisionHistoryLimit once complete', () => {
    const m = new Model(deployment(1, {revisionHistoryLimit: 1}))
    for (const image of ['nginx:1', 'nginx:2', 'nginx:3', 'nginx:4']) {
      m.setImage(image)
      rollOut(m, () => {})
      m.step()
    }
    expect(m.rss.map((rs) => rs.spec!.template!.spec!.containers[0].image).sort()).toEqual(['nginx:3', 'nginx:4'])
    expect(m.plans.flatMap((p) => p.actions).filter((a) => a.type === 'deleteReplicaSet')).toHaveLength(2)
  })

  it('bumps the ReplicaSet name with collisionCount', () => {
    const d = deployment(1)
    const a = planDeployment({deployment: d, replicaSets: [], podsByReplicaSet: new Map(), now: new Date()})
    d.status = {collisionCount: 1}
    const b = planDeployment({deployment: d, replicaSets: [], podsByReplicaSet: new Map(), now: new Date()})
    const name = (p: typeof a) => (p.actions[0] as {rs: ReplicaSet}).rs.metadata.name
    expect(name(a)).not.toBe(name(b))
  })
})

describe('planDeployment: progress deadline', () => {
  it('reports ProgressDeadlineExceeded after progressDeadlineSeconds without progress and asks to be requeued before', () => {
    const m = new Model(deployment(2, {progressDeadlineSeconds: 60}), {readyAfterTicks: 1000})
    m.step()
    m.tick(1)
    // pods exist now (but never become ready): that is progress
    m.step()
    expect(m.progressing()).toBe('ReplicaSetUpdated')
    const waiting = m.step()
    expect(waiting.deployment).toBeUndefined()
    expect(waiting.requeueAfterMs).toBe(61_000)
    m.tick(30)
    expect(m.step().requeueAfterMs).toBe(31_000)
    m.tick(31)
    m.step()
    expect(m.progressing()).toBe('ProgressDeadlineExceeded')
    const c = m.d.status!.conditions!.find((x) => x.type === 'Progressing')!
    expect(c.status).toBe('False')
    expect(c.message).toMatch(/^ReplicaSet "web-\w+" has timed out progressing\.$/)
    // a paused condition never hides the timeout
    m.setSpec({paused: true})
    m.step()
    expect(m.progressing()).toBe('ProgressDeadlineExceeded')
  })

  it('a Deployment selecting everything only gets a warning and observedGeneration', () => {
    const d = deployment(1)
    d.spec!.selector = {}
    const plan = planDeployment({deployment: d, replicaSets: [], podsByReplicaSet: new Map(), now: new Date()})
    expect(plan.actions).toEqual([{type: 'event', eventType: 'Warning', reason: 'SelectingAll', message: 'This deployment is selecting all pods. A non-empty selector is required.'}])
    expect(plan.deployment!.status).toEqual({observedGeneration: 1})
  })
})
