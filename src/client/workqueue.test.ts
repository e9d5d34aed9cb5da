import {afterEach, describe, expect, it, vi} from 'vitest'
import {ExponentialRateLimiter, WorkQueue, runWorkers} from './workqueue.js'

afterEach(() => vi.useRealTimers())

describe('WorkQueue', () => {
  it('deduplicates queued keys and keeps FIFO order', async () => {
    const q = new WorkQueue()
    q.add('a')
    q.add('b')
    q.add('a')
    expect(q.len()).toBe(2)
    expect(await q.get()).toBe('a')
    expect(await q.get()).toBe('b')
    expect(q.len()).toBe(0)
  })

  it('re-queues a key added while it is processed once, after done', async () => {
    const q = new WorkQueue()
    q.add('a')
    const k = await q.get()
    q.add('a')
    q.add('a')
    expect(q.len()).toBe(0) // not handed to a second worker meanwhile
    q.done(k!)
    expect(q.len()).toBe(1)
    expect(await q.get()).toBe('a')
    q.done('a')
    expect(q.len()).toBe(0)
  })

  it('wakes a waiting get() on add', async () => {
    const q = new WorkQueue()
    const p = q.get()
    setTimeout(() => q.add('x'), 5)
    expect(await p).toBe('x')
  })

  it('delays keys with addAfter, the earliest pending delay winning', async () => {
    vi.useFakeTimers()
    const q = new WorkQueue()
    q.addAfter('a', 100)
    q.addAfter('a', 50)
    q.addAfter('a', 500)
    q.addAfter('b', 0)
    expect(q.len()).toBe(1)
    vi.advanceTimersByTime(49)
    expect(q.len()).toBe(1)
    vi.advanceTimersByTime(1)
    expect(q.len()).toBe(2)
    vi.advanceTimersByTime(1000)
    expect(q.len()).toBe(2)
  })

  it('backs off per key exponentially from 5 ms to 1000 s until forget', () => {
    const rl = new ExponentialRateLimiter<string>()
    expect([1, 2, 3, 4].map(() => rl.when('a'))).toEqual([5, 10, 20, 40])
    expect(rl.when('b')).toBe(5)
    expect(rl.numRequeues('a')).toBe(4)
    for (let i = 0; i < 40; i++) rl.when('a')
    expect(rl.when('a')).toBe(1_000_000)
    rl.forget('a')
    expect(rl.when('a')).toBe(5)

    vi.useFakeTimers()
    const q = new WorkQueue()
    q.addRateLimited('k')
    q.addRateLimited('k') // 10 ms, but the 5 ms one is pending
    expect(q.numRequeues('k')).toBe(2)
    vi.advanceTimersByTime(4)
    expect(q.len()).toBe(0)
    vi.advanceTimersByTime(1)
    expect(q.len()).toBe(1)
    q.forget('k')
    expect(q.numRequeues('k')).toBe(0)
  })

  it('shuts down: drains queued keys, then answers undefined; ignores new and delayed keys', async () => {
    const q = new WorkQueue()
    const waiting = q.get()
    q.shutDown()
    expect(await waiting).toBeUndefined()
    const q2 = new WorkQueue()
    q2.add('a')
    q2.addAfter('b', 10)
    q2.shutDown()
    q2.add('c')
    expect(q2.isShuttingDown()).toBe(true)
    expect(await q2.get()).toBe('a')
    expect(await q2.get()).toBeUndefined()
    await new Promise((r) => setTimeout(r, 20))
    expect(q2.len()).toBe(0)
  })
})

describe('runWorkers', () => {
  it('processes keys, retries failures with back-off, logs each distinct error once, stops on shutdown', async () => {
    const q = new WorkQueue()
    const calls: string[] = []
    const logs: string[] = []
    let failures = 0
    const running = runWorkers(
      q,
      2,
      async (key) => {
        calls.push(key)
        if (key === 'bad' && failures < 3) {
          failures++
          throw new Error('not yet')
        }
      },
      {name: 'ctl', log: (m) => logs.push(m)},
    )
    q.add('ok')
    q.add('bad')
    const t0 = Date.now()
    while (calls.filter((c) => c === 'bad').length < 4) await new Promise((r) => setTimeout(r, 2))
    expect(Date.now() - t0).toBeGreaterThanOrEqual(5 + 10 + 20 - 5)
    expect(calls.filter((c) => c === 'ok')).toHaveLength(1)
    expect(logs).toEqual(['ctl: error syncing bad: not yet (will retry)'])
    expect(q.numRequeues('bad')).toBe(0) // forgotten after success
    q.shutDown()
    await running
  })

  it('never runs one key on two workers at once', async () => {
    const q = new WorkQueue()
    let active = 0
    let maxActive = 0
    let runs = 0
    const running = runWorkers(q, 4, async () => {
      active++
      maxActive = Math.max(maxActive, active)
      runs++
      await new Promise((r) => setTimeout(r, 10))
      active--
    })
    q.add('k')
    await new Promise((r) => setTimeout(r, 2))
    q.add('k')
    q.add('k')
    while (runs < 2 || active > 0) await new Promise((r) => setTimeout(r, 2))
    expect(maxActive).toBe(1)
    expect(runs).toBe(2)
    q.shutDown()
    await running
  })
})
