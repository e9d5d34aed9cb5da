import http, {type IncomingMessage, type ServerResponse} from 'node:http'
import https from 'node:https'
import {mkdtempSync, rmSync} from 'node:fs'
import type {AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {ApiError} from '../api/errors.js'
import type {ResourceRef} from '../api/resource.js'
import {ensureCA} from '../pki/ca.js'
import {ensureServingCert} from '../pki/serving.js'
import {Client} from './client.js'
import {ConnectionError, isConflict, isGone, isNotFound} from './errors.js'
import {resourcePath} from './paths.js'

const pods: ResourceRef = {group: '', version: 'v1', resource: 'pods', namespaced: true}
const deploys: ResourceRef = {group: 'apps', version: 'v1', resource: 'deployments', namespaced: true}
const nodes: ResourceRef = {group: '', version: 'v1', resource: 'nodes', namespaced: false}

interface Seen {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
  body: string
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void

let server: http.Server
let seen: Seen[]
let handler: Handler
let client: Client
let base: string

function json(res: ServerResponse, code: number, obj: unknown) {
  res.writeHead(code, {'Content-Type': 'application/json'})
  res.end(JSON.stringify(obj))
}

beforeEach(async () => {
  seen = []
  handler = (_req, res) => json(res, 200, {kind: 'Pod', metadata: {name: 'x'}})
  server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      seen.push({method: req.method!, url: req.url!, headers: req.headers, body})
      handler(req, res, body)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  client = new Client({server: base, token: 'tok', namespace: 'team'})
})

afterEach(async () => {
  client.close()
  server.closeAllConnections()
  await new Promise((r) => server.close(r))
})

describe('resourcePath', () => {
  it('builds core, group, namespaced, cluster-scoped and subresource paths', () => {
    expect(resourcePath(pods)).toBe('/api/v1/pods')
    expect(resourcePath(pods, {namespace: 'a b'})).toBe('/api/v1/namespaces/a%20b/pods')
    expect(resourcePath(pods, {namespace: 'ns', name: 'p/1', subresource: 'status'})).toBe('/api/v1/namespaces/ns/pods/p%2F1/status')
    expect(resourcePath(deploys, {namespace: 'ns', name: 'd'})).toBe('/apis/apps/v1/namespaces/ns/deployments/d')
    expect(resourcePath(nodes, {namespace: 'ignored', name: 'system:n1'})).toBe('/api/v1/nodes/system%3An1')
    expect(() => resourcePath(pods, {subresource: 'status'})).toThrow()
  })
})

describe('Client requests', () => {
  it('sends verbs, paths, query and headers', async () => {
    await client.get(pods, 'p1')
    await client.get(nodes, 'n1')
    await client.list(pods, {namespace: 'ns', labelSelector: {app: 'web', tier: 'a b'}, fieldSelector: 'spec.nodeName=n1', limit: 5, resourceVersion: '0'})
    await client.list(pods)
    await client.create(pods, {metadata: {name: 'p', namespace: 'objns'}}, undefined, {fieldManager: 'fm', dryRun: true})
    await client.update(deploys, {metadata: {name: 'd', namespace: 'x'}}, 'argns')
    await client.updateStatus(pods, {metadata: {name: 'p', namespace: 'x'}})
    await client.patch(deploys, 'd', {spec: {replicas: 3}}, 'merge', 'ns', {subresource: 'scale'})
    await client.patch(pods, 'p', [{op: 'add', path: '/a', value: 1}], 'json')
    await client.patch(pods, 'p', {metadata: {labels: {a: 'b'}}}, 'strategic')
    await client.patch(pods, 'p', {apiVersion: 'v1', kind: 'Pod'}, 'apply', 'ns', {force: true})
    await client.delete(pods, 'p', undefined, {gracePeriodSeconds: 0, propagationPolicy: 'Foreground'})
    await client.deleteCollection(pods, 'ns', {labelSelector: 'app=web'})
    await client.createSubresource(pods, 'p', 'binding', {target: {kind: 'Node', name: 'n1'}}, 'ns')
    await client.getSubresource(deploys, 'd', 'scale', 'ns')
    await client.table(pods, {namespace: 'ns', includeObject: 'Object'})
    const rows = seen.map((s) => `${s.method} ${s.url}`)
    expect(rows).toEqual([
      'GET /api/v1/namespaces/team/pods/p1',
      'GET /api/v1/nodes/n1',
      'GET /api/v1/namespaces/ns/pods?labelSelector=app%3Dweb%2Ctier%3Da+b&fieldSelector=spec.nodeName%3Dn1&limit=5&resourceVersion=0',
      'GET /api/v1/pods',
      'POST /api/v1/namespaces/objns/pods?fieldManager=fm&dryRun=All',
      'PUT /apis/apps/v1/namespaces/argns/deployments/d',
      'PUT /api/v1/namespaces/x/pods/p/status',
      'PATCH /apis/apps/v1/namespaces/ns/deployments/d/scale',
      'PATCH /api/v1/namespaces/team/pods/p',
      'PATCH /api/v1/namespaces/team/pods/p',
      'PATCH /api/v1/namespaces/ns/pods/p?fieldManager=mkube&force=true',
      'DELETE /api/v1/namespaces/team/pods/p',
      'DELETE /api/v1/namespaces/ns/pods?labelSelector=app%3Dweb',
      'POST /api/v1/namespaces/ns/pods/p/binding',
      'GET /apis/apps/v1/namespaces/ns/deployments/d/scale',
      'GET /api/v1/namespaces/ns/pods?includeObject=Object',
    ])
    expect(seen.map((s) => s.headers['content-type'])).toEqual([
      undefined, undefined, undefined, undefined,
      'application/json', 'application/json', 'application/json',
      'application/merge-patch+json', 'application/json-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml',
      'application/json', undefined, 'application/json', undefined, undefined,
    ])
    for (const s of seen) {
      expect(s.headers.authorization).toBe('Bearer tok')
      expect(s.headers['user-agent']).toMatch(/^mkube\//)
    }
    expect(seen[0].headers.accept).toBe('application/json')
    expect(seen[15].headers.accept).toBe('application/json;as=Table;v=v1;g=meta.k8s.io')
    expect(JSON.parse(seen[7].body)).toEqual({spec: {replicas: 3}})
    expect(JSON.parse(seen[11].body)).toEqual({apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0, propagationPolicy: 'Foreground'})
    expect(JSON.parse(seen[4].body)).toEqual({metadata: {name: 'p', namespace: 'objns'}})
  })

  it('returns parsed JSON, raw text, and undefined for empty answers', async () => {
    handler = (req, res) => {
      if (req.url === '/healthz') return res.end('ok')
      if (req.url === '/empty') return res.writeHead(204).end()
      json(res, 200, {a: 1})
    }
    expect(await client.request('GET', '/x')).toEqual({a: 1})
    expect(await client.request('GET', '/x', {raw: true})).toBe('{"a":1}')
    expect(await client.request('GET', '/healthz')).toBe('ok')
    expect(await client.request('GET', '/empty')).toBeUndefined()
  })

  it('rebuilds ApiError from a Status answer', async () => {
    handler = (_req, res) =>
      json(res, 409, {kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Conflict', code: 409, message: 'Operation cannot be fulfilled on pods "p": stale', details: {name: 'p', kind: 'pods'}})
    const err = await client.update(pods, {metadata: {name: 'p'}}).catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err.code).toBe(409)
    expect(err.reason).toBe('Conflict')
    expect(err.message).toBe('Operation cannot be fulfilled on pods "p": stale')
    expect(isConflict(err)).toBe(true)
    expect(err.status.details).toEqual({name: 'p', kind: 'pods'})
  })

  it('synthesises a Status when the error body is not one', async () => {
    handler = (req, res) => {
      res.writeHead(req.url!.includes('a') ? 404 : 502, {'Content-Type': 'text/plain'})
      res.end('404 page not found')
    }
    const e404 = await client.get(pods, 'a').catch((e) => e)
    expect(e404).toBeInstanceOf(ApiError)
    expect(isNotFound(e404)).toBe(true)
    expect(e404.message).toBe('the server could not find the requested resource (404 page not found)')
    expect(e404.status.details.causes[0]).toEqual({reason: 'UnexpectedServerResponse', message: '404 page not found'})
    const e502 = (await client.request('GET', '/b').catch((e) => e)) as ApiError
    expect(e502.code).toBe(502)
    expect(e502.reason).toBe('Unknown')
  })

  it('reports an unreachable server with ConnectionError', async () => {
    const port = (server.address() as AddressInfo).port
    server.closeAllConnections()
    await new Promise((r) => server.close(r))
    server = http.createServer()
    server.listen(0) // keep afterEach happy
    const c = new Client({server: `https://127.0.0.1:${port}`})
    const err = await c.get(pods, 'x').catch((e) => e)
    c.close()
    expect(err).toBeInstanceOf(ConnectionError)
    expect(err.code).toBe('ECONNREFUSED')
    expect(err.message).toBe(`cannot reach the API server at https://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`)
  })

  it('times out a request that gets no answer', async () => {
    handler = () => {}
    const err = (await client.request('GET', '/slow', {timeoutMs: 100}).catch((e) => e)) as ConnectionError
    expect(err).toBeInstanceOf(ConnectionError)
    expect(err.code).toBe('ETIMEDOUT')
  })

  it('honours an abort signal', async () => {
    handler = () => {}
    const ac = new AbortController()
    const p = client.request('GET', '/slow', {signal: ac.signal})
    setTimeout(() => ac.abort(), 20)
    const err = (await p.catch((e) => e)) as Error
    expect(err.name).toBe('AbortError')
  })
})

describe('Client over TLS', () => {
  it('verifies the server with the CA and sends the token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mkube-client-'))
    const ca = await ensureCA(dir)
    const sc = await ensureServingCert(dir, ca)
    const srv = https.createServer({cert: sc.certPem, key: sc.keyPem}, (req, res) => json(res, 200, {auth: req.headers.authorization}))
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
    const port = (srv.address() as AddressInfo).port
    try {
      for (const host of ['127.0.0.1', 'localhost']) {
        const c = new Client({server: `https://${host}:${port}`, caPem: ca.certPem, token: 't1'})
        expect(await c.request('GET', '/x')).toEqual({auth: 'Bearer t1'})
        c.close()
      }
      const untrusted = new Client({server: `https://127.0.0.1:${port}`})
      const err = await untrusted.request('GET', '/x').catch((e) => e)
      untrusted.close()
      expect(err).toBeInstanceOf(ConnectionError)
      const insecure = new Client({server: `https://127.0.0.1:${port}`, insecure: true})
      expect(await insecure.request('GET', '/x')).toEqual({})
      insecure.close()
    } finally {
      srv.closeAllConnections()
      srv.close()
      rmSync(dir, {recursive: true, force: true})
    }
  })
})

describe('Client.watch', () => {
  it('splits events across chunk boundaries and ends cleanly', async () => {
    const events = [
      {type: 'ADDED', object: {metadata: {name: 'a', resourceVersion: '5'}}},
      {type: 'MODIFIED', object: {metadata: {name: 'a', resourceVersion: '6'}, data: 'é✓'}},
      {type: 'BOOKMARK', object: {metadata: {resourceVersion: '9'}}},
    ]
    handler = async (_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/json'})
      const text = Buffer.from(events.map((e) => JSON.stringify(e) + '\n').join(''))
      // odd-sized chunks, cutting through lines and through multi-byte characters
      for (let i = 0; i < text.length; i += 7) {
        res.write(text.subarray(i, i + 7))
        await new Promise((r) => setImmediate(r))
      }
      res.end()
    }
    const got: unknown[] = []
    const w = client.watch(pods, {namespace: 'ns', resourceVersion: '4', allowWatchBookmarks: true, timeoutSeconds: 30, labelSelector: 'a=b'}, (ev) => got.push(ev))
    await w.done
    expect(got).toEqual(events)
    expect(seen[0].url).toBe('/api/v1/namespaces/ns/pods?watch=1&resourceVersion=4&labelSelector=a%3Db&allowWatchBookmarks=true&timeoutSeconds=30')
  })

  it('ends with ApiError 410 on an Expired ERROR event', async () => {
    handler = (_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/json'})
      res.write(JSON.stringify({type: 'ADDED', object: {metadata: {name: 'a'}}}) + '\n')
      res.write(JSON.stringify({type: 'ERROR', object: {kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410, message: 'too old resource version: 1 (5)'}}) + '\n')
      res.write(JSON.stringify({type: 'ADDED', object: {metadata: {name: 'never'}}}) + '\n')
    }
    const got: unknown[] = []
    const w = client.watch(pods, {resourceVersion: '1'}, (ev) => got.push(ev))
    const err = await w.done.catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err.code).toBe(410)
    expect(isGone(err)).toBe(true)
    expect(got).toHaveLength(1)
  })

  it('rejects with the HTTP error, with ConnectionError on a dropped stream, and resolves on stop()', async () => {
    handler = (req, res) => {
      if (req.url!.includes('resourceVersion=1')) return json(res, 410, {kind: 'Status', code: 410, reason: 'Expired', message: 'gone'})
      res.writeHead(200, {'Content-Type': 'application/json'})
      res.write(JSON.stringify({type: 'ADDED', object: {metadata: {name: 'a'}}}) + '\n')
      if (req.url!.includes('resourceVersion=2')) setTimeout(() => res.destroy(), 20)
    }
    const e1 = await client.watch(pods, {resourceVersion: '1'}, () => {}).done.catch((e) => e)
    expect(e1.code).toBe(410)
    const e2 = await client.watch(pods, {resourceVersion: '2'}, () => {}).done.catch((e) => e)
    expect(e2).toBeInstanceOf(ConnectionError)
    let n = 0
    const w = client.watch(pods, {resourceVersion: '3'}, () => {
      n++
      w.stop()
    })
    await w.done
    expect(n).toBe(1)
  })
})

describe('Client.stream', () => {
  it('streams text chunks', async () => {
    handler = async (_req, res) => {
      res.writeHead(200, {'Content-Type': 'text/plain'})
      res.write('line 1\n')
      await new Promise((r) => setTimeout(r, 10))
      res.end('line 2\n')
    }
    let text = ''
    const s = client.stream('/api/v1/namespaces/ns/pods/p/log', {follow: true}, (t) => (text += t))
    await s.done
    expect(text).toBe('line 1\nline 2\n')
    expect(seen[0].url).toBe('/api/v1/namespaces/ns/pods/p/log?follow=true')
  })
})
