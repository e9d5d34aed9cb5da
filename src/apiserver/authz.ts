import type {KubeObject} from '../api/meta.js'
import {ApiError, forbidden} from '../api/errors.js'
import type {RequestInfo} from './request-info.js'
import {reviewResources} from './reviews.js'
import type {GenericRegistry} from './rest/generic.js'
import type {UserInfo} from './rest/types.js'

/**
 * A decision: allowed (optionally with an admission check run on the object before it is stored, for
 * rules that depend on the body, such as "a node may only write its own Node"), or denied with a reason.
 */
export type Decision = {allowed: true; admit?: (obj: KubeObject, old?: KubeObject) => void} | {allowed: false; reason: string}

const readVerbs = new Set(['get', 'list', 'watch'])
const allow: Decision = {allowed: true}
const deny = (reason: string): Decision => ({allowed: false, reason})

/** The Forbidden error Kubernetes words for a denied request. */
export function forbiddenFor(user: UserInfo, info: RequestInfo, reason: string): ApiError {
  const res = info.subresource ? `${info.resource}/${info.subresource}` : info.resource
  const what = info.name ? `${res} "${info.name}"` : res
  const where = info.namespace ? ` in the namespace "${info.namespace}"` : info.name ? '' : ' at the cluster scope'
  return forbidden(`${what} is forbidden: User "${user.username}" cannot ${info.verb} resource "${res}" in API group "${info.group}"${where}${reason ? `: ${reason}` : ''}`, {kind: info.resource, name: info.name, group: info.group})
}

/** Is the pod bound to `node`? A pod that does not exist passes, so the request answers 404 as in Kubernetes. */
async function podOnNode(pods: GenericRegistry, ns: string, name: string, node: string): Promise<boolean> {
  try {
    const p = await pods.get(ns, name)
    return (p.spec as {nodeName?: string} | undefined)?.nodeName === node
  } catch (e) {
    if (e instanceof ApiError && e.code === 404) return true
    throw e
  }
}

interface PodRefs {
  spec?: {
    volumes?: {secret?: {secretName?: string}; configMap?: {name?: string}; projected?: {sources?: {secret?: {name?: string}; configMap?: {name?: string}}[]}}[]
    containers?: ContainerRefs[]
    initContainers?: ContainerRefs[]
    imagePullSecrets?: {name?: string}[]
  }
}
interface ContainerRefs {
  env?: {valueFrom?: {secretKeyRef?: {name?: string}; configMapKeyRef?: {name?: string}}}[]
  envFrom?: {secretRef?: {name?: string}; configMapRef?: {name?: string}}[]
}

/** The secrets and configmaps a pod uses (volumes, projected sources, env, envFrom, image pull secrets). */
export function podReferences(pod: PodRefs): {secrets: Set<string>; configMaps: Set<string>} {
  const secrets = new Set<string>()
  const configMaps = new Set<string>()
  const add = (set: Set<string>, n?: string) => n && set.add(n)
  const spec = pod.spec ?? {}
  for (const v of spec.volumes ?? []) {
    add(secrets, v.secret?.secretName)
    add(configMaps, v.configMap?.name)
    for (const src of v.projected?.sources ?? []) {
      add(secrets, src.secret?.name)
      add(configMaps, src.configMap?.name)
    }
  }
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    for (const e of c.env ?? []) {
      add(secrets, e.valueFrom?.secretKeyRef?.name)
      add(configMaps, e.valueFrom?.configMapKeyRef?.name)
    }
    for (const e of c.envFrom ?? []) {
      add(secrets, e.secretRef?.name)
      add(configMaps, e.configMapRef?.name)
    }
  }
  for (const s of spec.imagePullSecrets ?? []) add(secrets, s.name)
  return {secrets, configMaps}
}

/** Is the secret `name` used by a pod bound to `node`? */
async function secretUsedOnNode(pods: GenericRegistry, ns: string, name: string, node: string): Promise<boolean> {
  const {items} = await pods.list(ns, (p) => (p.spec as {nodeName?: string} | undefined)?.nodeName === node)
  return items.some((p) => podReferences(p as PodRefs).secrets.has(name))
}

/**
 * The node authorizer (with NodeRestriction-style admission), as Kubernetes applies to kubelets
 * (user system:node:<name>): read access to what a node needs, writes only to its own Node, Lease, the
 * status of pods bound to it, and events; secrets only when a pod bound to it uses them.
 */
async function authorizeNode(node: string, info: RequestInfo, pods: GenericRegistry): Promise<Decision> {
  const {verb, resource, subresource, namespace, name} = info
  if (resource === 'secrets') {
    if (verb !== 'get') return deny('nodes may only get secrets used by their pods')
    return (await secretUsedOnNode(pods, namespace, name, node)) ? allow : deny(`no relationship found between node '${node}' and this object`)
  }
  if (readVerbs.has(verb) && !subresource) return allow
  if (resource === 'nodes') {
    if (!['create', 'update', 'patch', 'get'].includes(verb)) return deny('nodes may only create and update their own Node')
    if (info.name && info.name !== node) return deny(`node '${node}' cannot modify node '${info.name}'`)
    return {allowed: true, admit: (obj) => {
      if (obj.metadata.name !== node) throw forbidden(`node "${node}" is not allowed to modify node "${obj.metadata.name}"`)
    }}
  }
  if (resource === 'leases' && namespace === 'kube-node-lease') {
    if (!['create', 'update', 'patch', 'get'].includes(verb)) return deny('nodes may only create and renew their own Lease')
    if (info.name && info.name !== node) return deny(`node '${node}' cannot modify lease '${info.name}'`)
    return {allowed: true, admit: (obj) => {
      if (obj.metadata.name !== node) throw forbidden(`node "${node}" is not allowed to modify lease "${obj.metadata.name}"`)
    }}
  }
  if (resource === 'events') return ['create', 'update', 'patch'].includes(verb) ? allow : deny('nodes may only write events')
  if (resource === 'pods') {
    if ((subresource === 'status' && ['update', 'patch', 'get'].includes(verb)) || (verb === 'delete' && !subresource)) {
      return (await podOnNode(pods, namespace, name, node)) ? allow : deny(`can only modify pods bound to node '${node}'`)
    }
    return deny('nodes may only update the status of, and delete, pods bound to them')
  }
  if (resource === 'serviceaccounts' && subresource === 'token' && verb === 'create') return allow
  return deny('')
}

/**
 * Authorizes a resource request. system:masters may do anything; anyone may create the self reviews;
 * nodes get the node authorizer; any other authenticated user (service accounts, bootstrap tokens) is
 * denied resource access unless a later authorizer allows it.
 */
export async function authorize(user: UserInfo, info: RequestInfo, registries: Map<string, GenericRegistry>): Promise<Decision> {
  if (user.groups.includes('system:masters')) return allow
  // system:basic-user: everyone may ask what they may do and who they are
  if (info.verb === 'create' && !info.subresource && reviewResources.some((r) => r.group === info.group && r.resource === info.resource)) return allow
  const nodeUser = /^system:node:(.+)$/.exec(user.username)
  if (nodeUser && user.groups.includes('system:nodes')) return authorizeNode(nodeUser[1], info, registries.get('pods')!)
  return deny('')
}
