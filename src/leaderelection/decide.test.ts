import {describe, expect, it} from 'vitest'
import type {Lease} from '../api/types/coordination.js'
import {decide, observe, releaseSpec} from './decide.js'

const T0 = Date.parse('2026-01-02T03:04:05.000Z')
const micro = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/

function lease(spec: Lease['spec']): Lease {
  return {apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: {name: 'kube-scheduler', namespace: 'kube-system', resourceVersion: '5'}, spec}
}

describe('decide', () => {
  it('creates a missing lease, held by us, with MicroTime stamps', () => {
    const d = decide(undefined, T0 + 123, 'a', 15)
    expect(d).toEqual({action: 'create', spec: {holderIdentity: 'a', leaseDurationSeconds: 15, acquireTime: '2026-01-02T03:04:05.123000Z', renewTime: '2026-01-02T03:04:05.123000Z', leaseTransitions: 0}})
    expect(d.action === 'create' && d.spec.renewTime).toMatch(micro)
  })

  it('waits while another holder renewed within the lease duration (measured on our clock)', () => {
    const l = lease({holderIdentity: 'b', leaseDurationSeconds: 15, renewTime: '2020-01-01T00:00:00.000000Z', leaseTransitions: 3})
    // first seen now: even an old renewTime counts as fresh (clock skew safety, as client-go)
    const obs = observe(l, undefined, T0)
    expect(decide(l, T0, 'a', 15, obs)).toEqual({action: 'wait', holder: 'b', expiresAt: T0 + 15_000})
    expect(decide(l, T0 + 14_999, 'a', 15, obs).action).toBe('wait')
  })

  it('takes over an expired lease, counting a transition', () => {
    const l = lease({holderIdentity: 'b', leaseDurationSeconds: 15, acquireTime: 'x', renewTime: 'y', leaseTransitions: 3})
    const obs = observe(l, undefined, T0)
    const d = decide(l, T0 + 15_000, 'a', 15, obs)
    expect(d).toMatchObject({action: 'update', takeover: true, spec: {holderIdentity: 'a', leaseTransitions: 4, leaseDurationSeconds: 15}})
    expect(d.action === 'update' && d.spec.acquireTime).toMatch(micro)
  })

  it("uses the lease's own duration for expiry", () => {
    const l = lease({holderIdentity: 'b', leaseDurationSeconds: 60})
    const obs = observe(l, undefined, T0)
    expect(decide(l, T0 + 30_000, 'a', 15, obs).action).toBe('wait')
  })

  it('a change of the record restarts the clock', () => {
    const l1 = lease({holderIdentity: 'b', leaseDurationSeconds: 15, renewTime: 'r1'})
    const o1 = observe(l1, undefined, T0)!
    const l2 = lease({holderIdentity: 'b', leaseDurationSeconds: 15, renewTime: 'r2'})
    const o2 = observe(l2, o1, T0 + 10_000)!
    expect(o2.at).toBe(T0 + 10_000)
    expect(observe(l2, o2, T0 + 12_000)).toBe(o2)
    expect(decide(l2, T0 + 16_000, 'a', 15, o2).action).toBe('wait')
    expect(decide(l2, T0 + 25_000, 'a', 15, o2).action).toBe('update')
  })

  it('takes a released lease (no holder) at once', () => {
    const l = lease(releaseSpec({holderIdentity: 'b', leaseTransitions: 2}, T0))
    expect(l.spec).toMatchObject({holderIdentity: '', leaseDurationSeconds: 1, leaseTransitions: 2})
    expect(decide(l, T0, 'a', 15, observe(l, undefined, T0))).toMatchObject({action: 'update', takeover: true, spec: {holderIdentity: 'a', leaseTransitions: 3}})
  })

  it('renews our own lease keeping acquireTime and transitions', () => {
    const l = lease({holderIdentity: 'a', leaseDurationSeconds: 15, acquireTime: '2026-01-01T00:00:00.000000Z', renewTime: 'old', leaseTransitions: 7})
    const d = decide(l, T0, 'a', 15, observe(l, undefined, T0))
    expect(d).toEqual({
      action: 'update',
      takeover: false,
      spec: {holderIdentity: 'a', leaseDurationSeconds: 15, acquireTime: '2026-01-01T00:00:00.000000Z', renewTime: '2026-01-02T03:04:05.000000Z', leaseTransitions: 7},
    })
  })
})
