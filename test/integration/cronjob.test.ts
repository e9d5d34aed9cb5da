/**
 * CronJobs end to end on a master with its controllers (no node: Jobs are created, their pods stay
 * Pending): kubectl apply and create, the table, `create job --from`, the controller starting Jobs on
 * schedule with Forbid honoured, and the garbage collector removing the Jobs with their CronJob.
 */
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {waitFor} from '../../src/runtime/testing/helpers.js'
import {kubectl, startTestMaster, tempDir} from '../harness.js'

let env: Awaited<ReturnType<typeof startTestMaster>>
let kc: {kubeconfig: string; cacheDir: string}

beforeAll(async () => {
  env = await startTestMaster(undefined, {components: true})
  kc = {kubeconfig: env.master.kubeconfigPath, cacheDir: join(tempDir('mkube-cronjob-'), 'cache')}
})
afterAll(async () => {
  await env?.stop()
})

const manifest = `apiVersion: batch/v1
kind: CronJob
metadata: {name: every2s}
spec:
  schedule: "@every 2s"
  concurrencyPolicy: Forbid
  jobTemplate:
    metadata: {labels: {app: tick}}
    spec:
      template:
        spec:
          containers: [{name: c, image: localhost/busybox:latest, command: [date]}]
          restartPolicy: Never
`

describe('CronJobs', () => {
  it('are validated and defaulted, and listed with their schedule', async () => {
    const bad = await kubectl(['apply', '-f', '-'], {...kc, input: manifest.replace('"@every 2s"', '"61 * * * *"').replace('every2s', 'bad')})
    expect(bad.exitCode).not.toBe(0)
    expect(bad.stderr).toContain('spec.schedule: Invalid value: "61 * * * *": minute 61 out of range 0-59')
    const c = await kubectl(['create', 'cronjob', 'nightly', '--image=localhost/busybox:latest', '--schedule=0 3 * * *', '--', 'date'], kc)
    expect(c.exitCode, c.stderr).toBe(0)
    const got = JSON.parse((await kubectl(['get', 'cj', 'nightly', '-o', 'json'], kc)).stdout)
    expect(got.spec).toMatchObject({schedule: '0 3 * * *', concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1})
    expect(got.spec.jobTemplate.spec.backoffLimit).toBe(6)
    const table = await kubectl(['get', 'cronjobs'], kc)
    expect(table.stdout).toMatch(/^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE$/m)
    expect(table.stdout).toMatch(/^nightly\s+0 3 \* \* \*\s+<none>\s+False\s+0\s+<none>\s+\d+s$/m)
    const manual = await kubectl(['create', 'job', 'by-hand', '--from=cronjob/nightly'], kc)
    expect(manual.exitCode, manual.stderr).toBe(0)
    const j = JSON.parse((await kubectl(['get', 'job', 'by-hand', '-o', 'json'], kc)).stdout)
    expect(j.metadata.ownerReferences[0]).toMatchObject({kind: 'CronJob', name: 'nightly'})
  })

  it('start Jobs on schedule, one at a time under Forbid, and take them along when deleted', async () => {
    const a = await kubectl(['apply', '-f', '-'], {...kc, input: manifest})
    expect(a.exitCode, a.stderr).toBe(0)
    const listJobs = async () => JSON.parse((await kubectl(['get', 'jobs', '-l', 'app=tick', '-o', 'json'], kc)).stdout).items as {metadata: {name: string; ownerReferences?: {name: string}[]}}[]
    const jobs = await waitFor(async () => {
      const l = await listJobs()
      return l.length ? l : undefined
    }, 15_000, 'a Job of the CronJob')
    expect(jobs[0].metadata.name).toMatch(/^every2s-\d+$/)
    expect(jobs[0].metadata.ownerReferences?.[0].name).toBe('every2s')
    const cj = await waitFor(async () => {
      const o = JSON.parse((await kubectl(['get', 'cj', 'every2s', '-o', 'json'], kc)).stdout)
      return o.status?.active?.length ? o : undefined
    }, 10_000, 'status.active')
    expect(cj.status.active[0].name).toBe(jobs[0].metadata.name)
    expect(cj.status.lastScheduleTime).toMatch(/Z$/)
    // its pods never run (no node): Forbid keeps it at one Job however many times come by
    await new Promise((r) => setTimeout(r, 5000))
    expect(await listJobs()).toHaveLength(1)
    expect((await kubectl(['delete', 'cronjob', 'every2s'], kc)).exitCode).toBe(0)
    await waitFor(async () => ((await listJobs()).length === 0 ? true : undefined), 20_000, 'the Jobs to be collected with their CronJob')
  })
})
