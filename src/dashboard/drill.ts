/**
 * Enter on a row (k9s' drill-down): a workload or service → its pods, a node → the pods bound to it,
 * a namespace → the pods in it (switching the namespace), anything else → its description. Pure.
 */
import type {KubeObject, LabelSelector} from '../api/meta.js'
import {defOf} from './kinds.js'
import {listScreen, notify, push, type State, type Target} from './state.js'

/** The target of an action on `obj` of `resource`. */
export function targetOf(resource: string, obj: KubeObject): Target {
  return {resource, namespace: obj.metadata.namespace, name: obj.metadata.name ?? ''}
}

/** The container names of a pod (init containers excluded). */
export function containersOf(pod: KubeObject): string[] {
  const cs = (pod as {spec?: {containers?: {name?: string}[]}}).spec?.containers ?? []
  return cs.map((c) => c.name ?? '').filter((n) => n !== '')
}

/** The container logs and shells use: the kubectl.kubernetes.io/default-container annotation, else the first. */
export function defaultContainer(pod: KubeObject): string {
  const names = containersOf(pod)
  const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container']
  if (annotated && names.includes(annotated)) return annotated
  return names[0] ?? ''
}

/** The short name used in scope labels ("deploy/web"). */
function shortName(resource: string): string {
  const def = defOf(resource)
  return def.shortNames[0] ?? def.singular
}

/** The pods a drill-down on `obj` of `resource` shows, or an explanation why there are none to show. */
function podSelector(resource: string, obj: KubeObject): LabelSelector | string {
  const spec = (obj as {spec?: {selector?: unknown}}).spec
  if (resource === 'services') {
    const sel = spec?.selector as Record<string, string> | undefined
    if (!sel || Object.keys(sel).length === 0) return `service ${obj.metadata.name} has no selector`
    return {matchLabels: sel}
  }
  const sel = spec?.selector as LabelSelector | undefined
  if (!sel) return `${shortName(resource)}/${obj.metadata.name} has no selector`
  return sel
}

/** The state after Enter on `obj` in a list of `resource`. */
export function drill(s: State, resource: string, obj: KubeObject): State {
  const name = obj.metadata.name ?? ''
  switch (resource) {
    case 'deployments':
    case 'replicasets':
    case 'daemonsets':
    case 'jobs':
    case 'services': {
      const selector = podSelector(resource, obj)
      if (typeof selector === 'string') return notify(s, selector, 'error')
      return push(s, listScreen('pods', {label: `${shortName(resource)}/${name}`, namespace: obj.metadata.namespace, selector}))
    }
    case 'nodes':
      return push(s, listScreen('pods', {label: `node/${name}`, nodeName: name, allNamespaces: true}))
    case 'namespaces':
      return notify(push({...s, namespace: name}, listScreen('pods')), `namespace: ${name}`)
    default:
      return push(s, {kind: 'describe', target: targetOf(resource, obj), top: 0})
  }
}
