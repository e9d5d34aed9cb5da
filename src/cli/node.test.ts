/**
 * `mkube node join` / runNodeAgent against in-process masters: refused joins leave nothing behind, a
 * good join writes credentials that a restart reuses, and the node's kubelet server answers logs and
 * exec through the API server.
 */
import {existsSync, readFileSync, rmSync} from 'node:fs'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {ApiError} from '../api/errors.js'
import type {Pod} from '../api/types/pod.js'
import {nodePaths, JoinError} from '../node/join.js'
import {FakeRuntime} from '../runtime/fake.js'
import {startTestMaster, tempDir} from '../../test/harness.js'
import {CliError} from './errors.js'
import {defaultNodeIP, runNodeAgent, runNodeJoinForeground} from './node.js'
import {runLogs} from './logs.js'
import {runExec} from './exec.js'
import {PassThrough, Readable} from 'node:stream'
import {connect} from 'node:net'
import {vi} from 'vitest'
import NodeJoin from '../commands/node/join.js'
import {repoRoot} from '../../test/harness.js'

let m1: Awaited<ReturnType<typeof startTestMaster>>
let m2: Awaited<ReturnType<typeof startTestMaster>>
const dirs: string[] = []
const dir = () => {
  const d = tempDir('mkube-node-join-')
  dirs.push(d)
  return d
}

beforeAll(async () => {
  ;[m1, m2] = await Promise.all([startTestMaster(), startTestMaster()])
})
afterAll(async () => {
  await Promise.all([m1?.stop(), m2?.stop()])
  for (const d of dirs) rmSync(d, {recursive: true, force: true})
})

async function nodeNames(): Promise<string[]> {
  const list = await m1.client.request<{items: {metadata: {name: string}}[]}>('GET', '/api/v1/nodes')
  return list.items.map((n) => n.metadata.name)
}

async function secretExists(name: string): Promise<boolean> {
  return m1.client
    .request('GET', `/api/v1/namespaces/kube-system/secrets/${name}`)
    .then(() => true)
    .catch((e: unknown) => {
      if (e instanceof ApiError && e.code === 404) return false
      throw e
    })
}

describe('refused joins', () => {
  it('a wrong token: one clear line, nothing registered, nothing written', async () => {
    const d = dir()
    const token = m1.master.joinToken.replace(/\.[a-z0-9]{16}$/, '.0000000000000000')
    const e = await runNodeAgent({server: m1.master.url, token, nodeName: 'wrong-token', nodeIP: '127.0.0.1', runtime: 'fake', dataDir: d, kubeletPort: 0}).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(JoinError)
    expect((e as Error).message).toBe(`the master at ${m1.master.url} refused the join token (unknown, deleted or expired token)`)
    expect(await nodeNames()).not.toContain('wrong-token')
    expect(await secretExists('node-token.wrong-token')).toBe(false)
    expect(existsSync(nodePaths(d).kubeconfig)).toBe(false)
  })

  it('a token for another cluster\'s CA: the CA mismatch line', async () => {
    const d = dir()
    const e = await runNodeAgent({server: m1.master.url, token: m2.master.joinToken, nodeName: 'other-ca', nodeIP: '127.0.0.1', runtime: 'fake', dataDir: d, kubeletPort: 0}).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(JoinError)
    expect((e as Error).message).toMatch(/^the master at https:\/\/\S+ presented CA sha256:[0-9a-f]{64}, but the token is for CA sha256:[0-9a-f]{64}: refusing to join/)
    expect(await nodeNames()).not.toContain('other-ca')
    expect(existsSync(nodePaths(d).kubeconfig)).toBe(false)
  })

  it('the command reports a refused join as one CliError line', async () => {
    const e = await runNodeJoinForeground({server: m1.master.url, token: 'not-a-token', nodeName: 'bad', nodeIP: '127.0.0.1', runtime: 'fake', dataDir: dir(), kubeletPort: 0, verbose: false}).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(CliError)
    expect((e as Error).message).not.toContain('\n')
    expect((e as Error).message).toMatch(/^malformed join token/)
    const badIp = await runNodeJoinForeground({server: m1.master.url, token: m1.master.joinToken, nodeName: 'bad', nodeIP: 'nope', runtime: 'fake', dataDir: dir(), kubeletPort: 0, verbose: false}).catch((x: unknown) => x)
    expect((badIp as Error).message).toBe('--node-ip "nope" is not an IP address')
  })
})

describe('a good join', () => {
  it('writes credentials, registers the node with its kubelet endpoint, and a restart reuses them', async () => {
    const d = dir()
    const runtime = new FakeRuntime()
    const opts = {server: m1.master.url, token: m1.master.joinToken, nodeName: 'worker-1', nodeIP: '127.0.0.1', runtime, dataDir: d, kubeletPort: 0, kubelet: {heartbeatIntervalMs: 200, relistPeriodMs: 200}}
    const agent = await runNodeAgent(opts)
    const p = nodePaths(d)
    const kubeconfig = readFileSync(p.kubeconfig, 'utf8')
    expect(kubeconfig).toContain('node.worker-1.')
    expect(readFileSync(p.kubeletCert, 'utf8')).toContain('BEGIN CERTIFICATE')
    await expect
      .poll(async () => (await m1.client.request<{status?: {daemonEndpoints?: {kubeletEndpoint?: {Port?: number}}}}>('GET', '/api/v1/nodes/worker-1').catch(() => undefined))?.status?.daemonEndpoints?.kubeletEndpoint?.Port, {timeout: 15_000})
      .toBe(agent.kubeletPort)
    const secretRv = (await m1.client.request<{metadata: {resourceVersion: string}}>('GET', '/api/v1/namespaces/kube-system/secrets/node-token.worker-1')).metadata.resourceVersion

    // a pod bound to the node: the kubelet runs it on the fake runtime; logs and exec reach it through the API server
    runtime.setBehavior(() => ({logs: ['hello from worker-1']}))
    await m1.client.request<Pod>('POST', '/api/v1/namespaces/default/pods', {
      body: {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'on-worker'}, spec: {nodeName: 'worker-1', containers: [{name: 'app', image: 'localhost/busybox:latest'}]}},
    })
    let out = ''
    await expect
      .poll(
        async () => {
          out = ''
          await runLogs(m1.client, {target: 'on-worker', namespace: 'default', follow: false, tail: -1, timestamps: false, previous: false, allContainers: false, prefix: false, maxLogRequests: 5, out: (t) => (out += t), err: () => {}}).catch(() => undefined)
          return out
        },
        {timeout: 20_000},
      )
      .toBe('hello from worker-1\n')
    const stdout = new PassThrough()
    let text = ''
    stdout.on('data', (c: Buffer) => (text += c))
    expect(await runExec(m1.client, {target: 'on-worker', namespace: 'default', command: ['sh', '-c', 'exit 4'], stdin: false, tty: false, quiet: true, io: {stdin: Readable.from([]), stdout, stderr: new PassThrough()}})).toBe(4)
    expect(await runExec(m1.client, {target: 'on-worker', namespace: 'default', command: ['echo', 'ok'], stdin: false, tty: false, quiet: true, io: {stdin: Readable.from([]), stdout, stderr: new PassThrough()}})).toBe(0)
    expect(text).toBe('ok\n')
    await agent.stop()

    const again = await runNodeAgent({...opts, runtime: new FakeRuntime()})
    try {
      expect(readFileSync(p.kubeconfig, 'utf8')).toBe(kubeconfig)
      const rv = (await m1.client.request<{metadata: {resourceVersion: string}}>('GET', '/api/v1/namespaces/kube-system/secrets/node-token.worker-1')).metadata.resourceVersion
      expect(rv).toBe(secretRv)
    } finally {
      await again.stop()
    }
  })
})

describe('a node without a usable runtime', () => {
  it('still joins and starts: the node is NotReady and logs/exec answer 503', async () => {
    const agent = await runNodeAgent({
      server: m1.master.url,
      token: m1.master.joinToken,
      nodeName: 'no-runtime',
      nodeIP: '127.0.0.1',
      runtime: 'auto',
      probe: {podmanBinary: '/nonexistent/podman', dockerBinary: '/nonexistent/docker'},
      dataDir: dir(),
      kubeletPort: 0,
    })
    try {
      expect(agent.runtime).toBeNull()
      expect(agent.runtimeProblem).toMatch(/^no container runtime: podman: .*; docker: /)
      type N = {status?: {conditions?: {type: string; status: string; message?: string}[]}}
      await expect
        .poll(async () => (await m1.client.request<N>('GET', '/api/v1/nodes/no-runtime').catch(() => undefined))?.status?.conditions?.find((c) => c.type === 'Ready')?.status, {timeout: 15_000})
        .toBe('False')
      await m1.client.request('POST', '/api/v1/namespaces/default/pods', {
        body: {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'stranded'}, spec: {nodeName: 'no-runtime', containers: [{name: 'app', image: 'localhost/busybox:latest'}]}},
      })
      const e = await runLogs(m1.client, {target: 'stranded', namespace: 'default', follow: false, tail: -1, timestamps: false, previous: false, allContainers: false, prefix: false, maxLogRequests: 5, out: () => {}, err: () => {}}).catch((x: unknown) => x)
      expect(e).toBeInstanceOf(ApiError)
      expect((e as ApiError).code).toBe(503)
      expect((e as ApiError).message).toBe('node "no-runtime" has no usable container runtime')
    } finally {
      await agent.stop()
    }
  })
})

describe('the node join command', () => {
  it('runs in the foreground until SIGTERM, then stops the node', async () => {
    let out = ''
    let err = ''
    const o = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((out += c.toString()), true))
    const e = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((err += c.toString()), true))
    const listeners = process.listenerCount('SIGTERM')
    try {
      const run = NodeJoin.run(['--server', m1.master.url, '--token', m1.master.joinToken, '--node-name', 'cmd-node', '--node-ip', '127.0.0.1', '--runtime', 'fake', '--data-dir', dir(), '--kubelet-port', '0'], repoRoot)
      await expect.poll(() => out, {timeout: 15_000}).toMatch(/^node "cmd-node" joined https:\/\/\S+; kubelet serving on https:\/\/127\.0\.0\.1:(\d+); runtime fake\n$/)
      const port = Number(/:(\d+); runtime/.exec(out)![1])
      expect(await nodeNames()).toContain('cmd-node')
      process.emit('SIGTERM', 'SIGTERM')
      await run
      expect(err).toContain('SIGTERM: stopping node "cmd-node"')
      // the kubelet server is gone
      const refused = await new Promise<boolean>((resolve) => {
        const s = connect(port, '127.0.0.1')
        s.on('connect', () => (s.destroy(), resolve(false)))
        s.on('error', () => resolve(true))
      })
      expect(refused).toBe(true)
      expect(process.listenerCount('SIGTERM')).toBe(listeners)
    } finally {
      o.mockRestore()
      e.mockRestore()
    }
  })
})

describe('defaults', () => {
  it('node IP: the first non-internal IPv4, else 127.0.0.1', () => {
    const lo = {address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8'} as const
    const v6 = {address: 'fe80::1', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '02:00:00:00:00:01', internal: false, cidr: 'fe80::1/64', scopeid: 2} as const
    const eth = {address: '10.1.2.3', netmask: '255.255.255.0', family: 'IPv4', mac: '02:00:00:00:00:01', internal: false, cidr: '10.1.2.3/24'} as const
    expect(defaultNodeIP({lo: [lo], eth0: [v6, eth]})).toBe('10.1.2.3')
    expect(defaultNodeIP({lo: [lo], eth0: [v6]})).toBe('127.0.0.1')
  })
})
