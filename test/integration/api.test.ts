/**
 * API server semantics over HTTPS: authentication, optimistic concurrency, validation errors that store
 * nothing, selectors, watch, graceful deletion, finalizers.
 */
import https from 'node:https'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {ApiError} from '../../src/api/errors.js'
import type {KubeObject, WatchEvent} from '../../src/api/meta.js'
import {startTestMaster} from '../harness.js'

const cm = {group: '', version: 'v1', resource: 'configmaps', namespaced: true}
const pods = {group: '', version: 'v1', resource: 'pods', namespaced: true}
const deploys = {group: 'apps', version: 'v1', resource: 'deployments', namespaced: true}

let env: Awaited<ReturnType<typeof startTestMaster>>

beforeAll(async () => {
  env = await startTestMaster()
})
afterAll(async () => {
  await env?.stop()
})

function raw(path: string, headers: Record<string, string> = {}): Promise<{code: number; body: string}> {
  const u = new URL(env.master.url)
  return new Promise((resolve, reject) => {
    const req = https.request({host: u.hostname, port: u.port, path, ca: env.master.caPem, headers}, (res) => {
      let body = ''
      res.on('data', (d) => (body += d))
      res.on('end', () => resolve({code: res.statusCode ?? 0, body}))
    })
    req.on('error', reject)
    req.end()
  })
}

async function expectApiError(p: Promise<unknown>, code: number, reason: string): Promise<ApiError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError)
    expect((e as ApiError).code).toBe(code)
    expect((e as ApiError).reason).toBe(reason)
    return e as ApiError
  }
  throw new Error(`expected ${code} ${reason}`)
}

describe('authentication', () => {
  it('answers 401 without a token and with a wrong one; public health endpoints stay open', async () => {
    const none = await raw('/api/v1/namespaces')
    expect(none.code).toBe(401)
    expect(JSON.parse(none.body)).toMatchObject({kind: 'Status', reason: 'Unauthorized', code: 401})
    expect((await raw('/api/v1/namespaces', {Authorization: 'Bearer wrong'})).code).toBe(401)
    expect((await raw('/api/v1/namespaces', {Authorization: 'Basic abc'})).code).toBe(401)
    expect((await raw('/healthz', {Authorization: 'Bearer wrong'})).code).toBe(401)
    expect((await raw('/readyz')).body).toBe('ok')
    expect((await raw('/api/v1/namespaces', {Authorization: `Bearer ${env.master.adminToken}`})).code).toBe(200)
  })
})

describe('writes', () => {
  it('sets server metadata and bumps generation only on spec changes', async () => {
    const d = await env.client.create(deploys, {apiVersion: 'apps/v1', kind: 'Deployment', metadata: {generateName: 'gen-'}, spec: {selector: {matchLabels: {a: 'b'}}, template: {metadata: {labels: {a: 'b'}}, spec: {containers: [{name: 'c', image: 'i'}]}}}} as KubeObject, 'default')
    expect(d.metadata.name).toMatch(/^gen-[a-z0-9]{5}$/)
    expect(d.metadata.uid).toMatch(/^[0-9a-f-]{36}$/)
    expect(d.metadata.generation).toBe(1)
    expect((d as any).spec.replicas).toBe(1)
    expect((d as any).spec.strategy.rollingUpdate).toEqual({maxSurge: '25%', maxUnavailable: '25%'})
    const labelled = await env.client.patch(deploys, d.metadata.name!, {metadata: {labels: {x: 'y'}}}, 'merge', 'default')
    expect(labelled.metadata.generation).toBe(1)
    const scaled = await env.client.patch(deploys, d.metadata.name!, {spec: {replicas: 4}}, 'merge', 'default')
    expect(scaled.metadata.generation).toBe(2)
    const same = await env.client.patch(deploys, d.metadata.name!, {spec: {replicas: 4}}, 'merge', 'default')
    expect(same.metadata.resourceVersion).toBe(scaled.metadata.resourceVersion)
  })

  it('two writers racing on one object: one wins, the other gets 409, no lost update', async () => {
    const base = await env.client.create(cm, {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'race'}, data: {n: '0'}}, 'default')
    const results = await Promise.allSettled([1, 2].map((i) => env.client.update(cm, {...base, data: {n: String(i)}}, 'default')))
    const ok = results.filter((r) => r.status === 'fulfilled')
    const failed = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[]
    expect(ok).toHaveLength(1)
    expect(failed).toHaveLength(1)
    expect((failed[0].reason as ApiError).code).toBe(409)
    expect((failed[0].reason as ApiError).reason).toBe('Conflict')
    const final = await env.client.get(cm, 'race', 'default')
    expect((final as any).data.n).toBe(((ok[0] as PromiseFulfilledResult<any>).value).data.n)
  })

  it('rejects invalid objects with 422 and causes, storing nothing', async () => {
    const e = await expectApiError(env.client.create(pods, {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'Bad_Name'}, spec: {containers: [{name: 'c', image: 'i', ports: [{containerPort: 70000}]}]}} as KubeObject, 'default'), 422, 'Invalid')
    const fields = e.status.details?.causes?.map((c) => c.field)
    expect(fields).toContain('metadata.name')
    expect(fields).toContain('spec.containers[0].ports[0].containerPort')
    await expectApiError(env.client.get(pods, 'Bad_Name', 'default'), 404, 'NotFound')
    await expectApiError(env.client.create(cm, {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'x'}}, 'nope'), 404, 'NotFound')
    await expectApiError(env.client.request('POST', '/api/v1/namespaces/default/configmaps', {body: '{not json', contentType: 'application/json'}), 400, 'BadRequest')
    await expectApiError(env.client.create(cm, {apiVersion: 'apps/v1', kind: 'ConfigMap', metadata: {name: 'x'}} as KubeObject, 'default'), 400, 'BadRequest')
  })

  it('dry-run validates and defaults without storing', async () => {
    const out: KubeObject = await env.client.create(cm, {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'dry'}} as KubeObject, 'default', {dryRun: true})
    expect(out.metadata.uid).toBeTruthy()
    await expectApiError(env.client.get(cm, 'dry', 'default'), 404, 'NotFound')
  })

  it('finalizers hold a deletion until they are removed', async () => {
    await env.client.create(cm, {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'held', finalizers: ['example.com/hold']}}, 'default')
    const del = (await env.client.delete(cm, 'held', 'default')) as KubeObject
    expect(del.metadata.deletionTimestamp).toBeTruthy()
    const still = await env.client.get(cm, 'held', 'default')
    expect(still.metadata.deletionTimestamp).toBeTruthy()
    await env.client.patch(cm, 'held', {metadata: {finalizers: null}}, 'merge', 'default')
    await expectApiError(env.client.get(cm, 'held', 'default'), 404, 'NotFound')
  })

  it('binds a pod once, and deletes a bound pod gracefully', async () => {
    await env.client.create(pods, {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'bindme'}, spec: {containers: [{name: 'c', image: 'i'}]}} as KubeObject, 'default')
    await env.client.createSubresource(pods, 'bindme', 'binding', {apiVersion: 'v1', kind: 'Binding', metadata: {name: 'bindme'}, target: {kind: 'Node', name: 'n1'}}, 'default')
    const bound = await env.client.get(pods, 'bindme', 'default')
    expect((bound as any).spec.nodeName).toBe('n1')
    expect((bound as any).status.conditions).toContainEqual(expect.objectContaining({type: 'PodScheduled', status: 'True'}))
    await expectApiError(env.client.createSubresource(pods, 'bindme', 'binding', {target: {kind: 'Node', name: 'n2'}}, 'default'), 409, 'Conflict')
    const del = (await env.client.delete(pods, 'bindme', 'default')) as KubeObject
    expect(del.metadata.deletionGracePeriodSeconds).toBe(30)
    await env.client.delete(pods, 'bindme', 'default', {gracePeriodSeconds: 0})
    await expectApiError(env.client.get(pods, 'bindme', 'default'), 404, 'NotFound')
  })
})

describe('reads and watches', () => {
  it('filters lists by label and field selectors, rejecting unsupported fields', async () => {
    for (const [name, tier] of [['a', 'web'], ['b', 'db'], ['c', 'web']]) {
      await env.client.create(cm, {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: `sel-${name}`, labels: {tier, group: 'sel'}}}, 'default')
    }
    const names = async (o: object) => (await env.client.list(cm, {namespace: 'default', ...o})).items.map((i) => i.metadata.name)
    expect(await names({labelSelector: 'group=sel,tier=web'})).toEqual(['sel-a', 'sel-c'])
    expect(await names({labelSelector: 'group=sel,tier notin (web)'})).toEqual(['sel-b'])
    expect(await names({labelSelector: 'group=sel', fieldSelector: 'metadata.name!=sel-a'})).toEqual(['sel-b', 'sel-c'])
    await expectApiError(env.client.list(cm, {namespace: 'default', fieldSelector: 'spec.bogus=1'}), 400, 'BadRequest')
    const all = await env.client.list(cm, {labelSelector: 'group=sel'})
    expect(all.items).toHaveLength(3)
    expect(Number(all.metadata.resourceVersion)).toBeGreaterThan(0)
  })

  it('watches from a list revision see every later change in order, selector transitions included', async () => {
    const list = await env.client.list(cm, {namespace: 'default'})
    const events: WatchEvent[] = []
    const h = env.client.watch(cm, {namespace: 'default', resourceVersion: list.metadata.resourceVersion, labelSelector: 'watched=yes'}, (ev) => events.push(ev))
    await env.client.create(cm, {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'w1', labels: {watched: 'yes'}}}, 'default')
    await env.client.create(cm, {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'w2'}}, 'default')
    await env.client.patch(cm, 'w2', {metadata: {labels: {watched: 'yes'}}}, 'merge', 'default')
    await env.client.patch(cm, 'w1', {metadata: {labels: {watched: 'no'}}}, 'merge', 'default')
    await env.client.delete(cm, 'w2', 'default')
    const deadline = Date.now() + 5000
    while (events.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    h.stop()
    expect(events.map((e) => `${e.type}:${e.object.metadata.name}`)).toEqual(['ADDED:w1', 'ADDED:w2', 'DELETED:w1', 'DELETED:w2'])
    const rvs = events.map((e) => Number(e.object.metadata.resourceVersion))
    expect([...rvs].sort((a, b) => a - b)).toEqual(rvs)
  })

  it('serves Tables with kubectl columns for lists', async () => {
    const t = await env.client.table(cm, {namespace: 'default', labelSelector: 'group=sel'})
    expect(t.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Data', 'Age'])
    expect(t.rows.map((r) => r.cells[0])).toEqual(['sel-a', 'sel-b', 'sel-c'])
  })
})

describe('unconditional updates', () => {
  it('apply to the current object even while other writers race (no 409 without a resourceVersion)', async () => {
    await env.client.create(cm, {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'uncond'}, data: {n: '0'}}, 'default')
    const writes = Array.from({length: 20}, (_, i) => env.client.update(cm, {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'uncond'}, data: {n: String(i)}}, 'default'))
    const results = await Promise.allSettled(writes)
    expect(results.filter((r) => r.status === 'rejected')).toEqual([])
  })
})

describe('namespace lifecycle admission', () => {
  const nsRef = {group: '', version: 'v1', resource: 'namespaces', namespaced: false}
  it('admits content into a namespace created a moment ago, and refuses it once the namespace terminates', async () => {
    await env.client.create(nsRef, {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'fresh'}})
    await env.client.create(cm, {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'a'}}, 'fresh')
    await env.client.delete(nsRef, 'fresh')
    const ns = await env.client.get(nsRef, 'fresh')
    expect((ns as any).status.phase).toBe('Terminating')
    const deadline = Date.now() + 2000
    let err: unknown
    while (Date.now() < deadline) {
      err = await env.client.create(cm, {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'b'}}, 'fresh').then(() => undefined, (e) => e)
      if (err) break
      await env.client.delete(cm, 'b', 'fresh')
    }
    expect((err as ApiError).code).toBe(403)
    expect((err as ApiError).message).toContain('because it is being terminated')
  })
})

describe('metadata-only informers', () => {
  it('list and watch PartialObjectMetadata', async () => {
    const {Informer} = await import('../../src/client/informer.js')
    const inf = new Informer(env.client, cm, {namespace: 'default', metadataOnly: true})
    const seen: string[] = []
    inf.onAdd((o) => seen.push(`${o.kind}:${o.metadata.name}`))
    inf.start()
    await inf.waitForSync()
    await env.client.create(cm, {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'meta-only'}, data: {big: 'x'.repeat(1000)}}, 'default')
    const deadline = Date.now() + 5000
    while (!seen.includes('PartialObjectMetadata:meta-only') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    inf.stop()
    expect(seen).toContain('PartialObjectMetadata:meta-only')
    expect(seen.every((s) => s.startsWith('PartialObjectMetadata:'))).toBe(true)
    expect((inf.get('default/meta-only') as any)?.data).toBeUndefined()
  })
})
