/**
 * ControllerExpectations (client-go's UIDTrackingControllerExpectations): what a controller is waiting
 * to see in its informers after creating or deleting children, so that a sync running before the
 * informer caught up does not create or delete the same children twice. Deletions are tracked by
 * child key (`namespace/name`), so only deletions the controller asked for count.
 */

/** How long expectations may stay unfulfilled before a sync proceeds anyway (upstream: 5 minutes). */
export const expectationsTimeoutMs = 5 * 60_000

interface Expectation {
  add: number
  del: number
  at: number
  /** keys of children whose deletion is expected */
  deleting: Set<string>
}

/** Per-controller-key counters of outstanding creations and deletions. */
export class ControllerExpectations {
  private readonly records = new Map<string, Expectation>()

  constructor(
    private readonly now: () => number = Date.now,
    private readonly timeoutMs = expectationsTimeoutMs,
  ) {}

  /**
   * True when the controller may act for `key`: nothing is expected, everything expected was observed,
   * or the expectations are older than the timeout (a lost watch event must not wedge the controller).
   */
  satisfied(key: string): boolean {
    const r = this.records.get(key)
    if (!r) return true
    if (r.add <= 0 && r.del <= 0) return true
    return this.now() - r.at > this.timeoutMs
  }

  /** Expects `count` creations (replaces earlier expectations of `key`). */
  expectCreations(key: string, count: number): void {
    this.records.set(key, {add: count, del: 0, at: this.now(), deleting: new Set()})
  }

  /** Expects the deletion of these children (replaces earlier expectations of `key`). */
  expectDeletions(key: string, childKeys: readonly string[]): void {
    this.records.set(key, {add: 0, del: childKeys.length, at: this.now(), deleting: new Set(childKeys)})
  }

  /** One expected creation was observed (or will never happen: call it for creations that failed). */
  creationObserved(key: string): void {
    const r = this.records.get(key)
    if (r) r.add--
  }

  /** The deletion of `childKey` was observed (or failed); ignored unless that deletion was expected. */
  deletionObserved(key: string, childKey: string): void {
    const r = this.records.get(key)
    if (r?.deleting.delete(childKey)) r.del--
  }

  /** Forgets `key` (its controller object was deleted). */
  delete(key: string): void {
    this.records.delete(key)
  }

  /** Outstanding creations and deletions of `key` (for tests and logs). */
  pending(key: string): {add: number; del: number} | undefined {
    const r = this.records.get(key)
    return r ? {add: r.add, del: r.del} : undefined
  }
}
