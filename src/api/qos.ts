/**
 * Pod QoS class, as Kubernetes computes it (pkg/apis/core/helper/qos): Guaranteed when every container has
 * cpu and memory limits equal to its requests, BestEffort when none has any request or limit, else
 * Burstable. Set by the API server in status.qosClass on create. Pure.
 */
interface ResourceReq {
  requests?: Record<string, string | number>
  limits?: Record<string, string | number>
}
interface PodLike {
  spec?: {containers?: {resources?: ResourceReq}[]; initContainers?: {resources?: ResourceReq}[]}
}

const tracked = ['cpu', 'memory']

export function qosClass(pod: PodLike): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const cs = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]
  let any = false
  let guaranteed = cs.length > 0
  for (const c of cs) {
    const req = c.resources?.requests ?? {}
    const lim = c.resources?.limits ?? {}
    for (const r of tracked) {
      if (req[r] !== undefined || lim[r] !== undefined) any = true
      const l = lim[r]
      // requests default to limits when unset
      const q = req[r] ?? l
      if (l === undefined || String(q) !== String(l)) guaranteed = false
    }
  }
  if (!any) return 'BestEffort'
  return guaranteed ? 'Guaranteed' : 'Burstable'
}
