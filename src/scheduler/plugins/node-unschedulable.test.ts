import {describe, expect, it} from 'vitest'
import {makeNode, makeNodeInfo, makePod} from '../fixtures.js'
import {podInfo} from '../podinfo.js'
import {nodeUnschedulableFilter} from './node-unschedulable.js'

describe('NodeUnschedulable', () => {
  const cordoned = makeNodeInfo(makeNode('n', {unschedulable: true}))
  it('rejects a cordoned node', () => {
    expect(nodeUnschedulableFilter(podInfo(makePod('p')), cordoned)).toEqual(['node(s) were unschedulable'])
  })
  it('accepts a schedulable node', () => {
    expect(nodeUnschedulableFilter(podInfo(makePod('p')), makeNodeInfo(makeNode('n')))).toBeNull()
  })
  it('accepts a pod tolerating node.kubernetes.io/unschedulable:NoSchedule', () => {
    const pod = podInfo(makePod('p', {tolerations: [{key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule'}]}))
    expect(nodeUnschedulableFilter(pod, cordoned)).toBeNull()
    const wrongEffect = podInfo(makePod('p', {tolerations: [{key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoExecute'}]}))
    expect(nodeUnschedulableFilter(wrongEffect, cordoned)).toEqual(['node(s) were unschedulable'])
  })
})
