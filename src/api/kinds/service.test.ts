import {describe, expect, it} from 'vitest'
import type {Service} from '../types/service.js'
import {serviceDef, serviceHooks} from './service.js'
import {created, uniq, validateAsCreate, validateAsUpdate} from './testing.js'

const svc = (): Service => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: {name: 'web', namespace: 'default'},
  spec: {selector: {app: 'web'}, ports: [{port: 80}]},
})
type Mut = (s: any) => void

describe('service defaults', () => {
  it('fills type, affinity, protocol, targetPort and traffic policies', () => {
    const s = svc()
    serviceDef.defaults(s)
    expect(s.spec).toEqual({
      selector: {app: 'web'},
      ports: [{port: 80, protocol: 'TCP', targetPort: 80}],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
    })
  })
  it('NodePort gets externalTrafficPolicy, LoadBalancer allocateLoadBalancerNodePorts, ClientIP a timeout', () => {
    const s = svc()
    s.spec!.type = 'LoadBalancer'
    s.spec!.sessionAffinity = 'ClientIP'
    s.spec!.ports![0].targetPort = 'http'
    serviceDef.defaults(s)
    expect(s.spec!.externalTrafficPolicy).toBe('Cluster')
    expect(s.spec!.allocateLoadBalancerNodePorts).toBe(true)
    expect(s.spec!.sessionAffinityConfig).toEqual({clientIP: {timeoutSeconds: 10800}})
    expect(s.spec!.ports![0].targetPort).toBe('http')
  })
  it('ExternalName gets no internalTrafficPolicy; clusterIP syncs clusterIPs', () => {
    const e = svc()
    e.spec = {type: 'ExternalName', externalName: 'example.com'}
    serviceDef.defaults(e)
    expect(e.spec.internalTrafficPolicy).toBeUndefined()
    const s = svc()
    s.spec!.clusterIP = '10.96.0.10'
    serviceDef.defaults(s)
    expect(s.spec!.clusterIPs).toEqual(['10.96.0.10'])
  })
})

describe('service validation', () => {
  it('accepts valid services', () => {
    expect(validateAsCreate(serviceDef, svc())).toEqual([])
    const headless = svc()
    headless.spec = {clusterIP: 'None', selector: {app: 'x'}}
    expect(validateAsCreate(serviceDef, headless)).toEqual([])
    const ext = svc()
    ext.spec = {type: 'ExternalName', externalName: 'db.example.com.'}
    expect(validateAsCreate(serviceDef, ext)).toEqual([])
    const np = svc()
    np.spec!.type = 'NodePort'
    np.spec!.ports![0].nodePort = 30080
    expect(validateAsCreate(serviceDef, np)).toEqual([])
  })

  it.each<[string, Mut, string, string]>([
    ['name not DNS-1035', (s) => (s.metadata.name = '1web'), 'FieldValueInvalid', 'metadata.name'],
    ['no ports', (s) => (s.spec.ports = []), 'FieldValueRequired', 'spec.ports'],
    ['port 0', (s) => (s.spec.ports[0] = {port: 0, targetPort: 8080}), 'FieldValueInvalid', 'spec.ports[0].port'],
    ['bad protocol', (s) => (s.spec.ports[0].protocol = 'ICMP'), 'FieldValueNotSupported', 'spec.ports[0].protocol'],
    ['unnamed second port', (s) => s.spec.ports.push({name: 'b', port: 81}), 'FieldValueRequired', 'spec.ports[0].name'],
    ['duplicate port names', (s) => (s.spec.ports = [{name: 'a', port: 80}, {name: 'a', port: 81}]), 'FieldValueDuplicate', 'spec.ports[1].name'],
    ['duplicate port/protocol', (s) => (s.spec.ports = [{name: 'a', port: 80}, {name: 'b', port: 80}]), 'FieldValueDuplicate', 'spec.ports[1]'],
    ['bad targetPort name', (s) => (s.spec.ports[0].targetPort = 'Http_1'), 'FieldValueInvalid', 'spec.ports[0].targetPort'],
    ['bad targetPort number', (s) => (s.spec.ports[0].targetPort = 70000), 'FieldValueInvalid', 'spec.ports[0].targetPort'],
    ['nodePort on ClusterIP', (s) => (s.spec.ports[0].nodePort = 30001), 'FieldValueForbidden', 'spec.ports[0].nodePort'],
    ['nodePort out of range', (s) => { s.spec.type = 'NodePort'; s.spec.ports[0].nodePort = 70000 }, 'FieldValueInvalid', 'spec.ports[0].nodePort'],
    ['bad type', (s) => (s.spec.type = 'Ingress'), 'FieldValueNotSupported', 'spec.type'],
    ['headless NodePort', (s) => { s.spec.type = 'NodePort'; s.spec.clusterIP = 'None' }, 'FieldValueInvalid', 'spec.clusterIPs[0]'],
    ['headless LoadBalancer', (s) => { s.spec.type = 'LoadBalancer'; s.spec.clusterIP = 'None' }, 'FieldValueInvalid', 'spec.clusterIPs[0]'],
    ['bad clusterIP', (s) => (s.spec.clusterIP = '10.96.0.300'), 'FieldValueInvalid', 'spec.clusterIPs[0]'],
    ['ExternalName with clusterIP', (s) => (s.spec = {type: 'ExternalName', externalName: 'a.b', clusterIP: '10.0.0.1'}), 'FieldValueForbidden', 'spec.clusterIPs'],
    ['ExternalName without name', (s) => (s.spec = {type: 'ExternalName'}), 'FieldValueRequired', 'spec.externalName'],
    ['bad sessionAffinity', (s) => (s.spec.sessionAffinity = 'Cookie'), 'FieldValueNotSupported', 'spec.sessionAffinity'],
    ['affinity timeout too long', (s) => { s.spec.sessionAffinity = 'ClientIP'; s.spec.sessionAffinityConfig = {clientIP: {timeoutSeconds: 100000}} }, 'FieldValueInvalid', 'spec.sessionAffinityConfig.clientIP.timeoutSeconds'],
    ['externalTrafficPolicy on ClusterIP', (s) => (s.spec.externalTrafficPolicy = 'Local'), 'FieldValueInvalid', 'spec.externalTrafficPolicy'],
    ['bad selector', (s) => (s.spec.selector = {app: 'a b'}), 'FieldValueInvalid', 'spec.selector'],
    ['bad externalIP', (s) => (s.spec.externalIPs = ['nope']), 'FieldValueInvalid', 'spec.externalIPs[0]'],
  ])('%s', (_n, mutate, reason, field) => {
    const s = svc()
    mutate(s)
    expect(uniq(validateAsCreate(serviceDef, s))).toEqual([{reason, field}])
  })
})

describe('service update', () => {
  const old = () => {
    const s = created(serviceDef, svc())
    s.spec!.clusterIP = '10.96.0.20'
    s.spec!.clusterIPs = ['10.96.0.20']
    return s
  }
  it('clusterIP may not change once set', () => {
    const o = old()
    const n = structuredClone(o)
    n.spec!.clusterIP = '10.96.0.21'
    n.spec!.clusterIPs = ['10.96.0.21']
    expect(validateAsUpdate(serviceDef, n, o)).toEqual([{reason: 'FieldValueInvalid', field: 'spec.clusterIPs[0]'}])
  })
  it('an omitted clusterIP and nodePort are carried over', () => {
    const o = old()
    o.spec!.type = 'NodePort'
    o.spec!.externalTrafficPolicy = 'Cluster'
    o.spec!.ports![0].nodePort = 30080
    const n = svc()
    n.spec!.type = 'NodePort'
    n.metadata = structuredClone(o.metadata)
    serviceHooks.prepareForUpdate!(n, o)
    expect(n.spec!.clusterIP).toBe('10.96.0.20')
    expect(n.spec!.ports![0].nodePort).toBe(30080)
    expect(validateAsUpdate(serviceDef, n, o)).toEqual([])
  })
  it('switching to ClusterIP drops the unchanged node ports; to ExternalName drops the cluster IP', () => {
    const o = old()
    o.spec!.type = 'NodePort'
    o.spec!.ports![0].nodePort = 30080
    o.spec!.externalTrafficPolicy = 'Cluster'
    const n = structuredClone(o)
    n.spec!.type = 'ClusterIP'
    serviceHooks.prepareForUpdate!(n, o)
    expect(n.spec!.ports![0].nodePort).toBeUndefined()
    expect(n.spec!.externalTrafficPolicy).toBeUndefined()
    expect(validateAsUpdate(serviceDef, n, o)).toEqual([])
    const e = structuredClone(o)
    e.spec = {...e.spec, type: 'ExternalName', externalName: 'a.example.com'}
    serviceHooks.prepareForUpdate!(e, o)
    expect(e.spec!.clusterIP).toBeUndefined()
    expect(e.spec!.clusterIPs).toBeUndefined()
  })
})
