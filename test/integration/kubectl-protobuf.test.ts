/**
 * kubectl's typed clients send protobuf (`kubectl create configmap|secret|namespace|serviceaccount|
 * deployment|job|service|token`, `expose`): the real kubectl (v1.32) against an mkube master, and the
 * objects read back as JSON carry what was asked for.
 */
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {kubectl, startTestMaster, tempDir} from '../harness.js'

let env: Awaited<ReturnType<typeof startTestMaster>>
let kc: {kubeconfig: string; cacheDir: string}

beforeAll(async () => {
  env = await startTestMaster()
  kc = {kubeconfig: env.master.kubeconfigPath, cacheDir: join(tempDir('mkube-kubectl-pb-'), 'cache')}
})
afterAll(async () => {
  await env?.stop()
})

async function ok(args: string[]): Promise<string> {
  const r = await kubectl(args, kc)
  expect(r.exitCode, `kubectl ${args.join(' ')}: ${r.stderr}`).toBe(0)
  return r.stdout.trim()
}

async function json(args: string[]): Promise<any> {
  return JSON.parse(await ok([...args, '-o', 'json']))
}

describe('kubectl create over protobuf', () => {
  it('configmap, secret and namespace keep their data, empty values included', async () => {
    expect(await ok(['create', 'configmap', 'c1', '--from-literal=a=x y', '--from-literal=empty='])).toBe('configmap/c1 created')
    expect((await json(['get', 'cm', 'c1'])).data).toEqual({a: 'x y', empty: ''})
    expect(await ok(['create', 'secret', 'generic', 's1', '--from-literal=token=s3cr3t', '--type=example.com/kind'])).toBe('secret/s1 created')
    const s = await json(['get', 'secret', 's1'])
    expect(s.type).toBe('example.com/kind')
    expect(Buffer.from(s.data.token, 'base64').toString()).toBe('s3cr3t')
    expect(await ok(['create', 'namespace', 'pb-ns'])).toBe('namespace/pb-ns created')
    expect((await json(['get', 'ns', 'pb-ns'])).status.phase).toBe('Active')
    expect(await ok(['create', 'serviceaccount', 'robot', '-n', 'pb-ns'])).toBe('serviceaccount/robot created')
    expect(await ok(['create', 'token', 'robot', '-n', 'pb-ns', '--duration=10m'])).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/)
  })

  it('deployment, job and services: nested specs, ports, commands; replicas 0 stays 0', async () => {
    expect(await ok(['create', 'deployment', 'web', '--image=localhost/busybox:latest', '--replicas=3', '--port=8080'])).toBe('deployment.apps/web created')
    const d = await json(['get', 'deploy', 'web'])
    expect(d.spec.replicas).toBe(3)
    expect(d.spec.selector).toEqual({matchLabels: {app: 'web'}})
    expect(d.spec.template.spec.containers[0]).toMatchObject({name: 'busybox', image: 'localhost/busybox:latest', ports: [{containerPort: 8080, protocol: 'TCP'}]})
    expect(d.metadata.creationTimestamp).toMatch(/Z$/)
    expect(await ok(['create', 'deployment', 'idle', '--image=localhost/busybox:latest', '--replicas=0'])).toBe('deployment.apps/idle created')
    expect((await json(['get', 'deploy', 'idle'])).spec.replicas).toBe(0)
    expect(await ok(['create', 'job', 'once', '--image=localhost/busybox:latest', '--', 'sh', '-c', 'echo "a b"'])).toBe('job.batch/once created')
    const j = await json(['get', 'job', 'once'])
    expect(j.spec.template.spec.containers[0].command).toEqual(['sh', '-c', 'echo "a b"'])
    expect(j.spec.template.spec.restartPolicy).toBe('Never')
    expect(await ok(['expose', 'deployment', 'web', '--port=80', '--target-port=8080'])).toBe('service/web exposed')
    expect((await json(['get', 'svc', 'web'])).spec.ports[0]).toMatchObject({port: 80, targetPort: 8080, protocol: 'TCP'})
    expect(await ok(['create', 'service', 'nodeport', 'np', '--tcp=80:http'])).toBe('service/np created')
    const np = await json(['get', 'svc', 'np'])
    expect(np.spec.type).toBe('NodePort')
    expect(np.spec.ports[0]).toMatchObject({port: 80, targetPort: 'http'})
    expect(np.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000)
  })

  it('bad objects sent as protobuf get the same validation errors as JSON, and nothing is stored', async () => {
    const r = await kubectl(['create', 'deployment', 'Bad_Name', '--image=x'], kc)
    expect(r.exitCode).not.toBe(0)
    expect(r.stderr).toMatch(/Invalid value: "Bad_Name"/)
    expect((await kubectl(['get', 'deploy', 'Bad_Name'], kc)).exitCode).not.toBe(0)
  })
})
