import http, {type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'
import {afterEach, describe, expect, it} from 'vitest'
import type {KubeObject} from '../api/meta.js'
import type {ResourceRef} from '../api/resource.js'
import {Client} from './client.js'
import {Informer} from './informer.js'
import {InformerFactory} from './informer-factory.js'

const pods: ResourceRef = {group: '', version: 'v1', resource: 'pods', namespaced: true}
const pod = (name: string, rv: string): KubeObject => ({kind: 'Pod', metadata: {name, namespace: 'ns', resourceVersion: rv}})
const list = (rv: string, items: KubeObject[]) => ({kind: 'PodList', apiVersion: 'v1', metadata: {resourceVersion: rv}, items})
const line = (type: string, object: unknown) => JSON.stringify({type, object}) + '\n'

/** A scripted API server: answers the n-th list and n-th watch from the given scripts. */
function fakeServer(lists: ((res: ServerResponse) => void)[], watches: ((res: ServerResponse) => void)[]) {
  const urls: string[] = []
  let nl = 0
  let nw = 0
  const srv = http.createServer((req, res) => {
    urls.push(req.url!)
    const isWatch = new URL(req.url!, 'http://x').searchParams.get('watch') === '1'
    const script = isWatch ? watches[nw++] : lists[nl++]
    if (!script) return // hang: nothing more scripted
    script(res)
  })
  return {srv, urls}
}

const sendJson = (obj: unknown) => (res: ServerResponse) => {
  res.writeHead(200, {'Content-Type': 'application/json'})
  res.end(JSON.stringify(obj))
}
const stream = (text: string, end: boolean) => (res: ServerResponse) => {
  res.writeHead(200, {'Content-Type': 'application/json'})
  res.write(text)
  if (end) res.end()
}

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})

async function listen(srv: http.Server, port = 0): Promise<number> {
  await new Promise<void>((r) => srv.listen(port, '127.0.0.1', r))
  cleanups.push(() => {
    srv.closeAllConnections()
    srv.close()
  })
  return (srv.address() as AddressInfo).port
}

async function until(cond: () => boolean, ms = 3000) {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 5))
  }
}

function record(inf: Informer) {
  const log: string[] = []
  inf.addHandlers({
    onAdd: (o) => log.push(`add ${o.metadata.name}@${o.metadata.resourceVersion}`),
    onUpdate: (a, b) => log.push(`update ${a.metadata.name}@${a.metadata.resourceVersion}->${b.metadata.resourceVersion}`),
    onDelete: (o) => log.push(`delete ${o.metadata.name}@${o.metadata.resourceVersion}`),
  })
  return log
}

describe('Informer', () => {
  it('lists, watches, follows bookmarks, re-lists after 410 and after losing the server, delivering exact diffs', async () => {
    const watch1 = [
      line('ADDED', pod('d', '4')),
      line('MODIFIED', pod('a', '5')),
      line('DELETED', pod('b', '6')),
      line('BOOKMARK', {kind: 'Pod', metadata: {resourceVersion: '7'}}),
    ].join('')
    const gone = line('ERROR', {kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410, message: 'too old'})
    const {srv, urls} = fakeServer(
      [
        sendJson(list('3', [pod('a', '1'), pod('b', '2'), pod('c', '3')])),
        sendJson(list('10', [pod('a', '5'), pod('c', '8'), pod('e', '9')])),
      ],
      [stream(watch1, true), stream(gone, false), stream(line('ADDED', pod('f', '11')), false)],
    )
    const port = await listen(srv)
    const client = new Client({server: `http://127.0.0.1:${port}`})
    const logs: string[] = []
    const inf = new Informer(client, pods, {namespace: 'ns', labelSelector: {app: 'x'}, backoffMs: {initial: 20, max: 80}, log: (m) => logs.push(m)})
    cleanups.push(() => inf.stop(), () => client.close())
    const events = record(inf)
    const conn: boolean[] = []
    inf.onConnectionChange((c) => conn.push(c))
    expect(inf.hasSynced()).toBe(false)
    inf.start()
    await inf.waitForSync()
    expect(inf.connected).toBe(true)
    await until(() => events.length >= 10)
    expect(events).toEqual([
      'add a@1', 'add b@2', 'add c@3',
      'add d@4', 'update a@1->5', 'delete b@6',
      // re-list after 410: c changed, e added, d deleted meanwhile; a unchanged → nothing
      'update c@3->8', 'add e@9', 'delete d@4',
      'add f@11',
    ])
    expect(urls).toEqual([
      '/api/v1/namespaces/ns/pods?labelSelector=app%3Dx',
      expect.stringMatching(/^\/api\/v1\/namespaces\/ns\/pods\?watch=1&resourceVersion=3&labelSelector=app%3Dx&allowWatchBookmarks=true&timeoutSeconds=\d+$/),
      expect.stringContaining('watch=1&resourceVersion=7&'),
      '/api/v1/namespaces/ns/pods?labelSelector=app%3Dx',
      expect.stringContaining('watch=1&resourceVersion=10&'),
    ])
    const ts = Number(new URL(urls[1], 'http://x').searchParams.get('timeoutSeconds'))
    expect(ts).toBeGreaterThanOrEqual(300)
    expect(ts).toBeLessThanOrEqual(600)
    expect(inf.resourceVersion).toBe('11')
    expect(inf.keys().sort()).toEqual(['ns/a', 'ns/c', 'ns/e', 'ns/f'])
    expect(inf.get('ns/c')?.metadata.resourceVersion).toBe('8')

    // A handler registered late gets the cache replayed as adds.
    const late: string[] = []
    inf.onAdd((o) => late.push(o.metadata.name!))
    expect(late.sort()).toEqual(['a', 'c', 'e', 'f'])

    // Lose the server: the watch drops, re-lists fail while it is down, then it comes back with changes.
    srv.closeAllConnections()
    srv.close()
    await until(() => conn.length === 2)
    expect(inf.connected).toBe(false)
    await new Promise((r) => setTimeout(r, 150)) // several failed re-lists with back-off
    const back = fakeServer([sendJson(list('20', [pod('a', '5'), pod('c', '8'), pod('g', '19')]))], [])
    await listen(back.srv, port)
    await until(() => conn.length === 3)
    expect(conn).toEqual([true, false, true])
    await until(() => events.length >= 13)
    expect(events.slice(10)).toEqual(['add g@19', 'delete e@9', 'delete f@11'])
    await until(() => back.urls.length === 2)
    expect(back.urls[1]).toContain('resourceVersion=20')
    expect(logs.filter((l) => l.includes('ECONNREFUSED'))).toHaveLength(1) // logged once per streak
  })

  it('keeps going when a handler throws, and stops delivering after stop()', async () => {
    const {srv} = fakeServer([sendJson(list('2', [pod('a', '1'), pod('b', '2')]))], [stream(line('ADDED', pod('c', '3')), false)])
    const port = await listen(srv)
    const client = new Client({server: `http://127.0.0.1:${port}`})
    const logs: string[] = []
    const inf = new Informer(client, pods, {log: (m) => logs.push(m)})
    cleanups.push(() => client.close())
    const seen: string[] = []
    inf.onAdd((o) => {
      seen.push(o.metadata.name!)
      if (o.metadata.name === 'a') throw new Error('boom')
    })
    inf.start()
    await until(() => seen.length === 3)
    expect(seen).toEqual(['a', 'b', 'c'])
    expect(logs.some((l) => l.includes('boom'))).toBe(true)
    inf.stop()
    await expect(new Informer(client, pods).waitForSync(AbortSignal.timeout(20))).rejects.toThrow()
  })
})

describe('Informer indexes', () => {
  it('finds objects by index value, following adds, updates, deletes and re-lists; list(ns) uses the namespace index', async () => {
    const owned = (name: string, rv: string, owner: string, ns = 'ns'): KubeObject => ({kind: 'Pod', metadata: {name, namespace: ns, resourceVersion: rv, labels: {owner}}})
    let watchRes: ServerResponse | undefined
    const {srv} = fakeServer(
      [sendJson(list('3', [owned('a', '1', 'x'), owned('b', '2', 'y'), owned('c', '3', 'x', 'other')])), sendJson(list('9', [owned('b', '9', 'x')]))],
      [
        (res) => {
          watchRes = res
          stream(line('MODIFIED', owned('a', '4', 'y')) + line('ADDED', owned('d', '5', 'x')) + line('DELETED', owned('c', '6', 'x', 'other')), false)(res)
        },
        stream('', false),
      ],
    )
    const port = await listen(srv)
    const client = new Client({server: `http://127.0.0.1:${port}`})
    cleanups.push(() => client.close())
    const inf = new Informer(client, pods, {log: () => {}})
    const names = (objs: KubeObject[]) => objs.map((o) => o.metadata.name).sort()
    const byOwner = (v: string) => names(inf.byIndex('owner', v))
    inf.addIndex('owner', (o) => [o.metadata.labels?.owner ?? ''])
    inf.addIndex('owner', () => ['ignored: the first registration wins'])
    expect(() => inf.byIndex('nope', 'x')).toThrow(/no index named nope/)
    const log = record(inf)
    inf.start()
    await until(() => log.includes('delete c@6'))
    expect(byOwner('x')).toEqual(['d'])
    expect(byOwner('y')).toEqual(['a', 'b'])
    expect(names(inf.list('ns'))).toEqual(['a', 'b', 'd'])
    expect(inf.list('other')).toEqual([])
    // the watch expires (410): the re-list replaces the cache (a and d gone, b now owned by x)
    watchRes!.end(line('ERROR', {kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 410, reason: 'Expired', message: 'too old'}))
    await until(() => log.includes('delete d@5'))
    expect(byOwner('x')).toEqual(['b'])
    expect(byOwner('y')).toEqual([])
    // an index added late is built from the cache
    inf.addIndex('name', (o) => [o.metadata.name ?? ''])
    expect(names(inf.byIndex('name', 'b'))).toEqual(['b'])
    inf.stop()
  })
})

describe('InformerFactory', () => {
  it('shares one informer per resource and scope', () => {
    const client = new Client({server: 'http://127.0.0.1:1'})
    const f = new InformerFactory(client)
    const a = f.informer(pods, {namespace: 'ns'})
    expect(f.informer(pods, {namespace: 'ns'})).toBe(a)
    expect(f.informer(pods)).not.toBe(a)
    expect(f.informer(pods, {namespace: 'ns', labelSelector: {app: 'x'}})).toBe(f.informer(pods, {namespace: 'ns', labelSelector: 'app=x'}))
    expect(f.informer(pods, {namespace: 'ns', fieldSelector: 'spec.nodeName=n'})).not.toBe(a)
    f.stop()
    client.close()
  })

  it('starts informers and waits for all of them to sync', async () => {
    const {srv} = fakeServer([sendJson(list('1', [pod('a', '1')])), sendJson(list('1', []))], [])
    const port = await listen(srv)
    const client = new Client({server: `http://127.0.0.1:${port}`})
    const f = new InformerFactory(client)
    cleanups.push(() => f.stop(), () => client.close())
    f.informer(pods, {namespace: 'ns'})
    f.start()
    const late = f.informer(pods, {namespace: 'other'})
    await f.waitForSync()
    expect(late.hasSynced()).toBe(true)
    expect(f.informer(pods, {namespace: 'ns'}).list()).toHaveLength(1)
  })

  it('view(): shares the informers; its stop() only unregisters the handlers added through it', async () => {
    const {srv} = fakeServer([sendJson(list('1', [pod('a', '1')]))], [stream(line('ADDED', pod('b', '2')), false)])
    const port = await listen(srv)
    const client = new Client({server: `http://127.0.0.1:${port}`})
    cleanups.push(() => client.close())
    const f = new InformerFactory(client, {log: () => {}})
    const owner = f.informer(pods)
    const ownerLog = record(owner)
    const view = f.view()
    const viewed = view.informer(pods)
    const seen: string[] = []
    viewed.onAdd((o) => seen.push(`add ${o.metadata.name}`))
    viewed.addHandlers({onDelete: (o) => seen.push(`delete ${o.metadata.name}`)})
    view.start()
    await view.waitForSync()
    await until(() => ownerLog.includes('add b@2'))
    expect(seen).toEqual(['add a', 'add b'])
    expect(viewed.list().map((o) => o.metadata.name)).toEqual(owner.list().map((o) => o.metadata.name))
    view.stop()
    viewed.stop() // a no-op through a view: the owner's informer keeps running
    expect(owner.hasSynced()).toBe(true)
    // a new view (the next leadership term) gets the cache replayed; the old handlers are gone
    const again: string[] = []
    f.view().informer(pods).onAdd((o) => again.push(o.metadata.name!))
    expect(again).toEqual(['a', 'b'])
    expect(seen).toEqual(['add a', 'add b'])
    f.stop()
  })
})
