/**
 * The namespace controller (kube-controller-manager's namespace-controller). A deleted namespace stays
 * Terminating while spec.finalizers holds "kubernetes"; this controller deletes every namespaced object in
 * it, reports progress in the namespace's status conditions, and once nothing is left removes its
 * finalizer through PUT namespaces/NAME/finalize, after which the API server deletes the namespace.
 * While content remains it looks again after the estimated wait (pod grace periods, finalizers).
 */
import type {Namespace} from '../../api/types/namespace.js'
import type {ResourceRef} from '../../api/resource.js'
import {isNotFound} from '../../client/errors.js'
import type {Informer} from '../../client/informer.js'
import {WorkQueue} from '../../client/workqueue.js'
import {parseTime} from '../../util/time.js'
import type {Controller, ControllerContext} from '../types.js'
import {runQueue} from '../common/run.js'
import {failingConditions, finalizedNamespace, hasKubernetesFinalizer, requeueDelayMs, updatedConditions} from './conditions.js'
import {deleteResourceContent, namespacedResources} from './content.js'

/** core/v1 namespaces. */
export const namespacesRef: ResourceRef = {group: '', version: 'v1', resource: 'namespaces', namespaced: false}

/** Options of the namespace controller (tests inject a clock or a narrower resource list). */
export interface NamespaceControllerOptions {
  now?: () => Date
  /** the namespaced resources to empty (default: every namespaced built-in kind) */
  resources?: ResourceRef[]
}

/** Empties and finalizes namespaces being deleted. */
export class NamespaceController implements Controller {
  readonly name = 'namespace-controller'
  /** namespace names to process */
  readonly queue = new WorkQueue<string>()
  private readonly now: () => Date
  private readonly resources: ResourceRef[]
  private ctx!: ControllerContext
  private informer!: Informer<Namespace>

  constructor(opts: NamespaceControllerOptions = {}) {
    this.now = opts.now ?? (() => new Date())
    this.resources = opts.resources ?? namespacedResources()
  }

  start(ctx: ControllerContext): void {
    this.ctx = ctx
    this.informer = ctx.informers.informer<Namespace>(namespacesRef)
    const enqueue = (ns: Namespace) => {
      if (ns.metadata.deletionTimestamp) this.queue.add(ns.metadata.name ?? '')
    }
    this.informer.addHandlers({onAdd: enqueue, onUpdate: (_old, ns) => enqueue(ns)})
  }

  run(signal: AbortSignal): Promise<void> {
    return runQueue(this.queue, this.ctx.options.workers, (key) => this.sync(key), signal, {name: this.name, log: this.ctx.log})
  }

  /** One pass over namespace `name`; schedules the next one while content remains. */
  async sync(name: string): Promise<void> {
    if (!this.informer.get(name)?.metadata.deletionTimestamp) return
    const estimate = await this.deleteNamespace(name)
    if (estimate > 0) this.queue.addAfter(name, requeueDelayMs(estimate))
  }

  /**
   * Deletes the namespace's content and finalizes it when empty (deletion.Delete). Returns the seconds to
   * wait before the next pass (0: done, or nothing to do); throws when some deletion failed.
   */
  async deleteNamespace(name: string): Promise<number> {
    const client = this.ctx.client
    let ns: Namespace
    try {
      ns = await client.get<Namespace>(namespacesRef, name)
      if (!ns.metadata.deletionTimestamp) return 0
      if (ns.status?.phase !== 'Terminating') ns = await client.updateStatus<Namespace>(namespacesRef, {...ns, status: {...(ns.status ?? {}), phase: 'Terminating'}})
    } catch (err) {
      if (isNotFound(err)) return 0
      throw err
    }
    if (!hasKubernetesFinalizer(ns)) return 0

    const deletedAt = parseTime(ns.metadata.deletionTimestamp)
    const results = []
    for (const ref of this.resources) results.push(await deleteResourceContent(client, ref, name, deletedAt, this.now))
    const conditions = updatedConditions(ns.status?.conditions, failingConditions(results, this.now()), this.now())
    if (conditions) {
      try {
        ns = await client.updateStatus<Namespace>(namespacesRef, {...ns, status: {...(ns.status ?? {}), conditions}})
      } catch (err) {
        if (isNotFound(err)) return 0
        throw err
      }
    }
    const errors = results.filter((r) => r.error).map((r) => r.error!)
    if (errors.length) throw new Error(errors.join('; '))
    const estimate = Math.max(0, ...results.map((r) => r.estimateSeconds))
    if (estimate > 0) return estimate

    try {
      await client.updateSubresource(namespacesRef, name, 'finalize', finalizedNamespace(ns))
    } catch (err) {
      if (!isNotFound(err)) throw err
    }
    return 0
  }
}
