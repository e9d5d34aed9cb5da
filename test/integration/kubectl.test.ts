/**
 * The real kubectl (v1.32, on PATH) against an mkube master, with the generated admin kubeconfig and no
 * extra flags: discovery, tables, apply/create/delete, watch, scale.
 */
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {kubectl, startTestMaster, tempDir} from '../harness.js'

let env: Awaited<ReturnType<typeof startTestMaster>>
let kc: {kubeconfig: string; cacheDir: string}
let dir: string

const deployment = (replicas: number, image = 'localhost/busybox:latest', extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: ${image}
        command: [httpd, -f, -p, "8080"]
        ports: [{containerPort: 8080}]
${extra}`

beforeAll(async () => {
  env = await startTestMaster()
  dir = tempDir('mkube-kubectl-')
  kc = {kubeconfig: env.master.kubeconfigPath, cacheDir: join(dir, 'cache')}
})
afterAll(async () => {
  await env?.stop()
})

describe('kubectl against mkube', () => {
  it('version, api-resources, cluster-info', async () => {
    const v = await kubectl(['version', '-o', 'json'], kc)
    expect(v.exitCode, v.stderr).toBe(0)
    expect(JSON.parse(v.stdout).serverVersion.minor).toBe('32')
    const ar = await kubectl(['api-resources'], kc)
    expect(ar.exitCode, ar.stderr).toBe(0)
    for (const line of [/^pods\s+po\s+v1\s+true\s+Pod$/m, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m, /^namespaces\s+ns\s+v1\s+false\s+Namespace$/m, /^leases\s+coordination\.k8s\.io\/v1\s+true\s+Lease$/m]) {
      expect(ar.stdout).toMatch(line)
    }
    const ci = await kubectl(['cluster-info'], kc)
    expect(ci.exitCode, ci.stderr).toBe(0)
    expect(ci.stdout).toContain(env.master.url)
  })

  it('get namespaces and empty lists, in every output format', async () => {
    const ns = await kubectl(['get', 'ns'], kc)
    expect(ns.exitCode, ns.stderr).toBe(0)
    expect(ns.stdout).toMatch(/^NAME\s+STATUS\s+AGE$/m)
    expect(ns.stdout).toMatch(/^kube-system\s+Active\s+\d+s$/m)
    const svc = await kubectl(['get', 'svc', '-A'], kc)
    expect(svc.stdout).toMatch(/^default\s+kubernetes\s+ClusterIP\s+10\.43\.0\.1\s+<none>\s+443\/TCP\s+/m)
    for (const kind of ['pods', 'deploy', 'nodes']) {
      const r = await kubectl(['get', kind, '-A'], kc)
      expect(r.exitCode, r.stderr).toBe(0)
      expect(r.stderr).toContain('No resources found')
    }
    const y = await kubectl(['get', 'ns', 'default', '-o', 'yaml'], kc)
    expect(y.stdout).toMatch(/^kind: Namespace$/m)
    const j = await kubectl(['get', 'ns', '-o', 'json'], kc)
    expect(JSON.parse(j.stdout).items.map((i: {metadata: {name: string}}) => i.metadata.name)).toContain('kube-node-lease')
  })

  it('apply creates, then is unchanged, then configures a changed field', async () => {
    const f = join(dir, 'web.yaml')
    writeFileSync(f, deployment(2))
    const a1 = await kubectl(['apply', '-f', f], kc)
    expect(a1.exitCode, a1.stderr).toBe(0)
    expect(a1.stdout.trim()).toBe('deployment.apps/web created')
    const a2 = await kubectl(['apply', '-f', f], kc)
    expect(a2.exitCode, a2.stderr).toBe(0)
    expect(a2.stdout.trim()).toBe('deployment.apps/web unchanged')
    writeFileSync(f, deployment(2, 'localhost/busybox:1.36'))
    const a3 = await kubectl(['apply', '-f', f], kc)
    expect(a3.exitCode, a3.stderr).toBe(0)
    expect(a3.stdout.trim()).toBe('deployment.apps/web configured')
    const d = await env.client.get({group: 'apps', version: 'v1', resource: 'deployments', namespaced: true}, 'web', 'default')
    expect((d as any).spec.template.spec.containers[0].image).toBe('localhost/busybox:1.36')
    expect(d.metadata.generation).toBe(2)
    const wide = await kubectl(['get', 'deploy', '-o', 'wide', '-l', 'app=web'], kc)
    expect(wide.stdout).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/m)
    expect(wide.stdout).toMatch(/^web\s+0\/2\s+0\s+0\s+\d+s\s+web\s+localhost\/busybox:1\.36\s+app=web$/m)
    const none = await kubectl(['get', 'deploy', '-l', 'app=other'], kc)
    expect(none.stdout).toBe('')
  })

  it('scale uses the scale subresource', async () => {
    const r = await kubectl(['scale', 'deployment', 'web', '--replicas=3'], kc)
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stdout.trim()).toBe('deployment.apps/web scaled')
    const d = await env.client.get({group: 'apps', version: 'v1', resource: 'deployments', namespaced: true}, 'web', 'default')
    expect((d as any).spec.replicas).toBe(3)
  })

  it('create, get -w receiving an event, and delete with its default wait', async () => {
    const f = join(dir, 'cm.yaml')
    writeFileSync(f, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: "1"}\n')
    const c = await kubectl(['create', '-f', f], kc)
    expect(c.exitCode, c.stderr).toBe(0)
    expect(c.stdout.trim()).toBe('configmap/settings created')
    const again = await kubectl(['create', '-f', f], kc)
    expect(again.exitCode).not.toBe(0)
    expect(again.stderr).toContain('AlreadyExists')
    const watch = kubectl(['get', 'configmaps', '-w', '--request-timeout=6s'], {...kc, timeoutMs: 20_000})
    await new Promise((r) => setTimeout(r, 1500))
    const p = await kubectl(['patch', 'configmap', 'settings', '-p', '{"data":{"a":"2"}}'], kc)
    expect(p.exitCode, p.stderr).toBe(0)
    const del = await kubectl(['delete', 'configmap', 'settings'], kc)
    expect(del.exitCode, del.stderr).toBe(0)
    expect(del.stdout.trim()).toBe('configmap "settings" deleted')
    const w = await watch
    // the initial list row, then at least the patch's and the delete's events
    expect(w.stdout.match(/^settings\s+1\s+/gm)?.length ?? 0).toBeGreaterThanOrEqual(2)
    const gone = await kubectl(['get', 'configmap', 'settings'], kc)
    expect(gone.exitCode).not.toBe(0)
    expect(gone.stderr).toContain('NotFound')
  })

  it('refuses bad manifests with clear errors and stores nothing', async () => {
    const cases: [string, string, RegExp][] = [
      ['noname.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n', /name/i],
      ['badport.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: bad}\nspec:\n  ports: [{port: 70000}]\n', /70000|port/],
      ['unknown.yaml', 'apiVersion: v1\nkind: Gadget\nmetadata: {name: g}\n', /Gadget/],
      ['invalid.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n', /yaml|error/i],
    ]
    for (const [name, text, msg] of cases) {
      const f = join(dir, name)
      writeFileSync(f, text)
      const r = await kubectl(['apply', '-f', f], kc)
      expect(r.exitCode, `${name}: ${r.stdout}`).not.toBe(0)
      expect(r.stderr).toMatch(msg)
    }
    const svc = await kubectl(['get', 'svc', 'bad'], kc)
    expect(svc.exitCode).not.toBe(0)
  })

  it('rejects unknown fields (strict field validation) and explains kinds from the served schemas', async () => {
    const f = join(dir, 'typo.yaml')
    writeFileSync(f, deployment(1).replace('name: web\n', 'name: typo\n').replace('      containers:', '      contianers:'))
    const r = await kubectl(['apply', '-f', f], kc)
    expect(r.exitCode).not.toBe(0)
    expect(r.stderr).toContain('strict decoding error: unknown field "spec.template.spec.contianers"')
    expect((await kubectl(['get', 'deploy', 'typo'], kc)).exitCode).not.toBe(0)
    const ex = await kubectl(['explain', 'pod.spec.containers.imagePullPolicy'], kc)
    expect(ex.exitCode, ex.stderr).toBe(0)
    expect(ex.stdout).toMatch(/FIELD:\s+imagePullPolicy/)
  })

  it('get pods, deploy, svc, nodes with -o wide on real objects', async () => {
    const f = join(dir, 'objs.yaml')
    writeFileSync(f, `apiVersion: v1
kind: Pod
metadata: {name: solo, labels: {tier: x}}
spec:
  containers: [{name: c, image: localhost/busybox:latest}]
---
apiVersion: v1
kind: Node
metadata: {name: n1, labels: {kubernetes.io/hostname: n1}}
`)
    const a = await kubectl(['apply', '-f', f], kc)
    expect(a.exitCode, a.stderr).toBe(0)
    const pods = await kubectl(['get', 'pods', '-o', 'wide', '-l', 'tier=x'], kc)
    expect(pods.stdout).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/m)
    expect(pods.stdout).toMatch(/^solo\s+0\/1\s+Pending\s+0\s+\d+s\s+<none>\s+<none>\s+<none>\s+<none>$/m)
    const nodes = await kubectl(['get', 'nodes'], kc)
    expect(nodes.stdout).toMatch(/^n1\s+/m)
    const all = await kubectl(['get', 'pods', '-A'], kc)
    expect(all.stdout).toMatch(/^NAMESPACE\s+NAME\s+READY/m)
    expect(all.stdout).toMatch(/^default\s+solo\s+/m)
    const del = await kubectl(['delete', '-f', f], kc)
    expect(del.exitCode, del.stderr).toBe(0)
  })
})
