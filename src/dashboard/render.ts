/**
 * Per-kind renderers: the columns (`header`) and cells (`row`) of a resource view, thin adapters over the
 * server-side printers (src/api/printers) so the dashboard shows exactly `kubectl get -o wide`, plus the
 * status tone of a row (Running green, Pending yellow, CrashLoopBackOff/Failed/Error/NotReady red).
 */
import {at, num, str} from '../api/printers/access.js'
import {desiredReplicas, formatEndpoints, jobStatus, nodeStatus, podSummary, printerFor} from '../api/printers/index.js'
import {kindSpec} from './kinds.js'
import {sanitize, type Tone} from './text.js'

/** A column of a resource view. */
export interface Column {
  /** the printer's column name ("Name", "Nominated Node"); shown upper-cased */
  name: string
  /** an -o wide column */
  wide: boolean
  /** drop rank: 0 never dropped, higher values are dropped earlier */
  drop: number
  /** width a shrinkable column keeps before columns are dropped; undefined for fixed columns */
  min?: number
}

/** Options shared by header and row. */
export interface RenderOptions {
  /** prepend a NAMESPACE column (all-namespaces views of namespaced kinds) */
  namespaceColumn?: boolean
}

/** The columns of a resource view: the printer's columns (wide ones included), NAMESPACE first when asked. */
export function header(resource: string, opts: RenderOptions = {}): Column[] {
  const spec = kindSpec(resource)
  const defs = printerFor(resource).columns.map((c) => ({name: c.name, wide: c.priority > 0}))
  if (opts.namespaceColumn) defs.unshift({name: 'Namespace', wide: false})
  const order = spec?.dropOrder ?? []
  const unlistedWide = defs.filter((d) => d.wide && !order.includes(d.name)).reverse()
  const dropSequence = [...unlistedWide.map((d) => d.name), ...order]
  return defs.map((d) => {
    const i = dropSequence.indexOf(d.name)
    return {name: d.name, wide: d.wide, drop: i < 0 ? 0 : dropSequence.length - i, min: spec?.flex[d.name]}
  })
}

/** kubectl's rendering of a decoded cell: strings as they are, numbers and booleans in decimal, null empty. */
function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return ''
  if (typeof cell === 'string') return sanitize(cell)
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell)
  return sanitize(JSON.stringify(cell))
}

/** The cells of one object, matching header(resource, opts). */
export function row(resource: string, obj: unknown, now: Date, opts: RenderOptions = {}): string[] {
  const cells = printerFor(resource).row(obj, now).map(cellText)
  if (opts.namespaceColumn) cells.unshift(str(at(obj, 'metadata', 'namespace')))
  return cells
}

const POD_WARN = new Set(['Pending', 'ContainerCreating', 'PodInitializing', 'Terminating', 'SchedulingGated'])
const POD_ERROR = /(BackOff|Err|Error|Failed|Invalid|OOMKilled|Unknown|Evicted|NodeLost|NotReady|ExitCode|Signal|DeadlineExceeded)/

/** The tone of a pod STATUS (with its READY cell): green when running and ready, yellow while coming up, red when broken. */
export function podTone(status: string, ready: string): Tone | undefined {
  if (POD_ERROR.test(status)) return 'error'
  if (status === 'Completed' || status === 'Succeeded') return 'muted'
  if (status === 'Running') {
    const [r, t] = ready.split('/')
    return r === t ? 'ok' : 'warn'
  }
  if (POD_WARN.has(status) || status.startsWith('Init:')) return 'warn'
  return undefined
}

/** ready/desired: green when every replica is ready, red when none is, yellow in between. */
function replicaTone(ready: number, desired: number): Tone {
  if (ready >= desired) return 'ok'
  return ready === 0 ? 'error' : 'warn'
}

/** The tone of a row of `resource` (colouring the whole row, as k9s does); undefined for neutral rows. */
export function rowTone(resource: string, obj: unknown): Tone | undefined {
  switch (resource) {
    case 'pods': {
      const s = podSummary(obj, new Date(0))
      return podTone(s.status, s.ready)
    }
    case 'nodes': {
      const status = nodeStatus(obj)
      if (!status.startsWith('Ready')) return 'error'
      return status.includes('SchedulingDisabled') ? 'warn' : 'ok'
    }
    case 'deployments':
    case 'replicasets':
      return replicaTone(num(at(obj, 'status', 'readyReplicas')), desiredReplicas(obj))
    case 'daemonsets':
      return replicaTone(num(at(obj, 'status', 'numberReady')), num(at(obj, 'status', 'desiredNumberScheduled')))
    case 'jobs': {
      const status = jobStatus(obj)
      if (status === 'Complete') return 'ok'
      if (status === 'Failed' || status === 'FailureTarget') return 'error'
      return status === 'Running' ? undefined : 'warn'
    }
    case 'namespaces':
      return str(at(obj, 'status', 'phase')) === 'Terminating' ? 'warn' : 'ok'
    case 'events':
      return str(at(obj, 'type')) === 'Warning' ? 'warn' : undefined
    case 'endpoints':
      return formatEndpoints(obj) === '<none>' ? 'warn' : undefined
    default:
      return undefined
  }
}
