/**
 * The Service resource's hooks into the generic REST flow: allocate before a create/update is stored,
 * give back what a failed write claimed, and release what a Service no longer holds — on delete at once,
 * on update once the update is committed (the hooks have no after-update call, so the release waits for
 * the next change of the Service's key in the store and then frees only what the stored Service really
 * no longer holds).
 */
import {serviceDef} from '../../api/kinds/service.js'
import {keyFor} from '../../api/registry.js'
import type {ResourceDef} from '../../api/resource.js'
import type {Service} from '../../api/types/service.js'
import {StoreError, type Store, type StoreWatch} from '../../store/types.js'
import type {ResourceHooks} from '../rest/types.js'
import {ServiceAllocator, type ClaimRef, type ServiceAllocatorOptions} from './allocator.js'
import {heldKeys} from './needs.js'
import {repairAllocations, type RepairOptions, type RepairReport} from './repair.js'

/** How long a committed-update release waits for the update to show in the store before checking anyway. */
const releaseWaitMs = 30_000

/** The service allocation machinery of one API server: the hooks to install and the repair pass. */
export interface ServiceAllocation {
  allocator: ServiceAllocator
  /** pass as `hooks: {services: allocation.hooks}` to startApiServer */
  hooks: ResourceHooks
  /** frees claims whose Service is gone and re-claims what Services hold (run at start) */
  repair(opts?: RepairOptions): Promise<RepairReport>
  /** runs repair every `intervalMs` (default 3 min, as Kubernetes) until `signal` aborts */
  startRepairLoop(signal: AbortSignal, opts?: RepairOptions & {intervalMs?: number; log?: (msg: string) => void}): void
  /** stops pending release watches (API server shutdown) */
  close(): void
}

/** Builds the allocation machinery over `store`. */
export function createServiceAllocation(store: Store, opts: ServiceAllocatorOptions = {}): ServiceAllocation {
  const allocator = new ServiceAllocator(store, opts)
  const claimedBy = new WeakMap<object, string[]>()
  const pending = new Map<object, () => void>()
  const def = serviceDef as unknown as ResourceDef

  /** Releases `refs` of `uid` that the Service stored at `key` does not hold. */
  async function releaseUnused(key: string, uid: string, refs: ClaimRef[]): Promise<void> {
    let holds = new Set<string>()
    try {
      const cur = (await store.get(key)) as unknown as Service
      if (cur.metadata?.uid === uid) holds = heldKeys(cur.spec)
    } catch (e) {
      if (!(e instanceof StoreError && e.kind === 'NotFound')) throw e
    }
    for (const r of refs) if (!holds.has(r.key)) await allocator.claims.release(r.key, uid, r.revision)
  }

  function scheduleRelease(obj: Service, oldRevision: number, refs: ClaimRef[]): void {
    const key = keyFor(def, obj.metadata.namespace ?? '', obj.metadata.name ?? '')
    const uid = obj.metadata.uid ?? ''
    let watch: StoreWatch | undefined
    let done = false
    const stop = () => {
      done = true
      clearTimeout(timer)
      watch?.stop()
      pending.delete(obj)
    }
    const finish = () => {
      if (done) return
      stop()
      releaseUnused(key, uid, refs).catch(() => {
        // left for the repair pass
      })
    }
    const timer = setTimeout(finish, releaseWaitMs)
    timer.unref?.()
    pending.set(obj, stop)
    watch = store.watch(key, oldRevision, {onEvent: (ev) => ev.key === key && finish(), onError: () => finish()})
  }

  const hooks: ResourceHooks<Service> = {
    async beforeCreate(obj, ctx) {
      const res = await allocator.allocate(obj, undefined, ctx.dryRun)
      claimedBy.set(obj, res.claimed)
    },
    async abortCreate(obj) {
      for (const key of claimedBy.get(obj) ?? []) await allocator.claims.release(key, obj.metadata.uid ?? '')
      claimedBy.delete(obj)
    },
    async beforeUpdate(obj, old, ctx) {
      const res = await allocator.allocate(obj, old, ctx.dryRun)
      claimedBy.set(obj, res.claimed)
      if (!ctx.dryRun && res.released.length) scheduleRelease(obj, Number(old.metadata.resourceVersion), res.released)
    },
    async abortUpdate(obj) {
      pending.get(obj)?.()
      for (const key of claimedBy.get(obj) ?? []) await allocator.claims.release(key, obj.metadata.uid ?? '')
      claimedBy.delete(obj)
    },
    async afterDelete(obj) {
      await allocator.releaseAll(obj)
    },
  }

  return {
    allocator,
    hooks: hooks as unknown as ResourceHooks,
    repair: (o) => repairAllocations(store, allocator, o),
    startRepairLoop(signal, o = {}) {
      const interval = o.intervalMs ?? 180_000
      const tick = () => {
        if (signal.aborted) return
        repairAllocations(store, allocator, o)
          .then((r) => r.problems.forEach((p) => o.log?.(`service allocation repair: ${p}`)))
          .catch((e) => o.log?.(`service allocation repair failed: ${(e as Error).message}`))
          .finally(() => {
            if (signal.aborted) return
            timer = setTimeout(tick, interval)
            timer.unref?.()
          })
      }
      let timer = setTimeout(tick, interval)
      timer.unref?.()
      signal.addEventListener('abort', () => clearTimeout(timer), {once: true})
    },
    close() {
      for (const stop of [...pending.values()]) stop()
    },
  }
}

/** The hooks alone, for `startApiServer({hooks: {services: serviceHooks(store)}})` (no repair loop). */
export function serviceHooks(store: Store, opts: ServiceAllocatorOptions = {}): ResourceHooks {
  return createServiceAllocation(store, opts).hooks
}
