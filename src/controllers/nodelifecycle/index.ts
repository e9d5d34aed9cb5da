/** The node lifecycle controller: node health, condition taints and NoExecute taint eviction. */
export {NodeLifecycleController, leasesRef, nodeLeaseNamespace, nodesRef, type NodeLifecycleControllerOptions} from './controller.js'
export {healthDeadline, monitoredConditionTypes, observeNodeHealth, staleNodeConditions, type HealthOptions, type NodeHealth} from './health.js'
export {evictionTime, taintEvictionCondition} from './eviction.js'
export {
  conditionTaintKeys,
  desiredLifecycleTaints,
  findUntoleratedTaint,
  isLifecycleNoExecuteTaint,
  reconcileNodeTaints,
  sameTaint,
  taintKeys,
  toleratesTaint,
} from './taints.js'
