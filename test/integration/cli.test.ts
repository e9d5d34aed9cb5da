/** The mkube CLI's client verbs against a master: apply/create/get/describe/delete/version and their errors. */
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {mkube, startTestMaster, tempDir} from '../harness.js'

let env: Awaited<ReturnType<typeof startTestMaster>>
let dir: string
let kubeconfig: string

const web = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: web, image: ${image}, ports: [{containerPort: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
`

beforeAll(async () => {
  env = await startTestMaster()
  dir = tempDir('mkube-cli-')
  kubeconfig = env.master.kubeconfigPath
})
afterAll(async () => {
  await env?.stop()
})

describe('mkube CLI', () => {
  it('applies idempotently: created, unchanged, configured', async () => {
    const f = join(dir, 'web.yaml')
    writeFileSync(f, web('localhost/busybox:latest'))
    const a = await mkube(['apply', '-f', f], {kubeconfig})
    expect(a.exitCode, a.stderr).toBe(0)
    expect(a.stdout.trim().split('\n')).toEqual(['deployment.apps/web created', 'service/web created'])
    const b = await mkube(['apply', '-f', f], {kubeconfig})
    expect(b.stdout.trim().split('\n')).toEqual(['deployment.apps/web unchanged', 'service/web unchanged'])
    writeFileSync(f, web('localhost/busybox:2'))
    const c = await mkube(['apply', '-f', f], {kubeconfig})
    expect(c.stdout.trim().split('\n')).toEqual(['deployment.apps/web configured', 'service/web unchanged'])
    const stdin = await mkube(['apply', '-f', '-'], {kubeconfig, input: web('localhost/busybox:2')})
    expect(stdin.stdout.trim().split('\n')).toEqual(['deployment.apps/web unchanged', 'service/web unchanged'])
  })

  it('gets in every output format', async () => {
    const t = await mkube(['get', 'deploy', '-o', 'wide'], {kubeconfig})
    expect(t.exitCode, t.stderr).toBe(0)
    expect(t.stdout).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/m)
    expect(t.stdout).toMatch(/^web\s+0\/2\s+0\s+0\s+\d+s\s+web\s+localhost\/busybox:2\s+app=web$/m)
    const y = await mkube(['get', 'deployment', 'web', '-o', 'yaml'], {kubeconfig})
    expect(y.stdout).toMatch(/^kind: Deployment$/m)
    expect(y.stdout).toMatch(/^apiVersion: apps\/v1$/m)
    const j = await mkube(['get', 'svc', '-o', 'json'], {kubeconfig})
    expect(JSON.parse(j.stdout).kind).toBe('List')
    const n = await mkube(['get', 'deploy,svc', '-o', 'name'], {kubeconfig})
    expect(n.stdout.trim().split('\n')).toEqual(['deployment.apps/web', 'service/kubernetes', 'service/web'])
    const A = await mkube(['get', 'ns', '-A'], {kubeconfig})
    expect(A.stdout).toMatch(/^kube-system\s+Active/m)
    const l = await mkube(['get', 'deploy', '-l', 'app!=web'], {kubeconfig})
    expect(l.stderr).toContain('No resources found in default namespace.')
    const d = await mkube(['describe', 'deploy', 'web'], {kubeconfig})
    expect(d.exitCode, d.stderr).toBe(0)
    expect(d.stdout).toMatch(/^Name:\s+web$/m)
  })

  it('refuses bad manifests with one clear line and a non-zero exit, storing nothing', async () => {
    const cases: [string, string, RegExp][] = [
      ['noname.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {}\ndata: {a: b}\n', /name/],
      ['badport.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: badport}\nspec:\n  ports: [{port: 70000}]\n', /70000|port/],
      ['unknown.yaml', 'apiVersion: v1\nkind: Gadget\nmetadata: {name: g}\n', /no matches for kind "Gadget"/],
      ['invalid.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n', /invalid\.yaml \(document 1/],
      ['typo.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: typo}\ndatta: {a: b}\n', /strict decoding error: unknown field "datta"/],
    ]
    for (const [name, text, msg] of cases) {
      const f = join(dir, name)
      writeFileSync(f, text)
      const r = await mkube(['apply', '-f', f], {kubeconfig})
      expect(r.exitCode, `${name}: ${r.stdout}`).not.toBe(0)
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1)
      expect(r.stderr).toMatch(msg)
    }
    const svc = await mkube(['get', 'svc', 'badport'], {kubeconfig})
    expect(svc.exitCode).not.toBe(0)
    expect(svc.stderr.trim()).toBe('Error from server (NotFound): services "badport" not found')
  })

  it('creates, then refuses to create again; deletes by file, name and selector', async () => {
    const f = join(dir, 'cms.yaml')
    writeFileSync(f, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: one, labels: {k: v}}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: two, labels: {k: v}}\n')
    const c = await mkube(['create', '-f', f], {kubeconfig})
    expect(c.stdout.trim().split('\n')).toEqual(['configmap/one created', 'configmap/two created'])
    const again = await mkube(['create', '-f', f], {kubeconfig})
    expect(again.exitCode).toBe(1)
    expect(again.stderr).toContain('AlreadyExists')
    const d1 = await mkube(['delete', 'configmap', 'one'], {kubeconfig})
    expect(d1.stdout.trim()).toBe('configmap "one" deleted')
    const d2 = await mkube(['delete', 'cm', '-l', 'k=v'], {kubeconfig})
    expect(d2.stdout.trim()).toBe('configmap "two" deleted')
    const d3 = await mkube(['delete', '-f', join(dir, 'web.yaml')], {kubeconfig})
    expect(d3.stdout.trim().split('\n')).toEqual(['deployment.apps "web" deleted', 'service "web" deleted'])
    const missing = await mkube(['delete', 'cm', 'nope'], {kubeconfig})
    expect(missing.exitCode).toBe(1)
    expect(missing.stderr.trim()).toBe('Error from server (NotFound): configmaps "nope" not found')
  })

  it('prints versions, and a clear line when no cluster is reachable', async () => {
    const v = await mkube(['version'], {kubeconfig})
    expect(v.stdout).toMatch(/^Server Version: v1\.32/m)
    const none = await mkube(['get', 'pods', '--kubeconfig', join(dir, 'missing.kubeconfig')])
    expect(none.exitCode).not.toBe(0)
    expect(none.stderr.trim().split('\n')).toHaveLength(1)
  })
})
