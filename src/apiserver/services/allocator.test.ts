import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {ApiError} from '../../api/errors.js'
import {serviceDef} from '../../api/kinds/service.js'
import type {ResourceDef} from '../../api/resource.js'
import type {Service} from '../../api/types/service.js'
import {openSqliteStore, type SqliteStore} from '../../store/index.js'
import {GenericRegistry} from '../rest/generic.js'
import type {RequestContext} from '../rest/types.js'
import {nodePortKey, serviceIPKey, serviceIPPrefix, nodePortPrefix} from './claims.js'
import {createServiceAllocation, type ServiceAllocation} from './hooks.js'

const ctx: RequestContext = {user: {username: 'admin', groups: ['system:masters']}, dryRun: false}
const dry: RequestContext = {...ctx, dryRun: true}

function svc(name: string, spec: Service['spec'] = {}): Service {
  return {apiVersion: 'v1', kind: 'Service', metadata: {name, namespace: 'default'}, spec: {selector: {app: name}, ports: [{port: 80}], ...spec}}
}

/** An API server's view: a services registry with the allocation hooks, over a store. */
function server(store: SqliteStore, cidr = '10.43.0.0/16'): {reg: GenericRegistry<Service>; alloc: ServiceAllocation} {
  const alloc = createServiceAllocation(store, {serviceCIDR: cidr})
  return {alloc, reg: new GenericRegistry<Service>(serviceDef as ResourceDef<Service>, store, alloc.hooks as never)}
}

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p
  } catch (e) {
    if (e instanceof ApiError) return e
    throw e
  }
  throw new Error('expected the request to fail')
}

async function until(cond: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 10))
  }
}

let dir: string
let stores: SqliteStore[]
let allocs: ServiceAllocation[]
function open(): SqliteStore {
  const s = openSqliteStore(join(dir, 'state.db'), {compactIntervalMs: 0})
  stores.push(s)
  return s
}
function srv(store: SqliteStore, cidr?: string) {
  const s = server(store, cidr)
  allocs.push(s.alloc)
  return s
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mkube-svcalloc-'))
  stores = []
  allocs = []
})
afterEach(async () => {
  for (const a of allocs) a.close()
  for (const s of stores) await s.close()
  rmSync(dir, {recursive: true, force: true})
})

describe('cluster IP allocation', () => {
  it('allocates a unique address of the range outside the static band and claims it in the store', async () => {
    const store = open()
    const {reg} = srv(store)
    const ips = new Set<string>()
    for (let i = 0; i < 20; i++) {
      const s = await reg.create('default', svc(`s${i}`), ctx)
      expect(s.spec!.clusterIPs).toEqual([s.spec!.clusterIP])
      expect(s.spec!.ipFamilies).toEqual(['IPv4'])
      expect(s.spec!.ipFamilyPolicy).toBe('SingleStack')
      const ip = s.spec!.clusterIP!
      expect(ip).toMatch(/^10\.43\.\d+\.\d+$/)
      // the static band of a /16 is its first 256 addresses (10.43.0.1 - 10.43.1.0)
      const [, , c, d] = ip.split('.').map(Number)
      expect(c * 256 + d - 1).toBeGreaterThanOrEqual(256)
      ips.add(ip)
      const claim = (await store.get(serviceIPKey(ip))) as {owner: {name: string; uid: string}}
      expect(claim.owner).toMatchObject({name: `s${i}`, uid: s.metadata.uid})
    }
    expect(ips.size).toBe(20)
  })

  it('honours a requested IP and refuses a taken or out-of-range one with 422', async () => {
    const {reg} = srv(open())
    const a = await reg.create('default', svc('a', {clusterIP: '10.43.0.10'}), ctx)
    expect(a.spec!.clusterIP).toBe('10.43.0.10')
    const taken = await rejection(reg.create('default', svc('b', {clusterIP: '10.43.0.10'}), ctx))
    expect(taken.code).toBe(422)
    expect(taken.status.reason).toBe('Invalid')
    expect(taken.message).toContain('spec.clusterIPs: Invalid value: ["10.43.0.10"]: failed to allocate IP 10.43.0.10: provided IP is already allocated')
    const outside = await rejection(reg.create('default', svc('c', {clusterIP: '10.99.0.1'}), ctx))
    expect(outside.code).toBe(422)
    expect(outside.message).toContain('the provided IP (10.99.0.1) is not in the valid range. The range of valid IPs is 10.43.0.0/16')
    // network and broadcast addresses are not in the allocatable range
    expect((await rejection(reg.create('default', svc('d', {clusterIP: '10.43.255.255'}), ctx))).message).toContain('not in the valid range')
  })

  it('headless and ExternalName services allocate nothing', async () => {
    const store = open()
    const {reg} = srv(store)
    const h = await reg.create('default', svc('h', {clusterIP: 'None'}), ctx)
    expect(h.spec!.clusterIP).toBe('None')
    expect(h.spec!.ipFamilyPolicy).toBe('SingleStack')
    const hns = await reg.create('default', {...svc('hns', {clusterIP: 'None'}), spec: {clusterIP: 'None', ports: [{port: 80}]}}, ctx)
    expect(hns.spec!.ipFamilyPolicy).toBe('RequireDualStack')
    const e = await reg.create('default', {...svc('e'), spec: {type: 'ExternalName', externalName: 'example.com'}}, ctx)
    expect(e.spec!.clusterIP).toBeUndefined()
    expect(await store.count(serviceIPPrefix)).toBe(0)
  })

  it('refuses IPv6 and dual-stack requests on this single-stack cluster', async () => {
    const {reg} = srv(open())
    expect((await rejection(reg.create('default', svc('v6', {ipFamilies: ['IPv6']}), ctx))).message).toContain('spec.ipFamilies[0]')
    expect((await rejection(reg.create('default', svc('ds', {ipFamilyPolicy: 'RequireDualStack'}), ctx))).message).toContain('dual-stack')
  })

  it('releases the IP on delete and on a change to ExternalName; a failed create keeps nothing', async () => {
    const store = open()
    const {reg} = srv(store)
    const a = await reg.create('default', svc('a', {clusterIP: '10.43.0.20'}), ctx)
    await reg.delete('default', 'a', {}, ctx)
    expect(await store.count(serviceIPPrefix)).toBe(0)
    const b = await reg.create('default', svc('b', {clusterIP: '10.43.0.20'}), ctx)
    expect(b.spec!.clusterIP).toBe('10.43.0.20')
    expect(a.metadata.uid).not.toBe(b.metadata.uid)
    // ExternalName: the IP is freed once the update is stored
    const cur = await reg.get('default', 'b')
    await reg.update('default', 'b', {...cur, spec: {type: 'ExternalName', externalName: 'db.example.com'}}, ctx)
    await until(async () => (await store.count(serviceIPPrefix)) === 0)
    // a create that fails after allocation (name taken) gives its claims back
    await reg.create('default', svc('c'), ctx)
    expect(await store.count(serviceIPPrefix)).toBe(1)
    expect((await rejection(reg.create('default', svc('c', {clusterIP: '10.43.0.30'}), ctx))).code).toBe(409)
    expect(await store.count(serviceIPPrefix)).toBe(1)
  })

  it('a dry run chooses and checks values without claiming them', async () => {
    const store = open()
    const {reg} = srv(store)
    const d = await reg.create('default', svc('d', {type: 'NodePort'}), dry)
    expect(d.spec!.clusterIP).toMatch(/^10\.43\./)
    expect(d.spec!.ports![0].nodePort).toBeGreaterThanOrEqual(30000)
    expect(await store.count('/registry/mkube/')).toBe(0)
    await reg.create('default', svc('x', {clusterIP: '10.43.0.40'}), ctx)
    expect((await rejection(reg.create('default', svc('y', {clusterIP: '10.43.0.40'}), dry))).code).toBe(422)
  })

  it('fills the static band only when the dynamic band is full', async () => {
    const store = open()
    // a /27: 30 usable addresses, a static band of 16 (offsets 0-15 → .1-.16)
    const {reg} = srv(store, '10.43.7.0/27')
    const got: number[] = []
    for (let i = 0; i < 30; i++) got.push(Number((await reg.create('default', svc(`s${i}`), ctx)).spec!.clusterIP!.split('.')[3]))
    expect(got.slice(0, 14).every((o) => o > 16)).toBe(true)
    expect(new Set(got).size).toBe(30)
    const full = await rejection(reg.create('default', svc('full'), ctx))
    expect(full.code).toBe(422)
    expect(full.message).toContain('range is full')
  })
})

describe('node port allocation', () => {
  it('allocates node ports for NodePort and LoadBalancer services, and a health check port for Local', async () => {
    const store = open()
    const {reg} = srv(store)
    const np = await reg.create('default', svc('np', {type: 'NodePort', ports: [{name: 'a', port: 80}, {name: 'b', port: 81}]}), ctx)
    const [p0, p1] = np.spec!.ports!.map((p) => p.nodePort!)
    for (const p of [p0, p1]) expect(p >= 30000 && p <= 32767).toBe(true)
    expect(p0).not.toBe(p1)
    expect(await store.get(nodePortKey('TCP', p0))).toBeTruthy()
    const lb = await reg.create('default', svc('lb', {type: 'LoadBalancer', externalTrafficPolicy: 'Local'}), ctx)
    expect(lb.spec!.ports![0].nodePort).toBeGreaterThanOrEqual(30000)
    expect(lb.spec!.healthCheckNodePort).toBeGreaterThanOrEqual(30000)
    const noPorts = await reg.create('default', svc('lb2', {type: 'LoadBalancer', allocateLoadBalancerNodePorts: false}), ctx)
    expect(noPorts.spec!.ports![0].nodePort).toBeUndefined()
    const cip = await reg.create('default', svc('cip'), ctx)
    expect(cip.spec!.ports![0].nodePort).toBeUndefined()
    expect(await store.count(nodePortPrefix)).toBe(4)
  })

  it('honours requested node ports, refuses conflicts and out-of-range ports per protocol', async () => {
    const {reg} = srv(open())
    await reg.create('default', svc('a', {type: 'NodePort', ports: [{port: 80, nodePort: 30080}]}), ctx)
    const clash = await rejection(reg.create('default', svc('b', {type: 'NodePort', ports: [{port: 80, nodePort: 30080}]}), ctx))
    expect(clash.code).toBe(422)
    expect(clash.message).toBe('Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated')
    // the same number over UDP is another port
    const udp = await reg.create('default', svc('c', {type: 'NodePort', ports: [{port: 80, protocol: 'UDP', nodePort: 30080}]}), ctx)
    expect(udp.spec!.ports![0].nodePort).toBe(30080)
    const range = await rejection(reg.create('default', svc('d', {type: 'NodePort', ports: [{port: 80, nodePort: 8080}]}), ctx))
    expect(range.message).toContain('spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767')
  })

  it('gives ports of one number (TCP and UDP) one node port', async () => {
    const {reg} = srv(open())
    const dns = await reg.create('default', svc('dns', {type: 'NodePort', ports: [{name: 'udp', port: 53, protocol: 'UDP'}, {name: 'tcp', port: 53, protocol: 'TCP'}]}), ctx)
    const [u, t] = dns.spec!.ports!
    expect(u.nodePort).toBe(t.nodePort)
    const req = await reg.create('default', svc('dns2', {type: 'NodePort', ports: [{name: 'udp', port: 53, protocol: 'UDP'}, {name: 'tcp', port: 53, protocol: 'TCP', nodePort: 31053}]}), ctx)
    expect(req.spec!.ports!.map((p) => p.nodePort)).toEqual([31053, 31053])
    // each explicit node port is claimed as given, for its own protocol only
    const store = stores[0]
    const two = await reg.create('default', svc('dns3', {type: 'NodePort', ports: [{name: 'udp', port: 53, protocol: 'UDP', nodePort: 31060}, {name: 'tcp', port: 53, protocol: 'TCP', nodePort: 31061}]}), ctx)
    expect(two.spec!.ports!.map((p) => p.nodePort)).toEqual([31060, 31061])
    const keys = (await store.list(nodePortPrefix)).items.map((c) => (c as {key: string}).key)
    expect(keys).toContain(nodePortKey('UDP', 31060))
    expect(keys).toContain(nodePortKey('TCP', 31061))
    expect(keys).not.toContain(nodePortKey('TCP', 31060))
    // a sibling's number taken for the other protocol: that port gets its own
    await reg.create('default', svc('blocker', {type: 'NodePort', ports: [{port: 1, protocol: 'UDP', nodePort: 31070}]}), ctx)
    const shared = await reg.create('default', svc('dns4', {type: 'NodePort', ports: [{name: 'tcp', port: 53, protocol: 'TCP', nodePort: 31070}, {name: 'udp', port: 53, protocol: 'UDP'}]}), ctx)
    expect(shared.spec!.ports![0].nodePort).toBe(31070)
    expect(shared.spec!.ports![1].nodePort).not.toBe(31070)
    expect((await store.list(nodePortPrefix)).items.filter((c) => (c as {owner: {name: string}}).owner.name === 'dns4')).toHaveLength(2)
  })

  it('keeps node ports across updates, releases them on type change and delete', async () => {
    const store = open()
    const {reg} = srv(store)
    const a = await reg.create('default', svc('a', {type: 'NodePort', ports: [{port: 80, nodePort: 30081}]}), ctx)
    // a client that omits the nodePort keeps it
    const upd = await reg.update('default', 'a', {...a, spec: {...a.spec, ports: [{port: 80}]}}, ctx)
    expect(upd.spec!.ports![0].nodePort).toBe(30081)
    // a changed node port claims the new one and frees the old one after the write
    const moved = await reg.update('default', 'a', {...upd, spec: {...upd.spec, ports: [{port: 80, nodePort: 30082}]}}, ctx)
    expect(moved.spec!.ports![0].nodePort).toBe(30082)
    await until(async () => (await store.count(nodePortPrefix)) === 1)
    await reg.create('default', svc('b', {type: 'NodePort', ports: [{port: 80, nodePort: 30081}]}), ctx)
    // back to ClusterIP: the node port is freed, the cluster IP kept
    const back = await reg.update('default', 'a', {...moved, spec: {...moved.spec, type: 'ClusterIP', externalTrafficPolicy: undefined, ports: [{port: 80}]}}, ctx)
    expect(back.spec!.clusterIP).toBe(a.spec!.clusterIP)
    await until(async () => !(await store.list(nodePortPrefix)).items.some((c) => (c as {key: string}).key === nodePortKey('TCP', 30082)))
    await reg.delete('default', 'b', {}, ctx)
    await reg.delete('default', 'a', {}, ctx)
    expect(await store.count('/registry/mkube/')).toBe(0)
  })

  it('a failed update keeps the old claims and gives back the new ones', async () => {
    const store = open()
    const {reg, alloc} = srv(store)
    const a = await reg.create('default', svc('a', {type: 'NodePort', ports: [{port: 80, nodePort: 30090}]}), ctx)
    // the generic registry calls abortUpdate when the store write fails after beforeUpdate ran
    const next = structuredClone(a)
    next.spec!.ports = [{port: 80, protocol: 'TCP', targetPort: 80, nodePort: 30091}]
    await alloc.hooks.beforeUpdate!(next, a, ctx)
    expect(await store.count(nodePortPrefix)).toBe(2)
    await alloc.hooks.abortUpdate!(next, a)
    await new Promise((r) => setTimeout(r, 50))
    await store.update(`/registry/core/services/default/a`, {...a, metadata: {...a.metadata, labels: {touched: 'yes'}}} as never)
    await new Promise((r) => setTimeout(r, 50))
    const keys = (await store.list(nodePortPrefix)).items.map((c) => (c as {key: string}).key)
    expect(keys).toEqual([nodePortKey('TCP', 30090)])
  })
})

describe('a changed range', () => {
  it('keeps what services hold from the old range on later updates', async () => {
    const store = open()
    const a = await srv(store, '10.43.0.0/16').reg.create('default', svc('a', {type: 'NodePort', ports: [{port: 80, nodePort: 30500}]}), ctx)
    // restarted with another service CIDR and node port range
    const alloc = createServiceAllocation(store, {serviceCIDR: '10.96.0.0/12', nodePortRange: '31000-31999'})
    allocs.push(alloc)
    const reg = new GenericRegistry<Service>(serviceDef as ResourceDef<Service>, store, alloc.hooks as never)
    const cur = await reg.get('default', 'a')
    const upd = await reg.update('default', 'a', {...cur, metadata: {...cur.metadata, labels: {v: '2'}}, spec: {...cur.spec, sessionAffinity: 'ClientIP'}}, ctx)
    expect(upd.spec!.clusterIP).toBe(a.spec!.clusterIP)
    expect(upd.spec!.ports![0].nodePort).toBe(30500)
    // new services get the new range
    expect((await reg.create('default', svc('b'), ctx)).spec!.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\./)
  })
})

describe('several API servers on one data dir', () => {
  it('two registries racing for the same IP and port: exactly one wins each', async () => {
    const one = srv(open())
    const two = srv(open())
    for (let round = 0; round < 5; round++) {
      const ip = `10.43.1.${round + 1}`
      const port = 30100 + round
      const results = await Promise.allSettled([
        one.reg.create('default', svc(`one-${round}`, {type: 'NodePort', clusterIP: ip, ports: [{port: 80, nodePort: port}]}), ctx),
        two.reg.create('default', svc(`two-${round}`, {type: 'NodePort', clusterIP: ip, ports: [{port: 80, nodePort: port}]}), ctx),
      ])
      const ok = results.filter((r) => r.status === 'fulfilled')
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
      expect(ok).toHaveLength(1)
      expect(failed).toHaveLength(1)
      expect((failed[0].reason as ApiError).code).toBe(422)
    }
    // the losers hold nothing: 5 IPs and 5 ports
    expect(await stores[0].count(serviceIPPrefix)).toBe(5)
    expect(await stores[0].count(nodePortPrefix)).toBe(5)
  })

  it('dynamic allocations from two registries never collide', async () => {
    const a = srv(open(), '10.43.9.0/26')
    const b = srv(open(), '10.43.9.0/26')
    const made = await Promise.all(
      Array.from({length: 40}, (_, i) => (i % 2 ? a : b).reg.create('default', svc(`s${i}`, {type: 'NodePort'}), ctx)),
    )
    const ips = made.map((s) => s.spec!.clusterIP)
    const ports = made.map((s) => s.spec!.ports![0].nodePort)
    expect(new Set(ips).size).toBe(40)
    expect(new Set(ports).size).toBe(40)
  })
})

describe('repair', () => {
  it('frees claims of deleted services and re-claims what services hold', async () => {
    const store = open()
    const {reg, alloc} = srv(store)
    const a = await reg.create('default', svc('a', {type: 'NodePort', clusterIP: '10.43.0.50', ports: [{port: 80, nodePort: 30200}]}), ctx)
    // a crash lost a's IP claim; an orphan claim was left by a service that no longer exists
    await store.delete(serviceIPKey('10.43.0.50'))
    await alloc.allocator.claims.claim(serviceIPKey('10.43.0.51'), 'ServiceIPClaim', {namespace: 'default', name: 'gone', uid: 'dead'})
    // young orphans are left alone (a create may be in flight)
    let r = await alloc.repair()
    expect(r.reclaimed).toEqual([serviceIPKey('10.43.0.50')])
    expect(r.freed).toEqual([])
    r = await alloc.repair({graceMs: 0})
    expect(r.freed).toEqual([serviceIPKey('10.43.0.51')])
    const claim = (await store.get(serviceIPKey('10.43.0.50'))) as {owner: {uid: string}}
    expect(claim.owner.uid).toBe(a.metadata.uid)
    // a re-claimed IP is refused to others again
    expect((await rejection(reg.create('default', svc('b', {clusterIP: '10.43.0.50'}), ctx))).code).toBe(422)
    expect((await reg.create('default', svc('c', {clusterIP: '10.43.0.51'}), ctx)).spec!.clusterIP).toBe('10.43.0.51')
  })
})
