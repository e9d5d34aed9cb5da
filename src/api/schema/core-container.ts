/**
 * core/v1 Container and EphemeralContainer with everything they reference: ports, env, resources, probes,
 * lifecycle hooks, security context, volume mounts.
 */
import {arr, bool, core, CORE, int32, int64, intOrString, listMap, map, mergeList, obj, oneOf, quantity, str, type Schema, type SchemaTable} from './dsl.js'

const PROTOCOLS = ['SCTP', 'TCP', 'UDP']

/** The fields Container and EphemeralContainer share (EphemeralContainerCommon inlines the same tags). */
function containerFields(ephemeral: boolean): Record<string, Schema> {
  const name = ephemeral ? 'Name of the ephemeral container, a DNS_LABEL unique among all containers of the pod.' : 'Name of the container, a DNS_LABEL unique within the pod. Cannot be updated.'
  return {
    args: arr(str(), 'Arguments to the entrypoint; the image CMD is used when not provided. $(VAR_NAME) is expanded.'),
    command: arr(str(), 'Entrypoint array, not run in a shell; the image ENTRYPOINT is used when not provided.'),
    env: mergeList('name', core('EnvVar'), 'Environment variables to set in the container.'),
    envFrom: arr(core('EnvFromSource'), 'Sources (ConfigMaps, Secrets) to populate environment variables from.'),
    image: str('Container image name.'),
    imagePullPolicy: oneOf(['Always', 'IfNotPresent', 'Never'], 'Always, Never or IfNotPresent; Always for :latest (or untagged) images, else IfNotPresent.'),
    lifecycle: core('Lifecycle', 'Actions the management system takes in response to container lifecycle events.'),
    livenessProbe: core('Probe', 'Periodic probe of container liveness; the container is restarted if it fails.'),
    name: str(name),
    ports: mergeList('containerPort', core('ContainerPort'), ephemeral ? 'Ports are not allowed for ephemeral containers.' : 'Ports to expose from the container (informational).', {keys: ['containerPort', 'protocol']}),
    readinessProbe: core('Probe', 'Periodic probe of container service readiness; failing removes the pod from service endpoints.'),
    resizePolicy: arr(core('ContainerResizePolicy'), 'Resources resize policy for the container.'),
    resources: core('ResourceRequirements', 'Compute resources required by this container.'),
    restartPolicy: str('Restart behaviour of this container; "Always" on an init container makes it a sidecar.'),
    restartPolicyRules: arr(core('ContainerRestartRule'), 'Rules checked on container exit to decide whether it is restarted.'),
    securityContext: core('SecurityContext', 'Security options the container should be run with.'),
    startupProbe: core('Probe', 'Probe that must succeed before the other probes start.'),
    stdin: bool('Whether to allocate a buffer for stdin in the container runtime.'),
    stdinOnce: bool('Whether to close stdin after the first attach session ends.'),
    ...(ephemeral ? {targetContainerName: str('Name of the container whose namespaces this ephemeral container runs in.')} : {}),
    terminationMessagePath: str('Path of the file the termination message is read from; defaults to /dev/termination-log.'),
    terminationMessagePolicy: oneOf(['FallbackToLogsOnError', 'File'], 'File (default) or FallbackToLogsOnError.'),
    tty: bool("Whether to allocate a TTY (requires 'stdin')."),
    volumeDevices: mergeList('devicePath', core('VolumeDevice'), 'Block devices to be used by the container.'),
    volumeMounts: mergeList('mountPath', core('VolumeMount'), "Pod volumes to mount into the container's filesystem."),
    workingDir: str("Container's working directory; the runtime default when not specified."),
  }
}

const keySelector = (what: string): Schema =>
  obj(`Selects a key of a ${what}.`, {
    key: str('The key to select.'),
    name: str(`Name of the ${what} in the pod's namespace.`),
    optional: bool(`Specify whether the ${what} or its key must be defined.`),
  }, ['key'])

const envSource = (what: string): Schema =>
  obj(`Selects a ${what} whose keys become environment variables.`, {
    name: str(`Name of the ${what}.`),
    optional: bool(`Specify whether the ${what} must be defined.`),
  })

export const containerSchemas: SchemaTable = {
  [CORE + 'Container']: obj('A single application container that you want to run within a pod.', containerFields(false), ['name']),
  [CORE + 'EphemeralContainer']: obj('A temporary container added to an existing pod for user-initiated activities such as debugging.', containerFields(true), ['name']),
  [CORE + 'ContainerPort']: obj('A network port in a single container.', {
    containerPort: int32("Port number to expose on the pod's IP address (0 < x < 65536)."),
    hostIP: str('Host IP to bind the external port to.'),
    hostPort: int32('Port number to expose on the host; must equal containerPort with hostNetwork.'),
    name: str('IANA_SVC_NAME unique within the pod; services refer to the port by it.'),
    protocol: oneOf(PROTOCOLS, 'UDP, TCP or SCTP; defaults to TCP.'),
  }, ['containerPort']),
  [CORE + 'EnvVar']: obj('An environment variable present in a container.', {
    name: str('Name of the environment variable.'),
    value: str('Value; $(VAR_NAME) references to previously defined variables are expanded.'),
    valueFrom: core('EnvVarSource', 'Source for the value; cannot be used if value is not empty.'),
  }, ['name']),
  [CORE + 'EnvVarSource']: obj('The source for the value of an environment variable.', {
    configMapKeyRef: core('ConfigMapKeySelector', 'Selects a key of a ConfigMap.'),
    fieldRef: core('ObjectFieldSelector', 'Selects a field of the pod: metadata.name, metadata.namespace, spec.nodeName, status.podIP ...'),
    fileKeyRef: core('FileKeySelector', 'Selects a key of an env file in a volume.'),
    resourceFieldRef: core('ResourceFieldSelector', 'Selects a resource of the container: limits.cpu, requests.memory ...'),
    secretKeyRef: core('SecretKeySelector', "Selects a key of a secret in the pod's namespace."),
  }),
  [CORE + 'ConfigMapKeySelector']: {...keySelector('ConfigMap'), 'x-kubernetes-map-type': 'atomic'},
  [CORE + 'SecretKeySelector']: {...keySelector('Secret'), 'x-kubernetes-map-type': 'atomic'},
  [CORE + 'FileKeySelector']: {
    ...obj('Selects a key of an env file.', {
      key: str('The key within the env file.'),
      optional: bool('Specify whether the file or its key must exist.'),
      path: str('Relative path of the env file within the volume.'),
      volumeName: str('Name of the volume holding the env file.'),
    }, ['volumeName', 'path', 'key']),
    'x-kubernetes-map-type': 'atomic',
  },
  [CORE + 'ObjectFieldSelector']: {
    ...obj('Selects an APIVersioned field of an object.', {
      apiVersion: str('Version of the schema the FieldPath is written in terms of; defaults to "v1".'),
      fieldPath: str('Path of the field to select in the specified API version.'),
    }, ['fieldPath']),
    'x-kubernetes-map-type': 'atomic',
  },
  [CORE + 'ResourceFieldSelector']: {
    ...obj('Selects a container resource (cpu, memory) and its output format.', {
      containerName: str('Container name: required for volumes, optional for env vars.'),
      divisor: quantity('Output format of the exposed resources; defaults to "1".'),
      resource: str('Required: resource to select (limits.cpu, requests.memory ...).'),
    }, ['resource']),
    'x-kubernetes-map-type': 'atomic',
  },
  [CORE + 'EnvFromSource']: obj('The source of a set of ConfigMaps or Secrets to import as environment variables.', {
    configMapRef: core('ConfigMapEnvSource', 'The ConfigMap to select from.'),
    prefix: str('Optional text to prepend to the name of each environment variable.'),
    secretRef: core('SecretEnvSource', 'The Secret to select from.'),
  }),
  [CORE + 'ConfigMapEnvSource']: envSource('ConfigMap'),
  [CORE + 'SecretEnvSource']: envSource('Secret'),
  [CORE + 'ResourceRequirements']: obj('The compute resource requirements.', {
    claims: listMap(['name'], core('ResourceClaim'), 'Names of resources, defined in spec.resourceClaims, used by this container.'),
    limits: map(quantity(), 'Maximum amount of compute resources allowed.'),
    requests: map(quantity(), 'Minimum amount of compute resources required; defaults to limits.'),
  }),
  [CORE + 'ResourceClaim']: obj('References one entry in PodSpec.ResourceClaims.', {
    name: str('Name of one entry in pod.spec.resourceClaims.'),
    request: str('Name of a request in the referenced claim; empty makes everything available.'),
  }, ['name']),
  [CORE + 'ContainerResizePolicy']: obj('Resource resize policy for the container.', {
    resourceName: str('Name of the resource this policy applies to: cpu or memory.'),
    restartPolicy: str('Restart policy when the resource is resized: NotRequired (default) or RestartContainer.'),
  }, ['resourceName', 'restartPolicy']),
  [CORE + 'ContainerRestartRule']: obj('Describes how a container exit is handled.', {
    action: str('Action taken when the rule matches: Restart.'),
    exitCodes: core('ContainerRestartRuleOnExitCodes', 'Exit codes the rule matches.'),
  }, ['action']),
  [CORE + 'ContainerRestartRuleOnExitCodes']: obj('Condition on container exit codes.', {
    operator: str('In or NotIn.'),
    values: {type: 'array', items: int32(), 'x-kubernetes-list-type': 'set', description: 'Exit codes to check (at most 255).'},
  }, ['operator']),
  [CORE + 'Probe']: obj('A health check performed against a container.', {
    exec: core('ExecAction', 'Exec specifies a command to execute in the container.'),
    failureThreshold: int32('Consecutive failures for the probe to be considered failed; defaults to 3.'),
    grpc: core('GRPCAction', 'GRPC specifies a GRPC HealthCheckRequest.'),
    httpGet: core('HTTPGetAction', 'HTTPGet specifies an HTTP GET request to perform.'),
    initialDelaySeconds: int32('Seconds after the container has started before probes are initiated.'),
    periodSeconds: int32('How often (in seconds) to perform the probe; defaults to 10.'),
    successThreshold: int32('Consecutive successes to be considered successful; must be 1 for liveness and startup.'),
    tcpSocket: core('TCPSocketAction', 'TCPSocket specifies a connection to a TCP port.'),
    terminationGracePeriodSeconds: int64('Grace period for the pod to terminate upon probe failure.'),
    timeoutSeconds: int32('Seconds after which the probe times out; defaults to 1.'),
  }),
  [CORE + 'ExecAction']: obj('A "run in container" action.', {
    command: arr(str(), 'Command line to execute inside the container (not run in a shell); exit status 0 is success.'),
  }),
  [CORE + 'HTTPGetAction']: obj('An action based on HTTP GET requests.', {
    host: str('Host name to connect to; defaults to the pod IP.'),
    httpHeaders: arr(core('HTTPHeader'), 'Custom headers to set in the request.'),
    path: str('Path to access on the HTTP server.'),
    port: intOrString('Name or number of the port to access on the container.'),
    scheme: oneOf(['HTTP', 'HTTPS'], 'Scheme to use for connecting to the host; defaults to HTTP.'),
  }, ['port']),
  [CORE + 'HTTPHeader']: obj('A custom header to be used in HTTP probes.', {
    name: str('The header field name.'),
    value: str('The header field value.'),
  }, ['name', 'value']),
  [CORE + 'TCPSocketAction']: obj('An action based on opening a socket.', {
    host: str('Host name to connect to; defaults to the pod IP.'),
    port: intOrString('Number or name of the port to access on the container.'),
  }, ['port']),
  [CORE + 'GRPCAction']: obj('An action involving a GRPC service.', {
    port: int32('Port number of the gRPC service (1-65535).'),
    service: str('Service name placed in the gRPC HealthCheckRequest.'),
  }, ['port']),
  [CORE + 'SleepAction']: obj('A "sleep" action.', {seconds: int64('Seconds to sleep.')}, ['seconds']),
  [CORE + 'Lifecycle']: obj('Actions taken in response to container lifecycle events.', {
    postStart: core('LifecycleHandler', 'Called immediately after the container is created.'),
    preStop: core('LifecycleHandler', 'Called immediately before the container is terminated.'),
    stopSignal: str('Signal sent to stop the container; defaults to the image or runtime default.'),
  }),
  [CORE + 'LifecycleHandler']: obj('A specific action taken in a lifecycle hook (exactly one).', {
    exec: core('ExecAction', 'Exec specifies a command to execute in the container.'),
    httpGet: core('HTTPGetAction', 'HTTPGet specifies an HTTP GET request to perform.'),
    sleep: core('SleepAction', 'Sleep represents a duration the container should sleep.'),
    tcpSocket: core('TCPSocketAction', 'Deprecated; kept for backward compatibility.'),
  }),
  [CORE + 'SecurityContext']: obj('Security configuration applied to a container; overrides the PodSecurityContext.', {
    allowPrivilegeEscalation: bool('Whether a process can gain more privileges than its parent (no_new_privs).'),
    appArmorProfile: core('AppArmorProfile', 'AppArmor options of this container.'),
    capabilities: core('Capabilities', 'Capabilities to add/drop when running the container.'),
    privileged: bool('Run container in privileged mode; defaults to false.'),
    procMount: oneOf(['Default', 'Unmasked'], 'Type of proc mount to use; defaults to Default.'),
    readOnlyRootFilesystem: bool('Whether this container has a read-only root filesystem.'),
    runAsGroup: int64('GID to run the entrypoint of the container process.'),
    runAsNonRoot: bool('Require the container to run as a non-root user.'),
    runAsUser: int64('UID to run the entrypoint of the container process.'),
    seLinuxOptions: core('SELinuxOptions', 'SELinux context applied to the container.'),
    seccompProfile: core('SeccompProfile', 'Seccomp options of this container.'),
    windowsOptions: core('WindowsSecurityContextOptions', 'Windows-specific settings.'),
  }),
  [CORE + 'Capabilities']: obj('Adds and removes POSIX capabilities from running containers.', {
    add: arr(str(), 'Added capabilities.'),
    drop: arr(str(), 'Removed capabilities.'),
  }),
  [CORE + 'SELinuxOptions']: obj('SELinux labels applied to the container.', {
    level: str('SELinux level label.'),
    role: str('SELinux role label.'),
    type: str('SELinux type label.'),
    user: str('SELinux user label.'),
  }),
  [CORE + 'SeccompProfile']: {
    ...obj("A pod's or container's seccomp profile settings.", {
      localhostProfile: str('Profile file on the node, relative to the kubelet seccomp directory; only for type Localhost.'),
      type: oneOf(['Localhost', 'RuntimeDefault', 'Unconfined'], 'Localhost, RuntimeDefault or Unconfined.'),
    }, ['type']),
    'x-kubernetes-unions': [{discriminator: 'type', 'fields-to-discriminateBy': {localhostProfile: 'LocalhostProfile'}}],
  },
  [CORE + 'AppArmorProfile']: {
    ...obj("A pod's or container's AppArmor settings.", {
      localhostProfile: str('Profile loaded on the node; only for type Localhost.'),
      type: oneOf(['Localhost', 'RuntimeDefault', 'Unconfined'], 'Localhost, RuntimeDefault or Unconfined.'),
    }, ['type']),
    'x-kubernetes-unions': [{discriminator: 'type', 'fields-to-discriminateBy': {localhostProfile: 'LocalhostProfile'}}],
  },
  [CORE + 'WindowsSecurityContextOptions']: obj('Windows-specific options and credentials.', {
    gmsaCredentialSpec: str('Contents of the GMSA credential spec named by gmsaCredentialSpecName.'),
    gmsaCredentialSpecName: str('Name of the GMSA credential spec to use.'),
    hostProcess: bool("Run the container as a 'Host Process' container."),
    runAsUserName: str('Windows user name to run the entrypoint as.'),
  }),
  [CORE + 'VolumeMount']: obj('A mounting of a volume within a container.', {
    mountPath: str("Path within the container at which the volume is mounted; must not contain ':'."),
    mountPropagation: oneOf(['Bidirectional', 'HostToContainer', 'None'], 'How mounts propagate between host and container; defaults to None.'),
    name: str('Must match the name of a volume.'),
    readOnly: bool('Mounted read-only if true; defaults to false.'),
    recursiveReadOnly: str('Disabled, IfPossible or Enabled: whether read-only mounts are read-only recursively.'),
    subPath: str("Path within the volume to mount; defaults to the volume's root."),
    subPathExpr: str('Like subPath, with $(VAR_NAME) expanded from the container environment.'),
  }, ['name', 'mountPath']),
  [CORE + 'VolumeDevice']: obj('A mapping of a raw block device within a container.', {
    devicePath: str('Path inside the container the device is mapped to.'),
    name: str('Must match the name of a persistentVolumeClaim in the pod.'),
  }, ['name', 'devicePath']),
}
