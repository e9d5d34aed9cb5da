import {describe, expect, it} from 'vitest'
import {Backoff} from './backoff.js'
import {crashLoopBackOff, goDuration} from './actions.js'
import type {Pod} from '../../api/types/pod.js'
import type {RuntimePodState} from './runtime-pod.js'

function clock(start = 1_000_000) {
  let t = start
  return {now: () => t, advance: (ms: number) => (t += ms)}
}

describe('Backoff', () => {
  it('starts at 10 s, doubles to 5 min, and resets after 10 min without events', () => {
    const c = clock()
    const b = new Backoff(10_000, 300_000, c.now)
    const delays: number[] = []
    for (let i = 0; i < 7; i++) {
      b.next('k', c.now())
      delays.push(b.get('k'))
      c.advance(b.get('k'))
    }
    expect(delays).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000])
    c.advance(600_001)
    b.next('k', c.now())
    expect(b.get('k')).toBe(10_000)
  })

  it('answers whether a key is still backing off since an event', () => {
    const c = clock()
    const b = new Backoff(10_000, 300_000, c.now)
    expect(b.isInBackOffSince('k', c.now())).toBe(false)
    b.next('k', c.now())
    expect(b.isInBackOffSince('k', c.now())).toBe(true)
    c.advance(9_999)
    expect(b.isInBackOffSinceUpdate('k')).toBe(true)
    c.advance(1)
    expect(b.isInBackOffSinceUpdate('k')).toBe(false)
    b.resetPrefix('k')
    expect(b.size).toBe(0)
  })
})

describe('crashLoopBackOff', () => {
  const pod: Pod = {metadata: {name: 'web', namespace: 'ns', uid: 'u1'}, spec: {containers: [{name: 'app'}]}}
  const exited = (finishedAt: number): RuntimePodState => ({
    uid: 'u1',
    sandboxes: [],
    containers: [{id: 'c1', name: 'app', podUid: 'u1', sandboxId: 's', nodeName: 'n', restartCount: 0, state: 'exited', exitCode: 1, createdAt: 0, finishedAt, image: 'i', imageId: 'x', labels: {}, annotations: {}}],
  })

  it('restarts at once the first time, then waits 10 s, 20 s … with the upstream message', () => {
    const c = clock()
    const b = new Backoff(10_000, 300_000, c.now)
    expect(crashLoopBackOff(pod, {name: 'app'}, exited(c.now()), b, c.now())).toEqual({inBackOff: false})
    c.advance(1000)
    const d = crashLoopBackOff(pod, {name: 'app'}, exited(c.now()), b, c.now())
    expect(d).toEqual({inBackOff: true, message: 'back-off 10s restarting failed container=app pod=web_ns(u1)', retryAt: c.now() + 10_000})
    c.advance(10_000)
    expect(crashLoopBackOff(pod, {name: 'app'}, exited(c.now() - 10_000), b, c.now()).inBackOff).toBe(false)
    const d2 = crashLoopBackOff(pod, {name: 'app'}, exited(c.now()), b, c.now())
    expect(d2.inBackOff && d2.message).toBe('back-off 20s restarting failed container=app pod=web_ns(u1)')
  })

  it('does not back off a container that never exited', () => {
    const b = new Backoff()
    expect(crashLoopBackOff(pod, {name: 'app'}, {uid: 'u1', sandboxes: [], containers: []}, b, Date.now())).toEqual({inBackOff: false})
  })

  it('formats durations as Go does', () => {
    expect([10_000, 80_000, 300_000, 3_600_000].map(goDuration)).toEqual(['10s', '1m20s', '5m0s', '1h0m0s'])
  })
})
