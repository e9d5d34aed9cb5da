/**
 * The scheduler's in-memory model: what it knows about a pod to place (PodInfo, computed once per pod
 * version) and about a node (NodeInfo: the node's compiled fields plus running aggregates of the pods
 * bound or assumed to it), and the plugin contracts of the scheduling framework (PreFilter/Filter,
 * PreScore/Score/NormalizeScore, as upstream's framework defines them).
 */
import type {Toleration} from '../api/types/affinity.js'
import type {Node, Taint} from '../api/types/node.js'
import type {Pod} from '../api/types/pod.js'

/** Highest score a plugin gives a node (upstream's MaxNodeScore). */
export const MAX_NODE_SCORE = 100

/**
 * Resource amounts the scheduler accounts for: cpu in millicores, memory and ephemeral storage in bytes,
 * extended resources (example.com/gpu, hugepages-2Mi …) in their integer units.
 */
export interface Resources {
  milliCPU: number
  memory: number
  ephemeralStorage: number
  /** extended resources; undefined when there are none */
  scalar?: Map<string, number>
}

/** One host port a pod binds: ip '' is normalised to 0.0.0.0 and protocol '' to TCP. */
export interface HostPort {
  ip: string
  protocol: string
  port: number
}

/** What the scheduler derives from a pod, once per pod version. */
export interface PodInfo {
  pod: Pod
  /** namespace/name */
  key: string
  namespace: string
  name: string
  /** effective requests: max(sum of containers (+ sidecars), max of init containers) + overhead */
  requests: Resources
  /** requests with upstream's non-zero defaults per container (100m cpu, 200Mi memory), for scoring */
  nonZeroCPU: number
  nonZeroMemory: number
  /** host ports of the containers and sidecar (restartable init) containers */
  hostPorts: HostPort[]
  tolerations: Toleration[]
  /** pods with the same key are spread across nodes: the controller owner, else namespace + labels */
  spreadKey?: string
  /** spec.priority (0 when unset) */
  priority: number
}

/** Status of a node's Ready condition ('Unknown' when the node reports none). */
export type ReadyStatus = 'True' | 'False' | 'Unknown'

/** A node with its compiled fields and the aggregates of the pods bound (or assumed) to it. */
export interface NodeInfo {
  name: string
  /** undefined while pods are known on a node the cache has not seen (yet) */
  node?: Node
  labels: Record<string, string>
  taints: Taint[]
  unschedulable: boolean
  ready: ReadyStatus
  /** region + zone labels ('' when none), for zone spreading */
  zone: string
  /** status.allocatable (falling back to capacity) */
  allocatable: Resources
  allowedPodNumber: number
  /** sum of the requests of the pods on the node */
  requested: Resources
  nonZeroCPU: number
  nonZeroMemory: number
  /** pods bound or assumed to this node, by key */
  pods: Map<string, PodInfo>
  /** `ip/protocol/port` → number of pods using it */
  usedPorts: Map<string, number>
  /** `protocol/port` → number of pods using it on any ip (conflict check of 0.0.0.0) */
  usedProtoPorts: Map<string, number>
  /** spreadKey → number of pods on the node */
  spreadCounts: Map<string, number>
  /** bumped on every change (diagnostics and tests) */
  generation: number
}

/**
 * A Filter plugin. preFilter computes per-pod state once per scheduling cycle, or returns null when the
 * plugin has nothing to check for this pod (it is then skipped for every node). filter returns null when
 * the node fits, else the reasons it does not (upstream's Status reasons, verbatim).
 */
export interface FilterPlugin<S = unknown> {
  readonly name: string
  preFilter(pod: PodInfo): S | null
  filter(state: S, pod: PodInfo, node: NodeInfo): readonly string[] | null
}

/**
 * A Score plugin. preScore returns per-pod state (null: the plugin is skipped, contributing 0 to every
 * node, which leaves the ranking unchanged); score gives a raw score per feasible node; normalize (in
 * place) maps the raw scores of all feasible nodes to 0–MAX_NODE_SCORE. The framework multiplies by weight.
 */
export interface ScorePlugin<S = unknown> {
  readonly name: string
  readonly weight: number
  preScore(pod: PodInfo, nodes: readonly NodeInfo[]): S | null
  score(state: S, pod: PodInfo, node: NodeInfo): number
  normalize?(state: S, scores: Float64Array, nodes: readonly NodeInfo[]): void
}
