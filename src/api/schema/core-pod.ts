/**
 * core/v1 Pod, PodSpec, PodTemplateSpec and the pod-level settings (security context, DNS, host aliases,
 * gates, OS, resource claims), plus the pods/binding (core/v1 Binding) and pods/eviction (policy/v1
 * Eviction) request kinds.
 */
import {arr, bool, core, CORE, int32, int64, kind, map, mergeList, meta, obj, oneOf, POLICY, quantity, str, typeMeta, type SchemaTable} from './dsl.js'

const podSpec = obj('PodSpec is a description of a pod.', {
  activeDeadlineSeconds: int64('Seconds the pod may be active on the node (counted from startTime) before the system fails it.'),
  affinity: core('Affinity', "The pod's scheduling constraints."),
  automountServiceAccountToken: bool('Whether a service account token should be automatically mounted.'),
  containers: mergeList('name', core('Container'), 'Containers belonging to the pod; at least one. Cannot be added or removed.'),
  dnsConfig: core('PodDNSConfig', 'DNS parameters of the pod, merged with those generated from dnsPolicy.'),
  dnsPolicy: oneOf(['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'], 'ClusterFirstWithHostNet, ClusterFirst (default), Default or None.'),
  enableServiceLinks: bool('Whether service information is injected into environment variables (Docker links syntax); defaults to true.'),
  ephemeralContainers: mergeList('name', core('EphemeralContainer'), 'Ephemeral containers run in this pod (added through the ephemeralcontainers subresource).'),
  hostAliases: mergeList('ip', core('HostAlias'), "Hosts and IPs injected into the pod's hosts file."),
  hostIPC: bool("Use the host's ipc namespace; defaults to false."),
  hostNetwork: bool("Use the host's network namespace; defaults to false."),
  hostPID: bool("Use the host's pid namespace; defaults to false."),
  hostUsers: bool("Use the host's user namespace; defaults to true."),
  hostname: str("The pod's hostname; defaults to a system-defined value."),
  hostnameOverride: str("Explicit override of the pod's hostname as seen from inside the pod."),
  imagePullSecrets: mergeList('name', core('LocalObjectReference'), "Secrets in the pod's namespace used to pull the images."),
  initContainers: mergeList('name', core('Container'), 'Initialization containers, run in order before the app containers start.'),
  nodeName: str('The node the pod is scheduled to; set by the scheduler (binding) unless given.'),
  nodeSelector: {...map(str(), "Labels a node must have for the pod to fit on it."), 'x-kubernetes-map-type': 'atomic'},
  os: core('PodOS', 'The OS of the containers in the pod.'),
  overhead: map(quantity(), 'Resource overhead of running the pod for its RuntimeClass (set by admission).'),
  preemptionPolicy: oneOf(['Never', 'PreemptLowerPriority'], 'Never or PreemptLowerPriority (default).'),
  priority: int32('Priority value, resolved from priorityClassName by admission.'),
  priorityClassName: str("The pod's priority class (system-node-critical, system-cluster-critical or a PriorityClass name)."),
  readinessGates: arr(core('PodReadinessGate'), 'Extra conditions evaluated for pod readiness.'),
  resourceClaims: mergeList('name', core('PodResourceClaim'), 'ResourceClaims allocated and reserved before the pod starts.', {retainKeys: true}),
  resources: core('ResourceRequirements', 'Total resources required by the pod (pod-level resources).'),
  restartPolicy: oneOf(['Always', 'Never', 'OnFailure'], 'Always (default), OnFailure or Never.'),
  runtimeClassName: str('RuntimeClass (node.k8s.io) used to run this pod.'),
  schedulerName: str('Scheduler that dispatches the pod; defaults to default-scheduler.'),
  schedulingGates: mergeList('name', core('PodSchedulingGate'), 'While any gate remains the pod is not scheduled.'),
  schedulingGroup: core('PodSchedulingGroup', 'The runtime scheduling group the pod belongs to.'),
  securityContext: core('PodSecurityContext', 'Pod-level security attributes and common container settings.'),
  serviceAccount: str('Deprecated alias for serviceAccountName.'),
  serviceAccountName: str('Name of the ServiceAccount used to run this pod.'),
  setHostnameAsFQDN: bool("Configure the pod's hostname as its FQDN."),
  shareProcessNamespace: bool('Share a single process namespace between all containers of the pod.'),
  subdomain: str('The pod hostname becomes "<hostname>.<subdomain>.<namespace>.svc.<cluster domain>".'),
  terminationGracePeriodSeconds: int64('Seconds the pod needs to terminate gracefully; defaults to 30.'),
  tolerations: arr(core('Toleration'), "The pod's tolerations."),
  topologySpreadConstraints: mergeList('topologyKey', core('TopologySpreadConstraint'), 'How pods spread across topology domains.', {keys: ['topologyKey', 'whenUnsatisfiable']}),
  volumes: mergeList('name', core('Volume'), 'Volumes that can be mounted by containers of the pod.', {retainKeys: true}),
}, ['containers'])

export const podSchemas: SchemaTable = {
  [CORE + 'Pod']: kind({group: '', version: 'v1', kind: 'Pod'}, 'Pod is a collection of containers that can run on a host.', {
    ...typeMeta(),
    spec: core('PodSpec', 'Specification of the desired behavior of the pod.'),
    status: core('PodStatus', 'Most recently observed status of the pod (read-only).'),
  }),
  [CORE + 'PodSpec']: podSpec,
  [CORE + 'PodTemplateSpec']: obj('Describes the data a pod should have when created from a template.', {
    metadata: meta('ObjectMeta', "Standard object's metadata."),
    spec: core('PodSpec', 'Specification of the desired behavior of the pod.'),
  }),
  [CORE + 'PodSecurityContext']: obj('Pod-level security attributes and common container settings.', {
    appArmorProfile: core('AppArmorProfile', 'AppArmor options of the containers.'),
    fsGroup: int64('Supplemental group applied to all containers; volumes are owned by it.'),
    fsGroupChangePolicy: oneOf(['Always', 'OnRootMismatch'], 'How volume ownership and permissions are changed: OnRootMismatch or Always.'),
    runAsGroup: int64('GID to run the entrypoint of the container processes.'),
    runAsNonRoot: bool('Require containers to run as a non-root user.'),
    runAsUser: int64('UID to run the entrypoint of the container processes.'),
    seLinuxChangePolicy: str('How the SELinux label is applied to volumes: Recursive or MountOption.'),
    seLinuxOptions: core('SELinuxOptions', 'SELinux context applied to all containers.'),
    seccompProfile: core('SeccompProfile', 'Seccomp options of the containers.'),
    supplementalGroups: arr(int64(), "Groups added to each container's first process, besides its primary GID."),
    supplementalGroupsPolicy: oneOf(['Merge', 'Strict'], 'How supplemental groups of the first process are calculated: Merge or Strict.'),
    sysctls: arr(core('Sysctl'), 'Namespaced sysctls used for the pod.'),
    windowsOptions: core('WindowsSecurityContextOptions', 'Windows-specific settings of all containers.'),
  }),
  [CORE + 'Sysctl']: obj('A kernel parameter to be set.', {
    name: str('Name of a property to set.'),
    value: str('Value of a property to set.'),
  }, ['name', 'value']),
  [CORE + 'PodDNSConfig']: obj('DNS parameters of a pod in addition to those generated from dnsPolicy.', {
    nameservers: arr(str(), 'DNS name server IP addresses.'),
    options: arr(core('PodDNSConfigOption'), 'DNS resolver options.'),
    searches: arr(str(), 'DNS search domains for host-name lookup.'),
  }),
  [CORE + 'PodDNSConfigOption']: obj('A DNS resolver option of a pod.', {
    name: str('Name of the option (e.g. ndots).'),
    value: str('Value of the option.'),
  }),
  [CORE + 'HostAlias']: obj("An IP and host names injected as an entry in the pod's hosts file.", {
    hostnames: arr(str(), 'Hostnames for the above IP address.'),
    ip: str('IP address of the host file entry.'),
  }, ['ip']),
  [CORE + 'PodReadinessGate']: obj('A pod condition type the pod readiness waits for.', {
    conditionType: str("Refers to a condition in the pod's condition list with matching type."),
  }, ['conditionType']),
  [CORE + 'PodSchedulingGate']: obj('A gate that blocks scheduling of the pod while present.', {
    name: str('Name of the scheduling gate; unique among gates.'),
  }, ['name']),
  [CORE + 'PodSchedulingGroup']: obj('Identifies the runtime scheduling group of a pod.', {
    podGroupName: str('Name of the pod group the pod belongs to.'),
  }),
  [CORE + 'PodOS']: obj('The OS parameters of a pod.', {
    name: str('Name of the operating system: linux or windows.'),
  }, ['name']),
  [CORE + 'PodResourceClaim']: obj('References exactly one ResourceClaim, directly or through a ResourceClaimTemplate.', {
    name: str('Uniquely identifies this resource claim inside the pod.'),
    resourceClaimName: str('Name of a ResourceClaim object in the pod namespace.'),
    resourceClaimTemplateName: str('Name of a ResourceClaimTemplate object in the pod namespace.'),
  }, ['name']),
  [CORE + 'Binding']: kind({group: '', version: 'v1', kind: 'Binding'}, 'Binding ties one object to another, e.g. a pod to a node by a scheduler.', {
    ...typeMeta(),
    target: core('ObjectReference', 'The target object to bind the standard object to.'),
  }, ['target']),
  [POLICY + 'Eviction']: kind({group: 'policy', version: 'v1', kind: 'Eviction'}, 'Eviction evicts a pod from its node subject to disruption budgets.', {
    apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
    deleteOptions: meta('DeleteOptions', 'DeleteOptions may be provided.'),
    kind: str('Kind is a string value representing the REST resource this object represents.'),
    metadata: meta('ObjectMeta', 'ObjectMeta describes the pod that is being evicted.'),
  }),
}
