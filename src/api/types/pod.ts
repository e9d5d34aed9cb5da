import type {Condition, KubeObject, ObjectMeta} from '../meta.js'
import type {Affinity, Toleration, TopologySpreadConstraint} from './affinity.js'
import type {LocalObjectReference, ObjectReference, ResourceList} from './common.js'
import type {Container, EphemeralContainer, SELinuxOptions, SeccompProfile, AppArmorProfile, WindowsSecurityContextOptions} from './container.js'
import type {Volume} from './volume.js'

/** Sysctl: a namespaced kernel parameter set for the pod. */
export interface Sysctl {
  name: string
  value: string
}

/** PodSecurityContext: pod-wide security settings (user). */
export interface PodSecurityContext {
  seLinuxOptions?: SELinuxOptions
  windowsOptions?: WindowsSecurityContextOptions
  runAsUser?: number
  runAsGroup?: number
  runAsNonRoot?: boolean
  supplementalGroups?: number[]
  supplementalGroupsPolicy?: 'Merge' | 'Strict'
  fsGroup?: number
  fsGroupChangePolicy?: 'OnRootMismatch' | 'Always'
  sysctls?: Sysctl[]
  seccompProfile?: SeccompProfile
  appArmorProfile?: AppArmorProfile
}

/** PodDNSConfig: extra resolver settings; required (with nameservers) when dnsPolicy is None. */
export interface PodDNSConfig {
  nameservers?: string[]
  searches?: string[]
  options?: {name?: string; value?: string}[]
}

/** HostAlias: an /etc/hosts entry. */
export interface HostAlias {
  ip: string
  hostnames?: string[]
}

/** PodReadinessGate: an extra condition type the pod's readiness waits for. */
export interface PodReadinessGate {
  conditionType: string
}

/** PodSchedulingGate: while any gate remains the scheduler ignores the pod. */
export interface PodSchedulingGate {
  name: string
}

/** PodOS: the OS the pod's containers need. */
export interface PodOS {
  name: 'linux' | 'windows'
}

export type RestartPolicy = 'Always' | 'OnFailure' | 'Never'
export type DNSPolicy = 'ClusterFirstWithHostNet' | 'ClusterFirst' | 'Default' | 'None'

/** PodSpec: the desired state of a pod (user; nodeName is set by the scheduler through the binding subresource). */
export interface PodSpec {
  volumes?: Volume[]
  initContainers?: Container[]
  containers: Container[]
  ephemeralContainers?: EphemeralContainer[]
  /** Always (default), OnFailure or Never */
  restartPolicy?: RestartPolicy
  /** defaults to 30 */
  terminationGracePeriodSeconds?: number
  activeDeadlineSeconds?: number
  /** defaults to ClusterFirst */
  dnsPolicy?: DNSPolicy
  nodeSelector?: Record<string, string>
  /** defaults to "default" (ServiceAccount admission) */
  serviceAccountName?: string
  /** deprecated alias of serviceAccountName, kept in sync */
  serviceAccount?: string
  automountServiceAccountToken?: boolean
  /** scheduler (via binding) or user (bypasses scheduling) */
  nodeName?: string
  hostNetwork?: boolean
  hostPID?: boolean
  hostIPC?: boolean
  shareProcessNamespace?: boolean
  securityContext?: PodSecurityContext
  imagePullSecrets?: LocalObjectReference[]
  hostname?: string
  subdomain?: string
  affinity?: Affinity
  /** defaults to default-scheduler */
  schedulerName?: string
  tolerations?: Toleration[]
  hostAliases?: HostAlias[]
  priorityClassName?: string
  priority?: number
  dnsConfig?: PodDNSConfig
  readinessGates?: PodReadinessGate[]
  runtimeClassName?: string
  /** defaults to true */
  enableServiceLinks?: boolean
  preemptionPolicy?: 'PreemptLowerPriority' | 'Never'
  overhead?: ResourceList
  topologySpreadConstraints?: TopologySpreadConstraint[]
  setHostnameAsFQDN?: boolean
  os?: PodOS
  hostUsers?: boolean
  schedulingGates?: PodSchedulingGate[]
}

/** ContainerStateWaiting: not running yet (reason: ContainerCreating, ImagePullBackOff, CrashLoopBackOff …). */
export interface ContainerStateWaiting {
  reason?: string
  message?: string
}

/** ContainerStateRunning. */
export interface ContainerStateRunning {
  startedAt?: string
}

/** ContainerStateTerminated. */
export interface ContainerStateTerminated {
  exitCode: number
  signal?: number
  reason?: string
  message?: string
  startedAt?: string
  finishedAt?: string
  containerID?: string
}

/** ContainerState: at most one member is set. */
export interface ContainerState {
  waiting?: ContainerStateWaiting
  running?: ContainerStateRunning
  terminated?: ContainerStateTerminated
}

/** ContainerStatus: written by the kubelet. */
export interface ContainerStatus {
  name: string
  state?: ContainerState
  lastState?: ContainerState
  ready: boolean
  restartCount: number
  image: string
  imageID: string
  /** <runtime>://<id> */
  containerID?: string
  started?: boolean
  allocatedResources?: ResourceList
  resources?: {limits?: ResourceList; requests?: ResourceList}
  volumeMounts?: {name: string; mountPath: string; readOnly?: boolean; recursiveReadOnly?: string}[]
  user?: unknown
  stopSignal?: string
}

/** PodCondition: PodScheduled (scheduler), Initialized, ContainersReady, Ready, PodReadyToStartContainers (kubelet), DisruptionTarget. */
export interface PodCondition extends Condition {
  type: 'PodScheduled' | 'Initialized' | 'ContainersReady' | 'Ready' | 'PodReadyToStartContainers' | 'DisruptionTarget' | string
}

/** PodIP: one address of the pod. */
export interface PodIP {
  ip: string
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown'

/** PodStatus: phase Pending and qosClass are set by the API server on create; the rest by the kubelet (and scheduler). */
export interface PodStatus {
  phase?: PodPhase
  conditions?: PodCondition[]
  message?: string
  /** e.g. Evicted, NodeLost */
  reason?: string
  /** scheduler: node chosen through preemption */
  nominatedNodeName?: string
  hostIP?: string
  hostIPs?: PodIP[]
  podIP?: string
  podIPs?: PodIP[]
  /** kubelet: when the kubelet acknowledged the pod */
  startTime?: string
  initContainerStatuses?: ContainerStatus[]
  containerStatuses?: ContainerStatus[]
  ephemeralContainerStatuses?: ContainerStatus[]
  /** API server on create: Guaranteed, Burstable or BestEffort */
  qosClass?: 'Guaranteed' | 'Burstable' | 'BestEffort'
  observedGeneration?: number
  resize?: string
}

/** Pod (core/v1). */
export interface Pod extends KubeObject {
  spec?: PodSpec
  status?: PodStatus
}

/** PodTemplateSpec: the pod part of workload templates (deployments, replica sets, daemon sets, jobs). */
export interface PodTemplateSpec {
  metadata?: ObjectMeta
  spec?: PodSpec
}

/** Binding (core/v1, pods/binding subresource): the scheduler assigns metadata.name to target (a Node). */
export interface Binding extends KubeObject {
  target: ObjectReference
}

/** Eviction (policy/v1, pods/eviction subresource): a disruption-budget-aware delete. */
export interface Eviction extends KubeObject {
  deleteOptions?: {gracePeriodSeconds?: number; preconditions?: {uid?: string; resourceVersion?: string}; propagationPolicy?: string; dryRun?: string[]}
}
