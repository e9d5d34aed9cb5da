import {describe, expect, it} from 'vitest'
import type {DaemonSet, DaemonSetUpdateStrategy} from '../../api/types/apps.js'
import type {Node} from '../../api/types/node.js'
import type {Pod} from '../../api/types/pod.js'
import {daemonSetStatusCounts, manageDaemonSet, podsByNode, rollingUpdatePlan} from './plan.js'

const now = new Date('2024-05-01T10:00:00Z')
const node = (name: string, labels: Record<string, string> = {}): Node => ({metadata: {name, labels}})
function ds(updateStrategy: DaemonSetUpdateStrategy = {type: 'RollingUpdate', rollingUpdate: {maxUnavailable: 1, maxSurge: 0}}, nodeSelector?: Record<string, string>): DaemonSet {
  return {metadata: {name: 'agent', namespace: 'ns', generation: 2}, spec: {selector: {matchLabels: {app: 'a'}}, updateStrategy, template: {metadata: {labels: {app: 'a'}}, spec: {containers: [{name: 'c', image: 'x'}], nodeSelector}}}}
}
let seq = 0
function pod(nodeName: string, hash: string, o: {ready?: boolean; phase?: 'Running' | 'Failed' | 'Succeeded'; created?: string; deleting?: boolean; bound?: boolean} = {}): Pod {
  const name = `p${++seq}`
  return {
    metadata: {name, namespace: 'ns', labels: {app: 'a', 'controller-revision-hash': hash}, creationTimestamp: o.created ?? `2024-05-01T09:00:${String(seq).padStart(2, '0')}Z`, ...(o.deleting ? {deletionTimestamp: '2024-05-01T10:00:00Z'} : {})},
    spec: {
      containers: [],
      ...(o.bound === false ? {} : {nodeName}),
      affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchFields: [{key: 'metadata.name', operator: 'In', values: [nodeName]}]}]}}},
    },
    status: {phase: o.phase ?? 'Running', conditions: o.ready === false ? [] : [{type: 'Ready', status: 'True', lastTransitionTime: '2024-05-01T09:00:00Z'}]},
  }
}
const names = (ps: Pod[]) => ps.map((p) => p.metadata.name)

describe('manageDaemonSet', () => {
  it('creates on eligible nodes without a pod and removes pods from ineligible or vanished nodes', () => {
    const d = ds(undefined, {role: 'edge'})
    const misplaced = pod('n2', 'h')
    const orphan = pod('gone', 'h')
    const byNode = podsByNode([misplaced, orphan])
    const plan = manageDaemonSet(d, [node('n1', {role: 'edge'}), node('n2'), node('n3', {role: 'edge'})], byNode, 'h', now)
    expect(plan.createOn).toEqual(['n1', 'n3'])
    expect(names(plan.delete)).toEqual([misplaced.metadata.name, orphan.metadata.name])
  })

  it('keeps the oldest running pod per node and reports failed and succeeded ones', () => {
    const older = pod('n1', 'h', {created: '2024-05-01T08:00:00Z'})
    const newer = pod('n1', 'h')
    const unbound = pod('n1', 'h', {created: '2024-05-01T07:00:00Z', bound: false})
    const failed = pod('n2', 'h', {phase: 'Failed'})
    const done = pod('n3', 'h', {phase: 'Succeeded'})
    const leaving = pod('n3', 'h', {deleting: true})
    const plan = manageDaemonSet(ds(), [node('n1'), node('n2'), node('n3')], podsByNode([newer, older, unbound, failed, done, leaving]), 'h', now)
    expect(plan.createOn).toEqual([])
    // scheduled pods rank before unbound ones, then by age
    expect(names(plan.delete)).toEqual([newer.metadata.name, unbound.metadata.name])
    expect(names(plan.failed)).toEqual([failed.metadata.name])
    expect(names(plan.succeeded)).toEqual([done.metadata.name])
  })

  it('skips terminal pods already being deleted when grouping', () => {
    expect(podsByNode([pod('n1', 'h', {phase: 'Failed', deleting: true})]).size).toBe(0)
  })
})

describe('rollingUpdatePlan without surge', () => {
  it('replaces old pods maxUnavailable at a time, unavailable old pods first', () => {
    const nodes = [node('n1'), node('n2'), node('n3')]
    const oldReady = [pod('n1', 'old'), pod('n2', 'old')]
    const oldBroken = pod('n3', 'old', {ready: false})
    const plan = rollingUpdatePlan(ds(), nodes, podsByNode([...oldReady, oldBroken]), 'new', now)
    expect(names(plan.delete)).toEqual([oldBroken.metadata.name, oldReady[0].metadata.name])
    expect(plan.createOn).toEqual([])
  })

  it('waits while a new pod is unavailable or a node has no pod', () => {
    const nodes = [node('n1'), node('n2'), node('n3')]
    expect(rollingUpdatePlan(ds(), nodes, podsByNode([pod('n1', 'new', {ready: false}), pod('n2', 'old'), pod('n3', 'old')]), 'new', now).delete).toEqual([])
    expect(rollingUpdatePlan(ds(), nodes, podsByNode([pod('n2', 'old'), pod('n3', 'old')]), 'new', now).delete).toEqual([])
    const wider = ds({type: 'RollingUpdate', rollingUpdate: {maxUnavailable: '50%', maxSurge: 0}})
    expect(rollingUpdatePlan(wider, nodes, podsByNode([pod('n2', 'old'), pod('n3', 'old')]), 'new', now).delete).toHaveLength(1)
  })

  it('does nothing once every pod is current', () => {
    expect(rollingUpdatePlan(ds(), [node('n1')], podsByNode([pod('n1', 'new')]), 'new', now)).toEqual({delete: [], createOn: []})
  })
})

describe('rollingUpdatePlan with surge', () => {
  const surge = ds({type: 'RollingUpdate', rollingUpdate: {maxUnavailable: 0, maxSurge: 1}})
  it('surges maxSurge new pods next to available old ones, and at once where the old pod is unavailable', () => {
    const plan = rollingUpdatePlan(surge, [node('n1'), node('n2'), node('n3')], podsByNode([pod('n1', 'old'), pod('n2', 'old'), pod('n3', 'old', {ready: false})]), 'new', now)
    expect(plan.delete).toEqual([])
    expect(plan.createOn).toEqual(['n3', 'n1'])
  })
  it('deletes the old pod once the new one is available, and waits while it is not', () => {
    const oldPod = pod('n1', 'old')
    expect(names(rollingUpdatePlan(surge, [node('n1')], podsByNode([oldPod, pod('n1', 'new')]), 'new', now).delete)).toEqual([oldPod.metadata.name])
    expect(rollingUpdatePlan(surge, [node('n1'), node('n2')], podsByNode([pod('n1', 'old'), pod('n1', 'new', {ready: false}), pod('n2', 'old')]), 'new', now)).toEqual({delete: [], createOn: []})
  })
  it('keeps surplus pods while surging with manage()', () => {
    const oldest = pod('n1', 'old', {created: '2024-05-01T08:00:00Z'})
    const plan = manageDaemonSet(surge, [node('n1')], podsByNode([oldest, pod('n1', 'new', {ready: false})]), 'new', now)
    expect(plan.delete).toEqual([])
  })
})

describe('daemonSetStatusCounts', () => {
  it('counts desired, current, misscheduled, ready, available and updated', () => {
    const d = ds(undefined, {role: 'edge'})
    d.spec!.minReadySeconds = 600
    const nodes = [node('n1', {role: 'edge'}), node('n2', {role: 'edge'}), node('n3', {role: 'edge'}), node('n4')]
    const pods = [pod('n1', 'new'), pod('n2', 'old', {ready: false}), pod('n4', 'new')]
    expect(daemonSetStatusCounts(d, nodes, podsByNode(pods), 'new', now)).toEqual({
      desiredNumberScheduled: 3,
      currentNumberScheduled: 2,
      numberMisscheduled: 1,
      numberReady: 1,
      numberAvailable: 1,
      updatedNumberScheduled: 1,
      numberUnavailable: 2,
    })
    d.spec!.minReadySeconds = 7200
    expect(daemonSetStatusCounts(d, nodes, podsByNode(pods), 'new', now).numberAvailable).toBe(0)
  })
})
