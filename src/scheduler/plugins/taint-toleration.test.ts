import {describe, expect, it} from 'vitest'
import {makeNode, makeNodeInfo, makePod} from '../fixtures.js'
import {podInfo} from '../podinfo.js'
import {Framework} from '../framework.js'
import {countIntolerablePreferNoSchedule, taintToleration, taintTolerationFilter, toleratesTaint} from './taint-toleration.js'

const noSched = {key: 'dedicated', value: 'gpu', effect: 'NoSchedule' as const}

describe('toleratesTaint', () => {
  it('Equal compares key, value and effect', () => {
    expect(toleratesTaint({key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule'}, noSched)).toBe(true)
    expect(toleratesTaint({key: 'dedicated', value: 'gpu'}, noSched)).toBe(true) // no operator = Equal, empty effect = all
    expect(toleratesTaint({key: 'dedicated', value: 'cpu'}, noSched)).toBe(false)
    expect(toleratesTaint({key: 'other', value: 'gpu'}, noSched)).toBe(false)
    expect(toleratesTaint({key: 'dedicated', value: 'gpu', effect: 'NoExecute'}, noSched)).toBe(false)
  })
  it('Exists ignores the value; an empty key with Exists matches every taint', () => {
    expect(toleratesTaint({key: 'dedicated', operator: 'Exists'}, noSched)).toBe(true)
    expect(toleratesTaint({operator: 'Exists'}, noSched)).toBe(true)
    expect(toleratesTaint({operator: 'Exists', effect: 'NoExecute'}, noSched)).toBe(false)
  })
  it('empty values on both sides are equal', () => {
    expect(toleratesTaint({key: 'k', operator: 'Equal'}, {key: 'k', effect: 'NoSchedule'})).toBe(true)
  })
})

describe('TaintToleration filter', () => {
  it('rejects an untolerated NoSchedule or NoExecute taint with upstream reason', () => {
    const node = makeNodeInfo(makeNode('n', {taints: [{key: 'node.kubernetes.io/unreachable', effect: 'NoExecute'}]}))
    expect(taintTolerationFilter(podInfo(makePod('p')), node)).toEqual(['node(s) had untolerated taint {node.kubernetes.io/unreachable: }'])
    const withValue = makeNodeInfo(makeNode('n', {taints: [noSched]}))
    expect(taintTolerationFilter(podInfo(makePod('p')), withValue)).toEqual(['node(s) had untolerated taint {dedicated: gpu}'])
  })
  it('ignores PreferNoSchedule taints and accepts tolerated ones', () => {
    const node = makeNodeInfo(makeNode('n', {taints: [{key: 'soft', effect: 'PreferNoSchedule'}, noSched]}))
    expect(taintTolerationFilter(podInfo(makePod('p', {tolerations: [{key: 'dedicated', operator: 'Exists'}]})), node)).toBeNull()
  })
  it('reports the first untolerated taint in node order', () => {
    const node = makeNodeInfo(makeNode('n', {taints: [{key: 'a', effect: 'NoSchedule'}, {key: 'b', value: 'x', effect: 'NoSchedule'}]}))
    expect(taintTolerationFilter(podInfo(makePod('p', {tolerations: [{key: 'a', operator: 'Exists'}]})), node)).toEqual(['node(s) had untolerated taint {b: x}'])
  })
})

describe('TaintToleration score', () => {
  it('counts untolerated PreferNoSchedule taints, only tolerations for that effect count', () => {
    const taints = [{key: 'a', effect: 'PreferNoSchedule' as const}, {key: 'b', effect: 'PreferNoSchedule' as const}, noSched]
    expect(countIntolerablePreferNoSchedule(taints, [])).toBe(2)
    expect(countIntolerablePreferNoSchedule(taints, [{key: 'a', operator: 'Exists'}])).toBe(1)
  })
  it('normalises in reverse: fewer intolerable taints score higher', () => {
    const nodes = [
      makeNodeInfo(makeNode('clean')),
      makeNodeInfo(makeNode('one', {taints: [{key: 'a', effect: 'PreferNoSchedule'}]})),
      makeNodeInfo(makeNode('two', {taints: [{key: 'a', effect: 'PreferNoSchedule'}, {key: 'b', effect: 'PreferNoSchedule'}]})),
    ]
    const fw = new Framework({scores: [taintToleration]})
    expect([...fw.prioritize(podInfo(makePod('p')), nodes)]).toEqual([300, 150, 0])
  })
})
