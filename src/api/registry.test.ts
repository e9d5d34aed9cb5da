import {describe, expect, it} from 'vitest'
import {findResource, groupVersionOf, keyFor, prefixFor, prepareForCreate, prepareForUpdate, resolveResourceName, resourceForKind, resources} from './registry.js'

describe('resources', () => {
  it('serves the built-in kinds with upstream names', () => {
    expect(resources.map((r) => `${groupVersionOf(r)} ${r.kind} ${r.resource} [${r.shortNames.join(',')}]`)).toEqual([
      'v1 Pod pods [po]',
      'v1 Service services [svc]',
      'v1 Endpoints endpoints [ep]',
      'v1 Node nodes [no]',
      'v1 Namespace namespaces [ns]',
      'v1 ConfigMap configmaps [cm]',
      'v1 Secret secrets []',
      'v1 ServiceAccount serviceaccounts [sa]',
      'v1 Event events [ev]',
      'apps/v1 Deployment deployments [deploy]',
      'apps/v1 ReplicaSet replicasets [rs]',
      'apps/v1 DaemonSet daemonsets [ds]',
      'batch/v1 Job jobs []',
      'batch/v1 CronJob cronjobs [cj]',
      'coordination.k8s.io/v1 Lease leases []',
    ])
  })
  it('scopes, categories and subresources', () => {
    const cluster = resources.filter((r) => !r.namespaced).map((r) => r.resource)
    expect(cluster).toEqual(['nodes', 'namespaces'])
    const all = resources.filter((r) => r.categories.includes('all')).map((r) => r.resource)
    expect(all).toEqual(['pods', 'services', 'deployments', 'replicasets', 'daemonsets', 'jobs', 'cronjobs'])
    expect(findResource('', 'v1', 'pods')!.subresources).toEqual(['status', 'binding', 'log', 'exec', 'eviction'])
    expect(findResource('', 'v1', 'namespaces')!.subresources).toEqual(['status', 'finalize'])
    for (const r of resources) {
      expect(r.listKind).toBe(`${r.kind}List`)
      expect(r.hasStatusSubresource).toBe(r.subresources.includes('status'))
    }
  })
})

describe('lookups', () => {
  it('findResource and resourceForKind', () => {
    expect(findResource('apps', 'v1', 'deployments')!.kind).toBe('Deployment')
    expect(findResource('apps', 'v2', 'deployments')).toBeUndefined()
    expect(resourceForKind('v1', 'Pod')!.resource).toBe('pods')
    expect(resourceForKind('batch/v1', 'Job')!.resource).toBe('jobs')
    expect(resourceForKind('apps/v1', 'Pod')).toBeUndefined()
    expect(resourceForKind('coordination.k8s.io/v1', 'Lease')!.resource).toBe('leases')
  })
  it.each([
    ['po', 'pods'],
    ['Pod', 'pods'],
    ['PODS', 'pods'],
    ['pod', 'pods'],
    ['deploy', 'deployments'],
    ['deployments.apps', 'deployments'],
    ['deploy.apps', 'deployments'],
    ['deployments.v1.apps', 'deployments'],
    ['ReplicaSet', 'replicasets'],
    ['rs.apps', 'replicasets'],
    ['svc', 'services'],
    ['ep', 'endpoints'],
    ['no', 'nodes'],
    ['ns', 'namespaces'],
    ['cm', 'configmaps'],
    ['sa', 'serviceaccounts'],
    ['ev', 'events'],
    ['ds', 'daemonsets'],
    ['jobs.batch', 'jobs'],
    ['job', 'jobs'],
    ['leases.coordination.k8s.io', 'leases'],
    ['secret', 'secrets'],
    ['pods.v1', 'pods'],
  ])('resolveResourceName(%s) → %s', (input, resource) => {
    expect(resolveResourceName(input)?.resource).toBe(resource)
  })
  it.each(['', 'deployment.batch', 'foo', 'pods.apps', 'jobs.v2.batch'])('rejects %j', (input) => {
    expect(resolveResourceName(input)).toBeUndefined()
  })
})

describe('store keys', () => {
  const pods = findResource('', 'v1', 'pods')!
  const nodes = findResource('', 'v1', 'nodes')!
  const deploys = findResource('apps', 'v1', 'deployments')!
  it('namespaced and cluster-scoped keys', () => {
    expect(keyFor(pods, 'default', 'web-1')).toBe('/registry/core/pods/default/web-1')
    expect(keyFor(deploys, 'prod', 'api')).toBe('/registry/apps/deployments/prod/api')
    expect(keyFor(nodes, '', 'worker-1')).toBe('/registry/core/nodes/worker-1')
  })
  it('prefixes end with a slash', () => {
    expect(prefixFor(pods)).toBe('/registry/core/pods/')
    expect(prefixFor(pods, 'default')).toBe('/registry/core/pods/default/')
    expect(prefixFor(nodes, 'ignored')).toBe('/registry/core/nodes/')
    expect(prefixFor(findResource('coordination.k8s.io', 'v1', 'leases')!, 'kube-node-lease')).toBe('/registry/coordination.k8s.io/leases/kube-node-lease/')
  })
  it('a namespace prefix does not cover a namespace sharing its start', () => {
    expect(keyFor(pods, 'default2', 'x').startsWith(prefixFor(pods, 'default'))).toBe(false)
  })
})

describe('hooks', () => {
  it('prepareForCreate dispatches per kind and is a no-op elsewhere', () => {
    const pod = {metadata: {name: 'p', namespace: 'default'}, spec: {containers: []}, status: {phase: 'Running'}}
    prepareForCreate(findResource('', 'v1', 'pods')!, pod)
    expect(pod.status).toEqual({phase: 'Pending', qosClass: 'BestEffort'})
    const cm = {metadata: {name: 'c'}, data: {a: 'b'}}
    prepareForCreate(findResource('', 'v1', 'configmaps')!, cm)
    expect(cm).toEqual({metadata: {name: 'c'}, data: {a: 'b'}})
  })
  it('prepareForUpdate keeps namespace finalizers', () => {
    const old = {metadata: {name: 'n'}, spec: {finalizers: ['kubernetes']}}
    const next = {metadata: {name: 'n'}, spec: {}}
    prepareForUpdate(findResource('', 'v1', 'namespaces')!, next, old)
    expect(next.spec).toEqual({finalizers: ['kubernetes']})
  })
})

describe('malformed bodies', () => {
  it('are reported as a validation cause, not thrown', () => {
    const def = findResource('', 'v1', 'pods')!
    const pod = {metadata: {name: 'p', namespace: 'default'}, spec: {containers: 'nginx'}}
    expect(() => def.defaults(pod)).not.toThrow()
    const causes = def.validate(pod)
    expect(causes.map((c) => c.reason)).toContain('FieldValueTypeInvalid')
  })
})
