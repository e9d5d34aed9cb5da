/**
 * Allocation claims kept in the cluster store itself, so that every API server process on one data dir
 * agrees on them: a claim is one key, created atomically (the store's create fails with AlreadyExists
 * for the loser of a race) and deleted on release. Each claim records the Service that owns it.
 *
 *   /registry/mkube/serviceips/<ip>                 a cluster IP
 *   /registry/mkube/nodeports/<protocol>/<port>     a node port (TCP, UDP and SCTP are separate spaces)
 *
 * These keys are outside every served resource's prefix (`/registry/<group>/<resource>/`), so no list or
 * watch of the API sees them.
 */
import {StoreError, type Store, type StoredObject} from '../../store/types.js'

/** The Service holding a claim. */
export interface ClaimOwner {
  namespace: string
  name: string
  uid: string
}

/** What a claim key stores. */
export interface ClaimRecord extends StoredObject {
  kind: 'ServiceIPClaim' | 'NodePortClaim'
  /** the claim's own key (list answers carry values only) */
  key: string
  owner: ClaimOwner
  /** when the claim was (re)taken, ms since the epoch: the repair pass leaves young orphans alone */
  claimedAt: number
}

export const serviceIPPrefix = '/registry/mkube/serviceips/'
export const nodePortPrefix = '/registry/mkube/nodeports/'

/** Store key of a cluster IP claim. */
export function serviceIPKey(ip: string): string {
  return `${serviceIPPrefix}${ip}`
}

/** Store key of a node port claim. */
export function nodePortKey(protocol: string, port: number): string {
  return `${nodePortPrefix}${protocol}/${port}`
}

/** Parses a node-port claim key back into protocol and port. */
export function parseNodePortKey(key: string): {protocol: string; port: number} | undefined {
  const m = /^\/registry\/mkube\/nodeports\/([A-Z]+)\/(\d+)$/.exec(key)
  return m ? {protocol: m[1], port: Number(m[2])} : undefined
}

/** Claim operations over a Store. */
export class Claims {
  constructor(readonly store: Store) {}

  /**
   * Claims `key` for `owner`. Returns true when this call created it or the owner (same uid) already
   * held it; false when another Service holds it.
   */
  async claim(key: string, kind: ClaimRecord['kind'], owner: ClaimOwner): Promise<boolean> {
    const rec: ClaimRecord = {apiVersion: 'mkube.io/v1', kind, metadata: {}, key, owner, claimedAt: Date.now()}
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await this.store.create(key, {...rec, metadata: {}})
        return true
      } catch (e) {
        if (!(e instanceof StoreError && e.kind === 'AlreadyExists')) throw e
      }
      const cur = await this.get(key)
      // released between the two calls: try again
      if (!cur) continue
      if (cur.owner.uid !== owner.uid) return false
      // taken again by its owner: rewrite it so that a release decided earlier (on its old revision) fails
      try {
        await this.store.update(key, {...rec, metadata: {}}, Number(cur.metadata?.resourceVersion))
        return true
      } catch (e) {
        if (!(e instanceof StoreError && (e.kind === 'Conflict' || e.kind === 'NotFound'))) throw e
      }
    }
    return false
  }

  /** The claim at `key`, or undefined. */
  async get(key: string): Promise<ClaimRecord | undefined> {
    try {
      return (await this.store.get(key)) as ClaimRecord
    } catch (e) {
      if (e instanceof StoreError && e.kind === 'NotFound') return undefined
      throw e
    }
  }

  /**
   * Deletes `key` if `uid` still owns it (a claim that moved to another Service is left alone) and, when
   * `revision` is given, the claim was not rewritten since. Returns whether it deleted it.
   */
  async release(key: string, uid: string, revision?: number): Promise<boolean> {
    for (let attempt = 0; attempt < 5; attempt++) {
      let cur: StoredObject
      try {
        cur = await this.store.get(key)
      } catch (e) {
        if (e instanceof StoreError && e.kind === 'NotFound') return false
        throw e
      }
      if ((cur as ClaimRecord).owner?.uid !== uid) return false
      if (revision !== undefined && Number(cur.metadata?.resourceVersion) !== revision) return false
      try {
        await this.store.delete(key, Number(cur.metadata?.resourceVersion))
        return true
      } catch (e) {
        if (e instanceof StoreError && e.kind === 'NotFound') return false
        if (!(e instanceof StoreError && e.kind === 'Conflict')) throw e
      }
    }
    return false
  }

  /** Moves the claim `cur` (as read at its revision) to `owner`; false when it changed meanwhile. */
  async reassign(cur: ClaimRecord, owner: ClaimOwner): Promise<boolean> {
    try {
      await this.store.update(cur.key, {...cur, metadata: {}, owner, claimedAt: Date.now()}, Number(cur.metadata?.resourceVersion))
      return true
    } catch (e) {
      if (e instanceof StoreError && (e.kind === 'Conflict' || e.kind === 'NotFound')) return false
      throw e
    }
  }

  /** Every claim under a prefix, by key. */
  async list(prefix: string): Promise<Map<string, ClaimRecord>> {
    const res = await this.store.list(prefix)
    const out = new Map<string, ClaimRecord>()
    for (const item of res.items) {
      const rec = item as ClaimRecord
      if (typeof rec.key === 'string' && rec.owner) out.set(rec.key, rec)
    }
    return out
  }
}
