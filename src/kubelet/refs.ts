/**
 * REST coordinates and fixed identities the kubelet uses (kept in step with src/api/kinds/*), so no
 * registry lookup is needed on hot paths.
 */
import type {ResourceRef} from '../api/resource.js'

/** core/v1 pods. */
export const podsRef: ResourceRef = {group: '', version: 'v1', resource: 'pods', namespaced: true}
/** core/v1 nodes. */
export const nodesRef: ResourceRef = {group: '', version: 'v1', resource: 'nodes', namespaced: false}
/** core/v1 configmaps. */
export const configMapsRef: ResourceRef = {group: '', version: 'v1', resource: 'configmaps', namespaced: true}
/** core/v1 secrets. */
export const secretsRef: ResourceRef = {group: '', version: 'v1', resource: 'secrets', namespaced: true}
/** core/v1 serviceaccounts (the token subresource). */
export const serviceAccountsRef: ResourceRef = {group: '', version: 'v1', resource: 'serviceaccounts', namespaced: true}
/** coordination.k8s.io/v1 leases. */
export const leasesRef: ResourceRef = {group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespaced: true}

/** Namespace of node heartbeat leases. */
export const nodeLeaseNamespace = 'kube-node-lease'

/** The version this kubelet reports in nodeInfo.kubeletVersion. */
export const kubeletVersion = 'v1.32.0-mkube'

/** Annotation keys the kubelet stores on the containers it creates (read back after a restart). */
export const containerAnnotation = {
  /** hash of the container spec: a change restarts the container ("definition changed") */
  hash: 'io.kubernetes.container.hash',
  /** host file bind-mounted at terminationMessagePath */
  terminationMessageFile: 'io.kubernetes.container.terminationMessageFile',
  terminationMessagePolicy: 'io.kubernetes.container.terminationMessagePolicy',
  /** the pod's terminationGracePeriodSeconds, for killing a container whose pod is gone */
  terminationGracePeriod: 'io.kubernetes.pod.terminationGracePeriod',
  /** JSON of the preStop handler, for killing a container whose pod is gone */
  preStopHandler: 'io.kubernetes.container.preStopHandler',
} as const
