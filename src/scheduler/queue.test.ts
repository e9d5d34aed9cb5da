import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'
import {makePod} from './fixtures.js'
import {SchedulingQueue} from './queue.js'

describe('SchedulingQueue', () => {
  let q: SchedulingQueue
  beforeEach(() => {
    vi.useFakeTimers()
    q = new SchedulingQueue()
  })
  afterEach(() => {
    q.close()
    vi.useRealTimers()
  })

  const popName = async () => (await q.pop())?.pod.metadata.name

  it('pops by priority, then first in first out', async () => {
    q.add(makePod('low-1'))
    q.add(makePod('high', {priority: 100}))
    q.add(makePod('low-2'))
    q.add(makePod('mid', {priority: 10}))
    expect([await popName(), await popName(), await popName(), await popName()]).toEqual(['high', 'mid', 'low-1', 'low-2'])
  })

  it('pop waits for a pod and resolves undefined on abort or close', async () => {
    const pending = q.pop()
    q.add(makePod('later'))
    expect((await pending)?.pod.metadata.name).toBe('later')
    const ac = new AbortController()
    const aborted = q.pop(ac.signal)
    ac.abort()
    expect(await aborted).toBeUndefined()
    const closing = q.pop()
    q.close()
    expect(await closing).toBeUndefined()
  })

  it('backs off 1 s doubling per attempt up to 10 s', async () => {
    expect([1, 2, 3, 4, 5, 9].map((a) => q.backoffDuration(a))).toEqual([1000, 2000, 4000, 8000, 10000, 10000])
    q.add(makePod('p'))
    let e = (await q.pop())!
    q.addBackoff(e)
    expect(q.counts()).toMatchObject({backoff: 1, active: 0})
    await vi.advanceTimersByTimeAsync(999)
    expect(q.counts().active).toBe(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(q.counts().active).toBe(1)
    e = (await q.pop())!
    expect(e.attempts).toBe(2)
    q.addBackoff(e)
    await vi.advanceTimersByTimeAsync(1999)
    expect(q.counts().active).toBe(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(q.counts().active).toBe(1)
  })

  it('unschedulable pods wait for a cluster event (node added), then retry', async () => {
    q.add(makePod('p'))
    const e = (await q.pop())!
    q.addUnschedulable(e)
    expect(q.counts()).toMatchObject({unschedulable: 1})
    await vi.advanceTimersByTimeAsync(5000)
    expect(q.counts()).toMatchObject({unschedulable: 1, active: 0})
    q.moveAllToActiveOrBackoff()
    expect(q.counts()).toMatchObject({unschedulable: 0, active: 1})
  })

  it('a move while still backing off goes through backoffQ', async () => {
    q.add(makePod('p'))
    q.addUnschedulable((await q.pop())!)
    await vi.advanceTimersByTimeAsync(200)
    q.moveAllToActiveOrBackoff()
    expect(q.counts()).toMatchObject({backoff: 1, active: 0})
    await vi.advanceTimersByTimeAsync(800)
    expect(q.counts()).toMatchObject({backoff: 0, active: 1})
  })

  it('a cluster change during the attempt sends a failed pod to backoff, not to the unschedulable set', async () => {
    q.add(makePod('p'))
    const e = (await q.pop())!
    q.moveAllToActiveOrBackoff()
    q.addUnschedulable(e)
    expect(q.counts()).toMatchObject({unschedulable: 0, backoff: 1})
  })

  it('a spec change retries an unschedulable pod; a status-only change does not', async () => {
    const v1 = makePod('p', {cpu: '64'})
    q.add(v1)
    q.addUnschedulable((await q.pop())!)
    const statusOnly = {...v1, metadata: {...v1.metadata, resourceVersion: '2'}, status: {phase: 'Pending' as const, conditions: [{type: 'PodScheduled', status: 'False' as const}]}}
    q.update(v1, statusOnly)
    expect(q.counts().unschedulable).toBe(1)
    await vi.advanceTimersByTimeAsync(1000)
    const smaller = makePod('p', {cpu: '1'})
    q.update(statusOnly, smaller)
    expect(q.counts()).toMatchObject({unschedulable: 0, active: 1})
    expect(q.get('default/p')!.info.requests.milliCPU).toBe(1000)
  })

  it('unschedulable pods are retried after 60 s anyway', async () => {
    q.add(makePod('p'))
    q.addUnschedulable((await q.pop())!)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(q.counts().unschedulable).toBe(1)
    await vi.advanceTimersByTimeAsync(30_000)
    expect(q.counts()).toMatchObject({unschedulable: 0, active: 1})
  })

  it('deleted pods leave every queue; a deleted in-flight pod is not requeued', async () => {
    q.add(makePod('a'))
    q.add(makePod('b'))
    const a = (await q.pop())!
    q.delete(makePod('a'))
    q.addUnschedulable(a)
    q.delete('default/b')
    expect(q.counts()).toEqual({active: 0, backoff: 0, unschedulable: 0, inflight: 0})
    q.add(makePod('c'))
    const c = (await q.pop())!
    q.done(c)
    expect(q.get('default/c')).toBeUndefined()
  })

  it('a pod changed while in flight is retried instead of parked', async () => {
    const v1 = makePod('p', {cpu: '64'})
    q.add(v1)
    const e = (await q.pop())!
    q.update(v1, makePod('p', {cpu: '1'}))
    q.addUnschedulable(e)
    expect(q.counts().unschedulable).toBe(0)
  })
})
