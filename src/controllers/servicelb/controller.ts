/**
 * The ServiceLB controller (k3s' built-in load balancer, without its per-node svclb pods: the mkube node
 * proxy itself answers LoadBalancer ports on each node's address). Keeps status.loadBalancer.ingress of
 * every LoadBalancer Service equal to the Ready nodes' addresses; re-syncs every LoadBalancer Service
 * when a node appears, goes, changes readiness or addresses.
 */
import type {Node} from '../../api/types/node.js'
import type {Service} from '../../api/types/service.js'
import type {ResourceRef} from '../../api/resource.js'
import {isConflict, isNotFound} from '../../client/errors.js'
import type {Informer} from '../../client/informer.js'
import {WorkQueue} from '../../client/workqueue.js'
import {jsonEqual} from '../../util/json.js'
import {keyOf, runQueue, splitKey} from '../common/run.js'
import type {Controller, ControllerContext} from '../types.js'
import {desiredLoadBalancerStatus, isNodeReady, nodeLoadBalancerIPs} from './plan.js'

export const servicesRef: ResourceRef = {group: '', version: 'v1', resource: 'services', namespaced: true}
export const nodesRef: ResourceRef = {group: '', version: 'v1', resource: 'nodes', namespaced: false}

/** What of a node matters to load balancer status. */
function nodeFingerprint(n: Node): string {
  return JSON.stringify([isNodeReady(n), nodeLoadBalancerIPs(n), !!n.metadata.deletionTimestamp])
}

/** Sets LoadBalancer Services' ingress to the Ready nodes' addresses. */
export class ServiceLBController implements Controller {
  readonly name = 'servicelb-controller'
  readonly queue = new WorkQueue<string>()
  private ctx!: ControllerContext
  private services!: Informer<Service>
  private nodes!: Informer<Node>

  start(ctx: ControllerContext): void {
    this.ctx = ctx
    this.services = ctx.informers.informer<Service>(servicesRef)
    this.nodes = ctx.informers.informer<Node>(nodesRef)
    this.services.addHandlers({
      onAdd: (s) => this.enqueue(s),
      onUpdate: (o, s) => {
        if (!jsonEqual(o.spec, s.spec) || !jsonEqual(o.status, s.status)) this.enqueue(s)
      },
    })
    const all = () => {
      for (const s of this.services.list()) this.enqueue(s)
    }
    this.nodes.addHandlers({
      onAdd: all,
      onDelete: all,
      onUpdate: (o, n) => {
        if (nodeFingerprint(o) !== nodeFingerprint(n)) all()
      },
    })
  }

  private enqueue(s: Service): void {
    if (s.spec?.type === 'LoadBalancer' || (s.status?.loadBalancer?.ingress ?? []).length) this.queue.add(keyOf(s))
  }

  run(signal: AbortSignal): Promise<void> {
    return runQueue(this.queue, this.ctx.options.workers, (key) => this.sync(key), signal, {name: this.name, log: this.ctx.log})
  }

  /** Brings one Service's load balancer status to what the nodes say. */
  async sync(key: string): Promise<void> {
    const cached = this.services.get(key)
    if (!cached) return
    const {namespace, name} = splitKey(key)
    for (let attempt = 0; attempt < 3; attempt++) {
      const svc = attempt === 0 ? cached : await this.ctx.client.get<Service>(servicesRef, name, namespace).catch((e) => (isNotFound(e) ? undefined : Promise.reject(e)))
      if (!svc) return
      const want = desiredLoadBalancerStatus(svc, this.nodes.list())
      if (want === undefined || jsonEqual(svc.status?.loadBalancer ?? {}, want)) return
      try {
        await this.ctx.client.updateStatus<Service>(servicesRef, {...svc, status: {...(svc.status ?? {}), loadBalancer: want}}, namespace)
        return
      } catch (e) {
        if (isNotFound(e)) return
        if (!isConflict(e)) throw e
      }
    }
  }
}
