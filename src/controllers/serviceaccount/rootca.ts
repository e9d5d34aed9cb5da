/**
 * The root CA publisher (kube-controller-manager's root-ca-cert-publisher): every Active namespace has a
 * `kube-root-ca.crt` ConfigMap whose ca.crt is the cluster CA, so pods can verify the API server (the
 * ServiceAccount admission mounts it next to the token). Edited or deleted copies are restored.
 *
 * The CA comes from the options, else from the controller manager's own client configuration
 * (`ctx.client.config.caPem`: the admin kubeconfig's certificate-authority-data, i.e. the cluster CA).
 */
import type {ConfigMap} from '../../api/types/config.js'
import type {Namespace} from '../../api/types/namespace.js'
import {isNotFound} from '../../client/errors.js'
import type {Informer} from '../../client/informer.js'
import {WorkQueue} from '../../client/workqueue.js'
import type {Controller, ControllerContext} from '../types.js'
import {runQueue} from '../common/run.js'
import {isNamespaceTerminating} from '../namespace/terminating.js'
import {configMapsRef, namespacesRef} from './refs.js'
import {isNamespaceActive, reconcileRootCA, rootCAConfigMapName} from './reconcile.js'

/** Options of the root CA publisher. */
export interface RootCACertPublisherOptions {
  /** the CA bundle to publish (PEM); default: the controller client's caPem */
  caPem?: string
}

/** Publishes the cluster CA as kube-root-ca.crt in every Active namespace. */
export class RootCACertPublisher implements Controller {
  readonly name = 'root-ca-cert-publisher'
  /** namespace names to sync */
  readonly queue = new WorkQueue<string>()
  private ctx!: ControllerContext
  private caPem = ''
  private nsInformer!: Informer<Namespace>
  private cmInformer!: Informer<ConfigMap>

  constructor(private readonly opts: RootCACertPublisherOptions = {}) {}

  start(ctx: ControllerContext): void {
    this.ctx = ctx
    this.caPem = this.opts.caPem ?? ctx.client.config?.caPem ?? ''
    if (!this.caPem) ctx.log(`${this.name}: no cluster CA known (the controller client has no caPem); not publishing ${rootCAConfigMapName}`)
    this.nsInformer = ctx.informers.informer<Namespace>(namespacesRef)
    this.cmInformer = ctx.informers.informer<ConfigMap>(configMapsRef)
    this.nsInformer.addHandlers({
      onAdd: (ns) => this.queue.add(ns.metadata.name ?? ''),
      onUpdate: (_old, ns) => this.queue.add(ns.metadata.name ?? ''),
    })
    const onConfigMap = (cm: ConfigMap) => {
      if (cm.metadata.name === rootCAConfigMapName && cm.metadata.namespace) this.queue.add(cm.metadata.namespace)
    }
    this.cmInformer.addHandlers({onUpdate: (_old, cm) => onConfigMap(cm), onDelete: onConfigMap})
  }

  run(signal: AbortSignal): Promise<void> {
    return runQueue(this.queue, this.ctx.options.workers, (key) => this.sync(key), signal, {name: this.name, log: this.ctx.log})
  }

  /** Creates or corrects kube-root-ca.crt in namespace `name`. */
  async sync(name: string): Promise<void> {
    if (!this.caPem || !isNamespaceActive(this.nsInformer.get(name))) return
    const action = reconcileRootCA(name, this.cmInformer.get(`${name}/${rootCAConfigMapName}`), this.caPem)
    try {
      if (action.type === 'create') await this.ctx.client.create(configMapsRef, action.configMap, name)
      else if (action.type === 'update') await this.ctx.client.update(configMapsRef, action.configMap, name)
    } catch (err) {
      // gone or terminating namespace (or a ConfigMap deleted meanwhile, whose delete event requeues): nothing to
      // do; anything else (AlreadyExists, Conflict) is retried against a fresher cache
      if (isNotFound(err) || isNamespaceTerminating(err)) return
      throw err
    }
  }
}
