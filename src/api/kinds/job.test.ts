import {describe, expect, it} from 'vitest'
import type {Job} from '../types/batch.js'
import {jobDef, jobHooks} from './job.js'
import {created, uniq, validateAsCreate, validateAsUpdate} from './testing.js'

const uid = '0b5c2f0e-1111-2222-3333-444444444444'
const job = (): Job => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: {name: 'pi', namespace: 'default', uid},
  spec: {template: {spec: {restartPolicy: 'Never', containers: [{name: 'pi', image: 'perl'}]}}},
})
type Mut = (j: any) => void

describe('job create', () => {
  it('generates the selector and template labels from the uid', () => {
    const j = job()
    jobHooks.prepareForCreate!(j)
    expect(j.spec!.selector).toEqual({matchLabels: {'batch.kubernetes.io/controller-uid': uid}})
    expect(j.spec!.template.metadata!.labels).toEqual({
      'job-name': 'pi',
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': uid,
      'batch.kubernetes.io/controller-uid': uid,
    })
    expect(j.status).toEqual({})
  })
  it('defaults completions, parallelism, backoffLimit, mode and labels', () => {
    const j = created(jobDef, job())
    expect(j.spec).toMatchObject({completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, manualSelector: false, podReplacementPolicy: 'TerminatingOrFailed'})
    expect(j.metadata.labels!['job-name']).toBe('pi')
  })
  it('work-queue jobs keep completions unset', () => {
    const j = job()
    j.spec!.parallelism = 3
    jobDef.defaults(j)
    expect(j.spec!.completions).toBeUndefined()
    expect(j.spec!.parallelism).toBe(3)
  })
  it('accepts a valid job; manual selectors are kept', () => {
    expect(validateAsCreate(jobDef, job())).toEqual([])
    const m = job()
    m.spec!.manualSelector = true
    m.spec!.selector = {matchLabels: {app: 'pi'}}
    m.spec!.template.metadata = {labels: {app: 'pi'}}
    expect(validateAsCreate(jobDef, m)).toEqual([])
  })

  it.each<[string, Mut, string, string]>([
    ['default restartPolicy Always', (j) => delete j.spec.template.spec.restartPolicy, 'FieldValueNotSupported', 'spec.template.spec.restartPolicy'],
    ['negative parallelism', (j) => (j.spec.parallelism = -1), 'FieldValueInvalid', 'spec.parallelism'],
    ['negative backoffLimit', (j) => (j.spec.backoffLimit = -1), 'FieldValueInvalid', 'spec.backoffLimit'],
    ['bad completionMode', (j) => (j.spec.completionMode = 'Sometimes'), 'FieldValueNotSupported', 'spec.completionMode'],
    ['Indexed without completions', (j) => { j.spec.completionMode = 'Indexed'; j.spec.parallelism = 2 }, 'FieldValueRequired', 'spec.completions'],
    ['selector without manualSelector', (j) => (j.spec.selector = {matchLabels: {'batch.kubernetes.io/controller-uid': 'other'}}), 'FieldValueInvalid', 'spec.selector'],
    ['manual selector not matching', (j) => { j.spec.manualSelector = true; j.spec.selector = {matchLabels: {app: 'x'}} }, 'FieldValueInvalid', 'spec.template.metadata.labels'],
    ['manual without selector', (j) => (j.spec.manualSelector = true), 'FieldValueRequired', 'spec.selector'],
    ['podFailurePolicy with OnFailure', (j) => { j.spec.template.spec.restartPolicy = 'OnFailure'; j.spec.podFailurePolicy = {rules: [{action: 'FailJob', onExitCodes: {operator: 'In', values: [42]}}]} }, 'FieldValueInvalid', 'spec.template.spec.restartPolicy'],
  ])('%s', (_n, mutate, reason, field) => {
    const j = job()
    mutate(j)
    expect(uniq(validateAsCreate(jobDef, j))).toContainEqual({reason, field})
  })
  it('a job name too long for the job-name label is rejected on the template labels', () => {
    const j = job()
    j.metadata.name = 'a'.repeat(70)
    // the job's own labels are defaulted from the template, so they fail too
    expect(uniq(validateAsCreate(jobDef, j))).toEqual([
      {reason: 'FieldValueInvalid', field: 'metadata.labels'},
      {reason: 'FieldValueInvalid', field: 'spec.template.metadata.labels'},
    ])
  })
})

describe('job update', () => {
  const old = () => created(jobDef, job())
  it('template and selector are immutable', () => {
    const o = old()
    const n = structuredClone(o)
    n.spec!.template.spec!.containers[0].image = 'perl:2'
    expect(validateAsUpdate(jobDef, n, o)).toEqual([{reason: 'FieldValueInvalid', field: 'spec.template'}])
    const s = structuredClone(o)
    s.spec!.selector = {matchLabels: {...s.spec!.selector!.matchLabels, x: 'y'}}
    expect(validateAsUpdate(jobDef, s, o)).toContainEqual({reason: 'FieldValueInvalid', field: 'spec.selector'})
  })
  it('parallelism and suspend may change; completions only for Indexed in tandem', () => {
    const o = old()
    const n = structuredClone(o)
    n.spec!.parallelism = 5
    n.spec!.suspend = true
    expect(validateAsUpdate(jobDef, n, o)).toEqual([])
    const c = structuredClone(o)
    c.spec!.completions = 3
    expect(validateAsUpdate(jobDef, c, o)).toEqual([{reason: 'FieldValueInvalid', field: 'spec.completions'}])
  })
  it('a suspended job that never started may change scheduling directives', () => {
    const o = old()
    o.spec!.suspend = true
    const n = structuredClone(o)
    n.spec!.template.spec!.nodeSelector = {zone: 'a'}
    expect(validateAsUpdate(jobDef, n, o)).toEqual([])
    o.status = {startTime: '2024-01-01T00:00:00Z'}
    expect(validateAsUpdate(jobDef, n, o)).toEqual([{reason: 'FieldValueInvalid', field: 'spec.template'}])
  })
  it('selects on status.successful', () => {
    const o = old()
    o.status = {succeeded: 2}
    expect(jobDef.selectableFields(o)).toEqual({'status.successful': '2'})
  })
})
