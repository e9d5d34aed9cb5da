import {describe, expect, it} from 'vitest'
import {makeNode, makeNodeInfo, makePod} from '../fixtures.js'
import {Framework} from '../framework.js'
import {podInfo} from '../podinfo.js'
import {normalizeSpread, selectorSpread} from './selector-spread.js'

const rs = (name: string) => makePod(name, {owner: 'web'})

describe('SelectorSpread', () => {
  it('nodes with fewer pods of the same owner score higher', () => {
    const nodes = [makeNodeInfo(makeNode('a'), [rs('w1'), rs('w2')]), makeNodeInfo(makeNode('b'), [rs('w3')]), makeNodeInfo(makeNode('c'), [makePod('other', {owner: 'db'})])]
    // counts 2, 1, 0 → 100·(2−c)/2 = 0, 50, 100 → × weight 2
    expect([...new Framework({scores: [selectorSpread]}).prioritize(podInfo(rs('new')), nodes)]).toEqual([0, 100, 200])
  })
  it('pods without owner spread by namespace + labels; a pod without labels or owner is not spread', () => {
    const a = makePod('a', {labels: {app: 'x'}})
    expect(podInfo(makePod('b', {labels: {app: 'x'}})).spreadKey).toBe(podInfo(a).spreadKey)
    expect(podInfo(makePod('b', {labels: {app: 'x'}, namespace: 'other'})).spreadKey).not.toBe(podInfo(a).spreadKey)
    expect(podInfo(makePod('b', {labels: {app: 'x', v: '2'}})).spreadKey).not.toBe(podInfo(a).spreadKey)
    expect(selectorSpread.preScore(podInfo(makePod('lonely')), [])).toBeNull()
  })
  it('all counts zero → every node scores 100', () => {
    const s = new Float64Array([0, 0])
    normalizeSpread(s, [makeNodeInfo(makeNode('a')), makeNodeInfo(makeNode('b'))])
    expect([...s]).toEqual([100, 100])
  })
  it('zones weigh 2/3 when nodes carry zone labels', () => {
    const z = (name: string, zone: string) => makeNodeInfo(makeNode(name, {labels: {'topology.kubernetes.io/zone': zone}}))
    const nodes = [z('a1', 'a'), z('a2', 'a'), z('b1', 'b')]
    // node counts 1, 0, 1: node scores 0, 100, 0; zone counts a=1, b=1 → zone scores 0 → 0, 33, 0
    const s = new Float64Array([1, 0, 1])
    normalizeSpread(s, nodes)
    expect([...s]).toEqual([0, 33, 0])
    // counts 1, 0, 0: node 0, 100, 100; zones a=1, b=0 → zone a 0, b 100 → 0, 33, 100
    const t = new Float64Array([1, 0, 0])
    normalizeSpread(t, nodes)
    expect([...t]).toEqual([0, 33, 100])
  })
})
