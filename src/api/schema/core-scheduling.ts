/**
 * core/v1 scheduling constraints of a pod: node and pod (anti-)affinity, tolerations, topology spread.
 */
import {arr, core, CORE, int32, int64, meta, obj, oneOf, str, type Schema, type SchemaTable} from './dsl.js'

const EFFECTS = ['NoExecute', 'NoSchedule', 'PreferNoSchedule']

const podAffinity = (anti: boolean): Schema => {
  const what = anti ? 'anti-affinity' : 'affinity'
  return obj(`Pod ${what}: a group of inter-pod ${what} scheduling rules.`, {
    preferredDuringSchedulingIgnoredDuringExecution: arr(core('WeightedPodAffinityTerm'), `Soft ${what} terms; the node with the greatest sum of matching weights is preferred.`),
    requiredDuringSchedulingIgnoredDuringExecution: arr(core('PodAffinityTerm'), `Hard ${what} terms; all must be met at scheduling time.`),
  })
}

export const schedulingSchemas: SchemaTable = {
  [CORE + 'Affinity']: obj('A group of affinity scheduling rules.', {
    nodeAffinity: core('NodeAffinity', 'Node affinity scheduling rules for the pod.'),
    podAffinity: core('PodAffinity', 'Pod affinity scheduling rules (co-locate with other pods).'),
    podAntiAffinity: core('PodAntiAffinity', 'Pod anti-affinity scheduling rules (avoid other pods).'),
  }),
  [CORE + 'NodeAffinity']: obj('A group of node affinity scheduling rules.', {
    preferredDuringSchedulingIgnoredDuringExecution: arr(core('PreferredSchedulingTerm'), 'Soft node preferences; the node with the greatest sum of matching weights is preferred.'),
    requiredDuringSchedulingIgnoredDuringExecution: core('NodeSelector', 'Hard node requirements; the pod is not scheduled unless they are met.'),
  }),
  [CORE + 'NodeSelector']: {
    ...obj('The union (OR) of the results of one or more label queries over nodes.', {
      nodeSelectorTerms: arr(core('NodeSelectorTerm'), 'Required. A list of node selector terms, ORed.'),
    }, ['nodeSelectorTerms']),
    'x-kubernetes-map-type': 'atomic',
  },
  [CORE + 'NodeSelectorTerm']: {
    ...obj('Node selector requirements, ANDed; a null or empty term matches no objects.', {
      matchExpressions: arr(core('NodeSelectorRequirement'), "Requirements on node labels."),
      matchFields: arr(core('NodeSelectorRequirement'), "Requirements on node fields (metadata.name)."),
    }),
    'x-kubernetes-map-type': 'atomic',
  },
  [CORE + 'NodeSelectorRequirement']: obj('A key, an operator and values.', {
    key: str('The label key the selector applies to.'),
    operator: oneOf(['DoesNotExist', 'Exists', 'Gt', 'In', 'Lt', 'NotIn'], 'In, NotIn, Exists, DoesNotExist, Gt or Lt.'),
    values: arr(str(), 'Values: non-empty for In/NotIn, empty for Exists/DoesNotExist, one integer for Gt/Lt.'),
  }, ['key', 'operator']),
  [CORE + 'PreferredSchedulingTerm']: obj('A weighted node selector term.', {
    preference: core('NodeSelectorTerm', 'A node selector term, associated with the weight.'),
    weight: int32('Weight associated with matching the term, 1-100.'),
  }, ['weight', 'preference']),
  [CORE + 'PodAffinity']: podAffinity(false),
  [CORE + 'PodAntiAffinity']: podAffinity(true),
  [CORE + 'WeightedPodAffinityTerm']: obj('A pod affinity term with a weight, summed per node to find the preferred node(s).', {
    podAffinityTerm: core('PodAffinityTerm', 'A pod affinity term, associated with the weight.'),
    weight: int32('Weight associated with matching the term, 1-100.'),
  }, ['weight', 'podAffinityTerm']),
  [CORE + 'PodAffinityTerm']: obj('Pods (matching labelSelector in the given namespaces) this pod should be co-located with (affinity) or not (anti-affinity).', {
    labelSelector: meta('LabelSelector', 'A label query over a set of resources, here pods.'),
    matchLabelKeys: arr(str(), "Pod label keys whose values (from the incoming pod) are merged into labelSelector as 'In' requirements."),
    mismatchLabelKeys: arr(str(), "Pod label keys whose values are merged into labelSelector as 'NotIn' requirements."),
    namespaceSelector: meta('LabelSelector', 'A label query over the namespaces the term applies to.'),
    namespaces: arr(str(), "Static list of namespace names the term applies to; empty means this pod's namespace."),
    topologyKey: str('Node label whose value defines the co-location domain (e.g. kubernetes.io/hostname).'),
  }, ['topologyKey']),
  [CORE + 'Toleration']: obj('Lets the pod tolerate any taint matching the triple <key,value,effect> using the operator.', {
    effect: oneOf(EFFECTS, 'Taint effect to match; empty matches all effects.'),
    key: str('Taint key the toleration applies to; empty with operator Exists matches all keys.'),
    operator: oneOf(['Equal', 'Exists'], 'Exists or Equal (default).'),
    tolerationSeconds: int64('For NoExecute taints: how long the pod stays bound after the taint appears.'),
    value: str('Taint value the toleration matches; empty with operator Exists.'),
  }),
  [CORE + 'TopologySpreadConstraint']: obj('How to spread matching pods among the given topology.', {
    labelSelector: meta('LabelSelector', 'Finds the matching pods, counted per topology domain.'),
    matchLabelKeys: arr(str(), 'Pod label keys whose values select the pods the spreading is calculated over.'),
    maxSkew: int32('Maximum permitted difference of matching pods between topology domains.'),
    minDomains: int32('Minimum number of eligible domains.'),
    nodeAffinityPolicy: oneOf(['Honor', 'Ignore'], "How the pod's nodeAffinity/nodeSelector is treated in the skew calculation."),
    nodeTaintsPolicy: oneOf(['Honor', 'Ignore'], 'How node taints are treated in the skew calculation.'),
    topologyKey: str('Node label key defining the topology domains.'),
    whenUnsatisfiable: oneOf(['DoNotSchedule', 'ScheduleAnyway'], 'DoNotSchedule (default) or ScheduleAnyway.'),
  }, ['maxSkew', 'topologyKey', 'whenUnsatisfiable']),
}
