/**
 * Describe and YAML text of one object, computed from the informer caches (the object, its events and
 * the related objects describe shows), so both stay live. Secret values are hidden. Pure.
 */
import YAML from 'yaml'
import {describe, eventsFor, type DescribeRelated} from '../api/describe/index.js'
import type {KubeObject} from '../api/meta.js'
import {groupVersionOf} from '../api/registry.js'
import {defOf} from './kinds.js'
import type {Target} from './state.js'

/** Cached objects by source key ("pods", "kube-system/leases"). */
export type Lookup = (key: string) => readonly KubeObject[]

/** The source keys a describe of `target` reads: the resource, events, and what its describer shows besides. */
export function detailKeys(target: Target, kind: 'describe' | 'yaml'): string[] {
  if (kind === 'yaml') return [target.resource]
  const related: Record<string, string[]> = {
    deployments: ['replicasets'],
    replicasets: ['pods'],
    daemonsets: ['pods'],
    services: ['endpoints'],
    nodes: ['pods', 'kube-node-lease/leases'],
  }
  return [target.resource, 'events', ...(related[target.resource] ?? [])]
}

/** The cached object a target names. */
export function findObject(objects: readonly KubeObject[], target: Target): KubeObject | undefined {
  return objects.find((o) => o.metadata.name === target.name && (o.metadata.namespace ?? undefined) === (target.namespace ?? undefined))
}

/** The object with apiVersion and kind set (list items may come without them). */
export function withTypeMeta(target: Target, obj: KubeObject): KubeObject {
  if (obj.kind && obj.apiVersion) return obj
  const def = defOf(target.resource)
  const {apiVersion, kind, ...rest} = obj
  return {apiVersion: apiVersion || groupVersionOf(def), kind: kind || def.kind, ...rest}
}

function relatedFor(target: Target, obj: KubeObject, lookup: Lookup): DescribeRelated {
  const ns = obj.metadata.namespace
  const inNs = (key: string) => lookup(key).filter((o) => o.metadata.namespace === ns)
  switch (target.resource) {
    case 'deployments':
      return {replicaSets: inNs('replicasets')}
    case 'replicasets':
    case 'daemonsets':
      return {pods: inNs('pods')}
    case 'services':
      return {endpoints: inNs('endpoints').find((e) => e.metadata.name === obj.metadata.name)}
    case 'nodes':
      return {
        pods: lookup('pods').filter((p) => (p as {spec?: {nodeName?: string}}).spec?.nodeName === obj.metadata.name),
        lease: lookup('kube-node-lease/leases').find((l) => l.metadata.name === obj.metadata.name) ?? null,
      }
    default:
      return {}
  }
}

/** `kubectl describe` text of the object, with its events. */
export function describeText(target: Target, obj: KubeObject, lookup: Lookup, now: Date): string {
  const typed = withTypeMeta(target, obj)
  try {
    return describe(target.resource, typed, eventsFor(typed, lookup('events')), now, relatedFor(target, typed, lookup))
  } catch (e) {
    return `error: ${(e as Error).message}`
  }
}

/** The object for display: managedFields dropped (as kubectl get -o yaml), secret values replaced. */
export function displayObject(target: Target, obj: KubeObject): KubeObject {
  const out: KubeObject = {...withTypeMeta(target, obj), metadata: {...obj.metadata}}
  delete out.metadata.managedFields
  if (target.resource === 'secrets') {
    for (const field of ['data', 'stringData']) {
      const m = out[field]
      if (m && typeof m === 'object') out[field] = Object.fromEntries(Object.keys(m).map((k) => [k, '<hidden>']))
    }
    const last = 'kubectl.kubernetes.io/last-applied-configuration'
    if (out.metadata.annotations?.[last] !== undefined) out.metadata.annotations = {...out.metadata.annotations, [last]: '<hidden>'}
  }
  return out
}

/** The YAML of the object (see displayObject). */
export function yamlText(target: Target, obj: KubeObject): string {
  return YAML.stringify(displayObject(target, obj), {lineWidth: 0})
}
