/** Pod fixtures (see fixtures.ts). */
import {ago, DAY, HOUR, MIN} from './fixtures-clock.js'

const defaultTolerations = [
  {key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300},
  {key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300},
]

/** A running, ready nginx pod of the "web" deployment's old replica set. */
export const runningPod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web-7d4b9c8f6-x2x9k',
    namespace: 'default',
    uid: '5f0c1d2e-0000-4000-8000-000000000001',
    creationTimestamp: ago(2 * DAY + 5 * HOUR),
    labels: {app: 'web', 'pod-template-hash': '7d4b9c8f6'},
    ownerReferences: [{apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d4b9c8f6', uid: 'rs-old-uid', controller: true, blockOwnerDeletion: true}],
  },
  spec: {
    containers: [
      {
        name: 'nginx',
        image: 'nginx:1.25',
        ports: [{name: 'http', containerPort: 80, protocol: 'TCP'}],
        env: [
          {name: 'MODE', value: 'production'},
          {name: 'POD_NAME', valueFrom: {fieldRef: {apiVersion: 'v1', fieldPath: 'metadata.name'}}},
          {name: 'DB_PASSWORD', valueFrom: {secretKeyRef: {name: 'db', key: 'password'}}},
        ],
        resources: {limits: {cpu: '500m', memory: '128Mi'}, requests: {cpu: '0.1', memory: '64Mi'}},
        readinessProbe: {httpGet: {path: '/healthz', port: 8080, scheme: 'HTTP'}, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3},
        volumeMounts: [
          {name: 'kube-api-access-abcde', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount'},
          {name: 'config', mountPath: '/etc/nginx/conf.d'},
        ],
      },
    ],
    volumes: [
      {name: 'config', configMap: {name: 'web-config'}},
      {
        name: 'kube-api-access-abcde',
        projected: {
          sources: [
            {serviceAccountToken: {expirationSeconds: 3607, path: 'token'}},
            {configMap: {name: 'kube-root-ca.crt', items: [{key: 'ca.crt', path: 'ca.crt'}]}},
            {downwardAPI: {items: [{path: 'namespace', fieldRef: {apiVersion: 'v1', fieldPath: 'metadata.namespace'}}]}},
          ],
        },
      },
    ],
    restartPolicy: 'Always',
    serviceAccountName: 'default',
    nodeName: 'worker-1',
    priority: 0,
    tolerations: defaultTolerations,
  },
  status: {
    phase: 'Running',
    conditions: [
      {type: 'PodReadyToStartContainers', status: 'True', lastTransitionTime: ago(2 * DAY + 5 * HOUR - 5)},
      {type: 'Initialized', status: 'True', lastTransitionTime: ago(2 * DAY + 5 * HOUR - 1)},
      {type: 'Ready', status: 'True', lastTransitionTime: ago(2 * DAY + 5 * HOUR - 8)},
      {type: 'ContainersReady', status: 'True', lastTransitionTime: ago(2 * DAY + 5 * HOUR - 8)},
      {type: 'PodScheduled', status: 'True', lastTransitionTime: ago(2 * DAY + 5 * HOUR)},
    ],
    hostIP: '192.168.1.11',
    podIP: '10.244.1.5',
    podIPs: [{ip: '10.244.1.5'}],
    startTime: '2024-04-29T07:00:01Z',
    containerStatuses: [
      {
        name: 'nginx',
        state: {running: {startedAt: '2024-04-29T07:00:06Z'}},
        lastState: {},
        ready: true,
        restartCount: 0,
        image: 'docker.io/library/nginx:1.25',
        imageID: 'docker.io/library/nginx@sha256:0123abcd',
        containerID: 'podman://4f2a9c',
        started: true,
      },
    ],
    qosClass: 'Burstable',
  },
}

/** A pod whose container keeps crashing (5 restarts, the last one 2m30s ago). */
export const crashLoopPod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {name: 'api-5f6d8c7b9-qwert', namespace: 'default', uid: 'uid-crash', creationTimestamp: ago(45 * MIN), labels: {app: 'api'}},
  spec: {containers: [{name: 'api', image: 'example/api:2.0'}], nodeName: 'worker-2'},
  status: {
    phase: 'Running',
    conditions: [{type: 'Ready', status: 'False', reason: 'ContainersNotReady'}],
    podIP: '10.244.2.7',
    podIPs: [{ip: '10.244.2.7'}],
    containerStatuses: [
      {
        name: 'api',
        state: {waiting: {reason: 'CrashLoopBackOff', message: 'back-off 2m40s restarting failed container=api'}},
        lastState: {terminated: {exitCode: 1, reason: 'Error', startedAt: ago(2 * MIN + 32), finishedAt: ago(2 * MIN + 30)}},
        ready: false,
        restartCount: 5,
        image: 'example/api:2.0',
        imageID: '',
        started: false,
      },
    ],
  },
}

/** A pod still running the second of its two init containers. */
export const initPod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {name: 'db-migrate', namespace: 'default', uid: 'uid-init', creationTimestamp: ago(95)},
  spec: {
    initContainers: [{name: 'wait-db', image: 'busybox'}, {name: 'migrate', image: 'example/migrate:1'}],
    containers: [{name: 'app', image: 'example/app:1'}],
    nodeName: 'worker-1',
  },
  status: {
    phase: 'Pending',
    conditions: [{type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized'}],
    initContainerStatuses: [
      {name: 'wait-db', state: {terminated: {exitCode: 0, reason: 'Completed'}}, ready: true, restartCount: 0},
      {name: 'migrate', state: {running: {startedAt: ago(30)}}, ready: false, restartCount: 0},
    ],
    containerStatuses: [{name: 'app', state: {waiting: {reason: 'PodInitializing'}}, ready: false, restartCount: 0}],
  },
}

/** A pod whose init container failed. */
export const initErrorPod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {name: 'setup-fails', namespace: 'default', creationTimestamp: ago(10 * MIN)},
  spec: {initContainers: [{name: 'setup', image: 'busybox'}], containers: [{name: 'app', image: 'example/app:1'}]},
  status: {
    phase: 'Pending',
    initContainerStatuses: [
      {name: 'setup', state: {terminated: {exitCode: 1, reason: 'Error', finishedAt: ago(20)}}, lastState: {terminated: {exitCode: 1, reason: 'Error', finishedAt: ago(70)}}, ready: false, restartCount: 2},
    ],
    containerStatuses: [{name: 'app', state: {waiting: {reason: 'PodInitializing'}}, ready: false, restartCount: 0}],
  },
}

/** A pod with a running, ready sidecar (restartable init container) next to its main container. */
export const sidecarPod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {name: 'with-sidecar', namespace: 'default', creationTimestamp: ago(3 * HOUR)},
  spec: {
    initContainers: [{name: 'proxy', image: 'envoy', restartPolicy: 'Always'}],
    containers: [{name: 'app', image: 'example/app:1'}],
  },
  status: {
    phase: 'Running',
    conditions: [{type: 'Initialized', status: 'True'}, {type: 'Ready', status: 'True'}],
    initContainerStatuses: [{name: 'proxy', state: {running: {startedAt: ago(3 * HOUR)}}, ready: true, started: true, restartCount: 1, lastState: {terminated: {exitCode: 137, finishedAt: ago(HOUR)}}}],
    containerStatuses: [{name: 'app', state: {running: {startedAt: ago(3 * HOUR)}}, ready: true, restartCount: 0}],
  },
}

/** A running pod being deleted (30s grace period). */
export const terminatingPod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {name: 'old-worker', namespace: 'batch', creationTimestamp: ago(400 * DAY), deletionTimestamp: ago(-20), deletionGracePeriodSeconds: 30},
  spec: {containers: [{name: 'worker', image: 'example/worker:1'}], nodeName: 'worker-2'},
  status: {
    phase: 'Running',
    conditions: [{type: 'Ready', status: 'True'}],
    podIP: '10.244.2.9',
    containerStatuses: [{name: 'worker', state: {running: {startedAt: ago(400 * DAY)}}, ready: true, restartCount: 0}],
  },
}

/** The pod of a finished job. */
export const completedPod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {name: 'pi-8xk2p', namespace: 'default', creationTimestamp: ago(5 * MIN + 12)},
  spec: {containers: [{name: 'pi', image: 'perl:5.34'}], restartPolicy: 'Never', nodeName: 'worker-1'},
  status: {
    phase: 'Succeeded',
    podIP: '10.244.1.9',
    containerStatuses: [{name: 'pi', state: {terminated: {exitCode: 0, reason: 'Completed', finishedAt: ago(4 * MIN)}}, ready: false, restartCount: 0}],
  },
}
