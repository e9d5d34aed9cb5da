import type {KubeObject} from '../api/meta.js'
import type {ResourceDef} from '../api/resource.js'
import {resolveResourceName} from '../api/registry.js'
import {tabwrite, TABLE_TABWRITER} from '../api/printers/index.js'
import type {Deployment, ReplicaSet, DaemonSet} from '../api/types/apps.js'
import type {Client} from '../client/client.js'
import {rollbackTemplate, rollbackPatch, revisionAnnotation} from '../controllers/deployment/index.js'
import {nowRfc3339} from '../util/time.js'
import {CliError} from './errors.js'
import {objectRef} from './resources.js'

/** Resolves `deployment/web`, `deploy web`, `daemonset/x` for rollout commands. */
export function rolloutTarget(args: string[]): {def: ResourceDef; name: string} {
  let type: string
  let name: string
  if (args.length === 1 && args[0].includes('/')) [type, name] = args[0].split('/', 2) as [string, string]
  else if (args.length === 2) [type, name] = args as [string, string]
  else throw new CliError('required resource not specified: use TYPE/NAME or TYPE NAME (e.g. deployment/web)')
  const def = resolveResourceName(type)
  if (!def || !['deployments', 'daemonsets'].includes(def.resource)) throw new CliError(`no rollout support for "${type}": deployments and daemonsets roll out`)
  return {def, name}
}

/** kubectl's rollout status text for a Deployment, with done = rolled out; throws on a missed progress deadline. */
export function deploymentRolloutStatus(d: Deployment): {message: string; done: boolean} {
  const name = d.metadata.name
  const st = d.status ?? {}
  if ((d.metadata.generation ?? 0) > (st.observedGeneration ?? 0)) return {message: 'Waiting for deployment spec update to be observed...', done: false}
  const progressing = st.conditions?.find((c) => c.type === 'Progressing')
  if (progressing?.reason === 'ProgressDeadlineExceeded') throw new CliError(`deployment "${name}" exceeded its progress deadline`)
  const replicas = d.spec?.replicas ?? 1
  const updated = st.updatedReplicas ?? 0
  const total = st.replicas ?? 0
  const available = st.availableReplicas ?? 0
  if (updated < replicas) return {message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...`, done: false}
  if (total > updated) return {message: `Waiting for deployment "${name}" rollout to finish: ${total - updated} old replicas are pending termination...`, done: false}
  if (available < updated) return {message: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...`, done: false}
  return {message: `deployment "${name}" successfully rolled out`, done: true}
}

/** kubectl's rollout status text for a DaemonSet. */
export function daemonSetRolloutStatus(ds: DaemonSet): {message: string; done: boolean} {
  const name = ds.metadata.name
  const st = ds.status ?? {desiredNumberScheduled: 0, currentNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0}
  if (ds.spec?.updateStrategy?.type === 'OnDelete') throw new CliError('rollout status is only available for RollingUpdate strategy type')
  if ((ds.metadata.generation ?? 0) > (st.observedGeneration ?? 0)) return {message: 'Waiting for daemon set spec update to be observed...', done: false}
  const desired = st.desiredNumberScheduled ?? 0
  const updated = st.updatedNumberScheduled ?? 0
  const available = st.numberAvailable ?? 0
  if (updated < desired) return {message: `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...`, done: false}
  if (available < desired) return {message: `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...`, done: false}
  return {message: `daemon set "${name}" successfully rolled out`, done: true}
}

/** `rollout status`: prints progress lines until the rollout is done (watching the object), or the timeout. */
export async function runRolloutStatus(client: Client, args: string[], o: {namespace?: string; watch: boolean; timeoutMs: number; out: (l: string) => void}): Promise<void> {
  const {def, name} = rolloutTarget(args)
  const ns = o.namespace || client.defaultNamespace
  const check = (obj: KubeObject) => (def.resource === 'deployments' ? deploymentRolloutStatus(obj as Deployment) : daemonSetRolloutStatus(obj as DaemonSet))
  let last = ''
  const report = (obj: KubeObject): boolean => {
    const s = check(obj)
    if (s.message !== last) o.out(s.message)
    last = s.message
    return s.done
  }
  const first = await client.get(def, name, ns)
  if (report(first) || !o.watch) return
  const deadline = o.timeoutMs > 0 ? Date.now() + o.timeoutMs : Infinity
  let rv = first.metadata.resourceVersion
  for (;;) {
    let done = false
    let failure: unknown
    const handle = client.watch(def, {namespace: ns, resourceVersion: rv, fieldSelector: `metadata.name=${name}`, timeoutSeconds: 60}, (ev) => {
      if (ev.type === 'DELETED') {
        failure = new CliError(`${def.kind.toLowerCase()} "${name}" was deleted`)
        handle.stop()
        return
      }
      if (ev.type !== 'ADDED' && ev.type !== 'MODIFIED') return
      rv = ev.object.metadata.resourceVersion
      try {
        if (report(ev.object)) {
          done = true
          handle.stop()
        }
      } catch (e) {
        failure = e
        handle.stop()
      }
    })
    const timer = deadline === Infinity ? undefined : setTimeout(() => handle.stop(), Math.max(0, deadline - Date.now()))
    try {
      await handle.done
    } catch {
      // re-list and watch again (410 or a dropped connection)
      const cur = await client.get(def, name, ns)
      rv = cur.metadata.resourceVersion
      if (report(cur)) return
    } finally {
      if (timer) clearTimeout(timer)
    }
    if (failure) throw failure
    if (done) return
    if (Date.now() >= deadline) throw new CliError('timed out waiting for the condition')
  }
}

async function ownedReplicaSets(client: Client, d: Deployment): Promise<ReplicaSet[]> {
  const rsDef = resolveResourceName('replicasets')!
  const list = await client.list<ReplicaSet>(rsDef, {namespace: d.metadata.namespace})
  return list.items.filter((rs) => rs.metadata.ownerReferences?.some((r) => r.controller && r.uid === d.metadata.uid))
}

/** `rollout history`: REVISION and CHANGE-CAUSE of each ReplicaSet of a Deployment. */
export async function runRolloutHistory(client: Client, args: string[], o: {namespace?: string}): Promise<string> {
  const {def, name} = rolloutTarget(args)
  if (def.resource !== 'deployments') throw new CliError('rollout history is available for deployments')
  const d = await client.get<Deployment>(def, name, o.namespace || client.defaultNamespace)
  const rows = (await ownedReplicaSets(client, d))
    .map((rs) => ({rev: Number(rs.metadata.annotations?.[revisionAnnotation] ?? 0), cause: rs.metadata.annotations?.['kubernetes.io/change-cause'] ?? '<none>'}))
    .filter((r) => r.rev > 0)
    .sort((a, b) => a.rev - b.rev)
  const text = tabwrite(['REVISION\tCHANGE-CAUSE\n', ...rows.map((r) => `${r.rev}\t${r.cause}\n`)].join(''), TABLE_TABWRITER)
  return `${objectRef(def, name)} \n${text}`.trimEnd()
}

/** `rollout undo [--to-revision N]`: copies an earlier ReplicaSet's template back (kubectl's client-side rollback). */
export async function runRolloutUndo(client: Client, args: string[], o: {namespace?: string; toRevision: number}): Promise<string> {
  const {def, name} = rolloutTarget(args)
  if (def.resource !== 'deployments') throw new CliError('rollout undo is available for deployments')
  const ns = o.namespace || client.defaultNamespace
  const d = await client.get<Deployment>(def, name, ns)
  let rb
  try {
    rb = rollbackTemplate(d, await ownedReplicaSets(client, d), o.toRevision)
  } catch (e) {
    throw new CliError((e as Error).message)
  }
  if (rb.skipped) return `${objectRef(def, name)} skipped rollback (${rb.skipped})`
  await client.patch(def, name, [{op: 'test', path: '/metadata/resourceVersion', value: d.metadata.resourceVersion}, ...rollbackPatch(rb)], 'json', ns)
  return `${objectRef(def, name)} rolled back`
}

/** `rollout restart|pause|resume`. */
export async function runRolloutPatch(client: Client, args: string[], action: 'restart' | 'pause' | 'resume', o: {namespace?: string}): Promise<string> {
  const {def, name} = rolloutTarget(args)
  const ns = o.namespace || client.defaultNamespace
  if (action === 'restart') {
    await client.patch(def, name, {spec: {template: {metadata: {annotations: {'kubectl.kubernetes.io/restartedAt': nowRfc3339()}}}}}, 'strategic', ns)
    return `${objectRef(def, name)} restarted`
  }
  if (def.resource !== 'deployments') throw new CliError(`${action} is available for deployments`)
  const cur = await client.get<Deployment>(def, name, ns)
  const paused = action === 'pause'
  if (!!cur.spec?.paused === paused) return `${objectRef(def, name)} is already ${paused ? 'paused' : 'resumed'}`
  await client.patch(def, name, {spec: {paused}}, 'merge', ns)
  return `${objectRef(def, name)} ${paused ? 'paused' : 'resumed'}`
}
