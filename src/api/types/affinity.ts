import type {LabelSelector} from '../meta.js'

/** NodeSelectorRequirement: key/operator/values over node labels (or fields, for matchFields). */
export interface NodeSelectorRequirement {
  key: string
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt'
  values?: string[]
}

/** NodeSelectorTerm: requirements ANDed; matchFields only supports metadata.name. */
export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[]
  matchFields?: NodeSelectorRequirement[]
}

/** NodeSelector: terms ORed. */
export interface NodeSelector {
  nodeSelectorTerms: NodeSelectorTerm[]
}

/** PreferredSchedulingTerm: a weighted (1–100) preference. */
export interface PreferredSchedulingTerm {
  weight: number
  preference: NodeSelectorTerm
}

/** NodeAffinity: hard and soft node constraints (read by the scheduler). */
export interface NodeAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: NodeSelector
  preferredDuringSchedulingIgnoredDuringExecution?: PreferredSchedulingTerm[]
}

/** PodAffinityTerm: pods matching labelSelector in namespaces, co-located by topologyKey. */
export interface PodAffinityTerm {
  labelSelector?: LabelSelector
  /** empty means the pod's own namespace */
  namespaces?: string[]
  namespaceSelector?: LabelSelector
  /** node label key, e.g. kubernetes.io/hostname; required */
  topologyKey: string
  matchLabelKeys?: string[]
  mismatchLabelKeys?: string[]
}

/** WeightedPodAffinityTerm: a soft (1–100) pod (anti-)affinity term. */
export interface WeightedPodAffinityTerm {
  weight: number
  podAffinityTerm: PodAffinityTerm
}

/** PodAffinity / PodAntiAffinity share this shape. */
export interface PodAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[]
  preferredDuringSchedulingIgnoredDuringExecution?: WeightedPodAffinityTerm[]
}
export type PodAntiAffinity = PodAffinity

/** Affinity: scheduling constraints (user; read by the scheduler). */
export interface Affinity {
  nodeAffinity?: NodeAffinity
  podAffinity?: PodAffinity
  podAntiAffinity?: PodAntiAffinity
}

/** TaintEffect shared by taints and tolerations. */
export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute'

/** Toleration: lets a pod schedule on (and stay on) nodes with matching taints. */
export interface Toleration {
  /** empty with operator Exists matches every taint */
  key?: string
  /** Equal (default) or Exists */
  operator?: 'Equal' | 'Exists'
  value?: string
  /** empty matches all effects */
  effect?: TaintEffect | ''
  /** NoExecute only: how long the pod stays bound after the taint appears */
  tolerationSeconds?: number
}

/** TopologySpreadConstraint: spreading rule (read by the scheduler). */
export interface TopologySpreadConstraint {
  maxSkew: number
  topologyKey: string
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway'
  labelSelector?: LabelSelector
  minDomains?: number
  nodeAffinityPolicy?: 'Honor' | 'Ignore'
  nodeTaintsPolicy?: 'Honor' | 'Ignore'
  matchLabelKeys?: string[]
}
