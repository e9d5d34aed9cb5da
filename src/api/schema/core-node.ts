/**
 * core/v1 Node and Namespace.
 */
import {arr, bool, core, CORE, int32, int64, kind, map, mergeList, mergeSet, obj, oneOf, quantity, str, time, typeMeta, type SchemaTable} from './dsl.js'

const condition = (what: string) =>
  obj(`Condition information for a ${what}.`, {
    ...(what === 'node' ? {lastHeartbeatTime: time('Last time the condition was probed.')} : {}),
    lastTransitionTime: time('Last time the condition transitioned from one status to another.'),
    message: str('Human readable message indicating details about the last transition.'),
    reason: str("(brief) reason for the condition's last transition."),
    status: str('True, False or Unknown.'),
    type: str(`Type of ${what} condition.`),
  }, ['type', 'status'])

export const nodeSchemas: SchemaTable = {
  [CORE + 'Node']: kind({group: '', version: 'v1', kind: 'Node'}, 'A worker node; each node has a unique identifier in the cache (i.e. in etcd).', {
    ...typeMeta(),
    spec: core('NodeSpec', 'Spec defines the behavior of a node.'),
    status: core('NodeStatus', 'Most recently observed status of the node (read-only).'),
  }),
  [CORE + 'NodeSpec']: obj('The attributes a node is created with.', {
    configSource: core('NodeConfigSource', 'Deprecated: dynamic kubelet configuration source.'),
    externalID: str('Deprecated. Not all kubelets set this field.'),
    podCIDR: str('Pod IP range assigned to the node.'),
    podCIDRs: mergeSet(str(), 'Pod IP ranges assigned to the node, at most one per family.'),
    providerID: str('ID of the node assigned by the cloud provider: <ProviderName>://<ProviderSpecificNodeID>.'),
    taints: arr(core('Taint'), "The node's taints."),
    unschedulable: bool('Controls node schedulability of new pods (cordon); defaults to false.'),
  }),
  [CORE + 'NodeConfigSource']: obj('Deprecated: a source of node configuration.', {
    configMap: core('ConfigMapNodeConfigSource', 'ConfigMap holding the kubelet configuration.'),
  }),
  [CORE + 'ConfigMapNodeConfigSource']: obj('A ConfigMap used as the config source for a node (deprecated).', {
    kubeletConfigKey: str('Key of the KubeletConfiguration structure in the ConfigMap.'),
    name: str('Name of the ConfigMap.'),
    namespace: str('Namespace of the ConfigMap.'),
    resourceVersion: str('ResourceVersion of the ConfigMap (status only).'),
    uid: str('UID of the ConfigMap (status only).'),
  }, ['namespace', 'name', 'kubeletConfigKey']),
  [CORE + 'Taint']: obj('A taint: the node repels pods that do not tolerate it.', {
    effect: oneOf(['NoExecute', 'NoSchedule', 'PreferNoSchedule'], 'NoSchedule, PreferNoSchedule or NoExecute.'),
    key: str('The taint key to be applied to a node.'),
    timeAdded: time('When the taint was added (NoExecute taints only).'),
    value: str('The taint value corresponding to the taint key.'),
  }, ['key', 'effect']),
  [CORE + 'NodeStatus']: obj('Information about the current status of a node.', {
    addresses: mergeList('type', core('NodeAddress'), 'Addresses reachable to the node.'),
    allocatable: map(quantity(), 'Resources of the node available for scheduling; defaults to capacity.'),
    capacity: map(quantity(), 'Total resources of the node.'),
    conditions: mergeList('type', core('NodeCondition'), 'Current observed node conditions.'),
    config: core('NodeConfigStatus', 'Status of the config assigned through configSource (deprecated).'),
    daemonEndpoints: core('NodeDaemonEndpoints', 'Endpoints of daemons running on the node.'),
    declaredFeatures: arr(str(), 'Node features declared by the kubelet.'),
    features: core('NodeFeatures', 'Features implemented by the CRI implementation.'),
    images: arr(core('ContainerImage'), 'Container images on the node.'),
    nodeInfo: core('NodeSystemInfo', 'Ids/uuids identifying the node.'),
    phase: str('Deprecated: NodePhase is the recently observed lifecycle phase of the node.'),
    runtimeHandlers: arr(core('NodeRuntimeHandler'), 'The available runtime handlers.'),
    volumesAttached: arr(core('AttachedVolume'), 'Volumes attached to the node.'),
    volumesInUse: arr(str(), 'Attachable volumes in use (mounted) by the node.'),
  }),
  [CORE + 'NodeAddress']: obj("Information for the node's address.", {
    address: str('The node address.'),
    type: str('Hostname, ExternalIP, InternalIP, ExternalDNS or InternalDNS.'),
  }, ['type', 'address']),
  [CORE + 'NodeCondition']: condition('node'),
  [CORE + 'NodeConfigStatus']: obj('Status of the config assigned by Node.spec.configSource (deprecated).', {
    active: core('NodeConfigSource', 'Checkpointed config the node is actively using.'),
    assigned: core('NodeConfigSource', 'Checkpointed config the node will try to use.'),
    error: str('Problems reconciling spec.configSource to assigned or active.'),
    lastKnownGood: core('NodeConfigSource', 'Checkpointed config the node falls back to.'),
  }),
  [CORE + 'NodeDaemonEndpoints']: obj('Ports opened by daemons running on the node.', {
    kubeletEndpoint: core('DaemonEndpoint', 'Endpoint on which the kubelet is listening.'),
  }),
  [CORE + 'DaemonEndpoint']: obj('Information about a single daemon endpoint.', {
    Port: int32('Port number of the given endpoint.'),
  }, ['Port']),
  [CORE + 'NodeFeatures']: obj('Features implemented by the CRI implementation.', {
    supplementalGroupsPolicy: bool('Whether the runtime supports SupplementalGroupsPolicy and ContainerUser.'),
  }),
  [CORE + 'ContainerImage']: obj('A container image.', {
    names: arr(str(), 'Names by which this image is known, e.g. "docker.io/library/nginx:1.25".'),
    sizeBytes: int64('The size of the image in bytes.'),
  }),
  [CORE + 'NodeSystemInfo']: obj('Ids/uuids uniquely identifying the node.', {
    architecture: str('The architecture reported by the node.'),
    bootID: str('Boot ID reported by the node.'),
    containerRuntimeVersion: str('Container runtime version reported by the node (<runtime>://<version>).'),
    kernelVersion: str("Kernel version reported by the node ('uname -r')."),
    kubeProxyVersion: str('Deprecated: kube-proxy version reported by the node.'),
    kubeletVersion: str('Kubelet version reported by the node.'),
    machineID: str('MachineID reported by the node.'),
    operatingSystem: str('The operating system reported by the node.'),
    osImage: str('OS image reported by the node from /etc/os-release.'),
    swap: core('NodeSwapStatus', 'Swap memory information.'),
    systemUUID: str('SystemUUID reported by the node.'),
  }, ['machineID', 'systemUUID', 'bootID', 'kernelVersion', 'osImage', 'containerRuntimeVersion', 'kubeletVersion', 'kubeProxyVersion', 'operatingSystem', 'architecture']),
  [CORE + 'NodeSwapStatus']: obj('Swap memory information.', {
    capacity: int64('Total amount of swap memory in bytes.'),
  }),
  [CORE + 'NodeRuntimeHandler']: obj('A runtime handler and its features.', {
    features: core('NodeRuntimeHandlerFeatures', 'Supported features.'),
    name: str('Runtime handler name; empty for the default handler.'),
  }),
  [CORE + 'NodeRuntimeHandlerFeatures']: obj('Features of a runtime handler.', {
    recursiveReadOnlyMounts: bool('Whether the handler supports RecursiveReadOnlyMounts.'),
    userNamespaces: bool('Whether the handler supports user namespaces for volumes.'),
  }),
  [CORE + 'AttachedVolume']: obj('A volume attached to a node.', {
    devicePath: str('Device path where the volume should be available.'),
    name: str('Name of the attached volume.'),
  }, ['name', 'devicePath']),

  [CORE + 'Namespace']: kind({group: '', version: 'v1', kind: 'Namespace'}, 'Namespace provides a scope for names.', {
    ...typeMeta(),
    spec: core('NamespaceSpec', 'Spec defines the behavior of the Namespace.'),
    status: core('NamespaceStatus', 'Status describes the current status of a Namespace (read-only).'),
  }),
  [CORE + 'NamespaceSpec']: obj('The attributes on a Namespace.', {
    finalizers: arr(str(), 'Must be empty before the namespace is removed from storage.'),
  }),
  [CORE + 'NamespaceStatus']: obj('Information about the current status of a Namespace.', {
    conditions: mergeList('type', core('NamespaceCondition'), 'Latest available observations of the namespace state.'),
    phase: oneOf(['Active', 'Terminating'], 'Active or Terminating.'),
  }),
  [CORE + 'NamespaceCondition']: condition('namespace'),
}
