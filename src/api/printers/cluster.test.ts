import {describe, expect, it} from 'vitest'
import {eventRow, leaseRow, namespaceRow, nodeRoles, nodeRow} from './cluster.js'
import {configMapRow, secretRow, serviceAccountRow} from './config.js'
import {ago, crashEvents, NOW, nodes} from './fixtures.js'

describe('nodeRow', () => {
  it('prints a control-plane node with its wide cells', () => {
    expect(nodeRow(nodes.master, NOW)).toEqual(['master', 'Ready', 'control-plane', '30d', 'v1.30.0-mkube', '192.168.1.10', '<none>', 'Ubuntu 24.04 LTS', '6.8.0-31-generic', 'podman://5.0.2'])
  })
  it('marks a cordoned node SchedulingDisabled', () => {
    expect(nodeRow(nodes.cordoned, NOW).slice(0, 3)).toEqual(['worker-1', 'Ready,SchedulingDisabled', '<none>'])
  })
  it('prints NotReady and roles from both label styles', () => {
    expect(nodeRow(nodes.notReady, NOW).slice(0, 3)).toEqual(['worker-3', 'NotReady', 'gpu,worker'])
    expect(nodeRoles({metadata: {labels: {'node-role.kubernetes.io/': '', 'kubernetes.io/role': ''}}})).toEqual([])
  })
  it('prints Unknown without a Ready condition and <unknown> for missing node info', () => {
    const n = {metadata: {name: 'bare', creationTimestamp: ago(5)}, spec: {unschedulable: true}, status: {}}
    expect(nodeRow(n, NOW)).toEqual(['bare', 'Unknown,SchedulingDisabled', '<none>', '5s', '', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>'])
  })
})

describe('eventRow', () => {
  it('prints a repeated core/v1 event', () => {
    expect(eventRow(crashEvents[0], NOW)).toEqual([
      '2m', 'Warning', 'BackOff', 'pod/api-5f6d8c7b9-qwert', 'spec.containers{api}', 'kubelet, worker-2',
      'Back-off restarting failed container api in pod api-5f6d8c7b9-qwert_default(uid-crash)', '40m', 23, 'api-5f6d8c7b9-qwert.17c1',
    ])
  })
  it('uses eventTime and series for events.k8s.io style events', () => {
    expect(eventRow(crashEvents[2], NOW)).toEqual([
      '2m30s', 'Normal', 'Pulled', 'pod/api-5f6d8c7b9-qwert', 'spec.containers{api}', 'kubelet, worker-2',
      'Container image "example/api:2.0" already present on machine', '44m', 6, 'api-5f6d8c7b9-qwert.17b5',
    ])
  })
  it('counts singleton events once and prints the kind alone without a name', () => {
    const ev = {metadata: {name: 'e'}, involvedObject: {kind: 'Node'}, eventTime: ago(3), reason: 'Starting', message: '  kubelet starting \n', type: 'Normal', source: {component: 'kubelet'}}
    expect(eventRow(ev, NOW)).toEqual(['3s', 'Normal', 'Starting', 'node', '', 'kubelet', 'kubelet starting', '3s', 1, 'e'])
  })
})

describe('small printers', () => {
  it('prints namespaces, leases, configmaps, secrets and service accounts', () => {
    expect(namespaceRow({metadata: {name: 'kube-system', creationTimestamp: ago(86400)}, status: {phase: 'Active'}}, NOW)).toEqual(['kube-system', 'Active', '24h'])
    expect(leaseRow({metadata: {name: 'worker-1', creationTimestamp: ago(600)}, spec: {holderIdentity: 'worker-1'}}, NOW)).toEqual(['worker-1', 'worker-1', '10m'])
    expect(leaseRow({metadata: {name: 'free', creationTimestamp: ago(600)}, spec: {}}, NOW)).toEqual(['free', '', '10m'])
    expect(configMapRow({metadata: {name: 'cm', creationTimestamp: ago(7)}, data: {a: '1', b: '2'}, binaryData: {c: 'AA=='}}, NOW)).toEqual(['cm', 3, '7s'])
    expect(secretRow({metadata: {name: 's', creationTimestamp: ago(7)}, type: 'kubernetes.io/tls', data: {'tls.crt': 'eA==', 'tls.key': 'eQ=='}}, NOW)).toEqual(['s', 'kubernetes.io/tls', 2, '7s'])
    expect(serviceAccountRow({metadata: {name: 'default', creationTimestamp: ago(7)}}, NOW)).toEqual(['default', 0, '7s'])
    expect(serviceAccountRow({metadata: {name: 'ci', creationTimestamp: ago(7)}, secrets: [{name: 'ci-token'}]}, NOW)).toEqual(['ci', 1, '7s'])
  })
})
