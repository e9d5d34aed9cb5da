import {describe, expect, it} from 'vitest'
import {makeNode, makeNodeInfo, makePod} from '../fixtures.js'
import {podInfo} from '../podinfo.js'
import {balancedAllocationScore} from './balanced-allocation.js'

describe('NodeResourcesBalancedAllocation', () => {
  it('equal cpu and memory fractions score 100', () => {
    const node = makeNodeInfo(makeNode('n', {cpu: '4', memory: '4Gi'}))
    expect(balancedAllocationScore(podInfo(makePod('p', {cpu: '1', memory: '1Gi'})), node)).toBe(100)
  })
  it('unbalanced fractions lose half their difference', () => {
    const node = makeNodeInfo(makeNode('n', {cpu: '4', memory: '4Gi'}))
    // cpu 0.5, memory 0.1 → 1 − 0.2 = 80
    expect(balancedAllocationScore(podInfo(makePod('p', {cpu: '2', memory: `${Math.round(0.1 * 4096)}Mi`})), node)).toBe(80)
  })
  it('fractions are capped at 1', () => {
    const node = makeNodeInfo(makeNode('n', {cpu: '1', memory: '4Gi'}))
    // cpu 3 → 1 (capped), memory 0.5 → 1 − 0.25 = 75
    expect(balancedAllocationScore(podInfo(makePod('p', {cpu: '3', memory: '2Gi'})), node)).toBe(75)
  })
})
