/**
 * core/v1 PodStatus and the container statuses the kubelet reports.
 */
import {arr, bool, core, CORE, int32, int64, listMap, map, mergeList, obj, oneOf, quantity, set, str, time, type SchemaTable} from './dsl.js'

export const podStatusSchemas: SchemaTable = {
  [CORE + 'PodStatus']: obj('Information about the status of a pod; may trail the actual state of the system.', {
    allocatedResources: map(quantity(), 'Total resources allocated to the pod.'),
    conditions: mergeList('type', core('PodCondition'), 'Current service state of the pod.'),
    containerStatuses: arr(core('ContainerStatus'), 'One entry per container in the manifest.'),
    ephemeralContainerStatuses: arr(core('ContainerStatus'), 'Status of the ephemeral containers that ran in this pod.'),
    extendedResourceClaimStatus: core('PodExtendedResourceClaimStatus', 'Status of the ResourceClaim backing extended resource requests.'),
    hostIP: str('IP address of the host the pod is assigned to.'),
    hostIPs: mergeList('ip', core('HostIP'), 'IP addresses allocated to the host (at most one per family).'),
    initContainerStatuses: arr(core('ContainerStatus'), 'One entry per init container in the manifest.'),
    message: str('Human readable message indicating why the pod is in this condition.'),
    nodeAllocatableResourceClaimStatuses: arr(core('NodeAllocatableResourceClaimStatus'), 'Node-allocatable resources provided through resource claims.'),
    nominatedNodeName: str('Node the pod may be scheduled on once preemption frees room.'),
    observedGeneration: int64('The pod generation observed by the kubelet.'),
    phase: oneOf(['Failed', 'Pending', 'Running', 'Succeeded', 'Unknown'], 'Pending, Running, Succeeded, Failed or Unknown.'),
    podIP: str('IP address allocated to the pod.'),
    podIPs: mergeList('ip', core('PodIP'), 'IP addresses allocated to the pod (at most one per family).'),
    qosClass: oneOf(['BestEffort', 'Burstable', 'Guaranteed'], 'Quality of Service class from the resource requirements: Guaranteed, Burstable or BestEffort.'),
    reason: str('Brief CamelCase reason for the pod state, e.g. Evicted.'),
    resize: str('Deprecated: status of a pending in-place resize.'),
    resourceClaimStatuses: mergeList('name', core('PodResourceClaimStatus'), 'Status of the resource claims.', {retainKeys: true}),
    resources: core('ResourceRequirements', 'Pod-level resources actually applied.'),
    startTime: time('When the object was acknowledged by the kubelet, before pulling images.'),
  }),
  [CORE + 'PodCondition']: obj('Details for the current condition of a pod.', {
    lastProbeTime: time('Last time the condition was probed.'),
    lastTransitionTime: time('Last time the condition transitioned from one status to another.'),
    message: str("Human-readable message about the last transition."),
    observedGeneration: int64('The pod generation the condition was set based upon.'),
    reason: str("Unique, one-word, CamelCase reason for the condition's last transition."),
    status: str('True, False or Unknown.'),
    type: str('Type of the condition: PodScheduled, Initialized, ContainersReady, Ready ...'),
  }, ['type', 'status']),
  [CORE + 'PodIP']: obj('A single IP address allocated to the pod.', {ip: str('The IP address.')}, ['ip']),
  [CORE + 'HostIP']: obj('A single IP address allocated to the host.', {ip: str('The IP address.')}, ['ip']),
  [CORE + 'PodResourceClaimStatus']: obj('The generated ResourceClaim of a PodResourceClaim.', {
    name: str('Matches the name in pod.spec.resourceClaims.'),
    resourceClaimName: str('Name of the ResourceClaim generated for the pod.'),
  }, ['name']),
  [CORE + 'PodExtendedResourceClaimStatus']: obj('The ResourceClaim created for extended resource requests.', {
    requestMappings: arr(core('ContainerExtendedResourceRequest'), 'Mapping of container extended resources to claim requests.'),
    resourceClaimName: str('Name of the ResourceClaim.'),
  }, ['requestMappings', 'resourceClaimName']),
  [CORE + 'ContainerExtendedResourceRequest']: obj('An extended resource request of a container and its claim request.', {
    containerName: str('Name of the container requesting resources.'),
    requestName: str('Name of the request in the special ResourceClaim.'),
    resourceName: str('Name of the extended resource.'),
  }, ['containerName', 'resourceName', 'requestName']),
  [CORE + 'NodeAllocatableResourceClaimStatus']: obj('Node-allocatable resources provided by a resource claim.', {
    containers: set(str(), 'Containers using the resources.'),
    resourceClaimName: str('Name of the ResourceClaim.'),
    resources: map(quantity(), 'Resources provided.'),
  }, ['resourceClaimName', 'resources']),
  [CORE + 'ContainerStatus']: obj('Details for the current status of a container.', {
    allocatedResources: map(quantity(), 'Compute resources allocated to the container by the node.'),
    allocatedResourcesStatus: listMap(['name'], core('ResourceStatus'), 'Health of the allocated resources.'),
    containerID: str("ID of the container, in the format '<type>://<container_id>'."),
    image: str('Name of the container image the container is running.'),
    imageID: str("Image ID of the container's image."),
    lastState: core('ContainerState', "Details about the container's last termination condition."),
    name: str('Name of the container as given in the pod spec.'),
    ready: bool('Whether the container is currently passing its readiness check.'),
    resources: core('ResourceRequirements', 'Compute resources actually configured for the running container.'),
    restartCount: int32('Number of times the container has been restarted.'),
    started: bool('Whether the container has finished its postStart hook and passed its startup probe.'),
    state: core('ContainerState', 'Details about the container\'s current condition.'),
    stopSignal: str('The stop signal of the container.'),
    user: core('ContainerUser', 'Identities of the first process of the container.'),
    volumeMounts: listMap(['mountPath'], core('VolumeMountStatus'), 'Status of the volume mounts.'),
  }, ['name', 'ready', 'restartCount', 'image', 'imageID']),
  [CORE + 'ResourceStatus']: obj('Status of a single resource allocated to a container.', {
    name: str('Name of the resource (as in spec.containers[*].resources).'),
    resources: listMap(['resourceID'], core('ResourceHealth'), 'Health of each allocated device.'),
  }, ['name']),
  [CORE + 'ResourceHealth']: obj('Health of one allocated resource.', {
    health: str('Healthy, Unhealthy or Unknown.'),
    message: str('Additional information about the health.'),
    resourceID: str('Unique identifier of the resource.'),
  }, ['resourceID']),
  [CORE + 'ContainerState']: obj('A possible state of a container; at most one member is set (Waiting by default).', {
    running: core('ContainerStateRunning', 'Details about a running container.'),
    terminated: core('ContainerStateTerminated', 'Details about a terminated container.'),
    waiting: core('ContainerStateWaiting', 'Details about a waiting container.'),
  }),
  [CORE + 'ContainerStateRunning']: obj('A running state of a container.', {
    startedAt: time('Time at which the container was last (re-)started.'),
  }),
  [CORE + 'ContainerStateTerminated']: obj('A terminated state of a container.', {
    containerID: str("Container's ID in the format '<type>://<container_id>'."),
    exitCode: int32('Exit status from the last termination of the container.'),
    finishedAt: time('Time at which the container last terminated.'),
    message: str('Message regarding the last termination of the container.'),
    reason: str('Brief reason from the last termination of the container.'),
    signal: int32('Signal from the last termination of the container.'),
    startedAt: time('Time at which previous execution of the container started.'),
  }, ['exitCode']),
  [CORE + 'ContainerStateWaiting']: obj('A waiting state of a container.', {
    message: str("Message regarding why the container is not yet running."),
    reason: str('Brief reason the container is not yet running (ContainerCreating, CrashLoopBackOff ...).'),
  }),
  [CORE + 'ContainerUser']: obj('User identity information of the first process of a container.', {
    linux: core('LinuxContainerUser', 'Identity of a Linux container.'),
  }),
  [CORE + 'LinuxContainerUser']: obj('User identity of the first process of a Linux container.', {
    gid: int64('Primary GID.'),
    supplementalGroups: arr(int64(), 'Supplemental groups.'),
    uid: int64('Primary UID.'),
  }, ['uid', 'gid']),
  [CORE + 'VolumeMountStatus']: obj('Status of a volume mount.', {
    mountPath: str('Corresponds to the original VolumeMount.'),
    name: str('Corresponds to the original VolumeMount.'),
    readOnly: bool('Corresponds to the original VolumeMount.'),
    recursiveReadOnly: str('Disabled, Enabled or unspecified (for non-read-only mounts).'),
    volumeStatus: core('VolumeStatus', 'Status of the volume.'),
  }, ['name', 'mountPath']),
  [CORE + 'VolumeStatus']: obj('Status of a mounted volume.', {
    image: core('ImageVolumeStatus', 'Status of an image volume.'),
  }),
  [CORE + 'ImageVolumeStatus']: obj('Status of an image volume.', {
    imageRef: str('Digest of the image used.'),
  }, ['imageRef']),
}
