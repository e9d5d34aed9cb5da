import type {KubeObject} from '../api/meta.js'
import {describe as describeObject} from '../api/describe/index.js'
import {resolveResourceName} from '../api/registry.js'
import type {Client} from '../client/client.js'
import {CliError} from './errors.js'
import {parseResourceArgs} from './resources.js'

/** Options of `describe`. */
export interface DescribeOptions {
  namespace?: string
  allNamespaces?: boolean
  selector?: string
}

/** The events about one object, oldest first (as describe lists them). */
async function eventsFor(client: Client, obj: KubeObject): Promise<KubeObject[]> {
  const events = resolveResourceName('events')!
  const fs = [`involvedObject.name=${obj.metadata.name}`, `involvedObject.uid=${obj.metadata.uid}`]
  if (obj.metadata.namespace) fs.push(`involvedObject.namespace=${obj.metadata.namespace}`)
  try {
    const list = await client.list(events, {namespace: obj.metadata.namespace, fieldSelector: fs.join(',')})
    return list.items
  } catch {
    return []
  }
}

const ref = (name: string) => resolveResourceName(name)!

/** The objects a describer shows beside the object itself (replica sets of a deployment, pods of a node …). */
async function relatedFor(client: Client, resource: string, obj: KubeObject): Promise<Record<string, unknown>> {
  const ns = obj.metadata.namespace
  const safe = async <T>(p: Promise<T>, fallback: T): Promise<T> => p.catch(() => fallback)
  switch (resource) {
    case 'deployments':
      return {replicaSets: await safe(client.list(ref('replicasets'), {namespace: ns}).then((l) => l.items), [])}
    case 'replicasets':
    case 'daemonsets':
      return {pods: await safe(client.list(ref('pods'), {namespace: ns}).then((l) => l.items), [])}
    case 'services':
      return {endpoints: await safe(client.get(ref('endpoints'), obj.metadata.name!, ns), undefined)}
    case 'nodes':
      return {
        pods: await safe(client.list(ref('pods'), {fieldSelector: `spec.nodeName=${obj.metadata.name}`}).then((l) => l.items), []),
        lease: await safe(client.get(ref('leases'), obj.metadata.name!, 'kube-node-lease'), null),
      }
    default:
      return {}
  }
}

/** `describe TYPE [NAME…]`: kubectl-describe text of each object, with its events. */
export async function runDescribe(client: Client, args: string[], o: DescribeOptions): Promise<string> {
  const groups = parseResourceArgs(args)
  const parts: string[] = []
  for (const {def, names} of groups) {
    const ns = def.namespaced ? (o.allNamespaces ? undefined : o.namespace || client.defaultNamespace) : undefined
    let objs: KubeObject[]
    if (names.length) objs = await Promise.all(names.map((n) => client.get(def, n, ns)))
    else objs = (await client.list(def, {namespace: ns, labelSelector: o.selector})).items
    for (const obj of objs) parts.push(describeObject(def.resource, obj, await eventsFor(client, obj), new Date(), await relatedFor(client, def.resource, obj)))
  }
  if (parts.length === 0) throw new CliError(`No resources found in ${o.namespace || client.defaultNamespace} namespace.`)
  return parts.join('\n\n')
}
