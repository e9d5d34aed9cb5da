import {describe, expect, it} from 'vitest'
import type {CronJob, Job} from '../../api/types/batch.js'
import {jobFromTemplate, jobNameFor, planCronJob, scheduledTimestampAnnotation} from './plan.js'

const at = (iso: string) => Date.parse(iso)

function cronJob(spec: Partial<NonNullable<CronJob['spec']>> = {}, status: CronJob['status'] = {}): CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: {name: 'tick', namespace: 'ns', uid: 'cj-uid', creationTimestamp: '2026-01-01T10:00:30Z'},
    spec: {
      schedule: '*/5 * * * *',
      timeZone: 'UTC',
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: {metadata: {labels: {app: 'tick'}, annotations: {note: 'x'}}, spec: {template: {spec: {containers: [{name: 'c', image: 'busybox'}], restartPolicy: 'Never'}}}},
      ...spec,
    },
    status,
  }
}

function job(name: string, state: 'active' | 'Complete' | 'Failed', finished = '2026-01-01T10:01:00Z'): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {name, namespace: 'ns', uid: `${name}-uid`, creationTimestamp: finished, resourceVersion: '7'},
    spec: {template: {}},
    status: state === 'active' ? {active: 1} : {conditions: [{type: state, status: 'True', lastTransitionTime: finished}], completionTime: state === 'Complete' ? finished : undefined},
  }
}

describe('CronJob plan', () => {
  it('creates the Job of the most recent schedule time since creation, then waits for the next', () => {
    const cj = cronJob()
    const p = planCronJob(cj, [], at('2026-01-01T10:12:00Z'))
    expect(p.create).toEqual({name: jobNameFor(cj, at('2026-01-01T10:10:00Z')), scheduledTime: at('2026-01-01T10:10:00Z')})
    expect(p.create!.name).toBe(`tick-${at('2026-01-01T10:10:00Z') / 60_000}`)
    expect(p.requeueAfterMs).toBe(3 * 60_000 + 100)
    expect(planCronJob(cj, [], at('2026-01-01T10:04:59Z')).create).toBeUndefined()
    // already ran for 10:10 (lastScheduleTime) → nothing until 10:15
    expect(planCronJob(cronJob({}, {lastScheduleTime: '2026-01-01T10:10:00Z'}), [], at('2026-01-01T10:14:00Z')).create).toBeUndefined()
    // the Job of that time exists (status not written yet) → not created twice
    expect(planCronJob(cj, [job(`tick-${at('2026-01-01T10:10:00Z') / 60_000}`, 'active')], at('2026-01-01T10:12:00Z')).create).toBeUndefined()
  })

  it('suspend, Forbid, Replace and the starting deadline', () => {
    const now = at('2026-01-01T10:12:00Z')
    expect(planCronJob(cronJob({suspend: true}), [], now).create).toBeUndefined()
    const running = job('tick-old', 'active')
    const withActive = (spec: Partial<NonNullable<CronJob['spec']>>) => cronJob(spec, {active: [{kind: 'Job', name: 'tick-old', namespace: 'ns', uid: 'tick-old-uid'}]})
    const forbid = planCronJob(withActive({concurrencyPolicy: 'Forbid'}), [running], now)
    expect(forbid.create).toBeUndefined()
    expect(forbid.events.map((e) => e.reason)).toEqual(['JobAlreadyActive'])
    const replace = planCronJob(withActive({concurrencyPolicy: 'Replace'}), [running], now)
    expect(replace.replace.map((j) => j.metadata.name)).toEqual(['tick-old'])
    expect(replace.create).toBeDefined()
    expect(planCronJob(withActive({concurrencyPolicy: 'Allow'}), [running], now).replace).toEqual([])
    // 10:10 is 120 s ago: a 60 s deadline has passed, a 180 s one has not
    expect(planCronJob(cronJob({startingDeadlineSeconds: 60}), [], now).create).toBeUndefined()
    expect(planCronJob(cronJob({startingDeadlineSeconds: 180}), [], now).create?.scheduledTime).toBe(at('2026-01-01T10:10:00Z'))
  })

  it('many missed times: the most recent runs, with a warning', () => {
    const p = planCronJob(cronJob({schedule: '* * * * *'}), [], at('2026-01-02T10:00:10Z'))
    expect(p.create?.scheduledTime).toBe(at('2026-01-02T10:00:00Z'))
    expect(p.events.map((e) => e.reason)).toEqual(['TooManyMissedTimes'])
  })

  it('status.active follows the Jobs; lastSuccessfulTime moves; old finished Jobs are pruned by the history limits', () => {
    const jobs = [
      job('s1', 'Complete', '2026-01-01T09:00:00Z'),
      job('s2', 'Complete', '2026-01-01T09:05:00Z'),
      job('s3', 'Complete', '2026-01-01T09:10:00Z'),
      job('s4', 'Complete', '2026-01-01T09:15:00Z'),
      job('f1', 'Failed', '2026-01-01T09:20:00Z'),
      job('f2', 'Failed', '2026-01-01T09:25:00Z'),
      job('a1', 'active'),
    ]
    const cj = cronJob({}, {active: [{name: 's4', uid: 's4-uid'}, {name: 'gone', uid: 'gone-uid'}], lastScheduleTime: '2026-01-01T10:10:00Z'})
    const p = planCronJob(cj, jobs, at('2026-01-01T10:11:00Z'))
    expect(p.status.active?.map((a) => a.name)).toEqual(['a1'])
    expect(p.status.lastSuccessfulTime).toBe('2026-01-01T09:15:00Z')
    expect(p.prune.map((j) => j.metadata.name)).toEqual(['s1', 'f1'])
    expect(p.events.map((e) => e.reason)).toEqual(['SawCompletedJob'])
  })

  it('an unparsable schedule is reported, nothing is created', () => {
    const p = planCronJob(cronJob({schedule: 'not a schedule'}), [], at('2026-01-01T10:12:00Z'))
    expect(p.create).toBeUndefined()
    expect(p.events.map((e) => e.reason)).toEqual(['UnparseableSchedule'])
  })

  it('builds the Job from the template: labels, annotations, owner, scheduled time in the zone', () => {
    const cj = cronJob({timeZone: 'Asia/Kolkata'})
    const j = jobFromTemplate(cj, 'tick-1', at('2026-01-01T10:10:00Z'), 'Asia/Kolkata')
    expect(j.metadata).toMatchObject({name: 'tick-1', namespace: 'ns', labels: {app: 'tick'}, annotations: {note: 'x', [scheduledTimestampAnnotation]: '2026-01-01T15:40:00+05:30'}})
    expect(j.metadata.ownerReferences).toEqual([{apiVersion: 'batch/v1', kind: 'CronJob', name: 'tick', uid: 'cj-uid', controller: true, blockOwnerDeletion: true}])
    expect(j.spec?.template.spec?.containers[0].image).toBe('busybox')
    expect(jobFromTemplate(cronJob(), 'tick-2', at('2026-01-01T10:10:00Z'), undefined).metadata.annotations?.[scheduledTimestampAnnotation]).toBe('2026-01-01T10:10:00Z')
  })
})
