/**
 * PodInfo: what the scheduler needs of a pod, computed once per pod version — effective resource requests
 * (upstream's resourcehelper.PodRequests, sidecar-aware), the non-zero requests used for scoring, host
 * ports, tolerations, the spreading key and the priority.
 */
import {milliValue, quantityValue} from '../api/quantity.js'
import type {ResourceList} from '../api/types/common.js'
import type {Container} from '../api/types/container.js'
import type {Pod} from '../api/types/pod.js'
import type {HostPort, PodInfo, Resources} from './types.js'

/** cpu a container without a cpu request counts for in scoring (upstream's DefaultMilliCPURequest). */
export const DEFAULT_MILLI_CPU_REQUEST = 100
/** memory a container without a memory request counts for in scoring (DefaultMemoryRequest, 200Mi). */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024

/** Resources with every amount 0. */
export function emptyResources(): Resources {
  return {milliCPU: 0, memory: 0, ephemeralStorage: 0}
}

function amount(name: string, q: string | number): number {
  try {
    return name === 'cpu' ? milliValue(q) : quantityValue(q)
  } catch {
    return 0
  }
}

/** Parses a ResourceList into Resources (cpu in millicores; `pods` is ignored). */
export function resourcesFromList(list: ResourceList | undefined): Resources {
  const r = emptyResources()
  if (!list) return r
  for (const name in list) {
    const v = amount(name, list[name])
    if (name === 'cpu') r.milliCPU = v
    else if (name === 'memory') r.memory = v
    else if (name === 'ephemeral-storage') r.ephemeralStorage = v
    else if (name !== 'pods') (r.scalar ??= new Map()).set(name, v)
  }
  return r
}

/** a += b, in place. */
export function addResources(a: Resources, b: Resources, sign = 1): void {
  a.milliCPU += sign * b.milliCPU
  a.memory += sign * b.memory
  a.ephemeralStorage += sign * b.ephemeralStorage
  if (b.scalar) {
    const s = (a.scalar ??= new Map())
    for (const [k, v] of b.scalar) {
      const n = (s.get(k) ?? 0) + sign * v
      if (n === 0) s.delete(k)
      else s.set(k, n)
    }
  }
}

/** a = max(a, b) per resource, in place. */
function maxResources(a: Resources, b: Resources): void {
  a.milliCPU = Math.max(a.milliCPU, b.milliCPU)
  a.memory = Math.max(a.memory, b.memory)
  a.ephemeralStorage = Math.max(a.ephemeralStorage, b.ephemeralStorage)
  if (b.scalar) {
    const s = (a.scalar ??= new Map())
    for (const [k, v] of b.scalar) s.set(k, Math.max(s.get(k) ?? 0, v))
  }
}

function copy(r: Resources): Resources {
  return {milliCPU: r.milliCPU, memory: r.memory, ephemeralStorage: r.ephemeralStorage, scalar: r.scalar ? new Map(r.scalar) : undefined}
}

/** Requests of one container; with `nonZero`, missing cpu/memory requests count as upstream's defaults. */
function containerRequests(c: Container, nonZero: boolean): Resources {
  const req = c.resources?.requests
  const r = resourcesFromList(req)
  if (nonZero) {
    if (req?.cpu === undefined) r.milliCPU = DEFAULT_MILLI_CPU_REQUEST
    if (req?.memory === undefined) r.memory = DEFAULT_MEMORY_REQUEST
  }
  return r
}

/**
 * A pod's effective requests (upstream PodRequests): the containers' sum plus sidecars (init containers
 * with restartPolicy Always), or — when larger, per resource — the peak of the init phase (each regular
 * init container plus the sidecars started before it); then spec.overhead added.
 */
export function podRequests(pod: Pod, nonZero = false): Resources {
  const spec = pod.spec
  const reqs = emptyResources()
  for (const c of spec?.containers ?? []) addResources(reqs, containerRequests(c, nonZero))
  const sidecars = emptyResources()
  const initPeak = emptyResources()
  for (const c of spec?.initContainers ?? []) {
    const r = containerRequests(c, nonZero)
    if (c.restartPolicy === 'Always') {
      addResources(reqs, r)
      addResources(sidecars, r)
      maxResources(initPeak, sidecars)
    } else {
      const during = copy(r)
      addResources(during, sidecars)
      maxResources(initPeak, during)
    }
  }
  maxResources(reqs, initPeak)
  if (spec?.overhead) addResources(reqs, resourcesFromList(spec.overhead))
  return reqs
}

/** Host ports (hostPort > 0) of the containers and sidecars, normalised (ip 0.0.0.0, protocol TCP). */
export function podHostPorts(pod: Pod): HostPort[] {
  const out: HostPort[] = []
  const scan = (cs: Container[] | undefined, sidecarsOnly: boolean) => {
    for (const c of cs ?? []) {
      if (sidecarsOnly && c.restartPolicy !== 'Always') continue
      for (const p of c.ports ?? []) {
        if (!p.hostPort || p.hostPort <= 0) continue
        out.push({ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort})
      }
    }
  }
  scan(pod.spec?.containers, false)
  scan(pod.spec?.initContainers, true)
  return out
}

/**
 * The canonical copy of a string: V8 internalises object property names, so equal keys become the same
 * string and Map lookups compare them by identity instead of by content (3× faster spreading on
 * 1,000 nodes). Internalised strings are collected once unused, unlike an explicit intern table.
 */
export function intern(s: string): string {
  return Object.keys({[s]: 0})[0]
}

/**
 * The spreading key: pods with the same key are spread across nodes. The controller ownerReference's uid
 * when there is one; else the namespace and the full label set (a service-like selector); none for pods
 * without labels, or being deleted (upstream's spreading ignores terminating pods).
 */
export function spreadKey(pod: Pod): string | undefined {
  const md = pod.metadata
  if (md.deletionTimestamp) return undefined
  const owner = md.ownerReferences?.find((o) => o.controller)
  if (owner) return intern(`owner:${owner.uid || `${owner.kind}/${owner.name}`}`)
  const labels = md.labels
  if (!labels) return undefined
  const keys = Object.keys(labels)
  if (keys.length === 0) return undefined
  keys.sort()
  return intern(`labels:${md.namespace ?? ''}/${keys.map((k) => `${k}=${labels[k]}`).join(',')}`)
}

/** Computes the PodInfo of a pod. */
export function podInfo(pod: Pod): PodInfo {
  const namespace = pod.metadata.namespace || 'default'
  const name = pod.metadata.name ?? ''
  const nz = podRequests(pod, true)
  return {
    pod,
    key: `${namespace}/${name}`,
    namespace,
    name,
    requests: podRequests(pod),
    nonZeroCPU: nz.milliCPU,
    nonZeroMemory: nz.memory,
    hostPorts: podHostPorts(pod),
    tolerations: pod.spec?.tolerations ?? [],
    spreadKey: spreadKey(pod),
    priority: pod.spec?.priority ?? 0,
  }
}
