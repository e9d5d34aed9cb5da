import {describe, expect, it} from 'vitest'
import type {Service} from '../api/types/service.js'
import {defaultNodeDnsAddress, formatResolvConf, podDnsConfig, serviceEnv} from './pod-config.js'
import {parseResolvConf, parseUpstream} from './resolvconf.js'

const svc = (ns: string, name: string, spec: Service['spec']): Service => ({metadata: {name, namespace: ns}, spec})

describe('pod DNS settings', () => {
  it('ClusterFirst: the node resolver, the namespace search path and ndots:5', () => {
    const cfg = podDnsConfig('169.254.21.3', 'shop')
    expect(cfg).toEqual({servers: ['169.254.21.3'], searches: ['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], options: [{name: 'ndots', value: '5'}]})
    expect(formatResolvConf(cfg)).toBe('nameserver 169.254.21.3\nsearch shop.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n')
    expect(parseResolvConf(formatResolvConf(cfg))).toEqual({nameservers: ['169.254.21.3'], searches: cfg.searches, options: cfg.options})
  })
  it('a link-local node DNS address, distinct per loopback node', () => {
    expect(defaultNodeDnsAddress('192.0.2.10')).toBe('169.254.20.10')
    expect(defaultNodeDnsAddress('127.0.0.2')).toBe('169.254.21.2')
    expect(defaultNodeDnsAddress('127.0.0.3')).toBe('169.254.21.3')
    expect(defaultNodeDnsAddress('127.0.1.3')).toBe('169.254.22.3')
  })
  it('parses resolv.conf and upstream addresses', () => {
    expect(parseResolvConf('# c\nnameserver 10.0.0.2 ; x\nnameserver ::1\ndomain example.org\noptions ndots:2 edns0\n')).toEqual({
      nameservers: ['10.0.0.2', '::1'],
      searches: ['example.org'],
      options: [{name: 'ndots', value: '2'}, {name: 'edns0'}],
    })
    expect(parseUpstream('1.2.3.4')).toEqual({host: '1.2.3.4', port: 53})
    expect(parseUpstream('127.0.0.1:5353')).toEqual({host: '127.0.0.1', port: 5353})
    expect(parseUpstream('[::1]:54')).toEqual({host: '::1', port: 54})
  })
})

describe('service environment variables', () => {
  const services = [
    svc('default', 'kubernetes', {clusterIP: '10.43.0.1', ports: [{name: 'https', port: 443, protocol: 'TCP'}]}),
    svc('shop', 'redis-primary', {clusterIP: '10.43.5.6', ports: [{port: 6379, protocol: 'TCP'}]}),
    svc('shop', 'dns', {clusterIP: '10.43.0.10', ports: [{name: 'dns-udp', port: 53, protocol: 'UDP'}, {name: 'metrics', port: 9153, protocol: 'TCP'}]}),
    svc('shop', 'headless', {clusterIP: 'None', ports: [{port: 80}]}),
    svc('shop', 'ext', {type: 'ExternalName', externalName: 'example.com'}),
    svc('other', 'elsewhere', {clusterIP: '10.43.9.9', ports: [{port: 80}]}),
  ]
  const env = (ns: string, links = true) => Object.fromEntries(serviceEnv(services, ns, links).map((e) => [e.name, e.value]))

  it('makes the kubelet’s variables for the pod’s namespace and the kubernetes service', () => {
    const e = env('shop')
    expect(e).toMatchObject({
      KUBERNETES_SERVICE_HOST: '10.43.0.1',
      KUBERNETES_SERVICE_PORT: '443',
      KUBERNETES_SERVICE_PORT_HTTPS: '443',
      KUBERNETES_PORT: 'tcp://10.43.0.1:443',
      KUBERNETES_PORT_443_TCP: 'tcp://10.43.0.1:443',
      KUBERNETES_PORT_443_TCP_PROTO: 'tcp',
      KUBERNETES_PORT_443_TCP_PORT: '443',
      KUBERNETES_PORT_443_TCP_ADDR: '10.43.0.1',
      REDIS_PRIMARY_SERVICE_HOST: '10.43.5.6',
      REDIS_PRIMARY_SERVICE_PORT: '6379',
      REDIS_PRIMARY_PORT: 'tcp://10.43.5.6:6379',
      DNS_SERVICE_PORT: '53',
      DNS_SERVICE_PORT_DNS_UDP: '53',
      DNS_SERVICE_PORT_METRICS: '9153',
      DNS_PORT: 'udp://10.43.0.10:53',
      DNS_PORT_53_UDP_PROTO: 'udp',
      DNS_PORT_9153_TCP: 'tcp://10.43.0.10:9153',
    })
    expect(Object.keys(e).some((k) => k.startsWith('HEADLESS_') || k.startsWith('EXT_') || k.startsWith('ELSEWHERE_'))).toBe(false)
    expect(Object.keys(e)).toHaveLength(8 + 7 + 13)
  })
  it('enableServiceLinks=false keeps only the kubernetes service', () => {
    expect(Object.keys(env('shop', false)).every((k) => k.startsWith('KUBERNETES_'))).toBe(true)
  })
  it('is sorted by name', () => {
    const names = serviceEnv(services, 'shop').map((e) => e.name)
    expect(names).toEqual([...names].sort())
  })
})
