/** Workload, service, node and event fixtures (see fixtures.ts). */
import {ago, DAY, HOUR, MIN} from './fixtures-clock.js'

const webTemplate = (image: string, hash: string) => ({
  metadata: {labels: {app: 'web', 'pod-template-hash': hash}},
  spec: {containers: [{name: 'nginx', image, ports: [{containerPort: 80, protocol: 'TCP'}]}], restartPolicy: 'Always'},
})

/** The "web" deployment half-way through a rollout from nginx:1.25 to nginx:1.26. */
export const rollingDeployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {name: 'web', namespace: 'default', uid: 'deploy-web-uid', generation: 2, creationTimestamp: ago(2 * DAY + 5 * HOUR), labels: {app: 'web'}, annotations: {'deployment.kubernetes.io/revision': '2'}},
  spec: {
    replicas: 3,
    selector: {matchLabels: {app: 'web'}},
    template: {metadata: {labels: {app: 'web'}}, spec: webTemplate('nginx:1.26', '').spec},
    strategy: {type: 'RollingUpdate', rollingUpdate: {maxUnavailable: '25%', maxSurge: '25%'}},
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
  },
  status: {
    observedGeneration: 2,
    replicas: 4,
    updatedReplicas: 1,
    readyReplicas: 2,
    availableReplicas: 2,
    unavailableReplicas: 2,
    conditions: [
      {type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.'},
      {type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: 'ReplicaSet "web-85f6c9d7b" is progressing.'},
    ],
  },
}

const rsOwner = [{apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'deploy-web-uid', controller: true, blockOwnerDeletion: true}]

/** The deployment's old replica set (nginx:1.25). */
export const oldReplicaSet = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: {name: 'web-7d4b9c8f6', namespace: 'default', uid: 'rs-old-uid', creationTimestamp: ago(2 * DAY + 5 * HOUR), labels: {app: 'web', 'pod-template-hash': '7d4b9c8f6'}, ownerReferences: rsOwner},
  spec: {replicas: 3, selector: {matchLabels: {app: 'web', 'pod-template-hash': '7d4b9c8f6'}}, template: webTemplate('nginx:1.25', '7d4b9c8f6')},
  status: {replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 2, availableReplicas: 2},
}

/** The deployment's new replica set (nginx:1.26). */
export const newReplicaSet = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: {name: 'web-85f6c9d7b', namespace: 'default', uid: 'rs-new-uid', creationTimestamp: ago(40), labels: {app: 'web', 'pod-template-hash': '85f6c9d7b'}, ownerReferences: rsOwner},
  spec: {replicas: 1, selector: {matchLabels: {app: 'web', 'pod-template-hash': '85f6c9d7b'}}, template: webTemplate('nginx:1.26', '85f6c9d7b')},
  status: {replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 0, availableReplicas: 0},
}

const svc = (name: string, spec: Record<string, unknown>, status: Record<string, unknown> = {loadBalancer: {}}) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: {name, namespace: 'default', creationTimestamp: ago(3 * DAY)},
  spec: {sessionAffinity: 'None', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster', ...spec},
  status,
})

/** Services of every type. */
export const services = {
  clusterIP: svc('kubernetes', {type: 'ClusterIP', clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], ports: [{name: 'https', port: 443, protocol: 'TCP', targetPort: 6443}]}),
  nodePort: svc('web-np', {type: 'NodePort', clusterIP: '10.96.12.34', clusterIPs: ['10.96.12.34'], selector: {app: 'web'}, externalTrafficPolicy: 'Cluster', ports: [{name: 'http', port: 80, protocol: 'TCP', targetPort: 'http', nodePort: 30080}, {name: 'metrics', port: 9090, protocol: 'TCP', targetPort: 9090, nodePort: 30909}]}),
  pendingLB: svc('web-lb', {type: 'LoadBalancer', clusterIP: '10.96.45.6', clusterIPs: ['10.96.45.6'], selector: {app: 'web'}, externalTrafficPolicy: 'Cluster', ports: [{port: 443, protocol: 'TCP', targetPort: 8443, nodePort: 31443}]}),
  readyLB: svc('edge', {type: 'LoadBalancer', clusterIP: '10.96.45.7', clusterIPs: ['10.96.45.7'], selector: {app: 'edge'}, externalTrafficPolicy: 'Local', healthCheckNodePort: 32000, ports: [{port: 80, protocol: 'TCP', targetPort: 80, nodePort: 30081}]}, {loadBalancer: {ingress: [{ip: '203.0.113.20', ipMode: 'VIP'}, {ip: '203.0.113.10'}]}}),
  headless: svc('db', {type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], selector: {app: 'db'}, ports: [{name: 'pg', port: 5432, protocol: 'TCP', targetPort: 5432}]}),
  externalName: svc('search', {type: 'ExternalName', externalName: 'search.example.com'}),
}

/** Endpoints of web-np: five ready addresses on two named ports. */
export const webEndpoints = {
  apiVersion: 'v1',
  kind: 'Endpoints',
  metadata: {name: 'web-np', namespace: 'default', creationTimestamp: ago(3 * DAY)},
  subsets: [
    {
      addresses: ['10.244.1.5', '10.244.1.6', '10.244.2.3', '10.244.2.4', '10.244.3.2'].map((ip) => ({ip})),
      notReadyAddresses: [{ip: '10.244.3.9'}],
      ports: [{name: 'http', port: 80, protocol: 'TCP'}, {name: 'metrics', port: 9090, protocol: 'TCP'}],
    },
  ],
}

const nodeInfo = {
  machineID: 'f3c1', systemUUID: 'a1b2', bootID: 'b007', kernelVersion: '6.8.0-31-generic', osImage: 'Ubuntu 24.04 LTS',
  containerRuntimeVersion: 'podman://5.0.2', kubeletVersion: 'v1.30.0-mkube', kubeProxyVersion: 'v1.30.0-mkube', operatingSystem: 'linux', architecture: 'amd64',
}

const node = (name: string, ip: string, extra: {labels?: Record<string, string>; unschedulable?: boolean; ready?: string; taints?: unknown[]}) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {name, uid: `node-${name}`, creationTimestamp: ago(30 * DAY), labels: {'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...extra.labels}},
  spec: {podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'], ...(extra.unschedulable ? {unschedulable: true} : {}), ...(extra.taints ? {taints: extra.taints} : {})},
  status: {
    capacity: {cpu: '4', memory: '8048520Ki', pods: '110', 'ephemeral-storage': '102687672Ki'},
    allocatable: {cpu: '4', memory: '7946120Ki', pods: '110', 'ephemeral-storage': '94636958796'},
    conditions: [
      {type: 'MemoryPressure', status: 'False', lastHeartbeatTime: ago(40), lastTransitionTime: ago(30 * DAY), reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available'},
      {type: 'Ready', status: extra.ready ?? 'True', lastHeartbeatTime: ago(40), lastTransitionTime: ago(30 * DAY), reason: 'KubeletReady', message: 'kubelet is posting ready status'},
    ],
    addresses: [{type: 'InternalIP', address: ip}, {type: 'Hostname', address: name}],
    nodeInfo,
  },
})

/** A control-plane node, a cordoned worker and an unready worker. */
export const nodes = {
  master: node('master', '192.168.1.10', {labels: {'node-role.kubernetes.io/control-plane': ''}, taints: [{key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule'}]}),
  cordoned: node('worker-1', '192.168.1.11', {unschedulable: true, taints: [{key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: ago(HOUR)}]}),
  notReady: node('worker-3', '192.168.1.13', {ready: 'Unknown', labels: {'kubernetes.io/role': 'gpu', 'node-role.kubernetes.io/worker': ''}}),
}

/** Events about the crash-looping pod. */
export const crashEvents = [
  {
    apiVersion: 'v1', kind: 'Event', metadata: {name: 'api-5f6d8c7b9-qwert.17c1', namespace: 'default'},
    involvedObject: {kind: 'Pod', namespace: 'default', name: 'api-5f6d8c7b9-qwert', uid: 'uid-crash', fieldPath: 'spec.containers{api}'},
    reason: 'BackOff', message: 'Back-off restarting failed container api in pod api-5f6d8c7b9-qwert_default(uid-crash)',
    source: {component: 'kubelet', host: 'worker-2'}, firstTimestamp: ago(40 * MIN), lastTimestamp: ago(2 * MIN), count: 23, type: 'Warning',
  },
  {
    apiVersion: 'v1', kind: 'Event', metadata: {name: 'api-5f6d8c7b9-qwert.17b0', namespace: 'default'},
    involvedObject: {kind: 'Pod', namespace: 'default', name: 'api-5f6d8c7b9-qwert', uid: 'uid-crash'},
    reason: 'Scheduled', message: 'Successfully assigned default/api-5f6d8c7b9-qwert to worker-2',
    source: {component: 'default-scheduler'}, firstTimestamp: ago(45 * MIN), lastTimestamp: ago(45 * MIN), count: 1, type: 'Normal',
  },
  {
    apiVersion: 'v1', kind: 'Event', metadata: {name: 'api-5f6d8c7b9-qwert.17b5', namespace: 'default'},
    involvedObject: {kind: 'Pod', namespace: 'default', name: 'api-5f6d8c7b9-qwert', uid: 'uid-crash', fieldPath: 'spec.containers{api}'},
    reason: 'Pulled', message: 'Container image "example/api:2.0" already present on machine',
    reportingController: 'kubelet', reportingInstance: 'worker-2', eventTime: ago(44 * MIN), series: {count: 6, lastObservedTime: ago(150)}, type: 'Normal',
  },
]
