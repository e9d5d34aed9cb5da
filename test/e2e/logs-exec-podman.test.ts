/**
 * Logs, exec and port-forward end to end on real podman: an in-process master, the kubelet server over the podman
 * runtime (containers started by the test, as the kubelet would), the real API server proxy, and both
 * `mkube logs/exec` (in-process) and the real kubectl. In CI (CI=true) this must run; elsewhere it is
 * skipped with a printed reason when podman is unusable.
 */
import {randomUUID} from 'node:crypto'
import {get} from 'node:http'
import {createServer} from 'node:net'
import {execa} from 'execa'
import {PassThrough, Readable} from 'node:stream'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {runExec} from '../../src/cli/exec.js'
import {startNodeFixtureWith, type NodeFixture} from '../../src/cli/fixtures-node.js'
import {runLogs} from '../../src/cli/logs.js'
import {probePodman} from '../../src/runtime/detect.js'
import {PodmanRuntime} from '../../src/runtime/podman.js'
import {inCI} from '../../src/runtime/testing/real-suite.js'
import {kubectl} from '../harness.js'

const unavailable = await probePodman()
const skip = unavailable !== null && !inCI()
if (skip) console.warn(`skipping the podman logs/exec end-to-end tests: ${unavailable}`)

let fx: NodeFixture<PodmanRuntime>
const kc = () => ({kubeconfig: fx.env.master.kubeconfigPath, cacheDir: fx.kubectlCacheDir})
const sleeper = (script: string) => ['sh', '-c', `${script}; exec sleep 3600`]

function sink(): PassThrough & {text(): string} {
  const s = new PassThrough() as PassThrough & {text(): string}
  let t = ''
  s.on('data', (d: Buffer) => (t += d.toString()))
  s.text = () => t
  return s
}

describe.skipIf(skip)('logs and exec on podman (end to end)', () => {
  beforeAll(async () => {
    if (unavailable !== null) throw new Error(`podman is required in CI but unusable: ${unavailable}`)
    fx = await startNodeFixtureWith(new PodmanRuntime(), `e2e-${randomUUID().slice(0, 8)}`)
    await fx.pod('server', [{name: 'web', command: ['sh', '-c', 'mkdir -p /www && echo hello from the pod > /www/index.html && dd if=/dev/urandom of=/www/big bs=1024 count=2048 2>/dev/null && exec httpd -f -p 8080 -h /www']}])
    // the fixture starts containers itself (no kubelet): say Running, as kubectl port-forward checks
    await fx.client.patch({group: '', version: 'v1', resource: 'pods', namespaced: true}, 'server', {status: {phase: 'Running'}}, 'merge', 'default', {subresource: 'status'})
    await fx.pod('talker', [{name: 'app', command: sleeper('echo line 1; echo line 2 >&2; echo line 3')}, {name: 'plain', command: sleeper('echo a; echo b; echo c')}, {name: 'ticker', command: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.3; done']}])
  })
  afterAll(async () => {
    await fx?.stop()
  })

  it('kubectl logs and mkube logs read the container log (stdout and stderr)', async () => {
    // stdout and stderr lines both come (their relative order is the runtime's: podman logs splits them)
    await expect.poll(async () => (await kubectl(['logs', 'talker', '-c', 'app'], kc())).stdout.split('\n').sort(), {timeout: 20_000}).toEqual(['line 1', 'line 2', 'line 3'])
    const tail = await kubectl(['logs', 'talker', '-c', 'plain', '--tail=1'], kc())
    expect(tail.stdout).toBe('c')
    let out = ''
    await runLogs(fx.client, {target: 'talker', namespace: 'default', container: 'plain', follow: false, tail: 2, timestamps: true, previous: false, allContainers: false, prefix: false, maxLogRequests: 5, out: (t) => (out += t), err: () => {}})
    expect(out).toMatch(/^\d{4}-\d\d-\d\dT\S+ b\n\d{4}-\d\d-\d\dT\S+ c\n$/)
  })

  it('follows a live log until stopped', async () => {
    const ac = new AbortController()
    let out = ''
    const run = runLogs(fx.client, {target: 'talker', namespace: 'default', container: 'ticker', follow: true, tail: 0, timestamps: false, previous: false, allContainers: false, prefix: false, maxLogRequests: 5, out: (t) => (out += t), err: () => {}, signal: ac.signal})
    await expect.poll(() => out.split('\n').filter(Boolean).length, {timeout: 10_000}).toBeGreaterThanOrEqual(3)
    ac.abort()
    await run
    expect(out).toMatch(/^(tick \d+\n)+/)
  })

  it('kubectl exec: output, stdin and exit codes', async () => {
    const echo = await kubectl(['exec', 'talker', '-c', 'app', '--', 'sh', '-c', 'echo out; echo err >&2'], kc())
    expect(echo, echo.stderr).toMatchObject({exitCode: 0, stdout: 'out'})
    expect(echo.stderr).toBe('err')
    const three = await kubectl(['exec', 'talker', '-c', 'app', '--', 'sh', '-c', 'exit 3'], kc())
    expect(three.exitCode).toBe(3)
    const cat = await kubectl(['exec', '-i', 'talker', '-c', 'app', '--', 'cat'], {...kc(), input: 'piped in\n'})
    expect(cat, cat.stderr).toMatchObject({exitCode: 0, stdout: 'piped in'})
    const missing = await kubectl(['exec', 'talker', '-c', 'app', '--', 'no-such-binary'], kc())
    expect(missing.exitCode).not.toBe(0)
  })

  it('mkube exec: exit codes, stdin, and a tty sized like the local terminal', async () => {
    const out = sink()
    const err = sink()
    expect(await runExec(fx.client, {target: 'talker', namespace: 'default', container: 'app', command: ['sh', '-c', 'echo hi; exit 7'], stdin: false, tty: false, quiet: true, io: {stdin: Readable.from([]), stdout: out, stderr: err}})).toBe(7)
    expect(out.text()).toBe('hi\n')
    expect(err.text()).toBe('command terminated with exit code 7\n')

    const catOut = sink()
    expect(await runExec(fx.client, {target: 'talker', namespace: 'default', container: 'app', command: ['cat'], stdin: true, tty: false, quiet: true, io: {stdin: Readable.from([Buffer.from('a\nb\n')]), stdout: catOut, stderr: sink()}})).toBe(0)
    expect(catOut.text()).toBe('a\nb\n')

    const stdin = new PassThrough() as PassThrough & {isTTY: boolean; setRawMode: (b: boolean) => void}
    stdin.isTTY = true
    stdin.setRawMode = () => undefined
    const ttyOut = sink() as PassThrough & {text(): string; columns: number; rows: number}
    ttyOut.columns = 101
    ttyOut.rows = 33
    const code = await runExec(fx.client, {target: 'talker', namespace: 'default', container: 'app', command: ['sh', '-c', 'sleep 2; stty size'], stdin: true, tty: true, quiet: true, io: {stdin, stdout: ttyOut, stderr: sink()}})
    expect(code).toBe(0)
    expect(ttyOut.text().trim()).toBe('33 101')
  })

  it('kubectl port-forward over WebSocket and over SPDY: bodies arrive whole, a closed port is reported', async () => {
    const freePort = () =>
      new Promise<number>((resolve) => {
        const srv = createServer().listen(0, '127.0.0.1', () => {
          const port = (srv.address() as {port: number}).port
          srv.close(() => resolve(port))
        })
      })
    const fetch = (port: number, path: string) =>
      new Promise<Buffer>((resolve, reject) => {
        get({host: '127.0.0.1', port, path, timeout: 20_000}, (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => resolve(Buffer.concat(chunks)))
        }).on('error', reject)
      })
    const md5 = async (path: string) => (await kubectl(['exec', 'server', '-c', 'web', '--', 'md5sum', path], kc())).stdout.split(' ')[0]
    await expect.poll(async () => (await kubectl(['exec', 'server', '-c', 'web', '--', 'ls', '/www/big'], kc())).exitCode, {timeout: 20_000}).toBe(0)
    const want = await md5('/www/big')
    for (const websockets of ['true', 'false']) {
      const [web, closed] = [await freePort(), await freePort()]
      const pf = execa('kubectl', ['--kubeconfig', kc().kubeconfig, '--cache-dir', kc().cacheDir, 'port-forward', 'pod/server', `${web}:8080`, `${closed}:9`], {
        env: {KUBECTL_PORT_FORWARD_WEBSOCKETS: websockets},
        reject: false,
        all: true,
      })
      let out = ''
      pf.all?.on('data', (d: Buffer) => (out += d.toString()))
      try {
        await expect.poll(() => out, {timeout: 20_000}).toContain(`Forwarding from 127.0.0.1:${web} -> 8080`)
        expect((await fetch(web, '/')).toString()).toBe('hello from the pod\n')
        const bodies = await Promise.all([fetch(web, '/big'), fetch(web, '/big'), fetch(web, '/')])
        const {createHash} = await import('node:crypto')
        expect(bodies.slice(0, 2).map((b) => createHash('md5').update(b).digest('hex'))).toEqual([want, want])
        await fetch(closed, '/').catch(() => undefined)
        await expect.poll(() => out, {timeout: 10_000}).toMatch(/an error occurred forwarding \d+ -> 9: error forwarding port 9 to pod default\/server, uid [\w-]+: failed to connect to [\d.]+:9: connect ECONNREFUSED/)
      } finally {
        pf.kill()
        await pf
      }
    }
  }, 90_000)
})
