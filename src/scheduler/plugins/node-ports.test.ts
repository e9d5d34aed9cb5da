import {describe, expect, it} from 'vitest'
import {makeNode, makeNodeInfo, makePod} from '../fixtures.js'
import {podInfo} from '../podinfo.js'
import {nodePorts, nodePortsFilter} from './node-ports.js'

const reason = ["node(s) didn't have free ports for the requested pod ports"]
const onNode = (...ports: {hostPort: number; hostIP?: string; protocol?: 'TCP' | 'UDP'}[]) =>
  makeNodeInfo(makeNode('n'), [makePod('running', {hostPorts: ports.map((p) => ({containerPort: 80, ...p}))})])
const wanting = (p: {hostPort: number; hostIP?: string; protocol?: 'TCP' | 'UDP'}) => podInfo(makePod('p', {hostPorts: [{containerPort: 80, ...p}]}))

describe('NodePorts', () => {
  it('same port and protocol on the wildcard address conflicts', () => {
    expect(nodePortsFilter(wanting({hostPort: 8080}), onNode({hostPort: 8080}))).toEqual(reason)
  })
  it('different protocol or port does not conflict', () => {
    expect(nodePortsFilter(wanting({hostPort: 8080, protocol: 'UDP'}), onNode({hostPort: 8080}))).toBeNull()
    expect(nodePortsFilter(wanting({hostPort: 8081}), onNode({hostPort: 8080}))).toBeNull()
  })
  it('0.0.0.0 conflicts with any IP, in both directions', () => {
    expect(nodePortsFilter(wanting({hostPort: 53, hostIP: '0.0.0.0'}), onNode({hostPort: 53, hostIP: '10.0.0.1'}))).toEqual(reason)
    expect(nodePortsFilter(wanting({hostPort: 53, hostIP: '10.0.0.1'}), onNode({hostPort: 53}))).toEqual(reason)
  })
  it('distinct specific IPs do not conflict', () => {
    expect(nodePortsFilter(wanting({hostPort: 53, hostIP: '10.0.0.2'}), onNode({hostPort: 53, hostIP: '10.0.0.1'}))).toBeNull()
    expect(nodePortsFilter(wanting({hostPort: 53, hostIP: '10.0.0.1'}), onNode({hostPort: 53, hostIP: '10.0.0.1'}))).toEqual(reason)
  })
  it('container ports without hostPort are ignored and the plugin is skipped', () => {
    const pod = podInfo(makePod('p', {hostPorts: [{containerPort: 8080}]}))
    expect(pod.hostPorts).toEqual([])
    expect(nodePorts.preFilter(pod)).toBeNull()
  })
  it("sidecar init containers' host ports count, plain init containers' do not", () => {
    const pod = makePod('p')
    pod.spec!.initContainers = [
      {name: 'side', restartPolicy: 'Always', ports: [{containerPort: 1, hostPort: 9000}]},
      {name: 'init', ports: [{containerPort: 1, hostPort: 9001}]},
    ]
    expect(podInfo(pod).hostPorts).toEqual([{ip: '0.0.0.0', protocol: 'TCP', port: 9000}])
  })
})
