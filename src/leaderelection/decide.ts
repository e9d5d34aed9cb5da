/**
 * The pure decision of client-go's leader election (LeaseLock, tryAcquireOrRenew) over a
 * coordination.k8s.io/v1 Lease: create it when missing; renew it when we hold it; take it over when it is
 * free (no holder, e.g. released on a clean shutdown) or expired; otherwise wait. As client-go, expiry
 * is measured on the candidate's own clock from when it last saw the lease record change (not from the
 * lease's renewTime), so clock skew between machines cannot shorten a lease.
 */
import type {Lease, LeaseSpec} from '../api/types/coordination.js'
import {nowMicroTime} from '../util/time.js'

/** When this candidate last saw the lease record change (its local clock, ms). */
export interface Observation {
  /** the record (lease spec) as seen */
  record: string
  at: number
}

/** What to do with the lease. */
export type Decision =
  | {action: 'create'; spec: LeaseSpec}
  /** write `spec` (with the lease's resourceVersion); `takeover` when acquiring from another (or no) holder */
  | {action: 'update'; spec: LeaseSpec; takeover: boolean}
  /** someone else holds a valid lease until `expiresAt` (local ms) */
  | {action: 'wait'; holder: string; expiresAt: number}

/** The comparable form of a lease record. */
export function recordKey(spec: LeaseSpec | undefined): string {
  const s = spec ?? {}
  return JSON.stringify([s.holderIdentity ?? '', s.leaseDurationSeconds ?? 0, s.acquireTime ?? '', s.renewTime ?? '', s.leaseTransitions ?? 0])
}

/** The observation after reading `lease` at `now`: unchanged if the record is the same, else restarted. */
export function observe(lease: Lease | undefined, prev: Observation | undefined, now: number): Observation | undefined {
  if (!lease) return undefined
  const record = recordKey(lease.spec)
  return prev && prev.record === record ? prev : {record, at: now}
}

/** MicroTime (RFC 3339 with microseconds, UTC) of a local ms time. */
export function microTime(ms: number): string {
  return nowMicroTime(new Date(ms))
}

/**
 * Decides for candidate `identity` at local time `now` (ms) given the current lease (undefined when it
 * does not exist) and this candidate's observation of it. `leaseDurationSeconds` is what we write.
 */
export function decide(lease: Lease | undefined, now: number, identity: string, leaseDurationSeconds: number, observed?: Observation): Decision {
  const ts = microTime(now)
  if (!lease) {
    return {action: 'create', spec: {holderIdentity: identity, leaseDurationSeconds, acquireTime: ts, renewTime: ts, leaseTransitions: 0}}
  }
  const spec = lease.spec ?? {}
  const holder = spec.holderIdentity ?? ''
  if (holder !== '' && holder !== identity) {
    const seen = observed && observed.record === recordKey(spec) ? observed.at : now
    const duration = spec.leaseDurationSeconds && spec.leaseDurationSeconds > 0 ? spec.leaseDurationSeconds : leaseDurationSeconds
    const expiresAt = seen + duration * 1000
    if (expiresAt > now) return {action: 'wait', holder, expiresAt}
  }
  if (holder === identity) {
    return {
      action: 'update',
      takeover: false,
      spec: {...spec, holderIdentity: identity, leaseDurationSeconds, acquireTime: spec.acquireTime ?? ts, renewTime: ts, leaseTransitions: spec.leaseTransitions ?? 0},
    }
  }
  return {
    action: 'update',
    takeover: true,
    spec: {...spec, holderIdentity: identity, leaseDurationSeconds, acquireTime: ts, renewTime: ts, leaseTransitions: (spec.leaseTransitions ?? 0) + 1},
  }
}

/** The record written on release (client-go): no holder, a 1 s duration, transitions kept. */
export function releaseSpec(spec: LeaseSpec | undefined, now: number): LeaseSpec {
  const ts = microTime(now)
  return {...spec, holderIdentity: '', leaseDurationSeconds: 1, acquireTime: ts, renewTime: ts, leaseTransitions: spec?.leaseTransitions ?? 0}
}
