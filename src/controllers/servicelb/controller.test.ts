import {describe, expect, it} from 'vitest'
import type {Node} from '../../api/types/node.js'
import type {Service} from '../../api/types/service.js'
import {FakeCluster} from '../common/testing.js'
import {nodesRef, servicesRef, ServiceLBController} from './controller.js'
import {desiredIngress} from './plan.js'

function node(name: string, ip: string, ready = true, external?: string): Node {
  const addresses: {type: 'InternalIP' | 'ExternalIP'; address: string}[] = [{type: 'InternalIP', address: ip}]
  if (external) addresses.push({type: 'ExternalIP', address: external})
  return {apiVersion: 'v1', kind: 'Node', metadata: {name}, status: {addresses, conditions: [{type: 'Ready', status: ready ? 'True' : 'False'}]}}
}

function lb(name: string, extra: Partial<NonNullable<Service['spec']>> = {}): Service {
  return {apiVersion: 'v1', kind: 'Service', metadata: {name, namespace: 'default'}, spec: {type: 'LoadBalancer', ports: [{port: 80}], selector: {app: name}, ...extra}}
}

describe('ServiceLB plan', () => {
  it('lists Ready nodes, ExternalIP before InternalIP, sorted numerically', () => {
    const nodes = [node('c', '10.0.0.10'), node('a', '10.0.0.9'), node('b', '10.0.0.2', false), node('d', '10.0.0.3', true, '192.0.2.7')]
    expect(desiredIngress(lb('x'), nodes)).toEqual([
      {ip: '10.0.0.9', ipMode: 'VIP'},
      {ip: '10.0.0.10', ipMode: 'VIP'},
      {ip: '192.0.2.7', ipMode: 'VIP'},
    ])
  })
})

describe('ServiceLBController', () => {
  it('sets the ingress of LoadBalancer services, follows node readiness, ignores other classes and types', async () => {
    const cluster = new FakeCluster()
    const ctrl = new ServiceLBController()
    ctrl.start(cluster.context())
    cluster.seed(nodesRef, node('n1', '127.0.0.2'), node('n2', '127.0.0.3'))
    cluster.seed(servicesRef, lb('web'), lb('other', {loadBalancerClass: 'example.com/lb'}), {...lb('plain'), spec: {type: 'ClusterIP', ports: [{port: 80}]}})
    for (const k of ['default/web', 'default/other', 'default/plain']) await ctrl.sync(k)
    const get = (n: string) => cluster.find<Service>(servicesRef, n, 'default')!
    expect(get('web').status?.loadBalancer?.ingress).toEqual([
      {ip: '127.0.0.2', ipMode: 'VIP'},
      {ip: '127.0.0.3', ipMode: 'VIP'},
    ])
    expect(get('other').status?.loadBalancer?.ingress).toBeUndefined()
    expect(get('plain').status?.loadBalancer?.ingress).toBeUndefined()
    // n2 goes NotReady: the next sync drops it
    cluster.put(nodesRef, {...cluster.find<Node>(nodesRef, 'n2')!, status: node('n2', '127.0.0.3', false).status})
    expect(ctrl.queue.len()).toBeGreaterThan(0)
    await ctrl.sync('default/web')
    expect(get('web').status?.loadBalancer?.ingress).toEqual([{ip: '127.0.0.2', ipMode: 'VIP'}])
    // a change of type away from LoadBalancer clears the status
    cluster.put(servicesRef, {...get('web'), spec: {type: 'ClusterIP', ports: [{port: 80}]}})
    await ctrl.sync('default/web')
    expect(get('web').status?.loadBalancer).toEqual({})
    // nothing to do: no write
    const writes = cluster.actionsOf('updateStatus', 'services').length
    await ctrl.sync('default/web')
    expect(cluster.actionsOf('updateStatus', 'services')).toHaveLength(writes)
  })
})
