import {describe, expect, it} from 'vitest'
import {ago, NOW, services, webEndpoints} from './fixtures.js'
import {endpointsRow, formatEndpoints, serviceExternalIP, serviceRow} from './network.js'

describe('serviceRow', () => {
  it('prints each service type', () => {
    expect(serviceRow(services.clusterIP, NOW)).toEqual(['kubernetes', 'ClusterIP', '10.96.0.1', '<none>', '443/TCP', '3d', '<none>'])
    expect(serviceRow(services.nodePort, NOW)).toEqual(['web-np', 'NodePort', '10.96.12.34', '<none>', '80:30080/TCP,9090:30909/TCP', '3d', 'app=web'])
    expect(serviceRow(services.pendingLB, NOW)).toEqual(['web-lb', 'LoadBalancer', '10.96.45.6', '<pending>', '443:31443/TCP', '3d', 'app=web'])
    expect(serviceRow(services.readyLB, NOW)).toEqual(['edge', 'LoadBalancer', '10.96.45.7', '203.0.113.10,203.0.113.20', '80:30081/TCP', '3d', 'app=edge'])
    expect(serviceRow(services.headless, NOW)).toEqual(['db', 'ClusterIP', 'None', '<none>', '5432/TCP', '3d', 'app=db'])
    expect(serviceRow(services.externalName, NOW)).toEqual(['search', 'ExternalName', '<none>', 'search.example.com', '<none>', '3d', '<none>'])
  })
  it('lists external IPs, after the load balancer ones', () => {
    const withIPs = {...services.clusterIP, spec: {...services.clusterIP.spec, externalIPs: ['198.51.100.1', '198.51.100.2']}}
    expect(serviceExternalIP(withIPs, true)).toBe('198.51.100.1,198.51.100.2')
    const lb = {...services.readyLB, spec: {...services.readyLB.spec, externalIPs: ['198.51.100.9']}}
    expect(serviceExternalIP(lb, true)).toBe('203.0.113.10,203.0.113.20,198.51.100.9')
  })
  it('clips load balancer addresses to 16 bytes outside wide output', () => {
    const lb = {...services.pendingLB, status: {loadBalancer: {ingress: [{hostname: 'a1b2c3d4.elb.us-east-1.amazonaws.com'}]}}}
    expect(serviceExternalIP(lb, false)).toBe('a1b2c3d4.elb....')
    expect(serviceExternalIP(lb, true)).toBe('a1b2c3d4.elb.us-east-1.amazonaws.com')
  })
  it('takes the cluster IP from clusterIPs, then clusterIP', () => {
    const s = {metadata: {name: 's', creationTimestamp: ago(1)}, spec: {type: 'ClusterIP', clusterIP: '10.0.0.9', ports: [{port: 53, protocol: 'UDP'}]}}
    expect(serviceRow(s, NOW).slice(1, 5)).toEqual(['ClusterIP', '10.0.0.9', '<none>', '53/UDP'])
  })
})

describe('formatEndpoints', () => {
  it('lists up to three host:port pairs, then how many more', () => {
    expect(endpointsRow(webEndpoints, NOW)).toEqual(['web-np', '10.244.1.5:80,10.244.1.6:80,10.244.2.3:80 + 7 more...', '3d'])
  })
  it('filters by port name', () => {
    expect(formatEndpoints(webEndpoints, new Set(['metrics']))).toBe('10.244.1.5:9090,10.244.1.6:9090,10.244.2.3:9090 + 2 more...')
    expect(formatEndpoints(webEndpoints, new Set(['nope']))).toBe('')
  })
  it('prints bare IPs for headless subsets without ports, and brackets IPv6', () => {
    expect(formatEndpoints({subsets: [{addresses: [{ip: '10.0.0.1'}, {ip: '10.0.0.2'}]}]})).toBe('10.0.0.1,10.0.0.2')
    expect(formatEndpoints({subsets: [{addresses: [{ip: 'fd00::1'}], ports: [{port: 53}]}]})).toBe('[fd00::1]:53')
  })
  it('is <none> without subsets', () => {
    expect(formatEndpoints({metadata: {name: 'x'}})).toBe('<none>')
  })
})
