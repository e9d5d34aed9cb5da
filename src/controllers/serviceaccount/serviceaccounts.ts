/**
 * The ServiceAccounts controller (kube-controller-manager's serviceaccount-controller): every Active
 * namespace has a `default` ServiceAccount; one that is deleted is created again.
 */
import type {ServiceAccount} from '../../api/types/config.js'
import type {Namespace} from '../../api/types/namespace.js'
import {isAlreadyExists, isNotFound} from '../../client/errors.js'
import type {Informer} from '../../client/informer.js'
import {WorkQueue} from '../../client/workqueue.js'
import type {Controller, ControllerContext} from '../types.js'
import {runQueue} from '../common/run.js'
import {isNamespaceTerminating} from '../namespace/terminating.js'
import {namespacesRef, serviceAccountsRef} from './refs.js'
import {defaultServiceAccountNames, isNamespaceActive, missingServiceAccounts} from './reconcile.js'

/** Options of the ServiceAccounts controller. */
export interface ServiceAccountsControllerOptions {
  /** ServiceAccounts to ensure in every namespace (default ["default"]) */
  names?: readonly string[]
}

/** Ensures the `default` ServiceAccount (or the configured ones) in every Active namespace. */
export class ServiceAccountsController implements Controller {
  readonly name = 'serviceaccount-controller'
  /** namespace names to sync */
  readonly queue = new WorkQueue<string>()
  private readonly names: readonly string[]
  private ctx!: ControllerContext
  private nsInformer!: Informer<Namespace>
  private saInformer!: Informer<ServiceAccount>

  constructor(opts: ServiceAccountsControllerOptions = {}) {
    this.names = opts.names ?? defaultServiceAccountNames
  }

  start(ctx: ControllerContext): void {
    this.ctx = ctx
    this.nsInformer = ctx.informers.informer<Namespace>(namespacesRef)
    this.saInformer = ctx.informers.informer<ServiceAccount>(serviceAccountsRef)
    this.nsInformer.addHandlers({
      onAdd: (ns) => this.queue.add(ns.metadata.name ?? ''),
      onUpdate: (_old, ns) => this.queue.add(ns.metadata.name ?? ''),
    })
    this.saInformer.addHandlers({
      onDelete: (sa) => {
        if (sa.metadata.namespace && this.names.includes(sa.metadata.name ?? '')) this.queue.add(sa.metadata.namespace)
      },
    })
  }

  run(signal: AbortSignal): Promise<void> {
    return runQueue(this.queue, this.ctx.options.workers, (key) => this.sync(key), signal, {name: this.name, log: this.ctx.log})
  }

  /** Creates the ServiceAccounts namespace `name` lacks (nothing unless it is Active). */
  async sync(name: string): Promise<void> {
    const ns = this.nsInformer.get(name)
    if (!isNamespaceActive(ns)) return
    const missing = missingServiceAccounts(this.names, (sa) => !!this.saInformer.get(`${name}/${sa}`))
    const failures: string[] = []
    for (const sa of missing) {
      try {
        await this.ctx.client.create<ServiceAccount>(serviceAccountsRef, {apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: sa, namespace: name}}, name)
      } catch (err) {
        // created meanwhile, or the namespace is going away: nothing to do
        if (isAlreadyExists(err) || isNotFound(err) || isNamespaceTerminating(err)) continue
        failures.push(`creating serviceaccount ${name}/${sa}: ${(err as Error).message}`)
      }
    }
    if (failures.length) throw new Error(failures.join('; '))
  }
}
