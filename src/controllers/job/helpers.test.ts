import {describe, expect, it} from 'vitest'
import {backoffRemaining, nextBackoffRecord} from './backoff.js'
import {ensureJobConditionStatus, isJobFinished, jobFinishTime} from './conditions.js'
import {jobPod, newJob} from './fixtures.js'
import {firstPendingIndexes, formatIntervals, intervalsTotal, parseIndexes, toIntervals, withIndexes} from './indexes.js'
import {activePodsForRemoval, finishedTime, isPodFailed, newJobPod} from './pods.js'

const now = new Date('2024-05-01T10:00:00Z')

describe('completion indexes', () => {
  it('parses and formats the interval syntax', () => {
    expect(parseIndexes('1,3-5,7', 10)).toEqual([[1, 1], [3, 5], [7, 7]])
    expect(formatIntervals(parseIndexes('7,1,3-5,4', 10))).toBe('1,3-5,7')
    expect(parseIndexes('0-3,x,5-2,9', 6)).toEqual([[0, 3]])
    expect(parseIndexes(undefined, 3)).toEqual([])
    expect(formatIntervals(toIntervals([2, 3]))).toBe('2-3')
    expect(intervalsTotal(withIndexes([[0, 1]], [4, 2]))).toBe(4)
  })
  it('finds the first pending indexes', () => {
    expect(firstPendingIndexes([[0, 1]], new Set([3]), 2, 6)).toEqual([2, 4])
    expect(firstPendingIndexes([[0, 2]], new Set(), 5, 3)).toEqual([])
  })
})

describe('failure back-off', () => {
  const failed = (at: string) => jobPod('Failed', {finishedAt: at})
  it('counts failures since the last success', () => {
    let r = nextBackoffRecord(undefined, [], [failed('2024-05-01T09:00:10Z')])
    expect(r).toEqual({failuresAfterLastSuccess: 1, lastFailureTime: Date.parse('2024-05-01T09:00:10Z')})
    r = nextBackoffRecord(r, [], [failed('2024-05-01T09:00:30Z'), failed('2024-05-01T09:00:20Z')])
    expect(r).toEqual({failuresAfterLastSuccess: 3, lastFailureTime: Date.parse('2024-05-01T09:00:30Z')})
    const ok = jobPod('Succeeded', {finishedAt: '2024-05-01T09:00:40Z'})
    expect(nextBackoffRecord(r, [ok], [])).toEqual({failuresAfterLastSuccess: 0})
    expect(nextBackoffRecord(r, [ok], [failed('2024-05-01T09:00:35Z'), failed('2024-05-01T09:00:50Z')])).toEqual({failuresAfterLastSuccess: 1, lastFailureTime: Date.parse('2024-05-01T09:00:50Z')})
    expect(nextBackoffRecord(r, [], [])).toEqual(r)
  })
  it('waits 10 s doubling per failure, capped at 6 minutes', () => {
    const t = Date.parse('2024-05-01T09:00:00Z')
    expect(backoffRemaining({failuresAfterLastSuccess: 1, lastFailureTime: t}, t + 3000)).toBe(7000)
    expect(backoffRemaining({failuresAfterLastSuccess: 3, lastFailureTime: t}, t)).toBe(40_000)
    expect(backoffRemaining({failuresAfterLastSuccess: 9, lastFailureTime: t}, t)).toBe(360_000)
    expect(backoffRemaining({failuresAfterLastSuccess: 2, lastFailureTime: t}, t + 25_000)).toBe(0)
    expect(backoffRemaining({failuresAfterLastSuccess: 0}, t)).toBe(0)
  })
})

describe('pod semantics', () => {
  it('counts deleted unfinished pods as failed unless only failed pods are replaced', () => {
    const job = newJob()
    expect(isPodFailed(jobPod('Failed'), job)).toBe(true)
    expect(isPodFailed(jobPod('Running', {deleting: true}), job)).toBe(true)
    expect(isPodFailed(jobPod('Succeeded', {deleting: true}), job)).toBe(false)
    expect(isPodFailed(jobPod('Running', {deleting: true}), newJob({podReplacementPolicy: 'Failed'}))).toBe(false)
  })
  it('takes the finish time from the Ready=False transition, containers, deletion, then creation', () => {
    const f = jobPod('Failed', {finishedAt: '2024-05-01T09:10:00Z'})
    expect(finishedTime(f)).toBe(Date.parse('2024-05-01T09:10:00Z'))
    f.status!.conditions = []
    expect(finishedTime(f)).toBe(Date.parse('2024-05-01T09:10:00Z'))
    f.status!.containerStatuses = []
    expect(finishedTime(f)).toBe(Date.parse('2024-05-01T09:00:00Z'))
    const p = jobPod('Running', {deleting: true})
    p.status!.conditions = []
    expect(finishedTime(p)).toBe(Date.parse('2024-05-01T09:30:00Z'))
  })
  it('removes unscheduled, pending, not-ready pods first; Indexed duplicates and invalid indexes always', () => {
    const running = jobPod('Running', {ready: true, node: 'n1'})
    const pending = jobPod('Pending', {node: 'n1'})
    const unscheduled = jobPod('Pending')
    expect(activePodsForRemoval(newJob(), [running, pending, unscheduled], 2).map((p) => p.metadata.name)).toEqual([unscheduled.metadata.name, pending.metadata.name])
    const job = newJob({completionMode: 'Indexed', completions: 3})
    const a = jobPod('Running', {index: 0, node: 'n1', ready: true})
    const dup = jobPod('Pending', {index: 0})
    const bad = jobPod('Running', {index: 7, node: 'n1'})
    const none = jobPod('Running', {node: 'n1'})
    const b = jobPod('Running', {index: 1, node: 'n1'})
    expect(activePodsForRemoval(job, [a, dup, bad, none, b], 0).map((p) => p.metadata.name).sort()).toEqual([dup, bad, none].map((p) => p.metadata.name).sort())
  })
  it('builds pods with the finalizer, and the index for Indexed jobs', () => {
    const ref = {apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: 'job-uid', controller: true, blockOwnerDeletion: true}
    const p = newJobPod(newJob(), ref)
    expect(p.metadata).toEqual({generateName: 'pi-', namespace: 'ns', labels: {'batch.kubernetes.io/controller-uid': 'job-uid'}, finalizers: ['batch.kubernetes.io/job-tracking'], ownerReferences: [ref]})
    const ix = newJobPod(newJob({completionMode: 'Indexed', completions: 3}), ref, 2)
    expect(ix.metadata.generateName).toBe('pi-2-')
    expect(ix.metadata.annotations).toEqual({'batch.kubernetes.io/job-completion-index': '2'})
    expect(ix.metadata.labels?.['batch.kubernetes.io/job-completion-index']).toBe('2')
    expect(ix.spec?.hostname).toBe('pi-2')
    expect(ix.spec?.containers[0].env).toEqual([{name: 'JOB_COMPLETION_INDEX', valueFrom: {fieldRef: {fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']"}}}])
    const long = newJob({completionMode: 'Indexed', completions: 3})
    long.metadata.name = 'x'.repeat(70)
    expect(newJobPod(long, ref, 12).metadata.generateName).toBe(`${'x'.repeat(54)}-12-`)
  })
})

describe('conditions', () => {
  it('ensures a condition, never adding a False one', () => {
    const [a, changed] = ensureJobConditionStatus([], 'Suspended', 'False', 'JobResumed', 'Job resumed', now)
    expect([a, changed]).toEqual([[], false])
    const [b] = ensureJobConditionStatus([], 'Suspended', 'True', 'JobSuspended', 'Job suspended', now)
    expect(b).toEqual([{type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended', lastProbeTime: '2024-05-01T10:00:00Z', lastTransitionTime: '2024-05-01T10:00:00Z'}])
    expect(ensureJobConditionStatus(b, 'Suspended', 'True', 'JobSuspended', 'Job suspended', new Date())[1]).toBe(false)
    expect(ensureJobConditionStatus(b, 'Suspended', 'False', 'JobResumed', 'Job resumed', now)[0][0].status).toBe('False')
  })
  it('knows finished jobs and when they finished', () => {
    expect(isJobFinished(newJob({}, {conditions: [{type: 'Complete', status: 'True'}]}))).toBe(true)
    expect(isJobFinished(newJob({}, {conditions: [{type: 'SuccessCriteriaMet', status: 'True'}]}))).toBe(false)
    expect(jobFinishTime(newJob({}, {completionTime: '2024-05-01T09:00:00Z', conditions: [{type: 'Complete', status: 'True'}]}))?.toISOString()).toBe('2024-05-01T09:00:00.000Z')
    expect(jobFinishTime(newJob({}, {conditions: [{type: 'Failed', status: 'True', lastTransitionTime: '2024-05-01T08:00:00Z'}]}))?.toISOString()).toBe('2024-05-01T08:00:00.000Z')
  })
})
