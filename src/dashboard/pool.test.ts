import http, {type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'
import {afterEach, describe, expect, it} from 'vitest'
import {Client} from '../client/client.js'
import {InformerPool} from './pool.js'

const pod = (name: string, rv: string) => ({kind: 'Pod', apiVersion: 'v1', metadata: {name, namespace: 'default', resourceVersion: rv}})
const event = (type: string, object: unknown) => JSON.stringify({type, object}) + '\n'

/** A tiny API server: /readyz, a pods list, and pods watches kept open for the test to feed. */
function fakeApi() {
  const watches: ServerResponse[] = []
  const requests: string[] = []
  const logs: string[] = []
  const srv = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x')
    requests.push(url.pathname + url.search)
    if (url.pathname === '/readyz') return void res.end('[+]ping ok\n[+]etcd ok\nreadyz check passed\n')
    if (url.pathname.endsWith('/log')) {
      logs.push(url.search)
      res.writeHead(400, {'Content-Type': 'application/json'})
      return void res.end(JSON.stringify({kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'BadRequest', code: 400, message: 'container "x" is not valid'}))
    }
    if (url.pathname === '/api/v1/secrets') {
      res.writeHead(403, {'Content-Type': 'application/json'})
      return void res.end(JSON.stringify({kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403, message: 'secrets is forbidden: User "dev" cannot list resource "secrets"'}))
    }
    if (url.pathname === '/api/v1/pods' && url.searchParams.get('watch') === '1') {
      res.writeHead(200, {'Content-Type': 'application/json'})
      res.flushHeaders()
      return void watches.push(res)
    }
    if (url.pathname === '/api/v1/pods') {
      res.writeHead(200, {'Content-Type': 'application/json'})
      return void res.end(JSON.stringify({kind: 'PodList', apiVersion: 'v1', metadata: {resourceVersion: '5'}, items: [pod('a', '3')]}))
    }
    res.writeHead(404)
    res.end()
  })
  return {srv, watches, requests, logs}
}

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c()
})

async function listen(srv: http.Server, port = 0): Promise<number> {
  await new Promise<void>((r) => srv.listen(port, '127.0.0.1', r))
  return (srv.address() as AddressInfo).port
}

function close(srv: http.Server) {
  srv.closeAllConnections()
  srv.close()
}

async function until(cond: () => boolean, ms = 5000) {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 5))
  }
}

async function setup() {
  const api = fakeApi()
  const port = await listen(api.srv)
  const client = new Client({server: `http://127.0.0.1:${port}`, context: 'test'})
  const pool = new InformerPool(client, {lingerMs: 30, coalesceMs: 10, probeMs: 50, lostProbeMs: 20, backoffMs: {initial: 10, max: 50}})
  pool.start()
  cleanups.push(() => close(api.srv))
  cleanups.push(() => (pool.stop(), client.close()))
  return {api, pool, port, client}
}

describe('InformerPool', () => {
  it('lists then follows the watch, notifying subscribers within a second; health comes from /readyz', async () => {
    const {api, pool} = await setup()
    let changes = 0
    pool.subscribe('pods', () => changes++)
    await until(() => pool.synced('pods') && changes > 0)
    expect(pool.objects('pods').map((o) => o.metadata.name)).toEqual(['a'])
    await until(() => api.watches.length === 1)
    const before = changes
    const t0 = Date.now()
    api.watches[0].write(event('ADDED', pod('b', '6')))
    await until(() => changes > before)
    expect(Date.now() - t0).toBeLessThan(1000)
    expect(pool.objects('pods').map((o) => o.metadata.name).sort()).toEqual(['a', 'b'])
    await until(() => pool.health().api === 'reachable')
    expect(pool.health()).toMatchObject({store: 'ok'})
    expect(pool.connection()).toEqual({lost: false, error: undefined})
    expect(pool.context).toBe('test')
  })

  it('shares one informer per key and stops it once the last subscriber is gone', async () => {
    const {api, pool} = await setup()
    const release1 = pool.subscribe('pods', () => {})
    const release2 = pool.subscribe('pods', () => {})
    await until(() => api.watches.length === 1)
    expect(api.requests.filter((r) => r.startsWith('/api/v1/pods') && !r.includes('watch=1'))).toHaveLength(1)
    release1()
    release1()
    await new Promise((r) => setTimeout(r, 60))
    expect(pool.activeKeys()).toEqual(['pods'])
    release2()
    await until(() => pool.activeKeys().length === 0)
    await until(() => api.watches[0].destroyed || api.watches[0].writableEnded || api.watches[0].closed)
  })

  it('reports a lost master and recovers when it is back on the same address', async () => {
    const {api, pool, port} = await setup()
    let statusCalls = 0
    pool.onStatus(() => statusCalls++)
    pool.subscribe('pods', () => {})
    await until(() => api.watches.length === 1 && pool.health().api === 'reachable')
    close(api.srv)
    await until(() => pool.connection().lost)
    expect(statusCalls).toBeGreaterThan(0)
    const again = fakeApi()
    await listen(again.srv, port)
    cleanups.push(() => close(again.srv))
    await until(() => !pool.connection().lost)
    expect(pool.health().api).toBe('reachable')
  })

  it('keeps a failing watch (forbidden…) on the status line instead of printing it', async () => {
    const {pool} = await setup()
    pool.subscribe('secrets', () => {})
    await until(() => pool.connection().error !== undefined)
    expect(pool.connection()).toEqual({lost: false, error: expect.stringContaining('secrets is forbidden')})
    expect(pool.synced('secrets')).toBe(false)
  })

  it('streams logs with follow and tailLines, failing with the Status of the answer', async () => {
    const {api, pool} = await setup()
    const s = pool.logs('default', 'web', 'x', () => {})
    await expect(s.done).rejects.toThrow('container "x" is not valid')
    expect(api.logs).toEqual(['?container=x&follow=true&tailLines=100'])
  })
})
