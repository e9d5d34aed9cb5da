import {describe, expect, it} from 'vitest'
import {SchedulerCache} from './cache.js'
import {makeNode, makePod} from './fixtures.js'
import {ERR_NO_NODES_AVAILABLE, Framework, fitErrorMessage, numFeasibleNodesToFind, selectHost} from './framework.js'
import {podInfo} from './podinfo.js'
import {selectorSpread} from './plugins/selector-spread.js'

function seeded(seed = 1): () => number {
  let s = seed >>> 0
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32)
}

describe('fitErrorMessage', () => {
  it('matches upstream: histogram of reasons sorted as strings', () => {
    const msg = fitErrorMessage(3, [['node(s) had untolerated taint {node.kubernetes.io/unreachable: }'], ['Insufficient memory'], ['Insufficient memory']])
    expect(msg).toBe('0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 2 Insufficient memory.')
  })
  it('counts every reason of a node and sorts by the formatted string (so 10 < 2)', () => {
    const reasons = [...Array(10).fill(['Too many pods']), ['Insufficient cpu', 'Insufficient memory'], ['Insufficient cpu']]
    expect(fitErrorMessage(12, reasons)).toBe('0/12 nodes are available: 1 Insufficient memory, 10 Too many pods, 2 Insufficient cpu.')
  })
})

describe('numFeasibleNodesToFind', () => {
  it('searches small clusters entirely and large ones adaptively', () => {
    expect(numFeasibleNodesToFind(50)).toBe(50)
    expect(numFeasibleNodesToFind(100)).toBe(100) // 50 − 0 = 50% of 100 = 50 → at least 100
    expect(numFeasibleNodesToFind(1000)).toBe(420) // 50 − 8 = 42%
    expect(numFeasibleNodesToFind(5000)).toBe(500) // 50 − 40 = 10%
    expect(numFeasibleNodesToFind(10000)).toBe(500) // 50 − 80 → 5%
    expect(numFeasibleNodesToFind(1000, 100)).toBe(1000)
    expect(numFeasibleNodesToFind(1000, 20)).toBe(200)
  })
})

describe('selectHost', () => {
  it('picks the highest score and spreads ties uniformly', () => {
    expect(selectHost([1, 5, 3])).toBe(1)
    const hits = [0, 0, 0]
    const rnd = seeded(7)
    for (let i = 0; i < 3000; i++) hits[selectHost([9, 2, 9], rnd)]++
    expect(hits[1]).toBe(0)
    expect(hits[0]).toBeGreaterThan(1300)
    expect(hits[2]).toBeGreaterThan(1300)
  })
})

describe('Framework.schedule', () => {
  function cluster(nodes: ReturnType<typeof makeNode>[]): SchedulerCache {
    const c = new SchedulerCache()
    for (const n of nodes) c.addNode(n)
    return c
  }

  it('places on the only feasible node, or explains with upstream message', () => {
    const c = cluster([
      makeNode('a', {ready: 'Unknown'}),
      makeNode('b', {memory: '1Gi'}),
      makeNode('c', {memory: '1Gi'}),
    ])
    const fw = new Framework()
    const r = fw.schedule(podInfo(makePod('p', {memory: '2Gi'})), c.nodes())
    expect(r).toMatchObject({ok: false, numAllNodes: 3})
    expect(r.ok || r.message).toBe('0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 2 Insufficient memory.')
    expect(fw.schedule(podInfo(makePod('p', {memory: '512Mi'})), c.nodes())).toMatchObject({ok: true, feasibleNodes: 2})
  })
  it('reports no nodes', () => {
    expect(new Framework().schedule(podInfo(makePod('p')), [])).toMatchObject({ok: false, message: ERR_NO_NODES_AVAILABLE})
  })
  it('spreads 6 replicas on 3 equal nodes 2/2/2', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const c = cluster([makeNode('a'), makeNode('b'), makeNode('c')])
      const fw = new Framework({random: seeded(seed)})
      for (let i = 0; i < 6; i++) {
        const p = podInfo(makePod(`web-${i}`, {owner: 'web', cpu: '100m', memory: '128Mi'}))
        const r = fw.schedule(p, c.nodes())
        if (!r.ok) throw new Error(r.message)
        c.assume(p, r.node)
      }
      expect(c.nodes().map((n) => n.pods.size)).toEqual([2, 2, 2])
    }
  })
  it('the spreading plugin alone spreads replicas 2/2/2', () => {
    const c = cluster([makeNode('a'), makeNode('b'), makeNode('c')])
    const fw = new Framework({scores: [selectorSpread], random: seeded(3)})
    for (let i = 0; i < 6; i++) {
      const p = podInfo(makePod(`web-${i}`, {owner: 'web'}))
      const r = fw.schedule(p, c.nodes())
      if (r.ok) c.assume(p, r.node)
    }
    expect(c.nodes().map((n) => n.pods.size)).toEqual([2, 2, 2])
  })
  it('spreads pods without requests too', () => {
    const c = cluster([makeNode('a'), makeNode('b'), makeNode('c')])
    const fw = new Framework({random: seeded(9)})
    for (let i = 0; i < 9; i++) {
      const p = podInfo(makePod(`x-${i}`, {labels: {app: 'x'}}))
      const r = fw.schedule(p, c.nodes())
      if (r.ok) c.assume(p, r.node)
    }
    expect(c.nodes().map((n) => n.pods.size)).toEqual([3, 3, 3])
  })
  it('prefers the least allocated node', () => {
    const c = cluster([makeNode('busy'), makeNode('idle')])
    c.addPod(makePod('hog', {nodeName: 'busy', cpu: '3', memory: '12Gi'}))
    const fw = new Framework()
    for (let i = 0; i < 5; i++) expect(fw.schedule(podInfo(makePod(`p${i}`, {cpu: '100m'})), c.nodes())).toMatchObject({ok: true, node: 'idle'})
  })
  it('stops after numFeasibleNodesToFind feasible nodes and rotates the start', () => {
    const c = cluster(Array.from({length: 1000}, (_, i) => makeNode(`n${i}`)))
    const fw = new Framework()
    const r1 = fw.schedule(podInfo(makePod('p1')), c.nodes())
    const r2 = fw.schedule(podInfo(makePod('p2')), c.nodes())
    expect(r1).toMatchObject({ok: true, evaluatedNodes: 420, feasibleNodes: 420})
    expect(r2).toMatchObject({ok: true, evaluatedNodes: 420})
    const idx = (r: typeof r1) => (r.ok ? Number(r.node.slice(1)) : -1)
    expect(idx(r1)).toBeLessThan(420)
    expect(idx(r2)).toBeGreaterThanOrEqual(420)
    expect(idx(r2)).toBeLessThan(840)
  })
  it('an unschedulable pod is checked against every node', () => {
    const c = cluster(Array.from({length: 300}, (_, i) => makeNode(`n${i}`)))
    const r = new Framework().schedule(podInfo(makePod('big', {cpu: '64'})), c.nodes())
    expect(r.ok ? '' : r.message).toBe('0/300 nodes are available: 300 Insufficient cpu.')
  })
})
