/**
 * NodeResourcesFit filter (upstream plugin of the same name): the node must have room for one more pod
 * (allocatable pods) and, for every resource the pod requests (cpu, memory, ephemeral-storage, extended
 * resources), allocatable minus the requests of the pods already there (bound or assumed) must cover the
 * pod's request. Every shortfall is a reason ("Too many pods", "Insufficient cpu", …). A pod without
 * requests counts 0 cpu/memory but still 1 pod.
 */
import type {FilterPlugin, NodeInfo, PodInfo} from '../types.js'

/** Upstream's reason when the node's pod count is exhausted. */
export const ERR_REASON_TOO_MANY_PODS = 'Too many pods'

/** Upstream's reason for a resource shortfall: `Insufficient <resource>`. */
export function insufficient(resource: string): string {
  return `Insufficient ${resource}`
}

const tooManyPods = [ERR_REASON_TOO_MANY_PODS] as const
const cpuOnly = [insufficient('cpu')] as const
const memoryOnly = [insufficient('memory')] as const

/** The reasons the pod does not fit the node's resources; null when it fits. */
export function nodeResourcesFitFilter(pod: PodInfo, node: NodeInfo): readonly string[] | null {
  if (node.pods.size + 1 > node.allowedPodNumber) {
    const more = resourceShortfalls(pod, node)
    return more ? [ERR_REASON_TOO_MANY_PODS, ...more] : tooManyPods
  }
  return resourceShortfalls(pod, node)
}

function resourceShortfalls(pod: PodInfo, node: NodeInfo): readonly string[] | null {
  const r = pod.requests
  const a = node.allocatable
  const u = node.requested
  const cpu = r.milliCPU > 0 && r.milliCPU > a.milliCPU - u.milliCPU
  const mem = r.memory > 0 && r.memory > a.memory - u.memory
  const eph = r.ephemeralStorage > 0 && r.ephemeralStorage > a.ephemeralStorage - u.ephemeralStorage
  if (!eph && !r.scalar) {
    // the common case, without allocation
    if (cpu) return mem ? [cpuOnly[0], memoryOnly[0]] : cpuOnly
    return mem ? memoryOnly : null
  }
  const out: string[] = []
  if (cpu) out.push(cpuOnly[0])
  if (mem) out.push(memoryOnly[0])
  if (eph) out.push(insufficient('ephemeral-storage'))
  if (r.scalar) {
    for (const [name, want] of r.scalar) {
      if (want === 0) continue
      const free = (a.scalar?.get(name) ?? 0) - (u.scalar?.get(name) ?? 0)
      if (want > free) out.push(insufficient(name))
    }
  }
  return out.length ? out : null
}

/** The NodeResourcesFit filter plugin. */
export const nodeResourcesFit: FilterPlugin<true> = {
  name: 'NodeResourcesFit',
  preFilter: () => true,
  filter: (_s, pod, node) => nodeResourcesFitFilter(pod, node),
}
