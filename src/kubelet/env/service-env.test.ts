import {describe, expect, it} from 'vitest'
import type {Service} from '../../api/types/service.js'
import {serviceEnvFor} from './service-env.js'

const svc = (ns: string, name: string, spec: Service['spec']): Service => ({metadata: {name, namespace: ns}, spec})

describe('service environment variables', () => {
  const services = [
    svc('default', 'kubernetes', {clusterIP: '10.43.0.1', ports: [{name: 'https', port: 443, protocol: 'TCP'}]}),
    svc('shop', 'redis-primary', {clusterIP: '10.43.5.6', ports: [{port: 6379, protocol: 'TCP'}]}),
    svc('shop', 'dns', {clusterIP: '10.43.0.10', ports: [{name: 'dns-udp', port: 53, protocol: 'UDP'}, {name: 'metrics', port: 9153, protocol: 'TCP'}]}),
    svc('shop', 'headless', {clusterIP: 'None', ports: [{port: 80}]}),
    svc('shop', 'ext', {type: 'ExternalName', externalName: 'example.com'}),
    svc('other', 'elsewhere', {clusterIP: '10.43.9.9', ports: [{port: 80}]}),
  ]
  const env = (ns: string, links = true) => serviceEnvFor(ns, links, services)

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
})
