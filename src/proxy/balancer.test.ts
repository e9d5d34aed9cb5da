import {describe, expect, it} from 'vitest'
import {Balancer, failurePenaltyMs, rendezvous} from './balancer.js'
import type {Backend} from './types.js'

const b = (ip: string): Backend => ({ip, port: 80, key: `${ip}:80`})
const three = [b('10.0.0.1'), b('10.0.0.2'), b('10.0.0.3')]

describe('Balancer', () => {
  it('round-robins over the backends', () => {
    const bal = new Balancer(undefined, () => 0, () => 0)
    bal.update(three, undefined)
    expect(Array.from({length: 6}, () => bal.pick('1.1.1.1')!.ip)).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.1', '10.0.0.2', '10.0.0.3'])
  })

  it('excludes backends already tried for a connection and returns undefined when none is left', () => {
    const bal = new Balancer(undefined)
    bal.update(three, undefined)
    const tried = new Set(['10.0.0.1:80', '10.0.0.3:80'])
    expect(bal.pick('c', tried)!.ip).toBe('10.0.0.2')
    tried.add('10.0.0.2:80')
    expect(bal.pick('c', tried)).toBeUndefined()
    bal.update([], undefined)
    expect(bal.pick('c')).toBeUndefined()
  })

  it('avoids a failed backend for a while, but uses it when it is the only one', () => {
    let now = 1000
    const bal = new Balancer(undefined, () => now, () => 0)
    bal.update(three, undefined)
    bal.failed('10.0.0.2:80')
    const picks = Array.from({length: 6}, () => bal.pick('c')!.ip)
    expect(picks).not.toContain('10.0.0.2')
    now += failurePenaltyMs + 1
    expect(Array.from({length: 3}, () => bal.pick('c')!.ip)).toContain('10.0.0.2')
    bal.update([b('10.0.0.2')], undefined)
    bal.failed('10.0.0.2:80')
    expect(bal.pick('c')!.ip).toBe('10.0.0.2')
  })

  it('keeps a client on its backend under ClientIP affinity until the timeout or the backend leaves', () => {
    let now = 0
    const bal = new Balancer(10, () => now)
    bal.update(three, 10)
    const first = bal.pick('192.0.2.1')!.ip
    for (let i = 0; i < 5; i++) {
      now += 5000
      expect(bal.pick('192.0.2.1')!.ip).toBe(first)
    }
    // other clients spread over the backends
    const spread = new Set(Array.from({length: 60}, (_, i) => bal.pick(`198.51.100.${i}`)!.ip))
    expect(spread.size).toBe(3)
    // the backend leaves: the client moves, and stays on its new backend
    bal.update(three.filter((x) => x.ip !== first), 10)
    const second = bal.pick('192.0.2.1')!.ip
    expect(second).not.toBe(first)
    expect(bal.pick('192.0.2.1')!.ip).toBe(second)
  })

  it('affinity expires after timeoutSeconds of silence', () => {
    let now = 0
    const bal = new Balancer(1, () => now)
    const backends = Array.from({length: 20}, (_, i) => b(`10.0.1.${i}`))
    bal.update(backends, 1)
    const first = bal.pick('c')!
    // move the client's entry to another backend, then let it expire
    bal.update(backends.filter((x) => x.key !== first.key), 1)
    const moved = bal.pick('c')!
    bal.update(backends, 1)
    expect(bal.pick('c')!.key).toBe(moved.key)
    now += 1500
    expect(bal.pick('c')!.key).toBe(first.key)
  })

  it('rendezvous choice is stable and independent of order', () => {
    expect(rendezvous('10.1.2.3', three).key).toBe(rendezvous('10.1.2.3', [...three].reverse()).key)
  })
})
