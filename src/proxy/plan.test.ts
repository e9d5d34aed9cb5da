import {describe, expect, it} from 'vitest'
import type {Endpoints} from '../api/types/endpoints.js'
import type {Node} from '../api/types/node.js'
import type {Service} from '../api/types/service.js'
import {planProxy, type PlanInput} from './plan.js'

const nodes: Node[] = [
  {metadata: {name: 'n1'}, status: {addresses: [{type: 'Hostname', address: 'n1'}, {type: 'InternalIP', address: '127.0.0.2'}]}},
  {metadata: {name: 'n2'}, status: {addresses: [{type: 'InternalIP', address: 'fd00::3'}, {type: 'InternalIP', address: '127.0.0.3'}]}},
]

function svc(name: string, spec: Service['spec']): Service {
  return {metadata: {name, namespace: 'default'}, spec: {type: 'ClusterIP', ...spec}}
}

function eps(name: string, subsets: Endpoints['subsets']): Endpoints {
  return {metadata: {name, namespace: 'default'}, subsets}
}

function input(services: Service[], endpoints: Endpoints[], nodeName = 'n1', nodeIP = '127.0.0.2'): PlanInput {
  return {nodeName, nodeIP, tunnelPort: 10249, services, endpoints, nodes}
}

const web = svc('web', {clusterIP: '10.43.0.10', ports: [{name: 'http', port: 80, protocol: 'TCP', targetPort: 'http'}, {name: 'dns', port: 53, protocol: 'UDP'}]})
const webEps = eps('web', [
  {
    addresses: [
      {ip: '10.88.0.5', nodeName: 'n1'},
      {ip: '10.88.0.6', nodeName: 'n2'},
    ],
    notReadyAddresses: [{ip: '10.88.0.7', nodeName: 'n1'}],
    ports: [
      {name: 'http', port: 8080, protocol: 'TCP'},
      {name: 'dns', port: 5353, protocol: 'UDP'},
    ],
  },
])

describe('planProxy', () => {
  it('gives every service port a cluster IP frontend balanced over the ready endpoints; remote ones via their node', () => {
    const plan = planProxy(input([web], [webEps]))
    expect([...plan.frontends.keys()].sort()).toEqual(['TCP/10.43.0.10:80', 'UDP/10.43.0.10:53'])
    const http = plan.frontends.get('TCP/10.43.0.10:80')!
    expect(http).toMatchObject({kind: 'ClusterIP', shared: true, servicePort: 'default/web:http', protocol: 'TCP'})
    expect(http.backends).toEqual([
      {ip: '10.88.0.5', port: 8080, nodeName: 'n1', key: '10.88.0.5:8080'},
      {ip: '10.88.0.6', port: 8080, nodeName: 'n2', key: '10.88.0.6:8080', via: {host: '127.0.0.3', port: 10249}},
    ])
    expect(plan.frontends.get('UDP/10.43.0.10:53')!.backends.map((b) => b.port)).toEqual([5353, 5353])
    expect([...plan.clusterIPs]).toEqual(['10.43.0.10'])
    // this node's endpoints (ready or not) may be reached through its forwarding listener
    expect([...plan.tunnelTargets].sort()).toEqual(['TCP/10.88.0.5:8080', 'TCP/10.88.0.7:8080', 'UDP/10.88.0.5:5353', 'UDP/10.88.0.7:5353'])
  })

  it('listens on the node address for node ports and load balancer ports', () => {
    const np = svc('np', {type: 'NodePort', clusterIP: '10.43.0.11', ports: [{port: 80, protocol: 'TCP', nodePort: 30080}]})
    const lb = svc('lb', {type: 'LoadBalancer', clusterIP: '10.43.0.12', ports: [{port: 8443, protocol: 'TCP', nodePort: 30443}]})
    const plan = planProxy(input([np, lb], [], 'n2', '127.0.0.3'))
    expect([...plan.frontends.values()].map((f) => [f.key, f.kind, f.shared])).toEqual([
      ['TCP/10.43.0.11:80', 'ClusterIP', true],
      ['TCP/127.0.0.3:30080', 'NodePort', false],
      ['TCP/10.43.0.12:8443', 'ClusterIP', true],
      ['TCP/127.0.0.3:30443', 'NodePort', false],
      ['TCP/127.0.0.3:8443', 'LoadBalancer', false],
    ])
  })

  it('honours the traffic policies: Local keeps this node’s endpoints only', () => {
    const local = svc('web', {...web.spec, type: 'NodePort', internalTrafficPolicy: 'Local', externalTrafficPolicy: 'Cluster', ports: [{name: 'http', port: 80, protocol: 'TCP', nodePort: 30080}]})
    let plan = planProxy(input([local], [webEps]))
    expect(plan.frontends.get('TCP/10.43.0.10:80')!.backends.map((b) => b.ip)).toEqual(['10.88.0.5'])
    expect(plan.frontends.get('TCP/127.0.0.2:30080')!.backends.map((b) => b.ip)).toEqual(['10.88.0.5', '10.88.0.6'])
    const ext = svc('web', {...local.spec, internalTrafficPolicy: 'Cluster', externalTrafficPolicy: 'Local'})
    plan = planProxy(input([ext], [webEps]))
    expect(plan.frontends.get('TCP/10.43.0.10:80')!.backends).toHaveLength(2)
    expect(plan.frontends.get('TCP/127.0.0.2:30080')!.backends.map((b) => b.ip)).toEqual(['10.88.0.5'])
  })

  it('skips headless, ExternalName and SCTP; loopback cluster IPs need no host address', () => {
    const plan = planProxy(
      input(
        [
          svc('h', {clusterIP: 'None', ports: [{port: 80}]}),
          svc('x', {type: 'ExternalName', externalName: 'example.com'}),
          svc('s', {clusterIP: '10.43.0.20', ports: [{port: 9, protocol: 'SCTP'}]}),
          svc('l', {clusterIP: '127.0.43.5', ports: [{port: 80, protocol: 'TCP'}]}),
        ],
        [],
      ),
    )
    expect([...plan.frontends.keys()]).toEqual(['TCP/127.0.43.5:80'])
    expect([...plan.clusterIPs]).toEqual([])
    expect(plan.warnings).toEqual(['service port default/s:: protocol SCTP is not supported by the node proxy'])
  })

  it('endpoints without a node are dialled directly; those on unknown nodes are skipped with a warning', () => {
    const k = svc('kubernetes', {clusterIP: '10.43.0.1', ports: [{name: 'https', port: 443, protocol: 'TCP'}]})
    const ep = eps('kubernetes', [{addresses: [{ip: '127.0.0.1'}, {ip: '10.88.0.9', nodeName: 'ghost'}], ports: [{name: 'https', port: 6443, protocol: 'TCP'}]}])
    const plan = planProxy(input([k], [ep]))
    expect(plan.frontends.get('TCP/10.43.0.1:443')!.backends).toEqual([{ip: '127.0.0.1', port: 6443, nodeName: undefined, key: '127.0.0.1:6443'}])
    expect(plan.warnings).toEqual(['node ghost has no known address: its endpoints are skipped'])
  })

  it('carries ClientIP affinity', () => {
    const a = svc('a', {clusterIP: '10.43.0.30', sessionAffinity: 'ClientIP', sessionAffinityConfig: {clientIP: {timeoutSeconds: 60}}, ports: [{port: 80, protocol: 'TCP'}]})
    expect(planProxy(input([a], [])).frontends.get('TCP/10.43.0.30:80')!.affinitySeconds).toBe(60)
  })
})
