import {at, controllerOf, has, isObj, num, obj, objs, str, time} from '../printers/access.js'
import {humanDuration} from '../printers/duration.js'
import {formatLabelSelector, formatLabels, selectorString} from '../printers/labels.js'
import {desiredReplicas} from '../printers/workloads.js'
import {controlledBy, describeEvents, printAnnotationsMultiline, printLabelsMultiline} from './common.js'
import {describePodTemplate} from './podspec.js'
import {LEVEL_0, LEVEL_1, type PrefixWriter, rfc1123z, tabbedString} from './writer.js'

/** Pod phase counts of the pods controlled by `owner` (getPodStatusForController). */
export function podStatusCounts(owner: unknown, pods: readonly unknown[]): string {
  const uid = str(at(owner, 'metadata', 'uid'))
  const counts = {Running: 0, Pending: 0, Succeeded: 0, Failed: 0}
  for (const p of pods) {
    const ref = controllerOf(p)
    if (!ref || str(ref.uid) !== uid) continue
    const phase = str(at(p, 'status', 'phase'))
    if (phase in counts) counts[phase as keyof typeof counts]++
  }
  return `${counts.Running} Running / ${counts.Pending} Waiting / ${counts.Succeeded} Succeeded / ${counts.Failed} Failed`
}

/** IntOrString.String of an optional field ("<nil>" when unset). */
function intOrString(v: unknown): string {
  if (typeof v === 'number') return String(v)
  if (typeof v === 'string') return v
  return '<nil>'
}

const replicas = desiredReplicas

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]))
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined)
    const kb = Object.keys(b).filter((k) => b[k] !== undefined)
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]))
  }
  return false
}

/** EqualIgnoreHash: pod templates equal once the pod-template-hash label is dropped from both. */
function equalIgnoreHash(t1: unknown, t2: unknown): boolean {
  const strip = (t: unknown): unknown => {
    const copy = structuredClone(obj(t))
    const labels = at(copy, 'metadata', 'labels')
    if (isObj(labels)) delete labels['pod-template-hash']
    return copy
  }
  return deepEqual(strip(t1), strip(t2))
}

/** The new and the old replica sets of a deployment (deploymentutil.GetAllReplicaSets). */
export function deploymentReplicaSets(d: unknown, replicaSets: readonly unknown[]): {newRS?: unknown; oldRSs: unknown[]} {
  const uid = str(at(d, 'metadata', 'uid'))
  const owned = replicaSets.filter((rs) => str(controllerOf(rs)?.uid) === uid && uid !== '')
  const created = (rs: unknown): number => time(at(rs, 'metadata', 'creationTimestamp'))?.getTime() ?? 0
  owned.sort((a, b) => created(a) - created(b) || (str(at(a, 'metadata', 'name')) < str(at(b, 'metadata', 'name')) ? -1 : 1))
  const newRS = owned.find((rs) => equalIgnoreHash(at(rs, 'spec', 'template'), at(d, 'spec', 'template')))
  return {newRS, oldRSs: owned.filter((rs) => rs !== newRS)}
}

function rsList(list: unknown[]): string {
  const s = list.map((rs) => `${str(at(rs, 'metadata', 'name'))} (${num(at(rs, 'status', 'replicas'))}/${replicas(rs)} replicas created)`).join(', ')
  return s === '' ? '<none>' : s
}

function conditionsTable(w: PrefixWriter, conditions: unknown): void {
  const list = objs(conditions)
  if (list.length === 0) return
  w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n')
  w.write(LEVEL_1, '----\t------\t------\n')
  for (const c of list) w.write(LEVEL_1, `${str(c.type)} \t${str(c.status)}\t${str(c.reason)}\n`)
}

/** kubectl describe deployment; throws on an invalid selector as kubectl does. */
export function describeDeployment(d: unknown, events: readonly unknown[], replicaSets: readonly unknown[], now: Date): string {
  const selector = selectorString(at(d, 'spec', 'selector'))
  const {newRS, oldRSs} = deploymentReplicaSets(d, replicaSets)
  return tabbedString((w) => {
    const st = at(d, 'status')
    w.write(LEVEL_0, `Name:\t${str(at(d, 'metadata', 'name'))}\n`)
    w.write(LEVEL_0, `Namespace:\t${str(at(d, 'metadata', 'namespace'))}\n`)
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(at(d, 'metadata', 'creationTimestamp'))}\n`)
    printLabelsMultiline(w, 'Labels', at(d, 'metadata', 'labels'))
    printAnnotationsMultiline(w, 'Annotations', at(d, 'metadata', 'annotations'))
    w.write(LEVEL_0, `Selector:\t${selector}\n`)
    w.write(LEVEL_0, `Replicas:\t${replicas(d)} desired | ${num(at(st, 'updatedReplicas'))} updated | ${num(at(st, 'replicas'))} total | ${num(at(st, 'availableReplicas'))} available | ${num(at(st, 'unavailableReplicas'))} unavailable\n`)
    w.write(LEVEL_0, `StrategyType:\t${str(at(d, 'spec', 'strategy', 'type'))}\n`)
    w.write(LEVEL_0, `MinReadySeconds:\t${num(at(d, 'spec', 'minReadySeconds'))}\n`)
    if (has(d, 'spec', 'strategy', 'rollingUpdate')) {
      const ru = at(d, 'spec', 'strategy', 'rollingUpdate')
      w.write(LEVEL_0, `RollingUpdateStrategy:\t${intOrString(at(ru, 'maxUnavailable'))} max unavailable, ${intOrString(at(ru, 'maxSurge'))} max surge\n`)
    }
    describePodTemplate(w, at(d, 'spec', 'template'))
    conditionsTable(w, at(st, 'conditions'))
    if (oldRSs.length > 0 || newRS !== undefined) {
      w.write(LEVEL_0, `OldReplicaSets:\t${rsList(oldRSs)}\n`)
      w.write(LEVEL_0, `NewReplicaSet:\t${rsList(newRS === undefined ? [] : [newRS])}\n`)
    }
    describeEvents(w, events, now)
  })
}

/** kubectl describe replicaset; `pods` are the namespace's pods (those it controls are counted). */
export function describeReplicaSet(rs: unknown, events: readonly unknown[], pods: readonly unknown[], now: Date): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${str(at(rs, 'metadata', 'name'))}\n`)
    w.write(LEVEL_0, `Namespace:\t${str(at(rs, 'metadata', 'namespace'))}\n`)
    w.write(LEVEL_0, `Selector:\t${formatLabelSelector(at(rs, 'spec', 'selector'))}\n`)
    printLabelsMultiline(w, 'Labels', at(rs, 'metadata', 'labels'))
    printAnnotationsMultiline(w, 'Annotations', at(rs, 'metadata', 'annotations'))
    const controller = controlledBy(rs)
    if (controller !== '') w.write(LEVEL_0, `Controlled By:\t${controller}\n`)
    w.write(LEVEL_0, `Replicas:\t${num(at(rs, 'status', 'replicas'))} current / ${replicas(rs)} desired\n`)
    w.write(LEVEL_0, `Pods Status:\t${podStatusCounts(rs, pods)}\n`)
    describePodTemplate(w, at(rs, 'spec', 'template'))
    conditionsTable(w, at(rs, 'status', 'conditions'))
    describeEvents(w, events, now)
  })
}

/** kubectl describe daemonset; throws on an invalid selector as kubectl does. */
export function describeDaemonSet(ds: unknown, events: readonly unknown[], pods: readonly unknown[], now: Date): string {
  const selector = selectorString(at(ds, 'spec', 'selector'))
  return tabbedString((w) => {
    const st = at(ds, 'status')
    w.write(LEVEL_0, `Name:\t${str(at(ds, 'metadata', 'name'))}\n`)
    w.write(LEVEL_0, `Namespace:\t${str(at(ds, 'metadata', 'namespace'))}\n`)
    w.write(LEVEL_0, `Selector:\t${selector}\n`)
    w.write(LEVEL_0, `Node-Selector:\t${formatLabels(at(ds, 'spec', 'template', 'spec', 'nodeSelector'))}\n`)
    printLabelsMultiline(w, 'Labels', at(ds, 'metadata', 'labels'))
    printAnnotationsMultiline(w, 'Annotations', at(ds, 'metadata', 'annotations'))
    w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${num(at(st, 'desiredNumberScheduled'))}\n`)
    w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${num(at(st, 'currentNumberScheduled'))}\n`)
    w.write(LEVEL_0, `Number of Nodes Scheduled with Up-to-date Pods: ${num(at(st, 'updatedNumberScheduled'))}\n`)
    w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${num(at(st, 'numberAvailable'))}\n`)
    w.write(LEVEL_0, `Number of Nodes Misscheduled: ${num(at(st, 'numberMisscheduled'))}\n`)
    w.write(LEVEL_0, `Pods Status:\t${podStatusCounts(ds, pods)}\n`)
    describePodTemplate(w, at(ds, 'spec', 'template'))
    describeEvents(w, events, now)
  })
}

/** kubectl describe job. */
export function describeJob(job: unknown, events: readonly unknown[], now: Date): string {
  return tabbedString((w) => {
    const spec = at(job, 'spec')
    const st = at(job, 'status')
    w.write(LEVEL_0, `Name:\t${str(at(job, 'metadata', 'name'))}\n`)
    w.write(LEVEL_0, `Namespace:\t${str(at(job, 'metadata', 'namespace'))}\n`)
    try {
      w.write(LEVEL_0, `Selector:\t${selectorString(at(spec, 'selector'))}\n`)
    } catch (err) {
      w.write(LEVEL_0, `Selector:\tFailed to get selector: ${(err as Error).message}\n`)
    }
    printLabelsMultiline(w, 'Labels', at(job, 'metadata', 'labels'))
    printAnnotationsMultiline(w, 'Annotations', at(job, 'metadata', 'annotations'))
    const controller = controlledBy(job)
    if (controller !== '') w.write(LEVEL_0, `Controlled By:\t${controller}\n`)
    if (has(spec, 'parallelism')) w.write(LEVEL_0, `Parallelism:\t${num(at(spec, 'parallelism'))}\n`)
    w.write(LEVEL_0, has(spec, 'completions') ? `Completions:\t${num(at(spec, 'completions'))}\n` : 'Completions:\t<unset>\n')
    if (has(spec, 'completionMode')) w.write(LEVEL_0, `Completion Mode:\t${str(at(spec, 'completionMode'))}\n`)
    if (has(spec, 'suspend')) w.write(LEVEL_0, `Suspend:\t${at(spec, 'suspend') === true}\n`)
    if (has(spec, 'backoffLimit')) w.write(LEVEL_0, `Backoff Limit:\t${num(at(spec, 'backoffLimit'))}\n`)
    if (has(spec, 'ttlSecondsAfterFinished')) w.write(LEVEL_0, `TTL Seconds After Finished:\t${num(at(spec, 'ttlSecondsAfterFinished'))}\n`)
    const start = time(at(st, 'startTime'))
    const end = time(at(st, 'completionTime'))
    if (start) w.write(LEVEL_0, `Start Time:\t${rfc1123z(start)}\n`)
    if (end) w.write(LEVEL_0, `Completed At:\t${rfc1123z(end)}\n`)
    if (start && end) w.write(LEVEL_0, `Duration:\t${humanDuration(end.getTime() - start.getTime())}\n`)
    if (has(spec, 'activeDeadlineSeconds')) w.write(LEVEL_0, `Active Deadline Seconds:\t${num(at(spec, 'activeDeadlineSeconds'))}s\n`)
    const counts = `${num(at(st, 'succeeded'))} Succeeded / ${num(at(st, 'failed'))} Failed`
    w.write(LEVEL_0, has(st, 'ready')
      ? `Pods Statuses:\t${num(at(st, 'active'))} Active (${num(at(st, 'ready'))} Ready) / ${counts}\n`
      : `Pods Statuses:\t${num(at(st, 'active'))} Active / ${counts}\n`)
    if (at(spec, 'completionMode') === 'Indexed') {
      const indexes = str(at(st, 'completedIndexes'))
      let shown = indexes === '' ? '<none>' : indexes
      if (indexes.length > 50) {
        const cut = indexes.indexOf(',', 50)
        if (cut >= 0) shown = indexes.slice(0, cut + 1) + '...'
      }
      w.write(LEVEL_0, `Completed Indexes:\t${shown}\n`)
    }
    describePodTemplate(w, at(spec, 'template'))
    describeEvents(w, events, now)
  })
}
