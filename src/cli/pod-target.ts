/**
 * What `mkube logs` and `mkube exec` act on, chosen as kubectl chooses it: a pod named directly or as
 * TYPE/NAME (a workload or service → its "best" pod through its selector, kubectl's ByLogging order),
 * and a container of that pod (-c, else the kubectl.kubernetes.io/default-container annotation, else the
 * first, with kubectl's "Defaulted container" notice when there was a choice).
 */
import type {KubeObject, LabelSelector} from '../api/meta.js'
import type {Pod} from '../api/types/pod.js'
import {labelSelectorAsSelector, selectorFromSet} from '../api/selectors/index.js'
import type {Client} from '../client/client.js'
import {CliError} from './errors.js'
import {resolveResource} from './resources.js'

/** The annotation naming a pod's default container for logs/exec/attach. */
export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container'

const podsPath = (ns: string, name?: string) => `/api/v1/namespaces/${encodeURIComponent(ns)}/pods${name === undefined ? '' : `/${encodeURIComponent(name)}`}`

function isReady(p: Pod): boolean {
  return (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')
}

function readySince(p: Pod): number {
  const c = (p.status?.conditions ?? []).find((x) => x.type === 'Ready' && x.status === 'True')
  return c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : 0
}

function maxRestarts(p: Pod): number {
  return Math.max(0, ...(p.status?.containerStatuses ?? []).map((s) => s.restartCount ?? 0))
}

/** "a is after b, or b is zero" (Go's afterOrZero on timestamps; 0 = zero time). */
function afterOrZero(a: number, b: number): boolean {
  if (a === 0 || b === 0) return a === 0
  return a > b
}

/**
 * kubectl's podutils.ByLogging: assigned before unassigned; Running < Unknown < Pending (others rank
 * with Running); ready before not ready; ready for longer first; more restarts first; older first.
 */
export function byLogging(a: Pod, b: Pod): number {
  const na = a.spec?.nodeName ?? ''
  const nb = b.spec?.nodeName ?? ''
  if (na !== nb && (na === '' || nb === '')) return na !== '' ? -1 : 1
  const rank: Record<string, number> = {Running: 0, Unknown: 1, Pending: 2}
  const ra = rank[a.status?.phase ?? ''] ?? 0
  const rb = rank[b.status?.phase ?? ''] ?? 0
  if (ra !== rb) return ra - rb
  if (isReady(a) !== isReady(b)) return isReady(a) ? -1 : 1
  if (isReady(a) && isReady(b) && readySince(a) !== readySince(b)) return afterOrZero(readySince(b), readySince(a)) ? -1 : 1
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(b) - maxRestarts(a)
  const ca = a.metadata.creationTimestamp ? Date.parse(a.metadata.creationTimestamp) : 0
  const cb = b.metadata.creationTimestamp ? Date.parse(b.metadata.creationTimestamp) : 0
  if (ca !== cb) return afterOrZero(cb, ca) ? -1 : 1
  return 0
}

/** The label selector of a workload or service, as text; CliError for kinds without one. */
export function selectorOf(obj: KubeObject & {spec?: {selector?: unknown}}, kind: string, verb: string): string {
  const sel = obj.spec?.selector
  if (kind === 'Service') {
    const set = (sel ?? {}) as Record<string, string>
    if (Object.keys(set).length === 0) throw new CliError(`cannot ${verb} service/${obj.metadata.name}: its selector is empty`)
    return selectorFromSet(set).toString()
  }
  if (['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job', 'ReplicationController'].includes(kind)) {
    if (kind === 'ReplicationController') return selectorFromSet((sel ?? {}) as Record<string, string>).toString()
    return labelSelectorAsSelector(sel as LabelSelector).toString()
  }
  throw new CliError(`cannot ${verb} ${kind}: selector for ${kind} not implemented`)
}

/** Options of podForTarget. */
export interface PodTargetOptions {
  namespace: string
  /** notices (Found N pods, using …) */
  err: (text: string) => void
  /** what the command does, for messages ("get the logs from", "exec into") */
  verb: string
  /** how long to wait for a pod of a workload to appear (kubectl's --pod-running-timeout, default 20 s) */
  podTimeoutMs?: number
  signal?: AbortSignal
}

/**
 * The pod of a command-line target: `NAME`, `pod/NAME`, or `TYPE/NAME` of a workload or service
 * (its first pod by ByLogging, waiting for one to exist; "Found N pods, using pod/X" when several).
 */
export async function podForTarget(client: Client, target: string, o: PodTargetOptions): Promise<Pod> {
  const slash = target.indexOf('/')
  if (slash < 0) return client.request<Pod>('GET', podsPath(o.namespace, target))
  const type = target.slice(0, slash)
  const name = target.slice(slash + 1)
  if (!type || !name) throw new CliError(`arguments in resource/name form must have a single resource and name, got "${target}"`)
  const def = resolveResource(type)
  if (def.kind === 'Pod') return client.request<Pod>('GET', podsPath(o.namespace, name))
  if (!def.namespaced) throw new CliError(`cannot ${o.verb} ${def.kind}: selector for ${def.kind} not implemented`)
  const base = def.group ? `/apis/${def.group}/${def.version}` : `/api/${def.version}`
  const obj = await client.request<KubeObject & {spec?: {selector?: unknown}}>('GET', `${base}/namespaces/${encodeURIComponent(o.namespace)}/${def.resource}/${encodeURIComponent(name)}`)
  const selector = selectorOf(obj, def.kind, o.verb)
  const deadline = Date.now() + (o.podTimeoutMs ?? 20_000)
  for (;;) {
    const list = await client.request<{items: Pod[]}>('GET', podsPath(o.namespace), {query: {labelSelector: selector}, signal: o.signal})
    const items = [...(list.items ?? [])].sort(byLogging)
    if (items.length > 0) {
      if (items.length > 1) o.err(`Found ${items.length} pods, using pod/${items[0].metadata.name}\n`)
      return items[0]
    }
    if (Date.now() >= deadline || o.signal?.aborted) throw new CliError('timed out waiting for the condition')
    await new Promise((r) => setTimeout(r, Math.min(500, Math.max(0, deadline - Date.now()))))
  }
}

/** kubectl's podcmd.AllContainerNames: "a, b, c (ephem), d (init)". */
export function allContainerNames(pod: Pod): string {
  const s = pod.spec
  return [
    ...(s?.containers ?? []).map((c) => c.name),
    ...(s?.ephemeralContainers ?? []).map((c) => `${c.name} (ephem)`),
    ...(s?.initContainers ?? []).map((c) => `${c.name} (init)`),
  ].join(', ')
}

/** Every container name of a pod: init, then app, then ephemeral (kubectl's visiting order). */
export function containerNames(pod: Pod): string[] {
  const s = pod.spec
  return [...(s?.initContainers ?? []), ...(s?.containers ?? []), ...(s?.ephemeralContainers ?? [])].map((c) => c.name)
}

/**
 * The container a command means when -c is not given: the default-container annotation (when it
 * names a container of the pod; else a warning), else the first app container, with the
 * "Defaulted container" notice when the pod has other containers (unless quiet).
 */
export function defaultContainer(pod: Pod, o: {err: (text: string) => void; quiet?: boolean}): string {
  const apps = pod.spec?.containers ?? []
  if (apps.length === 0) throw new CliError(`pod ${pod.metadata.namespace}/${pod.metadata.name} does not have any containers`)
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER_ANNOTATION]
  if (annotated) {
    if (containerNames(pod).includes(annotated)) return annotated
    if (!o.quiet) o.err(`Default container name "${annotated}" not found in pod ${pod.metadata.name}\n`)
  }
  const first = apps[0].name
  const others = apps.length > 1 || (pod.spec?.initContainers?.length ?? 0) > 0 || (pod.spec?.ephemeralContainers?.length ?? 0) > 0
  if (others && !o.quiet) o.err(`Defaulted container "${first}" out of: ${allContainerNames(pod)}\n`)
  return first
}
