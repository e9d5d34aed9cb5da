import {describe, expect, it} from 'vitest'
import type {Event} from '../types/event.js'
import type {Lease} from '../types/coordination.js'
import {eventDef} from './event.js'
import {leaseDef} from './lease.js'
import {uniq, validateAsCreate} from './testing.js'

const event = (): Event => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: {name: 'web.17a2b3c4d5e6f7a8', namespace: 'default'},
  involvedObject: {kind: 'Pod', namespace: 'default', name: 'web', uid: 'u1', apiVersion: 'v1', fieldPath: 'spec.containers{web}'},
  reason: 'Pulled',
  message: 'pulled',
  type: 'Normal',
  source: {component: 'kubelet', host: 'worker-1'},
  count: 1,
})

describe('event', () => {
  it('accepts a legacy event', () => {
    expect(validateAsCreate(eventDef, event())).toEqual([])
  })
  it('involved object namespace must match', () => {
    const e = event()
    e.involvedObject.namespace = 'other'
    expect(validateAsCreate(eventDef, e)).toEqual([{reason: 'FieldValueInvalid', field: 'involvedObject.namespace'}])
    const cluster = event()
    cluster.involvedObject = {kind: 'Node', name: 'worker-1'}
    expect(validateAsCreate(eventDef, cluster)).toEqual([])
  })
  it('new-style events need reporting fields and an action', () => {
    const e = event()
    e.eventTime = '2024-01-01T00:00:00.000000Z'
    expect(uniq(validateAsCreate(eventDef, e))).toEqual([
      {reason: 'FieldValueRequired', field: 'reportingComponent'},
      {reason: 'FieldValueInvalid', field: 'reportingComponent'},
      {reason: 'FieldValueRequired', field: 'reportingInstance'},
      {reason: 'FieldValueRequired', field: 'action'},
    ])
    Object.assign(e, {reportingComponent: 'kubelet', reportingInstance: 'worker-1', action: 'Pull'})
    expect(validateAsCreate(eventDef, e)).toEqual([])
  })
  it('selectable fields follow upstream (source falls back to reportingComponent)', () => {
    const e = event()
    expect(eventDef.selectableFields(e)).toEqual({
      'involvedObject.kind': 'Pod',
      'involvedObject.namespace': 'default',
      'involvedObject.name': 'web',
      'involvedObject.uid': 'u1',
      'involvedObject.apiVersion': 'v1',
      'involvedObject.resourceVersion': '',
      'involvedObject.fieldPath': 'spec.containers{web}',
      reason: 'Pulled',
      reportingComponent: '',
      source: 'kubelet',
      type: 'Normal',
    })
    delete e.source
    e.reportingComponent = 'default-scheduler'
    expect(eventDef.selectableFields(e).source).toBe('default-scheduler')
  })
})

describe('lease', () => {
  const lease = (): Lease => ({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {name: 'worker-1', namespace: 'kube-node-lease'},
    spec: {holderIdentity: 'worker-1', leaseDurationSeconds: 40, renewTime: '2024-01-01T00:00:00.000000Z'},
  })
  it('accepts a valid lease', () => {
    expect(validateAsCreate(leaseDef, lease())).toEqual([])
  })
  it.each([
    [{leaseDurationSeconds: 0}, 'FieldValueInvalid', 'spec.leaseDurationSeconds'],
    [{leaseTransitions: -1}, 'FieldValueInvalid', 'spec.leaseTransitions'],
    [{preferredHolder: 'x'}, 'FieldValueForbidden', 'spec.preferredHolder'],
    [{strategy: 'Newest'}, 'FieldValueNotSupported', 'spec.strategy'],
  ])('%j', (patch, reason, field) => {
    const l = lease()
    Object.assign(l.spec!, patch)
    expect(validateAsCreate(leaseDef, l)).toEqual([{reason, field}])
  })
})
