import type {Condition, KubeObject, LabelSelector} from '../meta.js'
import type {IntOrString} from './common.js'
import type {PodTemplateSpec} from './pod.js'

/** RollingUpdateDeployment: both default to "25%"; may not both be 0. */
export interface RollingUpdateDeployment {
  maxUnavailable?: IntOrString
  maxSurge?: IntOrString
}

/** DeploymentStrategy: RollingUpdate (default) or Recreate (which may not carry rollingUpdate). */
export interface DeploymentStrategy {
  type?: 'RollingUpdate' | 'Recreate'
  rollingUpdate?: RollingUpdateDeployment
}

/** DeploymentSpec (user). */
export interface DeploymentSpec {
  /** defaults to 1 */
  replicas?: number
  /** required, immutable in apps/v1, must match template labels */
  selector: LabelSelector
  template: PodTemplateSpec
  strategy?: DeploymentStrategy
  minReadySeconds?: number
  /** defaults to 10 */
  revisionHistoryLimit?: number
  paused?: boolean
  /** defaults to 600 */
  progressDeadlineSeconds?: number
}

/** DeploymentCondition: Available, Progressing, ReplicaFailure (deployment controller). */
export interface DeploymentCondition extends Condition {
  type: 'Available' | 'Progressing' | 'ReplicaFailure' | string
}

/** DeploymentStatus: written by the deployment controller. */
export interface DeploymentStatus {
  observedGeneration?: number
  replicas?: number
  updatedReplicas?: number
  readyReplicas?: number
  availableReplicas?: number
  unavailableReplicas?: number
  terminatingReplicas?: number
  conditions?: DeploymentCondition[]
  collisionCount?: number
}

/** Deployment (apps/v1). */
export interface Deployment extends KubeObject {
  spec?: DeploymentSpec
  status?: DeploymentStatus
}

/** ReplicaSetSpec (deployment controller or user). */
export interface ReplicaSetSpec {
  /** defaults to 1 */
  replicas?: number
  minReadySeconds?: number
  /** required, immutable, must match template labels */
  selector: LabelSelector
  template?: PodTemplateSpec
}

/** ReplicaSetCondition: ReplicaFailure (replicaset controller). */
export interface ReplicaSetCondition extends Condition {
  type: 'ReplicaFailure' | string
}

/** ReplicaSetStatus: written by the replicaset controller. */
export interface ReplicaSetStatus {
  replicas: number
  fullyLabeledReplicas?: number
  readyReplicas?: number
  availableReplicas?: number
  terminatingReplicas?: number
  observedGeneration?: number
  conditions?: ReplicaSetCondition[]
}

/** ReplicaSet (apps/v1). */
export interface ReplicaSet extends KubeObject {
  spec?: ReplicaSetSpec
  status?: ReplicaSetStatus
}

/** RollingUpdateDaemonSet: maxUnavailable defaults to 1, maxSurge to 0; may not both be 0. */
export interface RollingUpdateDaemonSet {
  maxUnavailable?: IntOrString
  maxSurge?: IntOrString
}

/** DaemonSetUpdateStrategy: RollingUpdate (default) or OnDelete. */
export interface DaemonSetUpdateStrategy {
  type?: 'RollingUpdate' | 'OnDelete'
  rollingUpdate?: RollingUpdateDaemonSet
}

/** DaemonSetSpec (user). */
export interface DaemonSetSpec {
  /** required, immutable, must match template labels */
  selector: LabelSelector
  template: PodTemplateSpec
  updateStrategy?: DaemonSetUpdateStrategy
  minReadySeconds?: number
  /** defaults to 10 */
  revisionHistoryLimit?: number
}

/** DaemonSetStatus: written by the daemonset controller. */
export interface DaemonSetStatus {
  currentNumberScheduled: number
  numberMisscheduled: number
  desiredNumberScheduled: number
  numberReady: number
  observedGeneration?: number
  updatedNumberScheduled?: number
  numberAvailable?: number
  numberUnavailable?: number
  collisionCount?: number
  conditions?: Condition[]
}

/** DaemonSet (apps/v1). */
export interface DaemonSet extends KubeObject {
  spec?: DaemonSetSpec
  status?: DaemonSetStatus
}
