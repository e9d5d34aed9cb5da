import type {IntOrString, KeySelector, LocalObjectReference, ObjectFieldSelector, ResourceFieldSelector, ResourceList} from './common.js'

/** ContainerPort: informational list of ports a container listens on (user). */
export interface ContainerPort {
  /** IANA_SVC_NAME, unique within the container; referenced by services' named targetPort */
  name?: string
  /** port bound on the host (the kubelet publishes it); with hostNetwork it must equal containerPort */
  hostPort?: number
  containerPort: number
  /** TCP (default), UDP or SCTP */
  protocol?: 'TCP' | 'UDP' | 'SCTP'
  hostIP?: string
}

/** EnvVarSource: where an env var's value comes from (exactly one of the four). */
export interface EnvVarSource {
  /** metadata.name, metadata.namespace, metadata.uid, metadata.labels['k'], spec.nodeName, status.podIP … */
  fieldRef?: ObjectFieldSelector
  resourceFieldRef?: ResourceFieldSelector
  configMapKeyRef?: KeySelector
  secretKeyRef?: KeySelector
}

/** EnvVar: one environment variable; `value` may reference other vars as $(NAME). */
export interface EnvVar {
  name: string
  value?: string
  valueFrom?: EnvVarSource
}

/** EnvFromSource: import every key of a ConfigMap or Secret, optionally prefixed. */
export interface EnvFromSource {
  prefix?: string
  configMapRef?: LocalObjectReference & {optional?: boolean}
  secretRef?: LocalObjectReference & {optional?: boolean}
}

/** ResourceRequirements: requests (scheduling) and limits (enforced by the runtime). */
export interface ResourceRequirements {
  limits?: ResourceList
  /** defaulted from limits when a limit is given without a request */
  requests?: ResourceList
  claims?: {name: string; request?: string}[]
}

/** ContainerResizePolicy (in-place resize); stored, not acted upon. */
export interface ContainerResizePolicy {
  resourceName: string
  restartPolicy: 'NotRequired' | 'RestartContainer'
}

/** ExecAction: run a command in the container; exit status 0 is success. */
export interface ExecAction {
  command?: string[]
}

/** HTTPHeader for HTTP probes. */
export interface HTTPHeader {
  name: string
  value: string
}

/** HTTPGetAction: GET on the pod IP (or host); 200–399 is success. */
export interface HTTPGetAction {
  /** defaults to "/" */
  path?: string
  /** number or container port name */
  port: IntOrString
  host?: string
  /** HTTP (default) or HTTPS */
  scheme?: 'HTTP' | 'HTTPS'
  httpHeaders?: HTTPHeader[]
}

/** TCPSocketAction: success when a TCP connection opens. */
export interface TCPSocketAction {
  port: IntOrString
  host?: string
}

/** GRPCAction: the gRPC health-checking protocol. */
export interface GRPCAction {
  port: number
  service?: string
}

/** SleepAction: lifecycle hook that sleeps. */
export interface SleepAction {
  seconds: number
}

/** ProbeHandler: exactly one action. */
export interface ProbeHandler {
  exec?: ExecAction
  httpGet?: HTTPGetAction
  tcpSocket?: TCPSocketAction
  grpc?: GRPCAction
}

/** Probe: run by the kubelet; timings default to 0/1/10/1/3 (initialDelay/timeout/period/success/failure). */
export interface Probe extends ProbeHandler {
  initialDelaySeconds?: number
  timeoutSeconds?: number
  periodSeconds?: number
  /** must be 1 for liveness and startup probes */
  successThreshold?: number
  failureThreshold?: number
  terminationGracePeriodSeconds?: number
}

/** LifecycleHandler: a postStart/preStop action (exactly one). */
export interface LifecycleHandler {
  exec?: ExecAction
  httpGet?: HTTPGetAction
  tcpSocket?: TCPSocketAction
  sleep?: SleepAction
}

/** Lifecycle: hooks the kubelet runs after start and before stop. */
export interface Lifecycle {
  postStart?: LifecycleHandler
  preStop?: LifecycleHandler
  stopSignal?: string
}

/** Capabilities added/dropped (POSIX capability names without CAP_). */
export interface Capabilities {
  add?: string[]
  drop?: string[]
}

/** SELinuxOptions. */
export interface SELinuxOptions {
  user?: string
  role?: string
  type?: string
  level?: string
}

/** SeccompProfile / AppArmorProfile. */
export interface SeccompProfile {
  type: 'Unconfined' | 'RuntimeDefault' | 'Localhost'
  localhostProfile?: string
}
export type AppArmorProfile = SeccompProfile

/** WindowsSecurityContextOptions (accepted and stored). */
export interface WindowsSecurityContextOptions {
  gmsaCredentialSpecName?: string
  gmsaCredentialSpec?: string
  runAsUserName?: string
  hostProcess?: boolean
}

/** SecurityContext: per-container security settings (override the pod's). */
export interface SecurityContext {
  capabilities?: Capabilities
  privileged?: boolean
  seLinuxOptions?: SELinuxOptions
  windowsOptions?: WindowsSecurityContextOptions
  runAsUser?: number
  runAsGroup?: number
  runAsNonRoot?: boolean
  readOnlyRootFilesystem?: boolean
  allowPrivilegeEscalation?: boolean
  procMount?: 'Default' | 'Unmasked'
  seccompProfile?: SeccompProfile
  appArmorProfile?: AppArmorProfile
}

/** VolumeMount: mounts a pod volume (by name) into the container. */
export interface VolumeMount {
  name: string
  readOnly?: boolean
  recursiveReadOnly?: 'Disabled' | 'IfPossible' | 'Enabled'
  mountPath: string
  subPath?: string
  mountPropagation?: 'None' | 'HostToContainer' | 'Bidirectional'
  subPathExpr?: string
}

/** VolumeDevice: a raw block device mapping. */
export interface VolumeDevice {
  name: string
  devicePath: string
}

/** Container: one container of a pod (user); defaults fill the pull and termination-message policies. */
export interface Container {
  /** DNS-1123 label, unique across init and app containers */
  name: string
  /** required for pods; defaulted tag semantics decide imagePullPolicy */
  image?: string
  command?: string[]
  args?: string[]
  workingDir?: string
  ports?: ContainerPort[]
  envFrom?: EnvFromSource[]
  env?: EnvVar[]
  resources?: ResourceRequirements
  resizePolicy?: ContainerResizePolicy[]
  /** init containers only: "Always" makes a sidecar */
  restartPolicy?: 'Always'
  volumeMounts?: VolumeMount[]
  volumeDevices?: VolumeDevice[]
  livenessProbe?: Probe
  readinessProbe?: Probe
  startupProbe?: Probe
  lifecycle?: Lifecycle
  /** defaults to /dev/termination-log */
  terminationMessagePath?: string
  /** File (default) or FallbackToLogsOnError */
  terminationMessagePolicy?: 'File' | 'FallbackToLogsOnError'
  /** Always for :latest or untagged images, IfNotPresent otherwise (defaulted) */
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never'
  securityContext?: SecurityContext
  stdin?: boolean
  stdinOnce?: boolean
  tty?: boolean
}

/** EphemeralContainer: debugging container added through the ephemeralcontainers subresource. */
export interface EphemeralContainer extends Container {
  targetContainerName?: string
}

