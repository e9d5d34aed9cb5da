/**
 * The pod garbage collector (kube-controller-manager's podgc): force-deletes pods bound to nodes that no
 * longer exist — no kubelet will ever finish them. A node's absence is confirmed with a live GET (the
 * cache may lag) before its pods are deleted.
 */
import type {Node} from '../../api/types/node.js'
import type {Pod} from '../../api/types/pod.js'
import type {ResourceRef} from '../../api/resource.js'
import {isNotFound} from '../../client/errors.js'
import type {Informer} from '../../client/informer.js'
import {WorkQueue} from '../../client/workqueue.js'
import {runQueue} from '../common/run.js'
import type {Controller, ControllerContext} from '../types.js'
import {orphanedPods} from './plan.js'

const podsRef: ResourceRef = {group: '', version: 'v1', resource: 'pods', namespaced: true}
const nodesRef: ResourceRef = {group: '', version: 'v1', resource: 'nodes', namespaced: false}

/** Removes pods whose node is gone; the queue holds node names. */
export class PodGCController implements Controller {
  readonly name = 'pod-garbage-collector'
  readonly queue = new WorkQueue<string>()
  private ctx!: ControllerContext
  private pods!: Informer<Pod>
  private nodes!: Informer<Node>

  start(ctx: ControllerContext): void {
    this.ctx = ctx
    this.pods = ctx.informers.informer<Pod>(podsRef)
    this.nodes = ctx.informers.informer<Node>(nodesRef)
    this.nodes.addHandlers({onDelete: (n) => this.queue.add(n.metadata.name!)})
    this.pods.addHandlers({
      onAdd: (p) => this.check(p),
      onUpdate: (_o, p) => this.check(p),
    })
  }

  private check(p: Pod): void {
    const node = p.spec?.nodeName
    if (node && this.nodes.hasSynced() && !this.nodes.get(node)) this.queue.addAfter(node, 1000)
  }

  /** Queues every node that pods are bound to but the cache does not know (as upstream's 20 s sweep). */
  private sweep(): void {
    for (const p of orphanedPods(this.pods.list(), (n) => !!this.nodes.get(n))) this.queue.add(p.spec!.nodeName!)
  }

  run(signal: AbortSignal): Promise<void> {
    this.sweep()
    const timer = setInterval(() => this.sweep(), 20_000)
    timer.unref()
    signal.addEventListener('abort', () => clearInterval(timer), {once: true})
    return runQueue(this.queue, 1, (node) => this.sync(node), signal, {name: this.name, log: this.ctx.log})
  }

  /** Deletes the pods of `node` if it really is gone. */
  async sync(node: string): Promise<void> {
    if (this.nodes.get(node)) return
    try {
      await this.ctx.client.get(nodesRef, node)
      return
    } catch (e) {
      if (!isNotFound(e)) throw e
    }
    const gone = orphanedPods(this.pods.list(), (n) => n !== node)
    for (const p of gone) {
      try {
        await this.ctx.client.delete(podsRef, p.metadata.name!, p.metadata.namespace, {gracePeriodSeconds: 0, preconditions: {uid: p.metadata.uid}})
        this.ctx.log(`pod-garbage-collector: deleted pod ${p.metadata.namespace}/${p.metadata.name} of deleted node ${node}`)
      } catch (e) {
        if (!isNotFound(e)) throw e
      }
    }
  }
}
