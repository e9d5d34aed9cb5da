import {describe, expect, it} from 'vitest'
import type {Job} from '../../api/types/batch.js'
import type {Pod} from '../../api/types/pod.js'
import {jobPod, newJob} from './fixtures.js'
import {assessJob, isComplete, manageDecision, pastBackoffLimitOnFailure} from './plan.js'
import {cleanUncounted, enactFinished, planTracking} from './tracking.js'

const now = new Date('2024-05-01T10:00:00Z')
const assess = (job: Job, pods: Pod[], expected: string[] = [], backoff?: {failuresAfterLastSuccess: number; lastFailureTime?: number}) => assessJob({job, pods, expectedRmFinalizers: new Set(expected), backoff, now})

describe('assessJob', () => {
  it('counts active, ready, terminating and newly finished pods, and starts the clock', () => {
    const job = newJob({completions: 5, parallelism: 3}, {succeeded: 1, failed: 1, uncountedTerminatedPods: {succeeded: ['u-s'], failed: ['u-f']}})
    const pods = [
      jobPod('Running', {ready: true}),
      jobPod('Pending'),
      jobPod('Succeeded'),
      jobPod('Succeeded', {uid: 'u-s'}),
      jobPod('Succeeded', {finalizer: false}),
      jobPod('Failed', {uid: 'rm'}),
      jobPod('Running', {deleting: true}),
    ]
    const a = assess(job, pods, ['rm'])
    expect(a.active).toHaveLength(2)
    expect(a.ready).toBe(1)
    expect(a.terminating).toBe(1)
    expect(a.newSucceeded.map((p) => p.metadata.name)).toEqual([pods[2].metadata.name])
    expect(a.newFailed.map((p) => p.metadata.name)).toEqual([pods[6].metadata.name])
    expect(a.succeeded).toBe(1 + 1 + 1)
    expect(a.failed).toBe(1 + 1 + 1)
    expect(a.finishedCondition).toBeUndefined()
    expect(job.status?.startTime).toBe('2024-05-01T10:00:00Z')
  })

  it('does not start a suspended job', () => {
    const job = newJob({suspend: true})
    assess(job, [])
    expect(job.status?.startTime).toBeUndefined()
  })

  it('fails past backoffLimit failures, or restarts under OnFailure', () => {
    expect(assess(newJob({backoffLimit: 1}, {failed: 1}), [jobPod('Failed')]).finishedCondition).toMatchObject({type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit'})
    expect(assess(newJob({backoffLimit: 1}, {failed: 1}), []).finishedCondition).toBeUndefined()
    const restarting = jobPod('Running')
    restarting.status!.containerStatuses = [{name: 'c', ready: false, restartCount: 2, image: '', imageID: ''}]
    const onFailure = newJob({backoffLimit: 2})
    onFailure.spec!.template.spec!.restartPolicy = 'OnFailure'
    expect(pastBackoffLimitOnFailure(onFailure, [restarting])).toBe(true)
    expect(pastBackoffLimitOnFailure(newJob({backoffLimit: 2}), [restarting])).toBe(false)
    expect(assess(onFailure, [restarting]).finishedCondition?.reason).toBe('BackoffLimitExceeded')
  })

  it('fails past activeDeadlineSeconds, and says when the deadline comes otherwise', () => {
    expect(assess(newJob({activeDeadlineSeconds: 60}, {startTime: '2024-05-01T09:58:00Z'}), []).finishedCondition).toMatchObject({type: 'FailureTarget', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline'})
    expect(assess(newJob({activeDeadlineSeconds: 60}, {startTime: '2024-05-01T09:59:30Z'}), []).deadlineInMs).toBe(30_000)
    expect(assess(newJob({activeDeadlineSeconds: 60, suspend: true}, {startTime: '2024-05-01T09:58:00Z'}), []).finishedCondition).toBeUndefined()
  })

  it('turns an existing FailureTarget into Failed, and keeps SuccessCriteriaMet', () => {
    const target = {type: 'FailureTarget', status: 'True' as const, reason: 'DeadlineExceeded', message: 'm'}
    expect(assess(newJob({}, {conditions: [target]}), []).finishedCondition).toMatchObject({type: 'Failed', reason: 'DeadlineExceeded', message: 'm'})
    const met = {type: 'SuccessCriteriaMet', status: 'True' as const, reason: 'CompletionsReached'}
    expect(assess(newJob({}, {conditions: [met]}), []).finishedCondition).toEqual(met)
  })

  it('counts succeeded indexes for Indexed jobs', () => {
    const job = newJob({completionMode: 'Indexed', completions: 4, parallelism: 4}, {completedIndexes: '0', succeeded: 1})
    const a = assess(job, [jobPod('Succeeded', {index: 2}), jobPod('Succeeded', {index: 3, finalizer: false}), jobPod('Succeeded', {index: 9})])
    expect(a.prevSucceededIndexes).toEqual([[0, 0]])
    expect(a.succeededIndexes).toEqual([[0, 0], [2, 2]])
    expect(a.succeeded).toBe(2)
  })
})

describe('manageDecision', () => {
  it('creates up to parallelism, capped by remaining completions', () => {
    expect(manageDecision(newJob({completions: 5, parallelism: 3}), assess(newJob({completions: 5, parallelism: 3}), [jobPod('Running')]), now)).toEqual({type: 'create', count: 2})
    const nearlyDone = newJob({completions: 5, parallelism: 3}, {succeeded: 4})
    expect(manageDecision(nearlyDone, assess(nearlyDone, []), now)).toEqual({type: 'create', count: 1})
  })

  it('keeps what runs once a work-queue job (no completions) has a success', () => {
    const job = newJob({completions: undefined, parallelism: 3}, {succeeded: 1})
    expect(manageDecision(job, assess(job, [jobPod('Running')]), now)).toEqual({type: 'none'})
    const fresh = newJob({completions: undefined, parallelism: 3})
    expect(manageDecision(fresh, assess(fresh, []), now)).toEqual({type: 'create', count: 3})
  })

  it('deletes surplus pods, the least advanced first', () => {
    const job = newJob({completions: 5, parallelism: 1})
    const running = jobPod('Running', {ready: true, node: 'n1'})
    const pending = jobPod('Pending')
    const d = manageDecision(job, assess(job, [running, pending]), now)
    expect(d.type === 'delete' && d.pods.map((p) => p.metadata.name)).toEqual([pending.metadata.name])
  })

  it('deletes everything when suspended', () => {
    const job = newJob({suspend: true, parallelism: 2, completions: 2})
    const d = manageDecision(job, assess(job, [jobPod('Running'), jobPod('Running')]), now)
    expect(d.type === 'delete' && d.pods).toHaveLength(2)
    expect(manageDecision(job, assess(job, []), now)).toEqual({type: 'none'})
  })

  it('waits out the failure back-off before replacing failed pods', () => {
    const job = newJob({completions: 1}, {failed: 1})
    const t = now.getTime()
    expect(manageDecision(job, assess(job, [], [], {failuresAfterLastSuccess: 1, lastFailureTime: t - 4000}), now)).toEqual({type: 'wait', ms: 6000})
    expect(manageDecision(job, assess(job, [], [], {failuresAfterLastSuccess: 2, lastFailureTime: t - 25_000}), now)).toEqual({type: 'create', count: 1})
  })

  it('picks pending indexes for Indexed jobs', () => {
    const job = newJob({completionMode: 'Indexed', completions: 5, parallelism: 3}, {completedIndexes: '0'})
    expect(manageDecision(job, assess(job, [jobPod('Running', {index: 1})]), now)).toEqual({type: 'create', count: 2, indexes: [2, 3]})
  })

  it('counts terminating pods when only failed pods are replaced', () => {
    const job = newJob({podReplacementPolicy: 'Failed', completions: 2, parallelism: 2})
    expect(manageDecision(job, assess(job, [jobPod('Running', {deleting: true})]), now)).toEqual({type: 'create', count: 1})
    expect(manageDecision(newJob({completions: 2, parallelism: 2}), assess(newJob({completions: 2, parallelism: 2}), [jobPod('Running', {deleting: true})]), now)).toEqual({type: 'create', count: 2})
  })

  it('knows when a job is complete', () => {
    expect(isComplete(newJob({completions: 2}), 2, 0)).toBe(true)
    expect(isComplete(newJob({completions: 2}), 2, 1)).toBe(false)
    expect(isComplete(newJob({completions: undefined}), 1, 0)).toBe(true)
    expect(isComplete(newJob({completions: undefined}), 0, 0)).toBe(false)
  })
})

describe('planTracking', () => {
  const input = (job: Job, pods: Pod[], extra: Partial<Parameters<typeof planTracking>[0]> = {}) => {
    const a = assess(job, pods)
    return {job, pods, expectedRmFinalizers: new Set<string>(), uncounted: a.uncounted, now, prevSucceededIndexes: a.prevSucceededIndexes, succeededIndexes: a.succeededIndexes, ...extra}
  }

  it('lists finished pods as uncounted before their finalizer goes', () => {
    const ok = jobPod('Succeeded', {uid: 'ok'})
    const bad = jobPod('Failed', {uid: 'bad'})
    const running = jobPod('Running', {uid: 'run'})
    const plan = planTracking(input(newJob({completions: 3}), [ok, bad, running]), false)
    expect(plan.needsFlush).toBe(true)
    expect(plan.status.uncountedTerminatedPods).toEqual({succeeded: ['ok'], failed: ['bad']})
    expect(plan.removeFinalizers.map((p) => p.metadata.uid)).toEqual(['ok', 'bad'])
    expect(plan.uidsWithFinalizer).toEqual(new Set(['ok', 'bad', 'run']))
  })

  it('counts uncounted pods that lost their finalizer and never lists a pod twice', () => {
    const job = newJob({completions: 3}, {succeeded: 2, uncountedTerminatedPods: {succeeded: ['gone', 'still'], failed: []}})
    const still = jobPod('Succeeded', {uid: 'still'})
    const plan = planTracking(input(job, [still]), false)
    expect(plan.status.succeeded).toBe(3)
    expect(plan.status.uncountedTerminatedPods).toEqual({succeeded: ['still'], failed: []})
    expect(plan.removeFinalizers.map((p) => p.metadata.uid)).toEqual(['still'])
    // a pod whose finalizer removal is pending is left alone
    const pending = planTracking(input(newJob(), [jobPod('Succeeded', {uid: 'x'})], {expectedRmFinalizers: new Set(['x'])}), false)
    expect(pending.removeFinalizers).toEqual([])
    expect(pending.status.uncountedTerminatedPods).toEqual({})
  })

  it('adds the interim condition and prepares the final one; a failing job counts every unfinished pod as failed', () => {
    const target = {type: 'FailureTarget', status: 'True' as const, reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastTransitionTime: '2024-05-01T10:00:00Z'}
    const running = jobPod('Running', {uid: 'run', deleting: true})
    const plan = planTracking(input(newJob(), [running], {finishedCondition: target}), false)
    expect(plan.status.conditions).toEqual([target])
    expect(plan.finishedCondition).toMatchObject({type: 'Failed', reason: 'BackoffLimitExceeded'})
    expect(plan.status.uncountedTerminatedPods).toEqual({failed: ['run']})
    const met = {type: 'SuccessCriteriaMet', status: 'True' as const, reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods'}
    const done = planTracking(input(newJob(), [], {finishedCondition: met}), false)
    expect(done.status.conditions).toEqual([met])
    expect(done.finishedCondition).toMatchObject({type: 'Complete', reason: 'CompletionsReached'})
  })

  it('records succeeded indexes of Indexed jobs instead of UIDs', () => {
    const job = newJob({completionMode: 'Indexed', completions: 3}, {completedIndexes: '0', succeeded: 1})
    const plan = planTracking(input(job, [jobPod('Succeeded', {index: 2})]), false)
    expect(plan.status.completedIndexes).toBe('0,2')
    expect(plan.status.succeeded).toBe(2)
    expect(plan.status.uncountedTerminatedPods).toEqual({})
  })
})

describe('cleanUncounted / enactFinished', () => {
  it('moves UIDs without finalizer into the counters', () => {
    const status = {succeeded: 1, failed: 0, uncountedTerminatedPods: {succeeded: ['a', 'b'], failed: ['c']}}
    expect(cleanUncounted(status, new Set(['b']))).toBe(true)
    expect(status).toEqual({succeeded: 2, failed: 1, uncountedTerminatedPods: {succeeded: ['b'], failed: []}})
    expect(cleanUncounted(status, new Set(['b']))).toBe(false)
  })
  it('finishes only when nothing is uncounted or terminating', () => {
    const complete = {type: 'Complete', status: 'True' as const, reason: 'CompletionsReached', message: 'm', lastTransitionTime: '2024-05-01T10:00:00Z'}
    expect(enactFinished({uncountedTerminatedPods: {succeeded: ['x']}}, complete, 0, now)).toBe(false)
    expect(enactFinished({}, complete, 1, now)).toBe(false)
    const status: Job['status'] = {conditions: [{type: 'SuccessCriteriaMet', status: 'True'}]}
    expect(enactFinished(status!, complete, 0, now)).toBe(true)
    expect(status!.completionTime).toBe('2024-05-01T10:00:00Z')
    expect(status!.conditions?.map((c) => c.type)).toEqual(['SuccessCriteriaMet', 'Complete'])
  })
})
