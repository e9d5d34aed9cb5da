import {at, obj, objs} from '../printers/access.js'
import {addQuantity, cmpQuantity, type Quantity, tryQuantity} from './quantity.js'

/** A resource list (resource name → quantity), insertion ordered. */
export type ResourceList = Map<string, Quantity>

/** Parses a JSON resource list ({cpu: "100m", memory: "64Mi"}); unparsable quantities are skipped. */
export function resourceList(v: unknown): ResourceList {
  const out: ResourceList = new Map()
  for (const [name, raw] of Object.entries(obj(v))) {
    const q = tryQuantity(raw)
    if (q) out.set(name, q)
  }
  return out
}

/** addResourceList: adds every quantity of `add` into `into`. */
function addInto(into: ResourceList, add: ResourceList): void {
  for (const [name, q] of add) {
    const cur = into.get(name)
    into.set(name, cur ? addQuantity(cur, q) : q)
  }
}

/** maxResourceList: keeps the larger quantity of each resource. */
function maxInto(into: ResourceList, other: ResourceList): void {
  for (const [name, q] of other) {
    const cur = into.get(name)
    if (!cur || cmpQuantity(q, cur) > 0) into.set(name, q)
  }
}

/**
 * The effective requests (or limits) of a pod as the scheduler counts them (component-helpers
 * PodRequests / PodLimits): the sum of its containers and sidecars, or the largest init container step if
 * that is higher; pod-level cpu/memory resources override; overhead is added (to limits only where set).
 */
export function podResources(pod: unknown, kind: 'requests' | 'limits'): ResourceList {
  const total: ResourceList = new Map()
  for (const c of objs(at(pod, 'spec', 'containers'))) addInto(total, resourceList(at(c, 'resources', kind)))
  const sidecars: ResourceList = new Map()
  const initMax: ResourceList = new Map()
  for (const c of objs(at(pod, 'spec', 'initContainers'))) {
    const own = resourceList(at(c, 'resources', kind))
    let step: ResourceList
    if (c.restartPolicy === 'Always') {
      addInto(total, own)
      addInto(sidecars, own)
      step = sidecars
    } else {
      step = new Map()
      addInto(step, own)
      addInto(step, sidecars)
    }
    maxInto(initMax, step)
  }
  maxInto(total, initMax)
  const podLevel = resourceList(at(pod, 'spec', 'resources', kind))
  for (const name of ['cpu', 'memory']) {
    const q = podLevel.get(name)
    if (q) total.set(name, q)
  }
  const overhead = resourceList(at(pod, 'spec', 'overhead'))
  if (kind === 'requests') {
    addInto(total, overhead)
  } else {
    for (const [name, q] of overhead) {
      const cur = total.get(name)
      if (cur) total.set(name, addQuantity(cur, q))
    }
  }
  return total
}
