/**
 * Pod QoS class (GetPodQOS), computed by the API server on create and used by the kubelet's eviction
 * order. Only cpu and memory count; a missing request counts as equal to its limit (request defaulting).
 */
import type {PodSpec} from '../types/pod.js'
import type {Quantity} from '../types/common.js'
import {isValidQuantity, milliValue} from '../quantity.js'

const computeResources = ['cpu', 'memory']

function positiveMilli(q: Quantity | undefined): number {
  if (q === undefined || !isValidQuantity(q)) return 0
  const m = milliValue(q)
  return m > 0 ? m : 0
}

/** Guaranteed, Burstable or BestEffort. */
export function podQOSClass(spec: PodSpec | undefined): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const requests = new Map<string, number>()
  const limits = new Map<string, number>()
  let guaranteed = true
  for (const c of [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])]) {
    const found = new Set<string>()
    for (const r of computeResources) {
      const lim = positiveMilli(c.resources?.limits?.[r])
      const req = c.resources?.requests?.[r] !== undefined ? positiveMilli(c.resources?.requests?.[r]) : lim
      if (req > 0) requests.set(r, (requests.get(r) ?? 0) + req)
      if (lim > 0) {
        found.add(r)
        limits.set(r, (limits.get(r) ?? 0) + lim)
      }
    }
    if (found.size !== computeResources.length) guaranteed = false
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort'
  if (guaranteed) {
    for (const [r, v] of requests) if (limits.get(r) !== v) guaranteed = false
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable'
}
