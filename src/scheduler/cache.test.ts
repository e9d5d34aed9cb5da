import {describe, expect, it} from 'vitest'
import {SchedulerCache} from './cache.js'
import {makeNode, makePod} from './fixtures.js'
import {podInfo} from './podinfo.js'

describe('SchedulerCache', () => {
  it('accounts bound pods on their node and releases them on delete or completion', () => {
    const c = new SchedulerCache()
    c.addNode(makeNode('a'))
    c.addPod(makePod('p1', {nodeName: 'a', cpu: '1', memory: '1Gi', hostPorts: [{containerPort: 80, hostPort: 80}]}))
    c.addPod(makePod('p2', {nodeName: 'a', cpu: '500m', owner: 'rs'}))
    const a = c.getNode('a')!
    expect(a.requested.milliCPU).toBe(1500)
    expect(a.pods.size).toBe(2)
    expect(a.usedPorts.has('0.0.0.0/TCP/80')).toBe(true)
    expect(a.spreadCounts.get('owner:uid-rs')).toBe(1)
    expect(c.updatePod(makePod('p1', {nodeName: 'a', cpu: '1', memory: '1Gi', phase: 'Succeeded'}))).toBe(true)
    expect(a.requested.milliCPU).toBe(500)
    expect(a.usedPorts.size).toBe(0)
    expect(c.removePod(makePod('p2', {nodeName: 'a'}))).toBe(true)
    expect(a.requested.milliCPU).toBe(0)
    expect(a.spreadCounts.size).toBe(0)
  })
  it('updates replace the previous version of a pod', () => {
    const c = new SchedulerCache()
    c.addNode(makeNode('a'))
    c.addPod(makePod('p', {nodeName: 'a', cpu: '1'}))
    c.updatePod(makePod('p', {nodeName: 'a', cpu: '2'}))
    expect(c.getNode('a')!.requested.milliCPU).toBe(2000)
    expect(c.getNode('a')!.pods.size).toBe(1)
  })
  it('assume counts a pod at once; the informer confirms it; forget drops it', () => {
    const c = new SchedulerCache()
    c.addNode(makeNode('a'))
    c.addNode(makeNode('b'))
    const p = podInfo(makePod('p', {cpu: '1'}))
    c.assume(p, 'a')
    expect(c.isAssumed('default/p')).toBe(true)
    expect(c.getNode('a')!.requested.milliCPU).toBe(1000)
    // a stale unbound version of the pod does not undo the assumption
    expect(c.updatePod(makePod('p', {cpu: '1'}))).toBe(false)
    expect(c.getNode('a')!.requested.milliCPU).toBe(1000)
    c.forget('default/p')
    expect(c.getNode('a')!.requested.milliCPU).toBe(0)
    c.assume(p, 'a')
    c.finishBinding('default/p')
    c.addPod(makePod('p', {cpu: '1', nodeName: 'a'}))
    expect(c.isAssumed('default/p')).toBe(false)
    expect(c.getNode('a')!.pods.size).toBe(1)
    c.forget('default/p') // no effect once confirmed
    expect(c.getNode('a')!.requested.milliCPU).toBe(1000)
  })
  it('a pod confirmed on another node than assumed moves there', () => {
    const c = new SchedulerCache()
    c.addNode(makeNode('a'))
    c.addNode(makeNode('b'))
    c.assume(podInfo(makePod('p', {cpu: '1'})), 'a')
    c.addPod(makePod('p', {cpu: '1', nodeName: 'b'}))
    expect(c.getNode('a')!.requested.milliCPU).toBe(0)
    expect(c.getNode('b')!.requested.milliCPU).toBe(1000)
  })
  it('pods seen before their node are kept; nodes removed keep their pods until they go', () => {
    const c = new SchedulerCache()
    c.addPod(makePod('p', {nodeName: 'late', cpu: '1'}))
    expect(c.nodeCount).toBe(0)
    c.addNode(makeNode('late'))
    expect(c.nodeCount).toBe(1)
    expect(c.nodes()[0].requested.milliCPU).toBe(1000)
    c.addNode(makeNode('x'))
    c.removeNode('late')
    expect(c.nodes().map((n) => n.name)).toEqual(['x'])
    expect(c.getNode('late')?.pods.size).toBe(1)
    c.removePod(makePod('p', {nodeName: 'late'}))
    expect(c.getNode('late')).toBeUndefined()
  })
  it('node updates recompile labels, taints and readiness', () => {
    const c = new SchedulerCache()
    c.addNode(makeNode('a'))
    c.updateNode(makeNode('a', {ready: 'False', labels: {x: 'y'}, taints: [{key: 'k', effect: 'NoSchedule'}], unschedulable: true}))
    const a = c.getNode('a')!
    expect([a.ready, a.labels.x, a.taints.length, a.unschedulable]).toEqual(['False', 'y', 1, true])
  })
})
