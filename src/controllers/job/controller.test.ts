import {afterEach, describe, expect, it} from 'vitest'
import type {Job} from '../../api/types/batch.js'
import type {Pod} from '../../api/types/pod.js'
import {podsRef} from '../common/refs.js'
import {FakeCluster, until} from '../common/testing.js'
import {JobController} from './controller.js'
import {newJob} from './fixtures.js'
import {jobsRef} from './refs.js'

const T = Date.parse('2024-05-01T10:00:00Z')
const key = 'ns/pi'
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
const stops: AbortController[] = []
afterEach(() => stops.splice(0).forEach((s) => s.abort()))

function setup() {
  let now = T
  const cluster = new FakeCluster({now: () => new Date(now)})
  const ctrl = new JobController({now: () => new Date(now)})
  ctrl.start(cluster.context())
  return {cluster, ctrl, at: (ms: number) => (now = T + ms), now: () => now}
}

const theJob = (c: FakeCluster) => c.find<Job>(jobsRef, 'pi', 'ns')!
const pods = (c: FakeCluster) => c.list<Pod>(podsRef, 'ns')
const live = (c: FakeCluster) => pods(c).filter((p) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed')
const condTypes = (c: FakeCluster) => (theJob(c).status?.conditions ?? []).filter((x) => x.status === 'True').map((x) => x.type)
const reasons = async (c: FakeCluster) => (await c.events()).map((e) => e.reason)

/** The kubelet's report: the pod ran and ended in `phase` at `ms`. */
function finish(c: FakeCluster, pod: Pod, phase: 'Succeeded' | 'Failed', ms: number): void {
  const cur = c.find<Pod>(podsRef, pod.metadata.name!, 'ns')!
  cur.status = {
    phase,
    conditions: [{type: 'Ready', status: 'False', lastTransitionTime: iso(ms)}],
    containerStatuses: [{name: 'c', ready: false, restartCount: 0, image: 'perl', imageID: '', state: {terminated: {exitCode: phase === 'Failed' ? 1 : 0, finishedAt: iso(ms)}}}],
  }
  c.put(podsRef, cur)
}

function running(c: FakeCluster, pod: Pod): void {
  const cur = c.find<Pod>(podsRef, pod.metadata.name!, 'ns')!
  cur.spec = {...cur.spec!, nodeName: 'n1'}
  cur.status = {phase: 'Running', conditions: [{type: 'Ready', status: 'True', lastTransitionTime: iso(T)}]}
  c.put(podsRef, cur)
}

describe('JobController sync', () => {
  it('runs a pod to completion and counts it exactly once', async () => {
    const {cluster, ctrl} = setup()
    cluster.seed(jobsRef, newJob())
    await ctrl.sync(key)
    const [pod] = pods(cluster)
    expect(pod.metadata.generateName).toBe('pi-')
    expect(pod.metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking'])
    expect(pod.metadata.ownerReferences?.[0]).toMatchObject({kind: 'Job', name: 'pi', uid: 'job-uid', controller: true})
    expect(theJob(cluster).status).toMatchObject({active: 1, ready: 0, terminating: 0, startTime: iso(T)})
    finish(cluster, pod, 'Succeeded', T + 5000)
    await ctrl.sync(key)
    const status = theJob(cluster).status!
    expect(status).toMatchObject({active: 0, succeeded: 1, completionTime: iso(T), uncountedTerminatedPods: {}})
    expect(status.failed ?? 0).toBe(0)
    expect(condTypes(cluster)).toEqual(['SuccessCriteriaMet', 'Complete'])
    expect(status.conditions?.find((c) => c.type === 'Complete')).toMatchObject({reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods'})
    expect(pods(cluster)[0].metadata.finalizers ?? []).toEqual([])
    await ctrl.sync(key)
    expect(theJob(cluster).status?.succeeded).toBe(1)
    expect(await reasons(cluster)).toEqual(expect.arrayContaining(['SuccessfulCreate', 'Completed']))
  })

  it('never double-counts while the pod informer lags behind the finalizer removal', async () => {
    const {cluster, ctrl} = setup()
    cluster.seed(jobsRef, newJob({completions: 3, parallelism: 2}))
    await ctrl.sync(key)
    await ctrl.sync(key)
    const [a] = pods(cluster)
    finish(cluster, a, 'Succeeded', T)
    cluster.hold()
    await ctrl.sync(key)
    expect(theJob(cluster).status).toMatchObject({succeeded: 1, uncountedTerminatedPods: {succeeded: []}})
    // the job informer catches up, the pod informer does not: it still shows the finalizer
    cluster.factory.informer(jobsRef).deliver('MODIFIED', theJob(cluster))
    expect(ctrl.finalizerExpectations.get(key)?.has(a.metadata.uid!)).toBe(true)
    await ctrl.sync(key)
    expect(theJob(cluster).status?.succeeded).toBe(1)
    expect(theJob(cluster).status?.uncountedTerminatedPods?.succeeded ?? []).toEqual([])
    cluster.resume()
    expect(ctrl.finalizerExpectations.get(key)?.size).toBe(0)
    await ctrl.sync(key)
    expect(theJob(cluster).status).toMatchObject({succeeded: 1, uncountedTerminatedPods: {succeeded: []}})
  })

  it('replaces failed pods after the back-off and fails past backoffLimit', async () => {
    const {cluster, ctrl, at} = setup()
    cluster.seed(jobsRef, newJob({backoffLimit: 1}))
    await ctrl.sync(key)
    finish(cluster, pods(cluster)[0], 'Failed', T + 1000)
    at(2000)
    await ctrl.sync(key)
    expect(theJob(cluster).status).toMatchObject({failed: 1, active: 0})
    expect(live(cluster)).toHaveLength(0) // back-off: 10 s after the failure
    at(11_001)
    await ctrl.sync(key)
    expect(live(cluster)).toHaveLength(1)
    finish(cluster, live(cluster)[0], 'Failed', T + 12_000)
    at(13_000)
    await ctrl.sync(key)
    expect(theJob(cluster).status?.failed).toBe(2)
    expect(condTypes(cluster)).toEqual(['FailureTarget', 'Failed'])
    expect(theJob(cluster).status?.conditions?.find((c) => c.type === 'Failed')).toMatchObject({reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit'})
    expect(theJob(cluster).status?.completionTime).toBeUndefined()
    expect(await reasons(cluster)).toContain('BackoffLimitExceeded')
  })

  it('stops at activeDeadlineSeconds: deletes active pods, counts them failed, then marks Failed once they are gone', async () => {
    const {cluster, ctrl, at} = setup()
    cluster.seed(jobsRef, newJob({activeDeadlineSeconds: 30, parallelism: 2, completions: 2}))
    await ctrl.sync(key)
    for (const p of pods(cluster)) running(cluster, p)
    at(31_000)
    await ctrl.sync(key)
    expect(condTypes(cluster)).toEqual(['FailureTarget'])
    expect(theJob(cluster).status).toMatchObject({active: 0, failed: 2, terminating: 2})
    expect(pods(cluster)).toHaveLength(0)
    await ctrl.sync(key)
    expect(condTypes(cluster)).toEqual(['FailureTarget', 'Failed'])
    expect(theJob(cluster).status).toMatchObject({terminating: 0, failed: 2})
    expect(theJob(cluster).status?.conditions?.find((c) => c.type === 'Failed')?.reason).toBe('DeadlineExceeded')
    expect(await reasons(cluster)).toContain('DeadlineExceeded')
  })

  it('suspends (deleting active pods without counting them) and resumes (restarting the deadline clock)', async () => {
    const {cluster, ctrl, at} = setup()
    cluster.seed(jobsRef, newJob({parallelism: 2, completions: 4}))
    await ctrl.sync(key)
    expect(live(cluster)).toHaveLength(2)
    cluster.put(jobsRef, {...theJob(cluster), spec: {...theJob(cluster).spec!, suspend: true}})
    await ctrl.sync(key)
    expect(pods(cluster)).toHaveLength(0)
    expect(theJob(cluster).status).toMatchObject({active: 0})
    expect(theJob(cluster).status?.failed ?? 0).toBe(0)
    expect(theJob(cluster).status?.conditions?.find((c) => c.type === 'Suspended')).toMatchObject({status: 'True', reason: 'JobSuspended'})
    at(100_000)
    cluster.put(jobsRef, {...theJob(cluster), spec: {...theJob(cluster).spec!, suspend: false}})
    await ctrl.sync(key)
    expect(theJob(cluster).status?.conditions?.find((c) => c.type === 'Suspended')).toMatchObject({status: 'False', reason: 'JobResumed'})
    expect(theJob(cluster).status?.startTime).toBe(iso(T + 100_000))
    expect(live(cluster)).toHaveLength(2)
    expect(await reasons(cluster)).toEqual(expect.arrayContaining(['Suspended', 'Resumed', 'SuccessfulDelete']))
  })

  it('runs Indexed jobs one pod per completion index', async () => {
    const {cluster, ctrl} = setup()
    cluster.seed(jobsRef, newJob({completionMode: 'Indexed', completions: 3, parallelism: 2}))
    await ctrl.sync(key)
    const idx = (p: Pod) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index']
    expect(pods(cluster).map(idx).sort()).toEqual(['0', '1'])
    finish(cluster, pods(cluster).find((p) => idx(p) === '1')!, 'Succeeded', T)
    await ctrl.sync(key)
    expect(theJob(cluster).status).toMatchObject({completedIndexes: '1', succeeded: 1})
    expect(live(cluster).map(idx).sort()).toEqual(['0', '2'])
    for (const p of live(cluster)) finish(cluster, p, 'Succeeded', T)
    await ctrl.sync(key)
    expect(theJob(cluster).status).toMatchObject({completedIndexes: '0-2', succeeded: 3})
    expect(condTypes(cluster)).toEqual(['SuccessCriteriaMet', 'Complete'])
  })

  it('deletes a finished job after ttlSecondsAfterFinished', async () => {
    const {cluster, ctrl, at} = setup()
    cluster.seed(jobsRef, newJob({ttlSecondsAfterFinished: 60}))
    await ctrl.sync(key)
    finish(cluster, pods(cluster)[0], 'Succeeded', T)
    await ctrl.sync(key)
    expect(condTypes(cluster)).toContain('Complete')
    at(59_000)
    await ctrl.sync(key)
    expect(theJob(cluster).metadata.deletionTimestamp).toBeUndefined()
    at(60_000)
    await ctrl.sync(key)
    expect(cluster.actionsOf('delete', 'jobs')[0].body).toMatchObject({propagationPolicy: 'Foreground'})
    expect(theJob(cluster).metadata.finalizers).toEqual(['foregroundDeletion'])
  })
})

describe('JobController run', () => {
  it('reacts to pod events and releases the pods of a deleted job', async () => {
    const {cluster, ctrl} = setup()
    const stop = new AbortController()
    stops.push(stop)
    const done = ctrl.run(stop.signal)
    cluster.seed(jobsRef, newJob({completions: 2, parallelism: 1}))
    await until(() => live(cluster).length === 1, 2000, 'first pod')
    finish(cluster, live(cluster)[0], 'Succeeded', T)
    await until(() => live(cluster).length === 1 && theJob(cluster).status?.succeeded === 1, 2000, 'second pod')
    const second = live(cluster)[0]
    await cluster.client.delete(jobsRef, 'pi', 'ns')
    await until(() => (cluster.find<Pod>(podsRef, second.metadata.name!, 'ns')?.metadata.finalizers ?? []).length === 0, 2000, 'finalizer released')
    stop.abort()
    await done
  })
})
