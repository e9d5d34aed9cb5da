/**
 * Master processes: kill -9 during a burst of acknowledged writes loses none of them; two API server
 * processes on one data dir see each other's writes through watches; backup and restore.
 */
import {rmSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import type {KubeObject, WatchEvent} from '../../src/api/meta.js'
import {Client} from '../../src/client/client.js'
import {loadKubeconfig} from '../../src/client/kubeconfig.js'
import {mkube, spawnMaster, tempDir, type ChildMaster} from '../harness.js'

const cm = {group: '', version: 'v1', resource: 'configmaps', namespaced: true}
const dirs: string[] = []
const masters: ChildMaster[] = []

afterAll(async () => {
  for (const m of masters) await m.kill('SIGKILL')
  for (const d of dirs) rmSync(d, {recursive: true, force: true})
})

function clientFor(dataDir: string, url?: string): Client {
  const cfg = loadKubeconfig({kubeconfig: join(dataDir, 'admin.kubeconfig')})
  return new Client(url ? {...cfg, server: url} : cfg)
}

describe('master processes', () => {
  it('keeps every acknowledged write across kill -9', async () => {
    const dataDir = tempDir()
    dirs.push(dataDir)
    const m = await spawnMaster(dataDir)
    masters.push(m)
    const client = clientFor(dataDir, m.url)
    const acked: string[] = []
    let stop = false
    const writers = Array.from({length: 8}, async (_, w) => {
      for (let i = 0; !stop; i++) {
        const name = `w${w}-${i}`
        try {
          await client.create(cm, {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name}, data: {i: String(i)}}, 'default')
          acked.push(name)
        } catch {
          return
        }
      }
    })
    while (acked.length < 300) await new Promise((r) => setTimeout(r, 10))
    await m.kill('SIGKILL')
    stop = true
    await Promise.all(writers)
    client.close()
    const m2 = await spawnMaster(dataDir)
    masters.push(m2)
    const c2 = clientFor(dataDir, m2.url)
    const names = new Set((await c2.list(cm, {namespace: 'default'})).items.map((i) => i.metadata.name))
    const missing = acked.filter((n) => !names.has(n))
    expect(missing).toEqual([])
    c2.close()
    await m2.kill()
  })

  it('two API servers on one data dir: a watch on one sees writes made through the other', async () => {
    const dataDir = tempDir()
    dirs.push(dataDir)
    const a = await spawnMaster(dataDir)
    const b = await spawnMaster(dataDir)
    masters.push(a, b)
    const ca = clientFor(dataDir, a.url)
    const cb = clientFor(dataDir, b.url)
    const events: WatchEvent<KubeObject>[] = []
    const list = await ca.list(cm, {namespace: 'default'})
    const h = ca.watch(cm, {namespace: 'default', resourceVersion: list.metadata.resourceVersion}, (ev) => events.push(ev))
    await cb.create(cm, {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'via-b'}}, 'default')
    await ca.create(cm, {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'via-a'}}, 'default')
    await cb.patch(cm, 'via-a', {data: {k: 'v'}}, 'merge', 'default')
    const deadline = Date.now() + 5000
    while (events.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    h.stop()
    expect(events.map((e) => `${e.type}:${e.object.metadata.name}`)).toEqual(['ADDED:via-b', 'ADDED:via-a', 'MODIFIED:via-a'])
    ca.close()
    cb.close()
    await a.kill()
    await b.kill()
  })

  it('backs up online and restores, refusing a corrupt backup', async () => {
    const dataDir = tempDir()
    dirs.push(dataDir)
    const m = await spawnMaster(dataDir)
    masters.push(m)
    const c = clientFor(dataDir, m.url)
    await c.create(cm, {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'before-backup'}}, 'default')
    const backup = join(dataDir, 'backup.db')
    const b = await mkube(['master', 'backup', backup, '--data-dir', dataDir])
    expect(b.exitCode, b.stderr).toBe(0)
    await c.create(cm, {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'after-backup'}}, 'default')
    c.close()
    await m.kill()
    const r = await mkube(['master', 'restore', backup, '--data-dir', dataDir])
    expect(r.exitCode, r.stderr).toBe(0)
    const m2 = await spawnMaster(dataDir)
    masters.push(m2)
    const c2 = clientFor(dataDir, m2.url)
    const names = (await c2.list(cm, {namespace: 'default'})).items.map((i) => i.metadata.name)
    expect(names).toContain('before-backup')
    expect(names).not.toContain('after-backup')
    c2.close()
    await m2.kill()
    const bad = join(dataDir, 'bad.db')
    const {writeFileSync} = await import('node:fs')
    writeFileSync(bad, 'this is not a database at all, just some text that is long enough')
    const rb = await mkube(['master', 'restore', bad, '--data-dir', dataDir])
    expect(rb.exitCode).not.toBe(0)
    expect(rb.stderr.trim().split('\n')).toHaveLength(1)
  })
})
