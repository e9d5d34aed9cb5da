/**
 * Two masters on one data dir: exactly one scheduler and one controller manager lead; kill -9 of the leader
 * hands both over to the survivor within ~15 s, and the cluster keeps converging.
 */
import {rmSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import type {KubeObject} from '../../src/api/meta.js'
import {Client} from '../../src/client/client.js'
import {loadKubeconfig} from '../../src/client/kubeconfig.js'
import {spawnMaster, tempDir, type ChildMaster} from '../harness.js'

const leases = {group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespaced: true}
const deploys = {group: 'apps', version: 'v1', resource: 'deployments', namespaced: true}
const rsRef = {group: 'apps', version: 'v1', resource: 'replicasets', namespaced: true}
const dirs: string[] = []
const masters: ChildMaster[] = []

afterAll(async () => {
  for (const m of masters) await m.kill('SIGKILL')
  for (const d of dirs) rmSync(d, {recursive: true, force: true})
})

async function holder(c: Client, name: string): Promise<string> {
  const l = await c.get(leases, name, 'kube-system')
  return String((l as {spec?: {holderIdentity?: string}}).spec?.holderIdentity ?? '')
}

async function until<T>(fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = await fn().catch(() => undefined)
    if (v !== undefined) return v
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

const deployment = (name: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {name},
  spec: {replicas: 2, selector: {matchLabels: {app: name}}, template: {metadata: {labels: {app: name}}, spec: {containers: [{name: 'c', image: 'localhost/busybox:latest'}]}}},
})

describe('leader election across masters', () => {
  it('hands scheduler and controller manager over after kill -9 of the leader, never two leaders', async () => {
    const dataDir = tempDir()
    dirs.push(dataDir)
    const a = await spawnMaster(dataDir)
    masters.push(a)
    const cfg = loadKubeconfig({kubeconfig: join(dataDir, 'admin.kubeconfig')})
    const ca = new Client({...cfg, server: a.url})
    const leaderA = await until(async () => (await holder(ca, 'kube-controller-manager')) || undefined, 15_000)
    const b = await spawnMaster(dataDir)
    masters.push(b)
    const cb = new Client({...cfg, server: b.url})
    // b stays a follower while a renews
    await new Promise((r) => setTimeout(r, 4000))
    expect(await holder(cb, 'kube-controller-manager')).toBe(leaderA)
    expect(await holder(cb, 'kube-scheduler')).toBe(leaderA)
    expect(b.output()).not.toContain('acquired lease kube-system/kube-controller-manager')
    await ca.create(deploys, deployment('before'), 'default')
    await until(async () => ((await cb.list(rsRef, {namespace: 'default', labelSelector: 'app=before'})).items.length ? true : undefined), 15_000)

    const killedAt = Date.now()
    await a.kill('SIGKILL')
    ca.close()
    const leaderB = await until(async () => {
      const h = await holder(cb, 'kube-controller-manager')
      return h && h !== leaderA ? h : undefined
    }, 30_000)
    const tookOver = Date.now() - killedAt
    expect(leaderB).not.toBe(leaderA)
    expect(tookOver).toBeLessThan(25_000)
    await until(async () => {
      const h = await holder(cb, 'kube-scheduler')
      return h === leaderB ? h : undefined
    }, 30_000)
    await cb.create(deploys, deployment('after'), 'default')
    await until(async () => ((await cb.list(rsRef, {namespace: 'default', labelSelector: 'app=after'})).items.length ? true : undefined), 15_000)
    cb.close()
  })
})
