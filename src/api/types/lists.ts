/** List types (kind "<Kind>List") as LIST answers carry them. */
import type {KubeList} from '../meta.js'
import type {Pod} from './pod.js'
import type {Service} from './service.js'
import type {Endpoints} from './endpoints.js'
import type {Node} from './node.js'
import type {Namespace} from './namespace.js'
import type {ConfigMap, Secret, ServiceAccount} from './config.js'
import type {Event} from './event.js'
import type {DaemonSet, Deployment, ReplicaSet} from './apps.js'
import type {Job} from './batch.js'
import type {Lease} from './coordination.js'

export type PodList = KubeList<Pod>
export type ServiceList = KubeList<Service>
export type EndpointsList = KubeList<Endpoints>
export type NodeList = KubeList<Node>
export type NamespaceList = KubeList<Namespace>
export type ConfigMapList = KubeList<ConfigMap>
export type SecretList = KubeList<Secret>
export type ServiceAccountList = KubeList<ServiceAccount>
export type EventList = KubeList<Event>
export type DeploymentList = KubeList<Deployment>
export type ReplicaSetList = KubeList<ReplicaSet>
export type DaemonSetList = KubeList<DaemonSet>
export type JobList = KubeList<Job>
export type LeaseList = KubeList<Lease>
