/** The ReplicaSet controller and its pure decision functions. */
export {ReplicaSetController, type ReplicaSetControllerOptions} from './controller.js'
export {
  burstReplicas,
  calculateReplicaSetStatus,
  desiredReplicas,
  podFromTemplate,
  reconcileReplicaSet,
  replicaSetStatusChanged,
  slowStartBatches,
  type ReplicaSetActions,
} from './reconcile.js'
export {comparePodsForDeletion, rankPodsForDeletion, podDeletionCostAnnotation} from './ranking.js'
