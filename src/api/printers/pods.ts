import {at, bool, conditionStatus, has, nameOf, num, type Obj, objs, str, time} from './access.js'
import {humanDuration, since} from './duration.js'
import {ageColumn, col, nameColumn, type Printer, type TableRowCondition} from './table.js'

/** The reason the node lifecycle controller sets on pods of an unreachable node. */
const NODE_UNREACHABLE_POD_REASON = 'NodeLost'

/** Pod columns: NAME READY STATUS RESTARTS AGE, wide IP NODE NOMINATED NODE READINESS GATES. */
export const podColumns = [
  nameColumn(),
  col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
  col('Status', 'string', 'The aggregate status of the containers in this pod.'),
  col('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
  ageColumn(),
  col('IP', 'string', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', {wide: true}),
  col('Node', 'string', 'NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName.', {wide: true}),
  col('Nominated Node', 'string', 'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.', {wide: true}),
  col('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated for pod readiness.', {wide: true}),
]

function isRestartable(c: Obj | undefined): boolean {
  return c !== undefined && c.restartPolicy === 'Always'
}

/** The last termination time of a container status, when it has one. */
function lastTerminated(status: Obj): Date | undefined {
  return has(status, 'lastState', 'terminated') ? time(at(status, 'lastState', 'terminated', 'finishedAt')) : undefined
}

function later(a: Date | undefined, b: Date | undefined): Date | undefined {
  if (!b) return a
  if (!a || a.getTime() < b.getTime()) return b
  return a
}

/** The reason/exit text of a terminated state: its reason, else Signal:N, else ExitCode:N. */
function terminatedReason(term: Obj, prefix: string): string {
  if (str(term.reason) !== '') return prefix + str(term.reason)
  if (num(term.signal) !== 0) return `${prefix}Signal:${num(term.signal)}`
  return `${prefix}ExitCode:${num(term.exitCode)}`
}

/**
 * The pod summary as kubectl prints it: ready containers (sidecars included), the STATUS reason (Init:x/y,
 * Init:<reason>, container waiting/terminated reasons, Completed, NotReady, Terminating, Unknown…) and the
 * restart count with the age of the last restart.
 */
export function podSummary(pod: unknown, now: Date): {ready: string; status: string; restarts: string} {
  const spec = at(pod, 'spec')
  const status = at(pod, 'status')
  const conditions = at(status, 'conditions')
  const initSpecs = objs(at(spec, 'initContainers'))
  let restarts = 0
  let restartableInitRestarts = 0
  let total = objs(at(spec, 'containers')).length
  let ready = 0
  let lastRestart: Date | undefined
  let lastRestartableInitRestart: Date | undefined

  const phase = str(at(status, 'phase'))
  let reason = phase
  if (str(at(status, 'reason')) !== '') reason = str(at(status, 'reason'))
  for (const c of objs(conditions)) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated'
  }

  const initByName = new Map<string, Obj>()
  for (const c of initSpecs) {
    initByName.set(str(c.name), c)
    if (isRestartable(c)) total++
  }

  let initializing = false
  const initStatuses = objs(at(status, 'initContainerStatuses'))
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i]
    restarts += num(cs.restartCount)
    lastRestart = later(lastRestart, lastTerminated(cs))
    const restartable = isRestartable(initByName.get(str(cs.name)))
    if (restartable) {
      restartableInitRestarts += num(cs.restartCount)
      lastRestartableInitRestart = later(lastRestartableInitRestart, lastTerminated(cs))
    }
    const terminated = has(cs, 'state', 'terminated') ? (at(cs, 'state', 'terminated') as Obj) : undefined
    const waiting = has(cs, 'state', 'waiting') ? (at(cs, 'state', 'waiting') as Obj) : undefined
    if (terminated && num(terminated.exitCode) === 0) continue
    if (restartable && bool(cs.started)) {
      if (bool(cs.ready)) ready++
      continue
    }
    if (terminated) {
      reason = terminatedReason(terminated, 'Init:')
    } else if (waiting && str(waiting.reason) !== '' && waiting.reason !== 'PodInitializing') {
      reason = 'Init:' + str(waiting.reason)
    } else {
      reason = `Init:${i}/${initSpecs.length}`
    }
    initializing = true
    break
  }

  if (!initializing || conditionStatus(conditions, 'Initialized') === 'True') {
    restarts = restartableInitRestarts
    lastRestart = lastRestartableInitRestart
    let hasRunning = false
    let errorReason = ''
    const statuses = objs(at(status, 'containerStatuses'))
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i]
      restarts += num(cs.restartCount)
      lastRestart = later(lastRestart, lastTerminated(cs))
      const waiting = at(cs, 'state', 'waiting')
      const terminated = at(cs, 'state', 'terminated')
      if (has(cs, 'state', 'waiting') && str(at(waiting, 'reason')) !== '') {
        reason = str(at(waiting, 'reason'))
      } else if (has(cs, 'state', 'terminated')) {
        reason = terminatedReason(terminated as Obj, '')
        if (num(at(terminated, 'exitCode')) !== 0) errorReason = reason
      } else if (bool(cs.ready) && has(cs, 'state', 'running')) {
        hasRunning = true
        ready++
      }
    }
    if (reason === 'Completed') {
      if (hasRunning && conditionStatus(conditions, 'Ready') === 'True') reason = 'Running'
      else if (errorReason !== '') reason = errorReason
      else if (hasRunning) reason = 'NotReady'
    }
  }

  const deleting = has(pod, 'metadata', 'deletionTimestamp')
  if (deleting && str(at(status, 'reason')) === NODE_UNREACHABLE_POD_REASON) reason = 'Unknown'
  else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating'

  let restartsStr = String(restarts)
  if (restarts !== 0 && lastRestart) restartsStr = `${restarts} (${humanDuration(now.getTime() - lastRestart.getTime())} ago)`
  return {ready: `${ready}/${total}`, status: reason, restarts: restartsStr}
}

/** printPod: the cells of a pod row (wide cells included). */
export function podRow(pod: unknown, now: Date): unknown[] {
  const s = podSummary(pod, now)
  const status = at(pod, 'status')
  const spec = at(pod, 'spec')
  const podIPs = objs(at(status, 'podIPs'))
  const podIP = (podIPs.length > 0 ? str(podIPs[0].ip) : str(at(status, 'podIP'))) || '<none>'
  const nodeName = str(at(spec, 'nodeName')) || '<none>'
  const nominated = str(at(status, 'nominatedNodeName')) || '<none>'
  let gates = '<none>'
  const readinessGates = objs(at(spec, 'readinessGates'))
  if (readinessGates.length > 0) {
    let trueConditions = 0
    for (const g of readinessGates) {
      const c = objs(at(status, 'conditions')).find((x) => x.type === g.conditionType)
      if (c && c.status === 'True') trueConditions++
    }
    gates = `${trueConditions}/${readinessGates.length}`
  }
  return [nameOf(pod), s.ready, s.status, s.restarts, since(at(pod, 'metadata', 'creationTimestamp'), now), podIP, nodeName, nominated, gates]
}

/** Row conditions of a pod: Completed once it has Succeeded or Failed. */
export function podConditions(pod: unknown): TableRowCondition[] | undefined {
  const phase = at(pod, 'status', 'phase')
  if (phase === 'Succeeded') return [{type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.'}]
  if (phase === 'Failed') return [{type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.'}]
  return undefined
}

/** The pods printer. */
export const podPrinter: Printer = {columns: podColumns, row: podRow, conditions: podConditions}
