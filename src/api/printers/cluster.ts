import {at, bool, has, nameOf, num, objs, str, strMap, time} from './access.js'
import {humanDuration, since} from './duration.js'
import {ageColumn, col, NAME_DOC, nameColumn, type Printer} from './table.js'

const LABEL_NODE_ROLE_PREFIX = 'node-role.kubernetes.io/'
const NODE_LABEL_ROLE = 'kubernetes.io/role'

/** findNodeRoles: roles from node-role.kubernetes.io/<role> labels and the kubernetes.io/role label, sorted. */
export function nodeRoles(node: unknown): string[] {
  const roles = new Set<string>()
  for (const [k, v] of Object.entries(strMap(at(node, 'metadata', 'labels')))) {
    if (k.startsWith(LABEL_NODE_ROLE_PREFIX)) {
      const role = k.slice(LABEL_NODE_ROLE_PREFIX.length)
      if (role.length > 0) roles.add(role)
    } else if (k === NODE_LABEL_ROLE && v !== '') {
      roles.add(v)
    }
  }
  return [...roles].sort()
}

/** Node STATUS: Ready / NotReady / Unknown, plus SchedulingDisabled when cordoned. */
export function nodeStatus(node: unknown): string {
  const status: string[] = []
  const ready = objs(at(node, 'status', 'conditions')).filter((c) => c.type === 'Ready').pop()
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady')
  if (status.length === 0) status.push('Unknown')
  if (bool(at(node, 'spec', 'unschedulable'))) status.push('SchedulingDisabled')
  return status.join(',')
}

function nodeAddress(node: unknown, type: string): string {
  const a = objs(at(node, 'status', 'addresses')).find((x) => x.type === type)
  return a ? str(a.address) : '<none>'
}

/** Node columns: NAME STATUS ROLES AGE VERSION, wide INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME. */
export const nodeColumns = [
  nameColumn(),
  col('Status', 'string', 'The status of the node'),
  col('Roles', 'string', 'The roles of the node'),
  ageColumn(),
  col('Version', 'string', 'Kubelet Version reported by the node.'),
  col('Internal-IP', 'string', 'List of addresses reachable to the node.', {wide: true}),
  col('External-IP', 'string', 'List of addresses reachable to the node.', {wide: true}),
  col('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', {wide: true}),
  col('Kernel-Version', 'string', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", {wide: true}),
  col('Container-Runtime', 'string', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', {wide: true}),
]

/** printNode */
export function nodeRow(node: unknown, now: Date): unknown[] {
  const info = at(node, 'status', 'nodeInfo')
  const roles = nodeRoles(node).join(',') || '<none>'
  return [
    nameOf(node),
    nodeStatus(node),
    roles,
    since(at(node, 'metadata', 'creationTimestamp'), now),
    str(at(info, 'kubeletVersion')),
    nodeAddress(node, 'InternalIP'),
    nodeAddress(node, 'ExternalIP'),
    str(at(info, 'osImage')) || '<unknown>',
    str(at(info, 'kernelVersion')) || '<unknown>',
    str(at(info, 'containerRuntimeVersion')) || '<unknown>',
  ]
}

/** Namespace columns: NAME STATUS AGE. */
export const namespaceColumns = [nameColumn(), col('Status', 'string', 'The status of the namespace'), ageColumn()]

/** printNamespace */
export function namespaceRow(ns: unknown, now: Date): unknown[] {
  return [nameOf(ns), str(at(ns, 'status', 'phase')), since(at(ns, 'metadata', 'creationTimestamp'), now)]
}

/** Event columns: LAST SEEN TYPE REASON OBJECT MESSAGE, wide SUBOBJECT SOURCE (before MESSAGE) and FIRST SEEN COUNT NAME. */
export const eventColumns = [
  col('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
  col('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future'),
  col('Reason', 'string', 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.'),
  col('Object', 'string', 'The object that this event is about.'),
  col('Subobject', 'string', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].', {wide: true}),
  col('Source', 'string', 'The component reporting this event. Should be a short machine understandable string.', {wide: true}),
  col('Message', 'string', 'A human-readable description of the status of this operation.'),
  col('First Seen', 'string', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', {wide: true}),
  col('Count', 'string', 'The number of times this event has occurred.', {wide: true}),
  {name: 'Name', type: 'string', format: 'name', description: NAME_DOC, priority: 1},
]

/** formatEventSource: "component, host", falling back to reportingController / reportingInstance. */
export function eventSource(ev: unknown): string {
  const component = str(at(ev, 'source', 'component')) || str(at(ev, 'reportingController'))
  const host = str(at(ev, 'source', 'host')) || str(at(ev, 'reportingInstance'))
  return host.length === 0 ? component : `${component}, ${host}`
}

function microSince(t: unknown, now: Date): string {
  const d = time(t)
  return d ? humanDuration(now.getTime() - d.getTime()) : '<unknown>'
}

/** printEvent */
export function eventRow(ev: unknown, now: Date): unknown[] {
  const first = has(ev, 'firstTimestamp') ? since(at(ev, 'firstTimestamp'), now) : microSince(at(ev, 'eventTime'), now)
  let last = has(ev, 'lastTimestamp') ? since(at(ev, 'lastTimestamp'), now) : first
  let count = num(at(ev, 'count'))
  if (has(ev, 'series')) {
    last = microSince(at(ev, 'series', 'lastObservedTime'), now)
    count = num(at(ev, 'series', 'count'))
  } else if (count === 0) {
    count = 1
  }
  const kind = str(at(ev, 'involvedObject', 'kind')).toLowerCase()
  const involvedName = str(at(ev, 'involvedObject', 'name'))
  const target = involvedName.length > 0 ? `${kind}/${involvedName}` : kind
  return [
    last,
    str(at(ev, 'type')),
    str(at(ev, 'reason')),
    target,
    str(at(ev, 'involvedObject', 'fieldPath')),
    eventSource(ev),
    str(at(ev, 'message')).trim(),
    first,
    count,
    nameOf(ev),
  ]
}

/** Lease columns: NAME HOLDER AGE. */
export const leaseColumns = [nameColumn(), col('Holder', 'string', 'holderIdentity contains the identity of the holder of a current lease.'), ageColumn()]

/** printLease */
export function leaseRow(lease: unknown, now: Date): unknown[] {
  return [nameOf(lease), str(at(lease, 'spec', 'holderIdentity')), since(at(lease, 'metadata', 'creationTimestamp'), now)]
}

export const nodePrinter: Printer = {columns: nodeColumns, row: nodeRow}
export const namespacePrinter: Printer = {columns: namespaceColumns, row: namespaceRow}
export const eventPrinter: Printer = {columns: eventColumns, row: eventRow}
export const leasePrinter: Printer = {columns: leaseColumns, row: leaseRow}
