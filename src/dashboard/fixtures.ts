/**
 * A small cluster for the dashboard's tests and README capture, built on the printer fixtures (ages are
 * relative to their NOW): three nodes (one cordoned, one not ready) plus a ready worker-2, pods in every
 * state, the rolling "web" deployment and a broken "api" one, services, events, leases and the rest.
 */
import {
  ago,
  completedPod,
  crashEvents,
  crashLoopPod,
  initPod,
  newReplicaSet,
  nodes,
  NOW,
  oldReplicaSet,
  rollingDeployment,
  runningPod,
  services,
  sidecarPod,
  terminatingPod,
  webEndpoints,
} from '../api/printers/fixtures.js'
import {StaticSource, type CannedLogs} from './static-source.js'

export {NOW}

const meta = (name: string, namespace: string | undefined, ageSeconds: number, extra: Record<string, unknown> = {}) => ({
  name,
  ...(namespace ? {namespace} : {}),
  uid: `uid-${name}`,
  resourceVersion: '1',
  creationTimestamp: ago(ageSeconds),
  ...extra,
})

/** A ready worker-2 (the crash-looping and terminating pods run on it). */
export const worker2 = {
  ...nodes.cordoned,
  metadata: {...nodes.cordoned.metadata, name: 'worker-2', uid: 'node-worker-2', labels: {'kubernetes.io/hostname': 'worker-2'}},
  spec: {podCIDR: '10.244.2.0/24'},
  status: {...nodes.cordoned.status, addresses: [{type: 'InternalIP', address: '192.168.1.12'}, {type: 'Hostname', address: 'worker-2'}]},
}

/** The "api" deployment: one replica, crash-looping, none ready. */
export const apiDeployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: meta('api', 'default', 45 * 60, {labels: {app: 'api'}}),
  spec: {replicas: 1, selector: {matchLabels: {app: 'api'}}, template: {metadata: {labels: {app: 'api'}}, spec: {containers: [{name: 'api', image: 'example/api:2.0'}]}}},
  status: {replicas: 1, updatedReplicas: 1, readyReplicas: 0, availableReplicas: 0, unavailableReplicas: 1},
}

/** A pod no node has been found for yet. */
export const pendingPod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: meta('gpu-job-7f9c2', 'default', 70, {labels: {app: 'gpu'}}),
  spec: {containers: [{name: 'train', image: 'example/train:3', resources: {requests: {cpu: '2', memory: '4Gi'}}}]},
  status: {phase: 'Pending', conditions: [{type: 'PodScheduled', status: 'False', reason: 'Unschedulable'}]},
}

/** A pod with two containers (logs of all containers). */
export const twoContainerPod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: meta('cache-0', 'default', 3 * 3600, {labels: {app: 'cache'}}),
  spec: {
    containers: [
      {name: 'redis', image: 'redis:7', resources: {requests: {cpu: '250m', memory: '256Mi'}}},
      {name: 'exporter', image: 'oliver006/redis_exporter', resources: {requests: {cpu: '50m', memory: '32Mi'}}},
    ],
    nodeName: 'master',
  },
  status: {
    phase: 'Running',
    podIP: '10.244.0.4',
    conditions: [{type: 'Ready', status: 'True'}],
    containerStatuses: [
      {name: 'redis', state: {running: {startedAt: ago(3 * 3600)}}, ready: true, restartCount: 0},
      {name: 'exporter', state: {running: {startedAt: ago(3 * 3600)}}, ready: true, restartCount: 0},
    ],
  },
}

/** The warning about the unready node, newer than the crash-loop back-off. */
export const nodeEvent = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: meta('worker-3.17d2', 'default', 60),
  involvedObject: {kind: 'Node', name: 'worker-3', uid: 'node-worker-3'},
  reason: 'NodeNotReady',
  message: 'Node worker-3 status is now: NodeNotReady',
  source: {component: 'node-controller'},
  firstTimestamp: ago(60),
  lastTimestamp: ago(60),
  count: 1,
  type: 'Warning',
}

/** The scheduler's warning about the pending pod. */
export const schedulingEvent = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: meta('gpu-job-7f9c2.17d3', 'default', 70),
  involvedObject: {kind: 'Pod', namespace: 'default', name: 'gpu-job-7f9c2', uid: 'uid-gpu-job-7f9c2'},
  reason: 'FailedScheduling',
  message: '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) were unschedulable, 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 1 Insufficient cpu.',
  source: {component: 'default-scheduler'},
  firstTimestamp: ago(70),
  lastTimestamp: ago(12),
  count: 5,
  type: 'Warning',
}

/** Leader election: a scheduler leader, no controller manager lease. */
export const leases = [
  {apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: meta('kube-scheduler', 'kube-system', 86400), spec: {holderIdentity: 'master_7c1e4b', leaseDurationSeconds: 15, renewTime: ago(2)}},
]

const namespace = (name: string, ageSeconds: number) => ({apiVersion: 'v1', kind: 'Namespace', metadata: meta(name, undefined, ageSeconds), spec: {finalizers: ['kubernetes']}, status: {phase: 'Active'}})

const daemonSet = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: meta('node-agent', 'kube-system', 30 * 86400),
  spec: {selector: {matchLabels: {app: 'node-agent'}}, template: {metadata: {labels: {app: 'node-agent'}}, spec: {containers: [{name: 'agent', image: 'example/agent:1'}]}}},
  status: {desiredNumberScheduled: 4, currentNumberScheduled: 4, numberReady: 3, updatedNumberScheduled: 4, numberAvailable: 3},
}

const job = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: meta('pi', 'default', 5 * 60 + 12),
  spec: {completions: 1, parallelism: 1, selector: {matchLabels: {'batch.kubernetes.io/job-name': 'pi'}}, template: {spec: {containers: [{name: 'pi', image: 'perl:5.34'}]}}},
  status: {succeeded: 1, startTime: ago(5 * 60 + 12), completionTime: ago(4 * 60), conditions: [{type: 'Complete', status: 'True'}]},
}

const cronJob = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: meta('nightly', 'default', 3 * 86400),
  spec: {schedule: '0 3 * * *', suspend: false, jobTemplate: {spec: {template: {spec: {containers: [{name: 'backup', image: 'busybox'}]}}}}},
  status: {lastScheduleTime: ago(7 * 3600)},
}

/** Every fixture object by resource. */
export function fixtureObjects(): Record<string, unknown[]> {
  return {
    nodes: [nodes.master, nodes.cordoned, worker2, nodes.notReady],
    pods: [runningPod, crashLoopPod, initPod, sidecarPod, terminatingPod, completedPod, pendingPod, twoContainerPod],
    deployments: [rollingDeployment, apiDeployment],
    replicasets: [oldReplicaSet, newReplicaSet],
    daemonsets: [daemonSet],
    jobs: [job],
    cronjobs: [cronJob],
    services: [services.clusterIP, services.nodePort, services.headless],
    endpoints: [webEndpoints],
    namespaces: [namespace('default', 30 * 86400), namespace('kube-system', 30 * 86400), namespace('batch', 2 * 86400)],
    configmaps: [{apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('web-config', 'default', 3 * 86400), data: {'nginx.conf': 'server {}', 'mime.types': ''}}],
    secrets: [{apiVersion: 'v1', kind: 'Secret', metadata: meta('db', 'default', 3 * 86400), type: 'Opaque', data: {password: 'czNjcjN0'}}],
    events: [...crashEvents, nodeEvent, schedulingEvent],
    leases,
  }
}

/** A StaticSource holding the fixture cluster. */
export function fixtureSource(opts: {logs?: CannedLogs} = {}): StaticSource {
  return new StaticSource(fixtureObjects(), {server: 'https://192.168.1.10:6443', context: 'mkube-admin', logs: opts.logs})
}
