import {describe, expect, it} from 'vitest'
import type {Endpoints} from '../../api/types/endpoints.js'
import type {Pod} from '../../api/types/pod.js'
import type {Service} from '../../api/types/service.js'
import {desiredSubsets, findPort, podEndpointAddress, reconcileEndpoints, shouldPodBeInEndpoints} from './compute.js'

function svc(spec: Partial<NonNullable<Service['spec']>> = {}, labels?: Record<string, string>): Service {
  return {
    metadata: {name: 'web', namespace: 'ns', ...(labels ? {labels} : {})},
    spec: {selector: {app: 'web'}, clusterIP: '10.43.0.10', ports: [{name: 'http', port: 80, targetPort: 8080, protocol: 'TCP'}], ...spec},
  }
}

function pod(name: string, ip: string | undefined, opts: {ready?: boolean; phase?: 'Running' | 'Succeeded'; deleting?: boolean; httpPort?: number; node?: string} = {}): Pod {
  return {
    metadata: {name, namespace: 'ns', uid: `uid-${name}`, labels: {app: 'web'}, ...(opts.deleting ? {deletionTimestamp: '2024-01-01T00:00:00Z'} : {})},
    spec: {nodeName: opts.node ?? 'n1', containers: [{name: 'c', image: 'x', ports: opts.httpPort ? [{name: 'http', containerPort: opts.httpPort, protocol: 'TCP'}] : []}]},
    status: {
      phase: opts.phase ?? 'Running',
      ...(ip ? {podIP: ip, podIPs: [{ip}]} : {}),
      conditions: [{type: 'Ready', status: opts.ready === false ? 'False' : 'True'}],
    },
  }
}

const addr = (name: string, ip: string, node = 'n1') => ({ip, nodeName: node, targetRef: {kind: 'Pod', namespace: 'ns', name, uid: `uid-${name}`}})

describe('pod selection helpers', () => {
  it('shouldPodBeInEndpoints needs an IP and a live, non-terminating pod', () => {
    expect(shouldPodBeInEndpoints(pod('a', '10.0.0.1'), false)).toBe(true)
    expect(shouldPodBeInEndpoints(pod('a', undefined), false)).toBe(false)
    expect(shouldPodBeInEndpoints(pod('a', '10.0.0.1', {phase: 'Succeeded'}), true)).toBe(false)
    expect(shouldPodBeInEndpoints(pod('a', '10.0.0.1', {deleting: true}), false)).toBe(false)
    expect(shouldPodBeInEndpoints(pod('a', '10.0.0.1', {deleting: true}), true)).toBe(true)
  })

  it('findPort resolves numbers and names (same protocol, sidecars included)', () => {
    const p = pod('a', '10.0.0.1', {httpPort: 9000})
    expect(findPort(p, {port: 80, targetPort: 8080})).toBe(8080)
    expect(findPort(p, {port: 80})).toBe(80)
    expect(findPort(p, {port: 80, targetPort: 'http', protocol: 'TCP'})).toBe(9000)
    expect(findPort(p, {port: 80, targetPort: 'http', protocol: 'UDP'})).toBeUndefined()
    expect(findPort(p, {port: 80, targetPort: 'metrics'})).toBeUndefined()
    const side: Pod = {...p, spec: {containers: [], initContainers: [{name: 's', image: 'x', restartPolicy: 'Always', ports: [{name: 'metrics', containerPort: 9100}]}, {name: 'i', image: 'x', ports: [{name: 'once', containerPort: 1}]}]}}
    expect(findPort(side, {port: 80, targetPort: 'metrics'})).toBe(9100)
    expect(findPort(side, {port: 80, targetPort: 'once'})).toBeUndefined()
  })

  it('podEndpointAddress picks the service family and sets the hostname for the subdomain', () => {
    const dual = pod('a', '10.0.0.1')
    dual.status!.podIPs = [{ip: '10.0.0.1'}, {ip: 'fd00::1'}]
    expect(podEndpointAddress(svc(), dual)).toEqual(addr('a', '10.0.0.1'))
    expect(podEndpointAddress(svc({ipFamilies: ['IPv6']}), dual)?.ip).toBe('fd00::1')
    expect(podEndpointAddress(svc({ipFamilies: ['IPv6']}), pod('b', '10.0.0.2'))).toBeUndefined()
    const named = pod('c', '10.0.0.3')
    named.spec = {...named.spec!, hostname: 'c0', subdomain: 'web'}
    expect(podEndpointAddress(svc(), named)).toMatchObject({hostname: 'c0'})
    named.spec.subdomain = 'other'
    expect(podEndpointAddress(svc(), named)?.hostname).toBeUndefined()
  })
})

describe('desiredSubsets', () => {
  it('puts ready pods in addresses and not-ready ones in notReadyAddresses', () => {
    const out = desiredSubsets(svc(), [pod('b', '10.0.0.2', {ready: false}), pod('a', '10.0.0.1'), pod('c', undefined), pod('d', '10.0.0.4', {deleting: true})])
    expect(out).toEqual([{addresses: [addr('a', '10.0.0.1')], notReadyAddresses: [addr('b', '10.0.0.2')], ports: [{name: 'http', port: 8080, protocol: 'TCP'}]}])
  })

  it('publishNotReadyAddresses lists every pod as ready, terminating ones too', () => {
    const out = desiredSubsets(svc({publishNotReadyAddresses: true}), [pod('b', '10.0.0.2', {ready: false}), pod('d', '10.0.0.4', {deleting: true})])
    expect(out).toEqual([{addresses: [addr('b', '10.0.0.2'), addr('d', '10.0.0.4')], ports: [{name: 'http', port: 8080, protocol: 'TCP'}]}])
  })

  it('forms one subset per distinct resolution of a named target port', () => {
    const s = svc({ports: [{name: 'http', port: 80, targetPort: 'http', protocol: 'TCP'}]})
    const out = desiredSubsets(s, [pod('a', '10.0.0.1', {httpPort: 8080}), pod('b', '10.0.0.2', {httpPort: 8081}), pod('c', '10.0.0.3', {httpPort: 8080}), pod('n', '10.0.0.9')])
    expect(out).toEqual([
      {addresses: [addr('a', '10.0.0.1'), addr('c', '10.0.0.3')], ports: [{name: 'http', port: 8080, protocol: 'TCP'}]},
      {addresses: [addr('b', '10.0.0.2')], ports: [{name: 'http', port: 8081, protocol: 'TCP'}]},
    ])
  })

  it('groups by the exact set of addresses each port is offered on (RepackSubsets)', () => {
    const s = svc({ports: [{name: 'http', port: 80, targetPort: 'http', protocol: 'TCP'}, {name: 'admin', port: 81, targetPort: 9999, protocol: 'TCP'}]})
    const out = desiredSubsets(s, [pod('a', '10.0.0.1', {httpPort: 8080}), pod('b', '10.0.0.2', {httpPort: 8081}), pod('n', '10.0.0.9')])
    expect(out).toEqual([
      {addresses: [addr('a', '10.0.0.1'), addr('b', '10.0.0.2'), addr('n', '10.0.0.9')], ports: [{name: 'admin', port: 9999, protocol: 'TCP'}]},
      {addresses: [addr('a', '10.0.0.1')], ports: [{name: 'http', port: 8080, protocol: 'TCP'}]},
      {addresses: [addr('b', '10.0.0.2')], ports: [{name: 'http', port: 8081, protocol: 'TCP'}]},
    ])
  })

  it('gives headless services without ports addresses only, and others without ports nothing', () => {
    expect(desiredSubsets(svc({clusterIP: 'None', ports: []}), [pod('a', '10.0.0.1')])).toEqual([{addresses: [addr('a', '10.0.0.1')]}])
    expect(desiredSubsets(svc({ports: []}), [pod('a', '10.0.0.1')])).toEqual([])
  })
})

describe('reconcileEndpoints', () => {
  it('creates the Endpoints with the service labels (and the headless label when headless)', () => {
    const a = reconcileEndpoints(svc({}, {team: 'x'}), [pod('a', '10.0.0.1')], undefined)
    expect(a).toEqual({
      type: 'create',
      endpoints: {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: {name: 'web', namespace: 'ns', labels: {team: 'x'}},
        subsets: [{addresses: [addr('a', '10.0.0.1')], ports: [{name: 'http', port: 8080, protocol: 'TCP'}]}],
      },
    })
    const h = reconcileEndpoints(svc({clusterIP: 'None'}), [], undefined)
    expect(h).toEqual({type: 'create', endpoints: {apiVersion: 'v1', kind: 'Endpoints', metadata: {name: 'web', namespace: 'ns', labels: {'service.kubernetes.io/headless': ''}}}})
  })

  it('skips the write when nothing relevant changed (target resourceVersions ignored)', () => {
    const created = reconcileEndpoints(svc(), [pod('a', '10.0.0.1')], undefined)
    if (created.type !== 'create') throw new Error('expected create')
    const current: Endpoints = structuredClone(created.endpoints)
    current.metadata.resourceVersion = '5'
    current.subsets![0].addresses![0].targetRef!.resourceVersion = '77'
    expect(reconcileEndpoints(svc(), [pod('a', '10.0.0.1')], current)).toEqual({type: 'none'})
    const moved = reconcileEndpoints(svc(), [pod('a', '10.0.0.1', {ready: false})], current)
    expect(moved.type).toBe('update')
    if (moved.type === 'update') {
      expect(moved.endpoints.metadata.resourceVersion).toBe('5')
      expect(moved.endpoints.subsets).toEqual([{notReadyAddresses: [addr('a', '10.0.0.1')], ports: [{name: 'http', port: 8080, protocol: 'TCP'}]}])
    }
    expect(reconcileEndpoints(svc({}, {new: 'label'}), [pod('a', '10.0.0.1')], current).type).toBe('update')
  })

  it('marks truncation and clears the mark once back under capacity', () => {
    const many = Array.from({length: 1001}, (_, i) => pod(`p${i}`, `10.${Math.floor(i / 250)}.${i % 250}.1`))
    const big = reconcileEndpoints(svc(), many, undefined)
    if (big.type !== 'create') throw new Error('expected create')
    expect(big.endpoints.metadata.annotations).toEqual({'endpoints.kubernetes.io/over-capacity': 'truncated'})
    expect(big.endpoints.subsets!.reduce((n, s) => n + (s.addresses?.length ?? 0), 0)).toBe(1000)
    const small = reconcileEndpoints(svc(), many.slice(0, 2), {...big.endpoints, metadata: {...big.endpoints.metadata, annotations: {keep: 'me', 'endpoints.kubernetes.io/over-capacity': 'truncated'}}})
    expect(small.type === 'update' && small.endpoints.metadata.annotations).toEqual({keep: 'me'})
  })
})
