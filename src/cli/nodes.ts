import type {KubeObject} from '../api/meta.js'
import {ApiError} from '../api/errors.js'
import {resolveResourceName} from '../api/registry.js'
import type {Client} from '../client/client.js'
import {CliError} from './errors.js'
import {waitGone} from './delete.js'

const nodesDef = () => resolveResourceName('nodes')!
const podsDef = () => resolveResourceName('pods')!

/** `cordon` / `uncordon`: sets spec.unschedulable. */
export async function runCordon(client: Client, name: string, unschedulable: boolean): Promise<string> {
  const node = await client.get(nodesDef(), name)
  if (!!(node.spec as {unschedulable?: boolean} | undefined)?.unschedulable === unschedulable) return `node/${name} already ${unschedulable ? 'cordoned' : 'uncordoned'}`
  await client.patch(nodesDef(), name, {spec: {unschedulable: unschedulable || null}}, 'merge')
  return `node/${name} ${unschedulable ? 'cordoned' : 'uncordoned'}`
}

interface PodLike extends KubeObject {
  spec?: {volumes?: {emptyDir?: unknown}[]}
  status?: {phase?: string}
}

/** Options of `drain` (kubectl's flags). */
export interface DrainOptions {
  ignoreDaemonsets: boolean
  deleteEmptydirData: boolean
  force: boolean
  gracePeriod?: number
  timeoutMs: number
  out: (l: string) => void
}

/** Which pods drain evicts, and why others block it (kubectl's filters). */
export function drainPlan(pods: PodLike[], o: Pick<DrainOptions, 'ignoreDaemonsets' | 'deleteEmptydirData' | 'force'>): {evict: PodLike[]; skipped: string[]; errors: string[]} {
  const evict: PodLike[] = []
  const skipped: string[] = []
  const errors: string[] = []
  for (const p of pods) {
    const id = `${p.metadata.namespace}/${p.metadata.name}`
    const phase = p.status?.phase
    if (phase === 'Succeeded' || phase === 'Failed') {
      evict.push(p)
      continue
    }
    const owner = p.metadata.ownerReferences?.find((r) => r.controller)
    if (owner?.kind === 'DaemonSet') {
      if (o.ignoreDaemonsets) skipped.push(id)
      else errors.push(`cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${id}`)
      continue
    }
    if (!owner && !o.force) {
      errors.push(`cannot delete Pods that declare no controller (use --force to override): ${id}`)
      continue
    }
    if ((p.spec?.volumes ?? []).some((v) => v.emptyDir) && !o.deleteEmptydirData) {
      errors.push(`cannot delete Pods with local storage (use --delete-emptydir-data to override): ${id}`)
      continue
    }
    evict.push(p)
  }
  return {evict, skipped, errors}
}

/** `drain`: cordon, then evict the node's pods (through the eviction subresource) and wait for them to go. */
export async function runDrain(client: Client, name: string, o: DrainOptions): Promise<void> {
  o.out(await runCordon(client, name, true))
  const pods = (await client.list<PodLike>(podsDef(), {fieldSelector: `spec.nodeName=${name}`})).items
  const plan = drainPlan(pods, o)
  if (plan.errors.length) throw new CliError(`unable to drain node "${name}" due to error: ${plan.errors.join(', ')}, continuing command...`)
  if (plan.skipped.length) o.out(`Warning: ignoring DaemonSet-managed Pods: ${plan.skipped.join(', ')}`)
  await Promise.all(
    plan.evict.map(async (p) => {
      const ns = p.metadata.namespace!
      const pname = p.metadata.name!
      o.out(`evicting pod ${ns}/${pname}`)
      try {
        await client.createSubresource(podsDef(), pname, 'eviction', {apiVersion: 'policy/v1', kind: 'Eviction', metadata: {name: pname, namespace: ns}, ...(o.gracePeriod !== undefined ? {deleteOptions: {gracePeriodSeconds: o.gracePeriod}} : {})}, ns)
      } catch (e) {
        if (e instanceof ApiError && e.code === 404) return
        throw e
      }
      await waitGone(client, {def: podsDef(), name: pname, ns}, p.metadata.uid, o.timeoutMs)
      o.out(`pod/${pname} evicted`)
    }),
  )
  o.out(`node/${name} drained`)
}
