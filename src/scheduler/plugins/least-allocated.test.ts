import {describe, expect, it} from 'vitest'
import {makeNode, makeNodeInfo, makePod} from '../fixtures.js'
import {podInfo} from '../podinfo.js'
import {leastAllocatedScore, leastRequestedScore} from './least-allocated.js'

describe('NodeResourcesLeastAllocated', () => {
  it('leastRequestedScore is (capacity − requested)·100 / capacity, 0 when over or no capacity', () => {
    expect(leastRequestedScore(0, 1000)).toBe(100)
    expect(leastRequestedScore(250, 1000)).toBe(75)
    expect(leastRequestedScore(333, 1000)).toBe(66)
    expect(leastRequestedScore(1001, 1000)).toBe(0)
    expect(leastRequestedScore(0, 0)).toBe(0)
  })
  it('averages cpu and memory including the pod being placed', () => {
    const node = makeNodeInfo(makeNode('n', {cpu: '4', memory: '8Gi'}), [makePod('a', {cpu: '1', memory: '2Gi'})])
    // cpu (4000 − 2000)/4000 = 50, memory (8 − 4)/8 = 50
    expect(leastAllocatedScore(podInfo(makePod('p', {cpu: '1', memory: '2Gi'})), node)).toBe(50)
    // cpu 75 (3000 free of 4000 after 1000), memory 68 ((8Gi − 2Gi − 512Mi)/8Gi = 68.75)
    expect(leastAllocatedScore(podInfo(makePod('p', {cpu: '0', memory: '512Mi'})), makeNodeInfo(makeNode('n', {cpu: '4', memory: '8Gi'}), [makePod('a', {cpu: '1', memory: '2Gi'})]))).toBe(71)
  })
  it('containers without requests count 100m cpu and 200Mi memory', () => {
    const node = makeNodeInfo(makeNode('n', {cpu: '1', memory: '1000Mi'}))
    // cpu (1000 − 100)/1000 = 90, memory (1000 − 200)/1000 = 80 → 85
    expect(leastAllocatedScore(podInfo(makePod('p')), node)).toBe(85)
  })
})
