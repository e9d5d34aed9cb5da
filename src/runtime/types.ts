/**
 * The container runtime interface the kubelet drives: a small CRI-like contract with three
 * implementations (podman CLI, docker CLI, in-memory fake). Every object a runtime creates carries
 * labels naming its node and pod UID (see labels.ts), and every list call filters by node, so several
 * simulated nodes can share one podman without touching each other's containers.
 *
 * Times are milliseconds since the Unix epoch; `undefined` when the event has not happened.
 */
import type {Readable, Writable} from 'node:stream'

/** Names of the runtime implementations. */
export type RuntimeName = 'podman' | 'docker' | 'fake'

/** What `version()` answers. Set by the runtime from its CLI (`podman version`, `docker version`). */
export interface RuntimeInfo {
  name: RuntimeName
  /** version of the engine (the server side for docker) */
  version: string
  /** API version the engine speaks, when it reports one */
  apiVersion?: string
}

/** Answer of `ready()`: whether the runtime can run pods now, and why not. */
export interface RuntimeReadiness {
  ok: boolean
  message: string
}

/** A port of the pod published on the host. Mappings without a hostPort are not published. */
export interface PortMapping {
  containerPort: number
  hostPort?: number
  /** host address to bind (e.g. 127.0.0.5); all addresses when absent */
  hostIp?: string
  /** default TCP */
  protocol?: 'TCP' | 'UDP' | 'SCTP'
}

/** resolv.conf of a pod (set by the kubelet from the pod's dnsPolicy/dnsConfig). */
export interface DnsConfig {
  servers: string[]
  searches: string[]
  options: string[]
}

/** Everything needed to create a pod sandbox (its network/IPC namespaces). Set by the kubelet. */
export interface PodSandboxConfig {
  podUid: string
  podName: string
  namespace: string
  /** node this sandbox belongs to: stored as a label, used by every list filter */
  nodeName: string
  /** sandbox attempt: 0 first, +1 each time the kubelet recreates the sandbox of the same pod */
  attempt?: number
  /** pod hostname (defaults to the pod name) */
  hostname?: string
  /** pod labels (stored as runtime labels) */
  labels?: Record<string, string>
  /** pod annotations (stored as runtime labels under a reserved prefix) */
  annotations?: Record<string, string>
  portMappings?: PortMapping[]
  dnsConfig?: DnsConfig
  /** share the host network namespace: no pod IP, no port publishing */
  hostNetwork?: boolean
}

/** CRI sandbox states: ready while its namespaces are held (infra/pause container running). */
export type SandboxState = 'ready' | 'notready'

/** A pod sandbox as the runtime reports it (list and status). Set by the runtime from its labels/state. */
export interface PodSandbox {
  id: string
  podUid: string
  podName: string
  namespace: string
  nodeName: string
  attempt: number
  state: SandboxState
  createdAt: number
  /** pod IP; absent when not ready or with hostNetwork */
  ip?: string
  hostNetwork: boolean
  /** the pod's labels (internal mkube labels removed) */
  labels: Record<string, string>
  annotations: Record<string, string>
}

/** Filter of `listPodSandboxes`. nodeName is required: a node only ever sees its own objects. */
export interface SandboxFilter {
  nodeName: string
  podUid?: string
  state?: SandboxState
}

/** A host directory bind-mounted into a container. */
export interface Mount {
  hostPath: string
  containerPath: string
  readOnly?: boolean
}

/** Resource limits (and the CPU request, mapped to CPU shares). Set by the kubelet from the pod spec. */
export interface ContainerResources {
  cpuMillis?: number
  cpuRequestMillis?: number
  memoryBytes?: number
}

/** The subset of the Kubernetes security context a runtime applies. */
export interface SecurityContext {
  runAsUser?: number
  runAsGroup?: number
  privileged?: boolean
  readOnlyRootFilesystem?: boolean
}

/** One environment variable, in order (later entries may refer to earlier ones in Kubernetes). */
export interface EnvVar {
  name: string
  value: string
}

/**
 * Everything needed to create a container inside a sandbox. Set by the kubelet. Kubernetes semantics:
 * `command` replaces the image entrypoint, `args` replace the image CMD.
 */
export interface ContainerConfig {
  name: string
  image: string
  command?: string[]
  args?: string[]
  workingDir?: string
  env?: EnvVar[]
  mounts?: Mount[]
  /** user labels, stored alongside the internal ones (pod uid, container name, restart count, node) */
  labels?: Record<string, string>
  annotations?: Record<string, string>
  /** restart attempt of this container in its pod (0 first) */
  restartCount?: number
  resources?: ContainerResources
  securityContext?: SecurityContext
  tty?: boolean
  stdin?: boolean
  /** file the runtime writes the container's log to (CRI format), when the runtime supports it */
  logPath?: string
}

/** Container states (CRI). */
export type ContainerState = 'created' | 'running' | 'exited' | 'unknown'

/** A container as the runtime reports it (list). Set by the runtime from its labels/state. */
export interface Container {
  id: string
  /** the Kubernetes container name (from labels), not the runtime's unique name */
  name: string
  podUid: string
  sandboxId: string
  nodeName: string
  restartCount: number
  state: ContainerState
  exitCode?: number
  createdAt: number
  startedAt?: number
  finishedAt?: number
  /** image reference as given at creation */
  image: string
  imageId: string
  /** the user labels (internal mkube labels removed) */
  labels: Record<string, string>
  annotations: Record<string, string>
}

/** Detailed status of one container: a Container plus why it ended. */
export interface ContainerStatus extends Container {
  /** for exited containers: OOMKilled, Completed (exit 0) or Error */
  reason?: string
  message?: string
}

/** Filter of `listContainers`. nodeName is required; `all` includes containers that are not running. */
export interface ContainerFilter {
  nodeName: string
  podUid?: string
  sandboxId?: string
  all?: boolean
}

/** An image held by the runtime. */
export interface ImageInfo {
  id: string
  repoTags: string[]
  size: number
}

/** Result of a synchronous exec (probes). timedOut: the command did not finish in time (exitCode -1). */
export interface ExecResult {
  exitCode: number
  stdout: string
  stderr: string
  timedOut: boolean
}

/** Options of an interactive exec. */
export interface ExecOptions {
  tty?: boolean
  stdin?: boolean
}

/**
 * A running interactive exec. stdin is null unless requested; with a tty, stderr is merged into
 * stdout (stderr then just ends). `exitCode` resolves with the command's exit code.
 */
export interface ExecSession {
  stdin: Writable | null
  stdout: Readable
  stderr: Readable
  exitCode: Promise<number>
  /** set the terminal size; resolves false when impossible (no tty, image lacks sh/stty) */
  resize(columns: number, rows: number): Promise<boolean>
  /**
   * end the session from our side (terminates the CLI; exitCode then resolves 137). The command in
   * the container may run on until it notices its terminal or pipes closed.
   */
  kill(): void
}

/** Options of `logs`. */
export interface LogOptions {
  follow?: boolean
  tailLines?: number
  sinceSeconds?: number
  timestamps?: boolean
}

/** A log stream: stdout and stderr of the container merged; `stop()` ends following. */
export interface LogStream {
  stream: Readable
  stop(): void
  /** resolves when the log source has finished (process exited / follow stopped); data may still be buffered in `stream` */
  done: Promise<void>
}

/** The runtime contract. All methods are safe to call concurrently. */
export interface ContainerRuntime {
  readonly name: RuntimeName
  version(): Promise<RuntimeInfo>
  ready(): Promise<RuntimeReadiness>

  runPodSandbox(cfg: PodSandboxConfig): Promise<string>
  /** stops every container of the sandbox, then the sandbox; idempotent (no error when gone) */
  stopPodSandbox(id: string, timeoutSeconds?: number): Promise<void>
  /** removes the sandbox and its containers; idempotent */
  removePodSandbox(id: string): Promise<void>
  listPodSandboxes(filter: SandboxFilter): Promise<PodSandbox[]>
  /** throws NotFoundError when the sandbox does not exist */
  podSandboxStatus(id: string): Promise<PodSandbox>

  pullImage(ref: string): Promise<ImageInfo>
  /** null when the image is not present */
  imageStatus(ref: string): Promise<ImageInfo | null>
  listImages(): Promise<ImageInfo[]>
  /** idempotent */
  removeImage(ref: string): Promise<void>

  createContainer(sandboxId: string, cfg: ContainerConfig): Promise<string>
  startContainer(id: string): Promise<void>
  /** SIGTERM, then SIGKILL after timeoutSeconds; no error when already stopped */
  stopContainer(id: string, timeoutSeconds: number): Promise<void>
  /** force-removes; idempotent */
  removeContainer(id: string): Promise<void>
  listContainers(filter: ContainerFilter): Promise<Container[]>
  containerStatus(id: string): Promise<ContainerStatus>

  execSync(id: string, cmd: string[], timeoutMs: number): Promise<ExecResult>
  exec(id: string, cmd: string[], opts?: ExecOptions): Promise<ExecSession>
  /**
   * attaches to the running container's own process (stdin when asked and the container has one,
   * stdout/stderr or the tty); exitCode resolves with the container's exit code once it exits (0 when
   * the session ends first)
   */
  attach(id: string, opts?: ExecOptions): Promise<ExecSession>
  logs(id: string, opts?: LogOptions): Promise<LogStream>
}
