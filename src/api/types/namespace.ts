import type {Condition, KubeObject} from '../meta.js'

/** NamespaceSpec: finalizers (["kubernetes"] on create) are removed through namespaces/finalize by the namespace controller. */
export interface NamespaceSpec {
  finalizers?: string[]
}

/** NamespaceStatus: phase Active on create; Terminating once deletion starts (API server). */
export interface NamespaceStatus {
  phase?: 'Active' | 'Terminating'
  /** namespace controller: NamespaceDeletionDiscoveryFailure, NamespaceContentRemaining … */
  conditions?: Condition[]
}

/** Namespace (core/v1, cluster-scoped). */
export interface Namespace extends KubeObject {
  spec?: NamespaceSpec
  status?: NamespaceStatus
}
