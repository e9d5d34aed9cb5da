import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {endpointsDef} from '../../api/kinds/endpoints.js'
import {serviceDef} from '../../api/kinds/service.js'
import type {ResourceDef} from '../../api/resource.js'
import type {Endpoints} from '../../api/types/endpoints.js'
import type {Service} from '../../api/types/service.js'
import {openSqliteStore, type SqliteStore} from '../../store/index.js'
import {GenericRegistry} from '../rest/generic.js'
import {serviceIPKey} from './claims.js'
import {createServiceAllocation, type ServiceAllocation} from './hooks.js'
import {ensureKubernetesService} from './kubernetes-service.js'

let dir: string
let store: SqliteStore
let alloc: ServiceAllocation
let registries: Map<string, GenericRegistry>

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mkube-k8ssvc-'))
  store = openSqliteStore(join(dir, 'state.db'), {compactIntervalMs: 0})
  alloc = createServiceAllocation(store)
  registries = new Map<string, GenericRegistry>([
    ['services', new GenericRegistry(serviceDef as unknown as ResourceDef, store, alloc.hooks)],
    ['endpoints', new GenericRegistry(endpointsDef as unknown as ResourceDef, store)],
  ])
})
afterEach(async () => {
  alloc.close()
  await store.close()
  rmSync(dir, {recursive: true, force: true})
})

describe('ensureKubernetesService', () => {
  it('creates default/kubernetes at the first address, port 443 → the API server port, and its Endpoints', async () => {
    await ensureKubernetesService(registries, [{ip: '127.0.0.1', port: 6443}])
    const svc = (await registries.get('services')!.get('default', 'kubernetes')) as Service
    expect(svc.spec!.clusterIP).toBe('10.43.0.1')
    expect(svc.spec!.selector).toBeUndefined()
    expect(svc.spec!.ports).toEqual([{name: 'https', protocol: 'TCP', port: 443, targetPort: 6443}])
    expect(svc.metadata.labels).toEqual({component: 'apiserver', provider: 'kubernetes'})
    expect(((await store.get(serviceIPKey('10.43.0.1'))) as {owner: {name: string}}).owner.name).toBe('kubernetes')
    const ep = (await registries.get('endpoints')!.get('default', 'kubernetes')) as Endpoints
    expect(ep.subsets).toEqual([{addresses: [{ip: '127.0.0.1'}], ports: [{name: 'https', port: 6443, protocol: 'TCP'}]}])
    expect(ep.metadata.uid).toBeTruthy()
  })
  it('is idempotent and follows new addresses and ports', async () => {
    await ensureKubernetesService(registries, [{ip: '192.0.2.10', port: 6443}])
    const first = (await registries.get('services')!.get('default', 'kubernetes')) as Service
    await ensureKubernetesService(registries, [{ip: '192.0.2.10', port: 6443}])
    const again = (await registries.get('services')!.get('default', 'kubernetes')) as Service
    expect(again.metadata.resourceVersion).toBe(first.metadata.resourceVersion)
    await ensureKubernetesService(registries, [{ip: '192.0.2.11', port: 7443}, {ip: '192.0.2.10', port: 7443}])
    const moved = (await registries.get('services')!.get('default', 'kubernetes')) as Service
    expect(moved.spec!.ports![0].targetPort).toBe(7443)
    expect(moved.metadata.uid).toBe(first.metadata.uid)
    const ep = (await registries.get('endpoints')!.get('default', 'kubernetes')) as Endpoints
    expect(ep.subsets![0].addresses).toEqual([{ip: '192.0.2.10'}, {ip: '192.0.2.11'}])
  })
  it('replaces the Service when the service range changed', async () => {
    await ensureKubernetesService(registries, [{ip: '192.0.2.10', port: 6443}])
    // the master restarts with another --service-cidr
    alloc.close()
    alloc = createServiceAllocation(store, {serviceCIDR: '10.96.0.0/12'})
    registries.set('services', new GenericRegistry(serviceDef as unknown as ResourceDef, store, alloc.hooks))
    await ensureKubernetesService(registries, [{ip: '192.0.2.10', port: 6443}], {serviceCIDR: '10.96.0.0/12'})
    const svc = (await registries.get('services')!.get('default', 'kubernetes')) as Service
    expect(svc.spec!.clusterIP).toBe('10.96.0.1')
    expect(await store.count('/registry/mkube/serviceips/')).toBe(1)
  })
})
