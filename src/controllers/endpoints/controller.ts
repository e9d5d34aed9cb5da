/**
 * The endpoints controller (kube-controller-manager's endpoint-controller): keeps, for every Service with
 * a selector, an Endpoints object of the same name listing the selected pods' addresses and ports (see
 * compute.ts), rewritten whenever a relevant pod or service change makes it stale, deleted with its
 * service. Services without a selector (and ExternalName services) keep user-managed Endpoints untouched.
 * At start every existing Endpoints is checked once, so one left over from a service deleted meanwhile is
 * removed (except leader-election records). Like upstream's Endpoints (unlike EndpointSlices), no
 * managed-by label is set.
 */
import type {ResourceRef} from '../../api/resource.js'
import type {Endpoints} from '../../api/types/endpoints.js'
import type {Pod} from '../../api/types/pod.js'
import type {Service} from '../../api/types/service.js'
import {selectorFromSet} from '../../api/selectors/index.js'
import {isForbidden, isNotFound} from '../../client/errors.js'
import type {Informer} from '../../client/informer.js'
import {WorkQueue} from '../../client/workqueue.js'
import {jsonEqual} from '../../util/json.js'
import type {Controller, ControllerContext} from '../types.js'
import {isPodReady} from '../common/pods.js'
import {podsRef} from '../common/refs.js'
import {keyOf, runQueue, splitKey} from '../common/run.js'
import {reconcileEndpoints} from './compute.js'

/** core/v1 services. */
export const servicesRef: ResourceRef = {group: '', version: 'v1', resource: 'services', namespaced: true}
/** core/v1 endpoints. */
export const endpointsRef: ResourceRef = {group: '', version: 'v1', resource: 'endpoints', namespaced: true}
/** Endpoints carrying this annotation are leader-election records, never cleaned up as leftovers. */
export const leaderAnnotation = 'control-plane.alpha.kubernetes.io/leader'

function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed'
}

/**
 * podEndpointsChanged: whether what the pod contributes to Endpoints changed (deletion, readiness, IPs,
 * terminal phase) and whether its service membership may have changed (labels, hostname, subdomain).
 */
export function podChange(old: Pod, cur: Pod): {endpoints: boolean; membership: boolean} {
  const membership =
    !jsonEqual(old.metadata.labels ?? {}, cur.metadata.labels ?? {}) || old.spec?.hostname !== cur.spec?.hostname || old.spec?.subdomain !== cur.spec?.subdomain
  const ips = (p: Pod) => [p.status?.podIP ?? '', ...(p.status?.podIPs ?? []).map((i) => i.ip)]
  const endpoints =
    old.metadata.deletionTimestamp !== cur.metadata.deletionTimestamp ||
    isPodReady(old) !== isPodReady(cur) ||
    isTerminal(old) !== isTerminal(cur) ||
    !jsonEqual(ips(old), ips(cur))
  return {endpoints, membership}
}

/** Keeps Endpoints in step with services' selected pods. */
export class EndpointsController implements Controller {
  readonly name = 'endpoint-controller'
  /** service keys (namespace/name) to sync */
  readonly queue = new WorkQueue<string>()
  private ctx!: ControllerContext
  private services!: Informer<Service>
  private pods!: Informer<Pod>
  private endpoints!: Informer<Endpoints>

  start(ctx: ControllerContext): void {
    this.ctx = ctx
    this.services = ctx.informers.informer<Service>(servicesRef)
    this.pods = ctx.informers.informer<Pod>(podsRef)
    this.endpoints = ctx.informers.informer<Endpoints>(endpointsRef)
    this.services.addHandlers({
      onAdd: (s) => this.queue.add(keyOf(s)),
      onUpdate: (_o, s) => this.queue.add(keyOf(s)),
      onDelete: (s) => this.queue.add(keyOf(s)),
    })
    this.pods.addHandlers({
      onAdd: (p) => this.enqueueServicesOf(p),
      onUpdate: (o, p) => {
        if (o.metadata.resourceVersion === p.metadata.resourceVersion) return
        const c = podChange(o, p)
        if (!c.endpoints && !c.membership) return
        this.enqueueServicesOf(p)
        if (c.membership) this.enqueueServicesOf(o)
      },
      onDelete: (p) => this.enqueueServicesOf(p),
    })
    // an Endpoints deleted by someone else is re-created (or, without its service, stays gone)
    this.endpoints.addHandlers({onDelete: (e) => this.queue.add(keyOf(e))})
  }

  async run(signal: AbortSignal): Promise<void> {
    // leftovers: Endpoints whose service disappeared while no controller ran
    for (const ep of this.endpoints.list()) if (ep.metadata.annotations?.[leaderAnnotation] === undefined) this.queue.add(keyOf(ep))
    return runQueue(this.queue, this.ctx.options.workers, (key) => this.sync(key), signal, {name: this.name, log: this.ctx.log})
  }

  /** Services in the pod's namespace whose (non-nil) selector matches the pod (GetPodServiceMemberships). */
  servicesOf(pod: Pod): Service[] {
    return this.services.list(pod.metadata.namespace).filter((s) => s.spec?.selector && selectorFromSet(s.spec.selector).matches(pod.metadata.labels))
  }

  private enqueueServicesOf(pod: Pod): void {
    for (const s of this.servicesOf(pod)) this.queue.add(keyOf(s))
  }

  /** Brings the Endpoints of service `key` up to date (or deletes it with its service). */
  async sync(key: string): Promise<void> {
    const {namespace, name} = splitKey(key)
    const svc = this.services.get(key)
    if (!svc) {
      try {
        await this.ctx.client.delete(endpointsRef, name, namespace)
      } catch (err) {
        if (!isNotFound(err)) throw err
      }
      return
    }
    if (svc.spec?.type === 'ExternalName' || !svc.spec?.selector) return
    const selector = selectorFromSet(svc.spec.selector)
    const pods = this.pods.list(namespace).filter((p) => selector.matches(p.metadata.labels))
    const action = reconcileEndpoints(svc, pods, this.endpoints.get(key))
    try {
      if (action.type === 'create') await this.ctx.client.create(endpointsRef, action.endpoints, namespace)
      else if (action.type === 'update') await this.ctx.client.update(endpointsRef, action.endpoints, namespace)
    } catch (err) {
      // creating in a terminating namespace (or without permission) is refused: nothing to retry
      if (action.type === 'create' && isForbidden(err)) return
      throw err
    }
  }
}
