/**
 * Pure decisions of the service-account controllers: which ServiceAccounts a namespace lacks
 * (serviceaccounts-controller) and what the namespace's kube-root-ca.crt ConfigMap must look like
 * (root-ca-cert-publisher).
 */
import type {ConfigMap} from '../../api/types/config.js'
import type {Namespace} from '../../api/types/namespace.js'
import {jsonEqual} from '../../util/json.js'

/** The ServiceAccounts every namespace gets (upstream: --service-account-names default ["default"]). */
export const defaultServiceAccountNames: readonly string[] = ['default']

/** Name of the ConfigMap holding the cluster CA in every namespace. */
export const rootCAConfigMapName = 'kube-root-ca.crt'
/** The key of the CA bundle in that ConfigMap. */
export const rootCAKey = 'ca.crt'
/** Annotation describing the ConfigMap's purpose. */
export const descriptionAnnotation = 'kubernetes.io/description'
/** Its value, word for word as upstream's root-ca-cert-publisher writes it. */
export const rootCADescription =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. ' +
  'No other usage is guaranteed across distributions of Kubernetes clusters.'

/** True when objects may be created in the namespace: it exists, is Active and is not being deleted. */
export function isNamespaceActive(ns: Namespace | undefined): ns is Namespace {
  return !!ns && !ns.metadata.deletionTimestamp && ns.status?.phase === 'Active'
}

/** The names among `wanted` that `exists` does not report. */
export function missingServiceAccounts(wanted: readonly string[], exists: (name: string) => boolean): string[] {
  return wanted.filter((name) => !exists(name))
}

/** What the root-CA publisher does in one namespace. */
export type RootCAAction = {type: 'none'} | {type: 'create'; configMap: ConfigMap} | {type: 'update'; configMap: ConfigMap}

/**
 * The action making `current` (the namespace's kube-root-ca.crt, if any) hold exactly `caPem` under
 * ca.crt (data only: binaryData is left alone, as upstream) and carry the description annotation; other
 * annotations and labels are kept.
 */
export function reconcileRootCA(namespace: string, current: ConfigMap | undefined, caPem: string): RootCAAction {
  const data = {[rootCAKey]: caPem}
  if (!current) {
    return {
      type: 'create',
      configMap: {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: rootCAConfigMapName, namespace, annotations: {[descriptionAnnotation]: rootCADescription}}, data},
    }
  }
  if (jsonEqual(current.data ?? {}, data) && current.metadata.annotations?.[descriptionAnnotation]) return {type: 'none'}
  const next = structuredClone(current)
  next.data = data
  next.metadata.annotations = {...(next.metadata.annotations ?? {}), [descriptionAnnotation]: rootCADescription}
  return {type: 'update', configMap: next}
}
