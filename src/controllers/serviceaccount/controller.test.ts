import {afterEach, describe, expect, it} from 'vitest'
import type {ConfigMap, ServiceAccount} from '../../api/types/config.js'
import type {Client} from '../../client/client.js'
import {FakeCluster, until} from '../common/testing.js'
import {configMapsRef, namespacesRef, serviceAccountsRef} from './refs.js'
import {RootCACertPublisher} from './rootca.js'
import {ServiceAccountsController} from './serviceaccounts.js'

const ca = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'
const ns = (name: string) => ({apiVersion: 'v1', kind: 'Namespace', metadata: {name}})
const stops: AbortController[] = []
afterEach(() => stops.splice(0).forEach((s) => s.abort()))

function running(ctrl: {run(signal: AbortSignal): Promise<void>}) {
  const stop = new AbortController()
  stops.push(stop)
  void ctrl.run(stop.signal)
}

describe('ServiceAccountsController', () => {
  it('creates default in Active namespaces only', async () => {
    const cluster = new FakeCluster()
    cluster.seed(namespacesRef, ns('a'), ns('b'))
    // b is being deleted (as the API server leaves it while spec.finalizers holds "kubernetes")
    const b = cluster.find(namespacesRef, 'b')!
    cluster.put(namespacesRef, {...b, metadata: {...b.metadata, deletionTimestamp: '2024-01-01T00:00:00Z'}, status: {phase: 'Terminating'}})
    const ctrl = new ServiceAccountsController()
    ctrl.start(cluster.context())
    await ctrl.sync('a')
    await ctrl.sync('b')
    await ctrl.sync('missing')
    expect(cluster.list<ServiceAccount>(serviceAccountsRef).map((s) => `${s.metadata.namespace}/${s.metadata.name}`)).toEqual(['a/default'])
    await ctrl.sync('a')
    expect(cluster.actionsOf('create', 'serviceaccounts')).toHaveLength(1)
  })

  it('re-creates a deleted default ServiceAccount and covers new namespaces', async () => {
    const cluster = new FakeCluster()
    cluster.seed(namespacesRef, ns('a'))
    const ctrl = new ServiceAccountsController()
    ctrl.start(cluster.context())
    running(ctrl)
    await until(() => !!cluster.find(serviceAccountsRef, 'default', 'a'), 2000, 'default in a')
    const first = cluster.find(serviceAccountsRef, 'default', 'a')!.metadata.uid
    await cluster.client.delete(serviceAccountsRef, 'default', 'a')
    await until(() => !!cluster.find(serviceAccountsRef, 'default', 'a') && cluster.find(serviceAccountsRef, 'default', 'a')!.metadata.uid !== first, 2000, 're-created')
    cluster.seed(namespacesRef, ns('later'))
    await until(() => !!cluster.find(serviceAccountsRef, 'default', 'later'), 2000, 'default in later')
  })

  it('ignores AlreadyExists and retries other failures', async () => {
    const cluster = new FakeCluster()
    cluster.seed(namespacesRef, ns('a'))
    const ctrl = new ServiceAccountsController()
    ctrl.start(cluster.context())
    cluster.failOn('create', 'serviceaccounts', new Error('boom'))
    await expect(ctrl.sync('a')).rejects.toThrow('boom')
    cluster.hold()
    await ctrl.sync('a')
    await ctrl.sync('a') // the informer has not seen the first create: AlreadyExists is not an error
    cluster.resume()
    expect(cluster.list(serviceAccountsRef)).toHaveLength(1)
  })
})

describe('RootCACertPublisher', () => {
  it('publishes the client CA in every Active namespace and restores edits and deletions', async () => {
    const cluster = new FakeCluster()
    cluster.seed(namespacesRef, ns('a'), ns('b'))
    const base = cluster.context()
    const ctrl = new RootCACertPublisher()
    ctrl.start({...base, client: Object.assign(Object.create(base.client) as Client, {config: {server: 'https://x', caPem: ca}})})
    running(ctrl)
    const cm = (n: string) => cluster.find<ConfigMap>(configMapsRef, 'kube-root-ca.crt', n)
    await until(() => cm('a')?.data?.['ca.crt'] === ca && cm('b')?.data?.['ca.crt'] === ca, 2000, 'published')
    const edited = cm('a')!
    edited.data = {'ca.crt': 'tampered'}
    cluster.put(configMapsRef, edited)
    await until(() => cm('a')?.data?.['ca.crt'] === ca, 2000, 'restored')
    await cluster.client.delete(configMapsRef, 'kube-root-ca.crt', 'b')
    await until(() => cm('b')?.data?.['ca.crt'] === ca, 2000, 're-created')
  })

  it('does nothing without a CA', async () => {
    const cluster = new FakeCluster()
    cluster.seed(namespacesRef, ns('a'))
    const ctrl = new RootCACertPublisher()
    ctrl.start(cluster.context())
    await ctrl.sync('a')
    expect(cluster.list(configMapsRef)).toEqual([])
    expect(cluster.logs.join('\n')).toContain('no cluster CA known')
  })
})
