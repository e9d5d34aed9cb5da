import {arr, at, bool, has, nameOf, namespaceOf, objs, str} from '../printers/access.js'
import {since} from '../printers/duration.js'
import {nodeRoles} from '../printers/cluster.js'
import {describeEvents, printAnnotationsMultiline, printLabelsMultiline, printTaintsMultiline} from './common.js'
import {addQuantity, formatQuantity, milliValue, type Quantity, value, ZERO} from './quantity.js'
import {podResources, resourceList, type ResourceList} from './resources.js'
import {LEVEL_0, LEVEL_1, type PrefixWriter, rfc1123z, tabbedString} from './writer.js'

/** What describe node may be given beyond the node and its events. */
export interface NodeRelated {
  /** pods (any set containing those bound to the node; terminated ones are skipped) */
  pods?: readonly unknown[]
  /** the node's Lease in kube-node-lease; null when it does not exist; undefined to omit the section */
  lease?: unknown
}

const pct = (part: number, whole: number): number => (whole === 0 ? 0 : Math.trunc((part / whole) * 100))
const q = (list: ResourceList, name: string): Quantity => list.get(name) ?? ZERO

function describeLease(w: PrefixWriter, node: unknown, lease: unknown): void {
  if (lease === null) {
    w.write(LEVEL_0, `Lease:\tFailed to get lease: leases.coordination.k8s.io "${nameOf(node)}" not found\n`)
    return
  }
  w.write(LEVEL_0, 'Lease:\n')
  const spec = at(lease, 'spec')
  w.write(LEVEL_1, `HolderIdentity:\t${has(spec, 'holderIdentity') ? str(at(spec, 'holderIdentity')) : '<unset>'}\n`)
  w.write(LEVEL_1, `AcquireTime:\t${has(spec, 'acquireTime') ? rfc1123z(at(spec, 'acquireTime')) : '<unset>'}\n`)
  w.write(LEVEL_1, `RenewTime:\t${has(spec, 'renewTime') ? rfc1123z(at(spec, 'renewTime')) : '<unset>'}\n`)
}

/** describeNodeResource: the non-terminated pods table and the allocated resources summary. */
function describeNodeResource(w: PrefixWriter, node: unknown, pods: unknown[], now: Date): void {
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`)
  w.write(LEVEL_1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n')
  w.write(LEVEL_1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n')
  const capacity = resourceList(at(node, 'status', 'capacity'))
  const allocatableRaw = resourceList(at(node, 'status', 'allocatable'))
  const allocatable = allocatableRaw.size > 0 ? allocatableRaw : capacity
  const allocCPU = milliValue(q(allocatable, 'cpu'))
  const allocMem = value(q(allocatable, 'memory'))
  const cell = (x: Quantity, whole: number, milli: boolean): string => `${formatQuantity(x)} (${pct(milli ? milliValue(x) : value(x), whole)}%)`
  const reqs: ResourceList = new Map()
  const limits: ResourceList = new Map()
  for (const pod of pods) {
    const req = podResources(pod, 'requests')
    const lim = podResources(pod, 'limits')
    for (const [name, v] of req) reqs.set(name, reqs.has(name) ? addQuantity(reqs.get(name)!, v) : v)
    for (const [name, v] of lim) limits.set(name, limits.has(name) ? addQuantity(limits.get(name)!, v) : v)
    w.write(LEVEL_1, `${namespaceOf(pod)}\t${nameOf(pod)}\t\t${cell(q(req, 'cpu'), allocCPU, true)}\t${cell(q(lim, 'cpu'), allocCPU, true)}\t${cell(q(req, 'memory'), allocMem, false)}\t${cell(q(lim, 'memory'), allocMem, false)}\t${since(at(pod, 'metadata', 'creationTimestamp'), now)}\n`)
  }
  w.write(LEVEL_0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n')
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n')
  w.write(LEVEL_1, '--------\t--------\t------\n')
  const allocEph = value(q(allocatable, 'ephemeral-storage'))
  w.write(LEVEL_1, `cpu\t${cell(q(reqs, 'cpu'), allocCPU, true)}\t${cell(q(limits, 'cpu'), allocCPU, true)}\n`)
  w.write(LEVEL_1, `memory\t${cell(q(reqs, 'memory'), allocMem, false)}\t${cell(q(limits, 'memory'), allocMem, false)}\n`)
  w.write(LEVEL_1, `ephemeral-storage\t${cell(q(reqs, 'ephemeral-storage'), allocEph, false)}\t${cell(q(limits, 'ephemeral-storage'), allocEph, false)}\n`)
  const names = [...allocatable.keys()]
  const hugePages = names.filter((n) => n.startsWith('hugepages-')).sort()
  const extended = names.filter((n) => !n.startsWith('hugepages-') && !['cpu', 'memory', 'ephemeral-storage', 'pods'].includes(n)).sort()
  for (const name of hugePages) {
    const whole = value(q(allocatable, name))
    w.write(LEVEL_1, `${name}\t${cell(q(reqs, name), whole, false)}\t${cell(q(limits, name), whole, false)}\n`)
  }
  for (const name of extended) w.write(LEVEL_1, `${name}\t${formatQuantity(q(reqs, name))}\t${formatQuantity(q(limits, name))}\n`)
}

/** kubectl describe node. */
export function describeNode(node: unknown, events: readonly unknown[], related: NodeRelated, now: Date): string {
  return tabbedString((w) => {
    const meta = at(node, 'metadata')
    const spec = at(node, 'spec')
    const status = at(node, 'status')
    w.write(LEVEL_0, `Name:\t${str(at(meta, 'name'))}\n`)
    const roles = nodeRoles(node)
    w.write(LEVEL_0, `Roles:\t${roles.length > 0 ? roles.join(',') : '<none>'}\n`)
    printLabelsMultiline(w, 'Labels', at(meta, 'labels'))
    printAnnotationsMultiline(w, 'Annotations', at(meta, 'annotations'))
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(at(meta, 'creationTimestamp'))}\n`)
    printTaintsMultiline(w, 'Taints', at(spec, 'taints'))
    w.write(LEVEL_0, `Unschedulable:\t${bool(at(spec, 'unschedulable'))}\n`)
    if (related.lease !== undefined) describeLease(w, node, related.lease)
    const conditions = objs(at(status, 'conditions'))
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n')
      w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n')
      for (const c of conditions) {
        w.write(LEVEL_1, `${str(c.type)} \t${str(c.status)} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${str(c.reason)} \t${str(c.message)}\n`)
      }
    }
    w.write(LEVEL_0, 'Addresses:\n')
    for (const a of objs(at(status, 'addresses'))) w.write(LEVEL_1, `${str(a.type)}:\t${str(a.address)}\n`)
    for (const [title, key] of [['Capacity', 'capacity'], ['Allocatable', 'allocatable']] as const) {
      const list = resourceList(at(status, key))
      if (list.size === 0) continue
      w.write(LEVEL_0, `${title}:\n`)
      for (const name of [...list.keys()].sort()) w.write(LEVEL_0, `  ${name}:\t${formatQuantity(list.get(name)!)}\n`)
    }
    const info = at(status, 'nodeInfo')
    w.write(LEVEL_0, 'System Info:\n')
    const infoLines: [string, string][] = [
      ['Machine ID', 'machineID'], ['System UUID', 'systemUUID'], ['Boot ID', 'bootID'], ['Kernel Version', 'kernelVersion'],
      ['OS Image', 'osImage'], ['Operating System', 'operatingSystem'], ['Architecture', 'architecture'],
      ['Container Runtime Version', 'containerRuntimeVersion'], ['Kubelet Version', 'kubeletVersion'],
    ]
    for (const [title, key] of infoLines) w.write(LEVEL_0, `  ${title}:\t${str(at(info, key))}\n`)
    if (str(at(spec, 'podCIDR')) !== '') w.write(LEVEL_0, `PodCIDR:\t${str(at(spec, 'podCIDR'))}\n`)
    const cidrs = arr(at(spec, 'podCIDRs')).map(str)
    if (cidrs.length > 0) w.write(LEVEL_0, `PodCIDRs:\t${cidrs.join(',')}\n`)
    if (str(at(spec, 'providerID')) !== '') w.write(LEVEL_0, `ProviderID:\t${str(at(spec, 'providerID'))}\n`)
    if (related.pods !== undefined) {
      const name = str(at(meta, 'name'))
      const onNode = related.pods.filter((p) => {
        const phase = str(at(p, 'status', 'phase'))
        return str(at(p, 'spec', 'nodeName')) === name && phase !== 'Succeeded' && phase !== 'Failed'
      })
      describeNodeResource(w, node, onNode, now)
    }
    describeEvents(w, events, now)
  })
}
