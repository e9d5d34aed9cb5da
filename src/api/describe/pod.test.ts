import {describe, expect, it} from 'vitest'
import {ago, crashEvents, crashLoopPod, initPod, NOW, runningPod, terminatingPod} from '../printers/fixtures.js'
import {describeProbe} from './containers.js'
import {describe as describeObject} from './index.js'
import {podQOS} from './podspec.js'
import {podResources} from './resources.js'
import {formatQuantity} from './quantity.js'

process.env.TZ = 'UTC'

const lines = (...l: string[]): string => l.join('\n') + '\n'

describe('describe pod', () => {
  it('describes a running pod (golden)', () => {
    expect(describeObject('pods', runningPod, [], NOW)).toBe(lines(
      'Name:             web-7d4b9c8f6-x2x9k',
      'Namespace:        default',
      'Priority:         0',
      'Service Account:  default',
      'Node:             worker-1/192.168.1.11',
      'Start Time:       Mon, 29 Apr 2024 07:00:01 +0000',
      'Labels:           app=web',
      '                  pod-template-hash=7d4b9c8f6',
      'Annotations:      <none>',
      'Status:           Running',
      'IP:               10.244.1.5',
      'IPs:',
      '  IP:           10.244.1.5',
      'Controlled By:  ReplicaSet/web-7d4b9c8f6',
      'Containers:',
      '  nginx:',
      '    Container ID:   podman://4f2a9c',
      '    Image:          nginx:1.25',
      '    Image ID:       docker.io/library/nginx@sha256:0123abcd',
      '    Port:           80/TCP (http)',
      '    Host Port:      0/TCP (http)',
      '    State:          Running',
      '      Started:      Mon, 29 Apr 2024 07:00:06 +0000',
      '    Ready:          True',
      '    Restart Count:  0',
      '    Limits:',
      '      cpu:     500m',
      '      memory:  128Mi',
      '    Requests:',
      '      cpu:      100m',
      '      memory:   64Mi',
      '    Readiness:  http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3',
      '    Environment:',
      '      MODE:         production',
      '      POD_NAME:     web-7d4b9c8f6-x2x9k (v1:metadata.name)',
      "      DB_PASSWORD:  <set to the key 'password' in secret 'db'>  Optional: false",
      '    Mounts:',
      '      /etc/nginx/conf.d from config (rw)',
      '      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-abcde (ro)',
      'Conditions:',
      '  Type                        Status',
      '  PodReadyToStartContainers   True ',
      '  Initialized                 True ',
      '  Ready                       True ',
      '  ContainersReady             True ',
      '  PodScheduled                True ',
      'Volumes:',
      '  config:',
      '    Type:      ConfigMap (a volume populated by a ConfigMap)',
      '    Name:      web-config',
      '    Optional:  false',
      '  kube-api-access-abcde:',
      '    Type:                    Projected (a volume that contains injected data from multiple sources)',
      '    TokenExpirationSeconds:  3607',
      '    ConfigMapName:           kube-root-ca.crt',
      '    Optional:                false',
      '    DownwardAPI:             true',
      'QoS Class:                   Burstable',
      'Node-Selectors:              <none>',
      'Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
      '                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
      'Events:                      <none>',
    ))
  })

  it('describes a crash-looping pod with its events (golden)', () => {
    expect(describeObject('pods', crashLoopPod, crashEvents, NOW)).toBe(lines(
      'Name:         api-5f6d8c7b9-qwert',
      'Namespace:    default',
      'Node:         worker-2/',
      'Labels:       app=api',
      'Annotations:  <none>',
      'Status:       Running',
      'IP:           10.244.2.7',
      'IPs:',
      '  IP:  10.244.2.7',
      'Containers:',
      '  api:',
      '    Container ID:   ',
      '    Image:          example/api:2.0',
      '    Image ID:       ',
      '    Port:           <none>',
      '    Host Port:      <none>',
      '    State:          Waiting',
      '      Reason:       CrashLoopBackOff',
      '    Last State:     Terminated',
      '      Reason:       Error',
      '      Exit Code:    1',
      '      Started:      Wed, 01 May 2024 11:57:28 +0000',
      '      Finished:     Wed, 01 May 2024 11:57:30 +0000',
      '    Ready:          False',
      '    Restart Count:  5',
      '    Environment:    <none>',
      '    Mounts:         <none>',
      'Conditions:',
      '  Type           Status',
      '  Ready          False ',
      'Volumes:         <none>',
      'QoS Class:       BestEffort',
      'Node-Selectors:  <none>',
      'Tolerations:     <none>',
      'Events:',
      '  Type     Reason     Age                  From               Message',
      '  ----     ------     ----                 ----               -------',
      '  Normal   Pulled     2m30s (x6 over 44m)  kubelet            spec.containers{api}: Container image "example/api:2.0" already present on machine',
      '  Normal   Scheduled  45m                  default-scheduler  Successfully assigned default/api-5f6d8c7b9-qwert to worker-2',
      '  Warning  BackOff    2m (x23 over 40m)    kubelet            spec.containers{api}: Back-off restarting failed container api in pod api-5f6d8c7b9-qwert_default(uid-crash)',
    ))
  })

  it('lists init containers before containers', () => {
    const out = describeObject('pods', initPod, [], NOW)
    expect(out).toContain('IPs:          <none>\nInit Containers:\n  wait-db:\n')
    expect(out).toContain('  migrate:\n    Container ID:   \n    Image:          example/migrate:1\n')
    expect(out).toContain('    State:          Running\n      Started:      Wed, 01 May 2024 11:59:30 +0000\n    Ready:          False\n')
    expect(out.indexOf('Init Containers:')).toBeLessThan(out.indexOf('\nContainers:'))
  })

  it('shows the grace period of a terminating pod', () => {
    const out = describeObject('pods', terminatingPod, [], NOW)
    expect(out).toContain('Status:                    Terminating (lasts <invalid>)\nTermination Grace Period:  30s\n')
    const past = {...terminatingPod, metadata: {...terminatingPod.metadata, deletionTimestamp: ago(75)}}
    expect(describeObject('pods', past, [], NOW)).toContain('Terminating (lasts 75s)')
  })
})

describe('pod details', () => {
  const pod = (containers: unknown[], extra: Record<string, unknown> = {}) => ({metadata: {name: 'p'}, spec: {containers, ...extra}, status: {}})

  it('computes the QoS class when the status does not carry it', () => {
    const full = {resources: {limits: {cpu: '1', memory: '1Gi'}}}
    const guaranteed = {resources: {limits: {cpu: '1', memory: '1Gi'}, requests: {cpu: '1000m', memory: '1024Mi'}}}
    expect(podQOS(pod([{name: 'a'}]))).toBe('BestEffort')
    expect(podQOS(pod([{name: 'a', ...guaranteed}]))).toBe('Guaranteed')
    expect(podQOS(pod([{name: 'a', ...full}]))).toBe('Burstable')
    expect(podQOS(pod([{name: 'a', ...guaranteed}, {name: 'b'}]))).toBe('Burstable')
    expect(podQOS(pod([{name: 'a', resources: {requests: {cpu: '0'}}}]))).toBe('BestEffort')
    expect(podQOS({...pod([{name: 'a'}]), status: {qosClass: 'Guaranteed'}})).toBe('Guaranteed')
  })

  it('describes probes of every kind', () => {
    const t = {timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3}
    expect(describeProbe({exec: {command: ['cat', '/tmp/healthy']}, initialDelaySeconds: 5, ...t})).toBe('exec [cat /tmp/healthy] delay=5s timeout=1s period=10s #success=1 #failure=3')
    expect(describeProbe({tcpSocket: {port: 'db'}, ...t})).toBe('tcp-socket :db delay=0s timeout=1s period=10s #success=1 #failure=3')
    expect(describeProbe({httpGet: {host: 'fd00::1', port: 443, path: 'ready', scheme: 'HTTPS'}, ...t})).toBe('http-get https://[fd00::1]:443/ready delay=0s timeout=1s period=10s #success=1 #failure=3')
    expect(describeProbe({grpc: {port: 9000, service: 'health'}, ...t})).toBe('grpc <pod>:9000 health delay=0s timeout=1s period=10s #success=1 #failure=3')
  })

  it('resolves resourceFieldRef environment variables and envFrom sources', () => {
    const p = pod([{
      name: 'a',
      resources: {limits: {memory: '256Mi'}, requests: {cpu: '250m'}},
      envFrom: [{configMapRef: {name: 'cfg'}}, {prefix: 'S_', secretRef: {name: 'sec', optional: true}}],
      env: [
        {name: 'MEM', valueFrom: {resourceFieldRef: {resource: 'limits.memory', divisor: '1Mi'}}},
        {name: 'CPU', valueFrom: {resourceFieldRef: {resource: 'requests.cpu', divisor: '1m'}}},
        {name: 'CPU_LIMIT', valueFrom: {resourceFieldRef: {resource: 'limits.cpu'}}},
        {name: 'NODE', valueFrom: {fieldRef: {apiVersion: 'v1', fieldPath: 'spec.nodeName'}}},
        {name: 'LEVEL', valueFrom: {configMapKeyRef: {name: 'cfg', key: 'level', optional: true}}},
        {name: 'MULTI', value: 'one\ntwo'},
      ],
    }])
    const out = describeObject('pods', p, [], NOW)
    expect(out).toContain([
      '    Environment Variables from:',
      '      cfg  ConfigMap                Optional: false',
      "      sec  Secret with prefix 'S_'  Optional: true",
      '    Environment:',
      '      MEM:        256 (limits.memory)',
      '      CPU:        250 (requests.cpu)',
      '      CPU_LIMIT:  node allocatable (limits.cpu)',
      '      NODE:        (v1:spec.nodeName)',
      "      LEVEL:      <set to the key 'level' of config map 'cfg'>  Optional: true",
      '      MULTI:      one',
      '                  two',
    ].join('\n'))
  })

  it('sums pod requests with sidecars, init containers and overhead', () => {
    const p = {
      spec: {
        initContainers: [
          {name: 'sidecar', restartPolicy: 'Always', resources: {requests: {cpu: '100m', memory: '32Mi'}}},
          {name: 'setup', resources: {requests: {cpu: '2', memory: '16Mi'}}},
        ],
        containers: [{name: 'a', resources: {requests: {cpu: '500m', memory: '64Mi'}, limits: {memory: '128Mi'}}}],
        overhead: {cpu: '10m', memory: '1Mi'},
      },
    }
    const req = podResources(p, 'requests')
    expect(formatQuantity(req.get('cpu')!)).toBe('2110m')
    expect(formatQuantity(req.get('memory')!)).toBe('97Mi')
    const lim = podResources(p, 'limits')
    expect(formatQuantity(lim.get('memory')!)).toBe('129Mi')
    expect(lim.has('cpu')).toBe(false)
  })
})
