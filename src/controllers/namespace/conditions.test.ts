import {describe, expect, it} from 'vitest'
import type {Condition} from '../../api/meta.js'
import type {Pod} from '../../api/types/pod.js'
import {failingConditions, finalizedNamespace, hasKubernetesFinalizer, podTerminationEstimate, requeueDelayMs, updatedConditions, type ContentResult} from './conditions.js'

const t0 = new Date('2024-05-01T10:00:00Z')
const t1 = new Date('2024-05-01T10:05:00Z')
const result = (r: Partial<ContentResult>): ContentResult => ({resource: 'pods', group: '', remaining: 0, finalizers: {}, estimateSeconds: 0, ...r})

describe('failingConditions', () => {
  it('is empty when everything went', () => {
    expect(failingConditions([result({}), result({resource: 'deployments', group: 'apps'})], t0)).toEqual([])
  })

  it('reports remaining content, finalizers and errors with upstream wording, sorted', () => {
    const conds = failingConditions(
      [
        result({remaining: 2, estimateSeconds: 30}),
        result({resource: 'deployments', group: 'apps', remaining: 1, finalizers: {'foregroundDeletion': 1}}),
        result({resource: 'configmaps', remaining: 3, finalizers: {'example.com/keep': 2, 'foregroundDeletion': 1}}),
        result({resource: 'secrets', error: '{ v1 secrets}: boom'}),
        result({resource: 'events', error: '{ v1 events}: alpha'}),
      ],
      t0,
    )
    expect(conds).toEqual([
      {type: 'NamespaceDeletionContentFailure', status: 'True', lastTransitionTime: '2024-05-01T10:00:00Z', reason: 'ContentDeletionFailed', message: 'Failed to delete all resource types, 2 remaining: { v1 events}: alpha, { v1 secrets}: boom'},
      {
        type: 'NamespaceContentRemaining',
        status: 'True',
        lastTransitionTime: '2024-05-01T10:00:00Z',
        reason: 'SomeResourcesRemain',
        message: 'Some resources are remaining: configmaps. has 3 resource instances, deployments.apps has 1 resource instances, pods. has 2 resource instances',
      },
      {
        type: 'NamespaceFinalizersRemaining',
        status: 'True',
        lastTransitionTime: '2024-05-01T10:00:00Z',
        reason: 'SomeFinalizersRemain',
        message: 'Some content in the namespace has finalizers remaining: example.com/keep in 2 resource instances, foregroundDeletion in 2 resource instances',
      },
    ])
  })
})

describe('updatedConditions', () => {
  it('sets every maintained type, ok variants with status False', () => {
    const conds = updatedConditions(undefined, [], t0)!
    expect(conds.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['NamespaceDeletionDiscoveryFailure', 'False', 'ResourcesDiscovered'],
      ['NamespaceDeletionGroupVersionParsingFailure', 'False', 'ParsedGroupVersions'],
      ['NamespaceDeletionContentFailure', 'False', 'ContentDeleted'],
      ['NamespaceContentRemaining', 'False', 'ContentRemoved'],
      ['NamespaceFinalizersRemaining', 'False', 'ContentHasNoFinalizers'],
    ])
    expect(conds[3].message).toBe('All content successfully removed')
    expect(updatedConditions(conds, [], t1)).toBeUndefined()
  })

  it('flips a condition keeping others and their transition times', () => {
    const other: Condition = {type: 'Custom', status: 'True'}
    const start = [other, ...updatedConditions(undefined, [], t0)!]
    const failing = failingConditions([result({remaining: 1, estimateSeconds: 5})], t1)
    const next = updatedConditions(start, failing, t1)!
    expect(next[0]).toEqual(other)
    const remaining = next.find((c) => c.type === 'NamespaceContentRemaining')!
    expect(remaining).toMatchObject({status: 'True', reason: 'SomeResourcesRemain', lastTransitionTime: '2024-05-01T10:05:00Z'})
    expect(next.find((c) => c.type === 'NamespaceDeletionContentFailure')!.lastTransitionTime).toBe('2024-05-01T10:00:00Z')
    // same status, new message: the transition time stays
    const later = updatedConditions(next, failingConditions([result({remaining: 2, estimateSeconds: 5})], t1), new Date('2024-05-01T11:00:00Z'))!
    expect(later.find((c) => c.type === 'NamespaceContentRemaining')).toMatchObject({message: 'Some resources are remaining: pods. has 2 resource instances', lastTransitionTime: '2024-05-01T10:05:00Z'})
    expect(start.find((c) => c.type === 'NamespaceContentRemaining')!.status).toBe('False')
  })
})

describe('podTerminationEstimate', () => {
  const pod = (grace: number, phase?: 'Running' | 'Succeeded'): Pod => ({metadata: {}, spec: {containers: [], terminationGracePeriodSeconds: grace}, status: {phase}})
  it('is the longest grace period of non-terminal pods until that long after the deletion began', () => {
    const pods = [pod(30, 'Running'), pod(90, 'Succeeded'), pod(10)]
    expect(podTerminationEstimate(pods, t0, new Date(t0.getTime() + 5000))).toBe(30)
    expect(podTerminationEstimate(pods, t0, new Date(t0.getTime() + 30_000))).toBe(0)
    expect(podTerminationEstimate([], t0, t0)).toBe(0)
  })
  it('requeues after half the estimate plus a second', () => {
    expect(requeueDelayMs(30)).toBe(16_000)
    expect(requeueDelayMs(15)).toBe(8_000)
  })
})

describe('finalize', () => {
  it('removes only the kubernetes finalizer', () => {
    const ns = {metadata: {name: 'a'}, spec: {finalizers: ['example.com/x', 'kubernetes']}}
    expect(hasKubernetesFinalizer(ns)).toBe(true)
    const out = finalizedNamespace(ns)
    expect(out.spec?.finalizers).toEqual(['example.com/x'])
    expect(hasKubernetesFinalizer(out)).toBe(false)
    expect(ns.spec.finalizers).toHaveLength(2)
  })
})
