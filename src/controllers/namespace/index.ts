/** The namespace controller: empties namespaces being deleted and removes their "kubernetes" finalizer. */
export {NamespaceController, namespacesRef, type NamespaceControllerOptions} from './controller.js'
export {deleteResourceContent, namespacedResources} from './content.js'
export {
  failingConditions,
  finalizedNamespace,
  finalizerEstimateSeconds,
  hasKubernetesFinalizer,
  kubernetesFinalizer,
  namespaceConditionTypes,
  podTerminationEstimate,
  requeueDelayMs,
  updatedConditions,
  type ContentResult,
} from './conditions.js'
export {isNamespaceTerminating} from './terminating.js'
