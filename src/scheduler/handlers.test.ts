import {describe, expect, it} from 'vitest'
import {makeNode, makePod} from './fixtures.js'
import {needsScheduling, nodeSchedulingPropertiesChanged} from './handlers.js'

describe('needsScheduling', () => {
  it('selects unbound pods of this scheduler that are not deleting, finished or gated', () => {
    expect(needsScheduling(makePod('p'), 'default-scheduler')).toBe(true)
    expect(needsScheduling(makePod('p', {spec: {containers: [], schedulerName: undefined}}), 'default-scheduler')).toBe(true)
    expect(needsScheduling(makePod('p'), 'other')).toBe(false)
    expect(needsScheduling(makePod('p', {nodeName: 'n'}), 'default-scheduler')).toBe(false)
    expect(needsScheduling(makePod('p', {phase: 'Failed'}), 'default-scheduler')).toBe(false)
    expect(needsScheduling(makePod('p', {spec: {containers: [], schedulingGates: [{name: 'wait'}]}}), 'default-scheduler')).toBe(false)
    const deleting = makePod('p')
    deleting.metadata.deletionTimestamp = '2026-01-01T00:00:00Z'
    expect(needsScheduling(deleting, 'default-scheduler')).toBe(false)
  })
})

describe('nodeSchedulingPropertiesChanged', () => {
  const base = makeNode('n')
  it('ignores heartbeats', () => {
    const hb = makeNode('n')
    hb.status!.conditions = [{type: 'Ready', status: 'True', lastHeartbeatTime: '2026-01-01T00:00:10Z'}]
    hb.metadata.resourceVersion = '9'
    expect(nodeSchedulingPropertiesChanged(base, hb)).toBe(false)
  })
  it('sees readiness, labels, taints, allocatable and uncordon', () => {
    expect(nodeSchedulingPropertiesChanged(base, makeNode('n', {ready: 'False'}))).toBe(true)
    expect(nodeSchedulingPropertiesChanged(base, makeNode('n', {labels: {a: 'b'}}))).toBe(true)
    expect(nodeSchedulingPropertiesChanged(base, makeNode('n', {taints: [{key: 'k', effect: 'NoSchedule'}]}))).toBe(true)
    expect(nodeSchedulingPropertiesChanged(base, makeNode('n', {cpu: '8'}))).toBe(true)
    expect(nodeSchedulingPropertiesChanged(makeNode('n', {unschedulable: true}), base)).toBe(true)
    expect(nodeSchedulingPropertiesChanged(base, makeNode('n', {unschedulable: true}))).toBe(false)
  })
})
