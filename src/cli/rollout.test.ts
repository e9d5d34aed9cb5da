import {describe, expect, it} from 'vitest'
import type {Deployment} from '../api/types/apps.js'
import {deploymentRolloutStatus} from './rollout.js'
import {drainPlan} from './nodes.js'

const dep = (over: Partial<Deployment['status']> & {generation?: number; replicas?: number; reason?: string} = {}): Deployment =>
  ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {name: 'web', generation: over.generation ?? 2},
    spec: {replicas: over.replicas ?? 3, selector: {}, template: {}},
    status: {observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3, ...over, conditions: over.reason ? [{type: 'Progressing', status: 'False', reason: over.reason}] : []},
  }) as unknown as Deployment

describe('deploymentRolloutStatus (kubectl wording)', () => {
  it.each([
    [dep({generation: 3}), 'Waiting for deployment spec update to be observed...', false],
    [dep({updatedReplicas: 1}), 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...', false],
    [dep({replicas: 3, updatedReplicas: 3, ...{}}), 'deployment "web" successfully rolled out', true],
    [dep({availableReplicas: 2}), 'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...', false],
  ])('%#', (d, message, done) => {
    expect(deploymentRolloutStatus(d)).toEqual({message, done})
  })
  it('reports old replicas pending termination', () => {
    const d = dep()
    d.status!.replicas = 5
    expect(deploymentRolloutStatus(d).message).toBe('Waiting for deployment "web" rollout to finish: 2 old replicas are pending termination...')
  })
  it('fails on a missed progress deadline', () => {
    expect(() => deploymentRolloutStatus(dep({reason: 'ProgressDeadlineExceeded'}))).toThrow('deployment "web" exceeded its progress deadline')
  })
})

describe('drainPlan', () => {
  const pod = (name: string, owner?: string, emptyDir = false, phase = 'Running') => ({
    metadata: {name, namespace: 'default', ownerReferences: owner ? [{apiVersion: 'apps/v1', kind: owner, name: 'o', uid: 'u', controller: true}] : undefined},
    spec: {volumes: emptyDir ? [{name: 'v', emptyDir: {}}] : []},
    status: {phase},
  })
  it('evicts controlled pods, refuses bare and DaemonSet pods unless told', () => {
    const pods = [pod('rs', 'ReplicaSet'), pod('ds', 'DaemonSet'), pod('bare'), pod('tmp', 'ReplicaSet', true), pod('done', undefined, false, 'Succeeded')]
    const strict = drainPlan(pods, {ignoreDaemonsets: false, deleteEmptydirData: false, force: false})
    expect(strict.evict.map((p) => p.metadata.name)).toEqual(['rs', 'done'])
    expect(strict.errors).toHaveLength(3)
    const loose = drainPlan(pods, {ignoreDaemonsets: true, deleteEmptydirData: true, force: true})
    expect(loose.evict.map((p) => p.metadata.name)).toEqual(['rs', 'bare', 'tmp', 'done'])
    expect(loose.skipped).toEqual(['default/ds'])
  })
})
