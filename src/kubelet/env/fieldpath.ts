/**
 * Downward API values: pod fields (metadata.name, metadata.labels['k'], status.podIP …) and container
 * resources (limits.cpu, requests.memory … divided by a divisor and rounded up), as Kubernetes'
 * fieldpath.ExtractFieldPathAsString and resource.ExtractContainerResourceValue.
 */
import type {Container} from '../../api/types/container.js'
import type {ResourceFieldSelector, ResourceList} from '../../api/types/common.js'
import type {Pod} from '../../api/types/pod.js'
import {milliValue, quantityValue} from '../../api/quantity.js'

/** Runtime facts a field may need (known once the sandbox exists). */
export interface PodRuntimeFields {
  podIP?: string
  podIPs?: string[]
  hostIP?: string
  hostIPs?: string[]
}

/** Go's %q of a string (close enough for label/annotation values). */
function quote(s: string): string {
  return JSON.stringify(s)
}

/** Kubernetes' FormatMap: `key="value"` lines, keys sorted (downward API files of labels/annotations). */
export function formatMap(m: Record<string, string> | undefined): string {
  return Object.keys(m ?? {})
    .sort()
    .map((k) => `${k}=${quote(m![k])}`)
    .join('\n')
}

/** Splits `metadata.labels['key']` into path and subscript. */
function subscript(fieldPath: string): {path: string; key?: string} {
  const m = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/.exec(fieldPath)
  return m ? {path: m[1], key: m[2]} : {path: fieldPath}
}

/** The value of a pod field; throws for fields the downward API does not support. */
export function podFieldValue(pod: Pod, fieldPath: string, rt: PodRuntimeFields = {}): string {
  const {path, key} = subscript(fieldPath)
  const md = pod.metadata
  if (key !== undefined) {
    const map = path === 'metadata.labels' ? md.labels : md.annotations
    return map?.[key] ?? ''
  }
  switch (path) {
    case 'metadata.name':
      return md.name ?? ''
    case 'metadata.namespace':
      return md.namespace ?? ''
    case 'metadata.uid':
      return md.uid ?? ''
    case 'metadata.labels':
      return formatMap(md.labels)
    case 'metadata.annotations':
      return formatMap(md.annotations)
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? ''
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? ''
    case 'status.hostIP':
      return rt.hostIP ?? pod.status?.hostIP ?? ''
    case 'status.hostIPs':
      return (rt.hostIPs ?? (rt.hostIP ? [rt.hostIP] : (pod.status?.hostIPs ?? []).map((i) => i.ip))).join(',')
    case 'status.podIP':
      return rt.podIP ?? pod.status?.podIP ?? ''
    case 'status.podIPs':
      return (rt.podIPs ?? (rt.podIP ? [rt.podIP] : (pod.status?.podIPs ?? []).map((i) => i.ip))).join(',')
    default:
      throw new Error(`unsupported fieldPath: ${fieldPath}`)
  }
}

/**
 * The value of a container resource (resourceFieldRef). Limits not set default to the node's
 * allocatable (as the kubelet merges them); cpu is ceil(millicores / divisor millicores), other
 * resources ceil(value / divisor).
 */
export function resourceFieldValue(container: Container, ref: ResourceFieldSelector, allocatable: ResourceList = {}): string {
  const divisor = ref.divisor === undefined || ref.divisor === '' ? '1' : ref.divisor
  const [kind, name] = splitResource(ref.resource)
  const list = kind === 'limits' ? container.resources?.limits : container.resources?.requests
  let value = list?.[name]
  if (value === undefined && kind === 'limits') value = allocatable[name]
  if (value === undefined) value = 0
  if (name === 'cpu') {
    const d = milliValue(divisor)
    if (d <= 0) throw new Error(`invalid divisor ${divisor}`)
    return String(Math.ceil(milliValue(value) / d))
  }
  const d = quantityValue(divisor)
  if (d <= 0) throw new Error(`invalid divisor ${divisor}`)
  return String(Math.ceil(quantityValue(value) / d))
}

function splitResource(resource: string): ['limits' | 'requests', string] {
  const m = /^(limits|requests)\.(.+)$/.exec(resource)
  if (!m) throw new Error(`unsupported container resource: ${resource}`)
  return [m[1] as 'limits' | 'requests', m[2]]
}

/** The container a volume's resourceFieldRef names. */
export function containerNamed(pod: Pod, name: string | undefined): Container | undefined {
  return [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === name)
}
