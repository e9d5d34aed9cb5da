import {describe, expect, it} from 'vitest'
import {alreadyExists, conflict, notFound} from '../api/errors.js'
import type {KubeObject} from '../api/meta.js'
import type {Lease} from '../api/types/coordination.js'
import {runLeaderElection, type LeaseClient} from './leaderelection.js'

/** An in-memory lease store with resourceVersion preconditions; a candidate can be cut off from it. */
class FakeLeases {
  private obj: Lease | undefined
  private rv = 0
  readonly cutOff = new Set<string>()
  writes = 0

  get current(): Lease | undefined {
    return this.obj
  }

  client(identity: string): LeaseClient {
    const check = async () => {
      await new Promise((r) => setTimeout(r, 1))
      if (this.cutOff.has(identity)) throw new Error('connect ECONNREFUSED')
    }
    const copy = <T>(o: T): T => structuredClone(o)
    return {
      get: async <T extends KubeObject>(_ref: unknown, name: string) => {
        await check()
        if (!this.obj) throw notFound('leases', name, 'coordination.k8s.io')
        return copy(this.obj) as unknown as T
      },
      create: async <T extends KubeObject>(_ref: unknown, obj: T) => {
        await check()
        if (this.obj) throw alreadyExists('leases', obj.metadata.name!, 'coordination.k8s.io')
        this.obj = {...copy(obj), metadata: {...obj.metadata, resourceVersion: String(++this.rv)}} as Lease
        this.writes++
        return copy(this.obj) as unknown as T
      },
      update: async <T extends KubeObject>(_ref: unknown, obj: T) => {
        await check()
        if (!this.obj) throw notFound('leases', obj.metadata.name!, 'coordination.k8s.io')
        if (obj.metadata.resourceVersion !== this.obj.metadata.resourceVersion) throw conflict('leases', obj.metadata.name!, 'the object has been modified', 'coordination.k8s.io')
        this.obj = {...copy(obj), metadata: {...obj.metadata, resourceVersion: String(++this.rv)}} as Lease
        this.writes++
        return copy(this.obj) as unknown as T
      },
    } as LeaseClient
  }
}

/** Records who leads when, and fails the test if two lead at once. */
class Timeline {
  readonly leaders = new Set<string>()
  readonly spans: {id: string; from: number; to?: number}[] = []
  maxConcurrent = 0

  candidate(store: FakeLeases, id: string, extra: {releaseOnCancel?: boolean} = {}) {
    const ac = new AbortController()
    let stopped = 0
    const done = runLeaderElection(store.client(id), {
      name: 'kube-scheduler',
      identity: id,
      leaseDurationSeconds: 1,
      renewDeadlineSeconds: 0.5,
      retryPeriodSeconds: 0.1,
      signal: ac.signal,
      log: () => {},
      ...extra,
      onStartedLeading: (signal) => {
        this.leaders.add(id)
        this.maxConcurrent = Math.max(this.maxConcurrent, this.leaders.size)
        const span: {id: string; from: number; to?: number} = {id, from: Date.now()}
        this.spans.push(span)
        return new Promise<void>((resolve) =>
          signal.addEventListener('abort', () => {
            this.leaders.delete(id)
            span.to = Date.now()
            resolve()
          }),
        )
      },
      onStoppedLeading: () => void stopped++,
    })
    return {ac, done, stopped: () => stopped}
  }
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('leader election', () => {
  it('two candidates: exactly one leads; a clean shutdown hands over at once', async () => {
    const store = new FakeLeases()
    const tl = new Timeline()
    const a = tl.candidate(store, 'a')
    const b = tl.candidate(store, 'b')
    await until(() => tl.leaders.size === 1)
    await new Promise((r) => setTimeout(r, 600))
    expect(tl.leaders.size).toBe(1)
    expect(tl.spans).toHaveLength(1)
    const first = [...tl.leaders][0]
    expect(store.current?.spec).toMatchObject({holderIdentity: first, leaseDurationSeconds: 1, leaseTransitions: 0})
    const [leader, other] = first === 'a' ? [a, b] : [b, a]
    const t = Date.now()
    leader.ac.abort()
    await leader.done
    expect(leader.stopped()).toBe(1)
    await until(() => tl.leaders.size === 1)
    // released: taken at the next retry, well before the 1 s lease would have expired
    expect(Date.now() - t).toBeLessThan(900)
    expect(store.current?.spec?.leaseTransitions).toBe(1)
    expect(tl.maxConcurrent).toBe(1)
    other.ac.abort()
    await other.done
    expect(store.current?.spec?.holderIdentity).toBe('')
  })

  it('a dead leader (no release) is replaced after the lease expires', async () => {
    const store = new FakeLeases()
    const tl = new Timeline()
    const a = tl.candidate(store, 'a', {releaseOnCancel: false})
    await until(() => tl.leaders.has('a'))
    const b = tl.candidate(store, 'b')
    await new Promise((r) => setTimeout(r, 300))
    expect(tl.leaders.has('b')).toBe(false)
    const lastRenew = Date.now()
    a.ac.abort()
    await a.done
    expect(store.current?.spec?.holderIdentity).toBe('a')
    await until(() => tl.leaders.has('b'))
    const waited = Date.now() - lastRenew
    expect(waited).toBeGreaterThanOrEqual(800)
    expect(waited).toBeLessThan(2000)
    expect(store.current?.spec).toMatchObject({holderIdentity: 'b', leaseTransitions: 1})
    b.ac.abort()
    await b.done
  })

  it('a leader that cannot renew steps down within renewDeadline, before anyone takes over', async () => {
    const store = new FakeLeases()
    const tl = new Timeline()
    const a = tl.candidate(store, 'a')
    await until(() => tl.leaders.has('a'))
    const b = tl.candidate(store, 'b')
    await new Promise((r) => setTimeout(r, 250))
    const cut = Date.now()
    store.cutOff.add('a')
    await until(() => !tl.leaders.has('a'))
    expect(Date.now() - cut).toBeLessThan(900)
    expect(a.stopped()).toBe(1)
    await until(() => tl.leaders.has('b'))
    const spanA = tl.spans.find((s) => s.id === 'a')!
    const spanB = tl.spans.find((s) => s.id === 'b')!
    expect(spanA.to).toBeLessThanOrEqual(spanB.from)
    expect(tl.maxConcurrent).toBe(1)
    // a comes back: it is a candidate again, and does not lead while b renews
    store.cutOff.delete('a')
    await new Promise((r) => setTimeout(r, 400))
    expect([...tl.leaders]).toEqual(['b'])
    a.ac.abort()
    b.ac.abort()
    await Promise.all([a.done, b.done])
  })

  it('rejects inconsistent timings', async () => {
    const ac = new AbortController()
    await expect(
      runLeaderElection(new FakeLeases().client('x'), {name: 'l', identity: 'x', leaseDurationSeconds: 5, renewDeadlineSeconds: 10, signal: ac.signal, onStartedLeading: () => {}}),
    ).rejects.toThrow(/leaseDuration/)
  })
})
