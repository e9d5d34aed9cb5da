import {describe, expect, it} from 'vitest'
import {ago, completedPod, initPod, NOW, nodes, runningPod, services, webEndpoints} from '../printers/fixtures.js'
import {describe as describeObject} from './index.js'

process.env.TZ = 'UTC'

const lines = (...l: string[]): string => l.join('\n') + '\n'

describe('describe service', () => {
  it('describes a NodePort service with its endpoints (golden)', () => {
    expect(describeObject('services', services.nodePort, [], NOW, {endpoints: webEndpoints})).toBe(lines(
      'Name:                     web-np',
      'Namespace:                default',
      'Labels:                   <none>',
      'Annotations:              <none>',
      'Selector:                 app=web',
      'Type:                     NodePort',
      'IP Family Policy:         SingleStack',
      'IP Families:              IPv4',
      'IP:                       10.96.12.34',
      'IPs:                      10.96.12.34',
      'Port:                     http  80/TCP',
      'TargetPort:               http/TCP',
      'NodePort:                 http  30080/TCP',
      'Endpoints:                10.244.1.5:80,10.244.1.6:80,10.244.2.3:80 + 2 more...',
      'Port:                     metrics  9090/TCP',
      'TargetPort:               9090/TCP',
      'NodePort:                 metrics  30909/TCP',
      'Endpoints:                10.244.1.5:9090,10.244.1.6:9090,10.244.2.3:9090 + 2 more...',
      'Session Affinity:         None',
      'External Traffic Policy:  Cluster',
      'Internal Traffic Policy:  Cluster',
      'Events:                   <none>',
    ))
  })

  it('shows load balancer ingress and health check port, and headless cluster IPs', () => {
    const lb = describeObject('services', services.readyLB, [], NOW)
    expect(lb).toContain('LoadBalancer Ingress:     203.0.113.20 (VIP), 203.0.113.10\nPort:                     <unset>  80/TCP\n')
    expect(lb).toContain('NodePort:                 <unset>  30081/TCP\nEndpoints:                <none>\n')
    expect(lb).toContain('HealthCheck NodePort:     32000\n')
    const headless = describeObject('services', services.headless, [], NOW)
    expect(headless).toContain('IP:                       None\nIPs:                      None\n')
    expect(describeObject('services', services.externalName, [], NOW)).toContain('External Name:            search.example.com\n')
  })
})

describe('describe node', () => {
  it('describes a cordoned node with its lease, pods and allocations (golden)', () => {
    const lease = {spec: {holderIdentity: 'worker-1', renewTime: ago(5)}}
    const out = describeObject('nodes', nodes.cordoned, [], NOW, {pods: [runningPod, initPod, completedPod, {...runningPod, spec: {...runningPod.spec, nodeName: 'elsewhere'}}], lease})
    expect(out).toBe(lines(
      'Name:               worker-1',
      'Roles:              <none>',
      'Labels:             kubernetes.io/hostname=worker-1',
      '                    kubernetes.io/os=linux',
      'Annotations:        <none>',
      'CreationTimestamp:  Mon, 01 Apr 2024 12:00:00 +0000',
      'Taints:             node.kubernetes.io/unschedulable:NoSchedule',
      'Unschedulable:      true',
      'Lease:',
      '  HolderIdentity:  worker-1',
      '  AcquireTime:     <unset>',
      '  RenewTime:       Wed, 01 May 2024 11:59:55 +0000',
      'Conditions:',
      '  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message',
      '  ----             ------  -----------------                 ------------------                ------                       -------',
      '  MemoryPressure   False   Wed, 01 May 2024 11:59:20 +0000   Mon, 01 Apr 2024 12:00:00 +0000   KubeletHasSufficientMemory   kubelet has sufficient memory available',
      '  Ready            True    Wed, 01 May 2024 11:59:20 +0000   Mon, 01 Apr 2024 12:00:00 +0000   KubeletReady                 kubelet is posting ready status',
      'Addresses:',
      '  InternalIP:  192.168.1.11',
      '  Hostname:    worker-1',
      'Capacity:',
      '  cpu:                4',
      '  ephemeral-storage:  102687672Ki',
      '  memory:             8048520Ki',
      '  pods:               110',
      'Allocatable:',
      '  cpu:                4',
      '  ephemeral-storage:  94636958796',
      '  memory:             7946120Ki',
      '  pods:               110',
      'System Info:',
      '  Machine ID:                 f3c1',
      '  System UUID:                a1b2',
      '  Boot ID:                    b007',
      '  Kernel Version:             6.8.0-31-generic',
      '  OS Image:                   Ubuntu 24.04 LTS',
      '  Operating System:           linux',
      '  Architecture:               amd64',
      '  Container Runtime Version:  podman://5.0.2',
      '  Kubelet Version:            v1.30.0-mkube',
      'PodCIDR:                      10.244.1.0/24',
      'PodCIDRs:                     10.244.1.0/24',
      'Non-terminated Pods:          (2 in total)',
      '  Namespace                   Name                   CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age',
      '  ---------                   ----                   ------------  ----------  ---------------  -------------  ---',
      '  default                     web-7d4b9c8f6-x2x9k    100m (2%)     500m (12%)  64Mi (0%)        128Mi (1%)     2d5h',
      '  default                     db-migrate             0 (0%)        0 (0%)      0 (0%)           0 (0%)         95s',
      'Allocated resources:',
      '  (Total limits may be over 100 percent, i.e., overcommitted.)',
      '  Resource           Requests   Limits',
      '  --------           --------   ------',
      '  cpu                100m (2%)  500m (12%)',
      '  memory             64Mi (0%)  128Mi (1%)',
      '  ephemeral-storage  0 (0%)     0 (0%)',
      'Events:              <none>',
    ))
  })

  it('prints roles, taints and a missing lease; leaves out pod sections without pods', () => {
    const out = describeObject('nodes', nodes.master, [], NOW, {lease: null})
    expect(out).toContain('Roles:              control-plane\n')
    expect(out).toContain('Taints:             node-role.kubernetes.io/control-plane:NoSchedule\nUnschedulable:      false\n')
    expect(out).toContain('Lease:              Failed to get lease: leases.coordination.k8s.io "master" not found\n')
    expect(out).not.toContain('Non-terminated Pods')
    expect(describeObject('nodes', nodes.notReady, [], NOW)).not.toContain('Lease')
  })
})

describe('describe namespace and config objects', () => {
  it('describes a namespace (golden)', () => {
    const ns = {metadata: {name: 'team-a', labels: {'kubernetes.io/metadata.name': 'team-a'}}, status: {phase: 'Terminating', conditions: [{type: 'NamespaceDeletionContentFailure', status: 'False', lastTransitionTime: ago(60), reason: 'ContentDeleted', message: 'All content successfully deleted'}]}}
    expect(describeObject('namespaces', ns, [], NOW)).toBe(lines(
      'Name:         team-a',
      'Labels:       kubernetes.io/metadata.name=team-a',
      'Annotations:  <none>',
      'Status:       Terminating',
      'Conditions:',
      '  Type                             Status  LastTransitionTime               Reason          Message',
      '  ----                             ------  ------------------               ------          -------',
      '  NamespaceDeletionContentFailure  False   Wed, 01 May 2024 11:59:00 +0000  ContentDeleted  All content successfully deleted',
    ))
  })

  it('describes a config map (golden)', () => {
    const cm = {metadata: {name: 'web-config', namespace: 'default'}, data: {'nginx.conf': 'server {\n  listen 80;\n}', b: 'short'}, binaryData: {'logo.png': 'iVBORw0KGgo='}}
    expect(describeObject('configmaps', cm, [], NOW)).toBe(lines(
      'Name:         web-config',
      'Namespace:    default',
      'Labels:       <none>',
      'Annotations:  <none>',
      '',
      'Data',
      '====',
      'b:',
      '----',
      'short',
      '',
      'nginx.conf:',
      '----',
      'server {',
      '  listen 80;',
      '}',
      '',
      '',
      'BinaryData',
      '====',
      'logo.png: 8 bytes',
      '',
      'Events:  <none>',
    ))
  })

  it('describes secrets by size, service accounts and endpoints', () => {
    const secret = {metadata: {name: 'db', namespace: 'default'}, type: 'Opaque', data: {password: 'aHVudGVyMg==', user: 'YWRtaW4='}}
    expect(describeObject('secrets', secret, [], NOW)).toBe(lines(
      'Name:         db', 'Namespace:    default', 'Labels:       <none>', 'Annotations:  <none>', '', 'Type:  Opaque', '', 'Data', '====',
      'password:  7 bytes', 'user:      5 bytes',
    ))
    const sa = {metadata: {name: 'ci', namespace: 'default'}, imagePullSecrets: [{name: 'reg1'}, {name: 'reg2'}]}
    expect(describeObject('serviceaccounts', sa, [], NOW)).toContain('Image pull secrets:  reg1\n                     reg2\nEvents:              <none>\n')
    expect(describeObject('endpoints', webEndpoints, [], NOW)).toContain(lines(
      'Subsets:',
      '  Addresses:          10.244.1.5,10.244.1.6,10.244.2.3,10.244.2.4,10.244.3.2',
      '  NotReadyAddresses:  10.244.3.9',
      '  Ports:',
      '    Name     Port  Protocol',
      '    ----     ----  --------',
      '    http     80    TCP',
      '    metrics  9090  TCP',
      '',
      'Events:  <none>',
    ))
  })
})

describe('generic describe', () => {
  it('dumps every field of kinds without a describer (golden)', () => {
    const lease = {
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
      metadata: {name: 'worker-1', namespace: 'kube-node-lease', uid: 'x', resourceVersion: '12', creationTimestamp: ago(100), managedFields: [{manager: 'kubelet'}], ownerReferences: [{apiVersion: 'v1', kind: 'Node', name: 'worker-1', uid: 'n1'}]},
      spec: {holderIdentity: 'worker-1', leaseDurationSeconds: 40, renewTime: '2024-05-01T11:59:55.000000Z', preferredHolders: ['a', 'b'], strategy: null},
    }
    expect(describeObject('leases', lease, [], NOW)).toBe(lines(
      'Name:         worker-1',
      'Namespace:    kube-node-lease',
      'Labels:       <none>',
      'Annotations:  <none>',
      'API Version:  coordination.k8s.io/v1',
      'Kind:         Lease',
      'Metadata:',
      '  Creation Timestamp:  2024-05-01T11:58:20Z',
      '  Owner References:',
      '    API Version:     v1',
      '    Kind:            Node',
      '    Name:            worker-1',
      '    UID:             n1',
      '  Resource Version:  12',
      '  UID:               x',
      'Spec:',
      '  Holder Identity:         worker-1',
      '  Lease Duration Seconds:  40',
      '  Preferred Holders:',
      '    a',
      '    b',
      '  Renew Time:  2024-05-01T11:59:55.000000Z',
      '  Strategy:    <nil>',
      'Events:        <none>',
    ))
  })
})
