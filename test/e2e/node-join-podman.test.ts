/**
 * A node joined with `mkube node join` (runNodeAgent, in-process) on real podman: the kubelet runs a
 * pod bound to it, and kubectl reads its logs and execs into it through the API server and the node's
 * kubelet server. In CI (CI=true) this must run; elsewhere it is skipped with a printed reason when
 * podman is unusable.
 */
import {randomUUID} from 'node:crypto'
import {rmSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {runNodeAgent, type NodeAgent} from '../../src/node/agent.js'
import {probePodman} from '../../src/runtime/detect.js'
import {PodmanRuntime} from '../../src/runtime/podman.js'
import {inCI} from '../../src/runtime/testing/real-suite.js'
import {kubectl, startTestMaster, tempDir} from '../harness.js'

const unavailable = await probePodman()
const skip = unavailable !== null && !inCI()
if (skip) console.warn(`skipping the podman node-join end-to-end tests: ${unavailable}`)

describe.skipIf(skip)('mkube node join on podman (end to end)', () => {
  let env: Awaited<ReturnType<typeof startTestMaster>>
  let agent: NodeAgent | undefined
  let runtime: PodmanRuntime
  const nodeName = `e2e-join-${randomUUID().slice(0, 8)}`
  const dir = tempDir('mkube-e2e-join-')
  const kc = () => ({kubeconfig: env.master.kubeconfigPath, cacheDir: join(dir, 'kubectl-cache')})

  beforeAll(async () => {
    if (unavailable !== null) throw new Error(`podman is required in CI but unusable: ${unavailable}`)
    env = await startTestMaster()
    runtime = new PodmanRuntime()
    agent = await runNodeAgent({server: env.master.url, token: env.master.joinToken, nodeName, nodeIP: '127.0.0.1', runtime, dataDir: dir, kubeletPort: 0, kubelet: {relistPeriodMs: 1000}})
  })
  afterAll(async () => {
    await env?.client.request('DELETE', '/api/v1/namespaces/default/pods/greeter', {query: {gracePeriodSeconds: 0}}).catch(() => undefined)
    await agent?.stop()
    for (const sb of (await runtime?.listPodSandboxes({nodeName}).catch(() => [])) ?? []) await runtime.removePodSandbox(sb.id).catch(() => undefined)
    await env?.stop()
    rmSync(dir, {recursive: true, force: true})
  })

  it('runs a pod whose logs and exec work through the API server', async () => {
    await env.client.request('POST', '/api/v1/namespaces/default/pods', {
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {name: 'greeter'},
        spec: {nodeName, terminationGracePeriodSeconds: 1, containers: [{name: 'app', image: 'localhost/busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', 'echo hello from $HOSTNAME; exec sleep 3600']}]},
      },
    })
    await expect.poll(async () => (await kubectl(['logs', 'greeter'], kc())).stdout, {timeout: 60_000, interval: 500}).toBe('hello from greeter')
    const three = await kubectl(['exec', 'greeter', '--', 'sh', '-c', 'exit 3'], kc())
    expect(three.exitCode).toBe(3)
    const cat = await kubectl(['exec', '-i', 'greeter', '--', 'cat'], {...kc(), input: 'round trip\n'})
    expect(cat, cat.stderr).toMatchObject({exitCode: 0, stdout: 'round trip'})
  })

  it('kubectl run -i --rm attaches: stdin reaches the container, output comes back, its exit code is kubectl\'s', async () => {
    const args = (name: string) => ['run', '-i', '--rm', name, '--image=localhost/busybox:latest', '--image-pull-policy=IfNotPresent', '--restart=Never', `--overrides={"apiVersion":"v1","spec":{"nodeName":"${nodeName}"}}`, '--', 'sh']
    const failing = await kubectl(args('attach-3'), {...kc(), input: 'echo attached $((40+2)); exit 3\n', timeoutMs: 90_000})
    expect(failing.stdout, failing.stderr).toContain('attached 42')
    expect(failing.stderr).not.toContain("couldn't attach")
    expect(failing.exitCode).toBe(3)
    const ok = await kubectl(args('attach-0'), {...kc(), input: 'echo fine\n', timeoutMs: 90_000})
    expect(ok, ok.stderr).toMatchObject({exitCode: 0})
    expect(ok.stdout).toContain('fine')
  }, 200_000)
})
