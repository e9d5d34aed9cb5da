import {describeGeneric} from './generic.js'
import {describeConfigMap, describeEndpoints, describeNamespace, describeSecret, describeServiceAccount} from './misc.js'
import {describeNode} from './node.js'
import {describePod} from './pod.js'
import {describeService} from './service.js'
import {describeDaemonSet, describeDeployment, describeJob, describeReplicaSet} from './workloads.js'

export {eventsFor, describeEvents} from './common.js'
export {describeGeneric, smartLabelFor} from './generic.js'
export {describeNode} from './node.js'
export {describePod} from './pod.js'
export {describeService} from './service.js'
export {podQOS} from './podspec.js'
export {describeDaemonSet, describeDeployment, describeJob, describeReplicaSet, deploymentReplicaSets} from './workloads.js'
export {describeConfigMap, describeEndpoints, describeNamespace, describeSecret, describeServiceAccount} from './misc.js'
export {formatQuantity, parseQuantity, type Quantity} from './quantity.js'
export {rfc1123z} from './writer.js'

/**
 * Objects some describers show besides the described object and its events; the caller (the CLI) fetches
 * them. Anything left out is treated as absent (no pods, no replica sets, no endpoints, no lease section).
 */
export interface DescribeRelated {
  /** replicasets, daemonsets: pods of the namespace (those the object controls are counted by phase);
   *  nodes: pods (those bound to the node and not terminated fill "Non-terminated Pods" and "Allocated resources") */
  pods?: readonly unknown[]
  /** deployments: replica sets of the namespace (those it controls give OldReplicaSets / NewReplicaSet) */
  replicaSets?: readonly unknown[]
  /** services: the Endpoints object of the service, for the per-port "Endpoints:" lines */
  endpoints?: unknown
  /** nodes: the node's Lease in kube-node-lease, null when it does not exist, undefined to omit the section */
  lease?: unknown
}

/**
 * `kubectl describe` text for an object of `resource` (plural, e.g. "pods"). `events` are the events about
 * the object (see eventsFor); they fill the trailing Events section ("Events:  <none>" when empty), which
 * namespaces and secrets do not have, as in kubectl. Times print in the local time zone. Kinds
 * without a dedicated describer get kubectl's generic one (metadata plus every other field). Throws when a
 * workload's selector is invalid, as kubectl does.
 */
export function describe(resource: string, obj: unknown, events: readonly unknown[], now: Date = new Date(), related: DescribeRelated = {}): string {
  switch (resource.toLowerCase()) {
    case 'pods':
      return describePod(obj, events, now)
    case 'deployments':
      return describeDeployment(obj, events, related.replicaSets ?? [], now)
    case 'replicasets':
      return describeReplicaSet(obj, events, related.pods ?? [], now)
    case 'daemonsets':
      return describeDaemonSet(obj, events, related.pods ?? [], now)
    case 'jobs':
      return describeJob(obj, events, now)
    case 'services':
      return describeService(obj, events, related.endpoints, now)
    case 'endpoints':
      return describeEndpoints(obj, events, now)
    case 'nodes':
      return describeNode(obj, events, {pods: related.pods, lease: related.lease}, now)
    case 'namespaces':
      return describeNamespace(obj)
    case 'configmaps':
      return describeConfigMap(obj, events, now)
    case 'secrets':
      return describeSecret(obj)
    case 'serviceaccounts':
      return describeServiceAccount(obj, events, now)
    default:
      return describeGeneric(obj, events, now)
  }
}
