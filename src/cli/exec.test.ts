/**
 * `mkube exec` and the real `kubectl exec` through the real API server (WebSocket relay) to a kubelet
 * server on the fake runtime (see fixtures-node.ts).
 */
import {PassThrough, Readable} from 'node:stream'
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest'
import {kubectl, repoRoot} from '../../test/harness.js'
import Exec from '../commands/exec.js'
import Logs from '../commands/logs.js'
import type {ExecSession} from '../runtime/types.js'
import {runExec, execPath, type ExecCommandOptions} from './exec.js'
import {websocketUrl} from './exec-stream.js'
import {startNodeFixture, type NodeFixture} from './fixtures-node.js'
import type {Pod} from '../api/types/pod.js'

let fx: NodeFixture
const kc = () => ({kubeconfig: fx.env.master.kubeconfigPath, cacheDir: fx.kubectlCacheDir})
let resizes: [number, number][] = []

beforeAll(async () => {
  fx = await startNodeFixture()
  const exec = fx.runtime.exec.bind(fx.runtime)
  fx.runtime.exec = async (id, cmd, o): Promise<ExecSession> => {
    const s = await exec(id, cmd, o)
    return {...s, resize: (c, r) => (resizes.push([c, r]), s.resize(c, r))}
  }
  await fx.pod('box', ['app'])
  await fx.pod('duo', ['main', 'side'])
})
afterAll(async () => {
  await fx?.stop()
})

function collect(): PassThrough & {text(): string} {
  const s = new PassThrough() as PassThrough & {text(): string}
  let buf = ''
  s.on('data', (d: Buffer) => (buf += d.toString()))
  s.text = () => buf
  return s
}

async function exec(target: string, command: string[], extra: Partial<ExecCommandOptions> = {}, stdinText?: string) {
  const stdout = collect()
  const stderr = collect()
  const stdin = extra.io?.stdin ?? Readable.from(stdinText === undefined ? [] : [Buffer.from(stdinText)])
  const code = await runExec(fx.client, {target, namespace: 'default', command, stdin: false, tty: false, quiet: false, podTimeoutMs: 1000, ...extra, io: {stdin, stdout, stderr, ...extra.io}})
  return {code, stdout: stdout.text(), stderr: stderr.text()}
}

describe('mkube exec', () => {
  it('runs a command and passes its exit code through', async () => {
    expect(await exec('box', ['echo', 'hello', 'world'])).toEqual({code: 0, stdout: 'hello world\n', stderr: ''})
    expect(await exec('box', ['sh', '-c', 'exit 3'])).toEqual({code: 3, stdout: '', stderr: 'command terminated with exit code 3\n'})
    expect((await exec('box', ['false'])).code).toBe(1)
  })

  it('keeps stdout and stderr apart', async () => {
    fx.runtime.setExecHandler(async (r) => ({exitCode: 0, stdout: 'to out\n', stderr: `to err: ${r.cmd.join(' ')}\n`}))
    try {
      expect(await exec('box', ['ls', 'x y'])).toEqual({code: 0, stdout: 'to out\n', stderr: 'to err: ls x y\n'})
    } finally {
      fx.runtime.setExecHandler((await import('../runtime/fake-parts.js')).defaultExecHandler)
    }
  })

  it('-i sends stdin and half-closes it at its end', async () => {
    expect(await exec('box', ['cat'], {stdin: true}, 'line 1\nline 2\n')).toEqual({code: 0, stdout: 'line 1\nline 2\n', stderr: ''})
  })

  it('-it: raw local terminal, initial size and SIGWINCH resizes, restored at the end', async () => {
    const stdin = new PassThrough() as PassThrough & {isTTY: boolean; setRawMode: (b: boolean) => void}
    const modes: boolean[] = []
    stdin.isTTY = true
    stdin.setRawMode = (b) => void modes.push(b)
    const stdout = collect() as PassThrough & {text(): string; columns: number; rows: number}
    stdout.columns = 100
    stdout.rows = 30
    resizes = []
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    fx.runtime.setExecHandler(async () => {
      await gate
      return {exitCode: 0, stdout: 'done\n', stderr: 'merged\n'}
    })
    try {
      const run = runExec(fx.client, {target: 'box', namespace: 'default', command: ['sh'], stdin: true, tty: true, quiet: false, io: {stdin, stdout, stderr: collect()}})
      await expect.poll(() => resizes.length).toBe(1)
      expect(modes).toEqual([true])
      stdout.columns = 132
      stdout.emit('resize')
      await expect.poll(() => resizes).toEqual([
        [100, 30],
        [132, 30],
      ])
      release()
      expect(await run).toBe(0)
      expect(stdout.text()).toBe('done\nmerged\n')
      expect(modes).toEqual([true, false])
    } finally {
      fx.runtime.setExecHandler((await import('../runtime/fake-parts.js')).defaultExecHandler)
    }
  })

  it('-t without a terminal falls back to no tty, as kubectl does', async () => {
    const r = await exec('box', ['echo', 'x'], {stdin: true, tty: true})
    expect(r).toEqual({code: 0, stdout: 'x\n', stderr: 'Unable to use a TTY - input is not a terminal or the right kind of file\n'})
  })

  it('defaults the container with kubectl\'s notice; -c must name one', async () => {
    expect(await exec('duo', ['true'])).toEqual({code: 0, stdout: '', stderr: 'Defaulted container "main" out of: main, side\n'})
    expect(await exec('duo', ['true'], {quiet: true})).toEqual({code: 0, stdout: '', stderr: ''})
    expect(await exec('duo', ['true'], {container: 'side'})).toEqual({code: 0, stdout: '', stderr: ''})
    await expect(exec('duo', ['true'], {container: 'nope'})).rejects.toThrow('container nope not found in pod duo')
  })

  it('fails with one clear line when the connection cannot be upgraded', async () => {
    const {fake} = await fx.pod('stopped', ['app'])
    fx.runtime.exitContainer(fake.containers.app, 0)
    await expect(exec('stopped', ['true'])).rejects.toThrow('unable to upgrade connection: container not found ("app")')
    await expect(exec('box', [])).rejects.toThrow('you must specify at least one command for the container')
    await expect(exec('nope', ['true'])).rejects.toThrow('pods "nope" not found')
  })

  it('builds the exec URL as kubectl does', () => {
    const pod = {metadata: {name: 'p', namespace: 'ns'}} as Pod
    expect(execPath(pod, 'c', ['sh', '-c', 'echo a&b'], {stdin: false, tty: false})).toBe('/api/v1/namespaces/ns/pods/p/exec?command=sh&command=-c&command=echo+a%26b&container=c&stdout=true&stderr=true')
    expect(execPath(pod, 'c', ['sh'], {stdin: true, tty: true})).toBe('/api/v1/namespaces/ns/pods/p/exec?command=sh&container=c&stdin=true&stdout=true&tty=true')
    expect(websocketUrl('https://h:6443/base')).toBe('wss://h:6443/base')
    expect(websocketUrl('http://h')).toBe('ws://h')
  })
})

describe('kubectl exec through mkube', () => {
  it('passes exit codes through', async () => {
    const ok = await kubectl(['exec', 'box', '--', 'echo', 'hi'], kc())
    expect(ok, ok.stderr).toMatchObject({exitCode: 0, stdout: 'hi'})
    const three = await kubectl(['exec', 'box', '--', 'sh', '-c', 'exit 3'], kc())
    expect(three.exitCode).toBe(3)
    expect(three.stderr).toContain('command terminated with exit code 3')
  })

  it('sends stdin with -i', async () => {
    const r = await kubectl(['exec', '-i', 'box', '--', 'cat'], {...kc(), input: 'from kubectl\n'})
    expect(r, r.stderr).toMatchObject({exitCode: 0, stdout: 'from kubectl'})
  })

  it('defaults the container and reports a stopped one', async () => {
    const r = await kubectl(['exec', 'duo', '--', 'true'], kc())
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stderr).toContain('Defaulted container "main" out of: main, side')
    const {fake} = await fx.pod('kc-stopped', ['app'])
    fx.runtime.exitContainer(fake.containers.app, 0)
    const stopped = await kubectl(['exec', 'kc-stopped', '--', 'true'], kc())
    expect(stopped.exitCode).toBe(1)
    expect(stopped.stderr).toContain('container not found')
  })
})

describe('the exec and logs commands', () => {
  async function run(cmd: typeof Exec | typeof Logs, argv: string[]): Promise<{out: string; err: string; code: number | undefined}> {
    let out = ''
    let err = ''
    const o = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((out += c.toString()), true))
    const e = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((err += c.toString()), true))
    const saved = process.exitCode
    process.exitCode = undefined
    try {
      await cmd.run(['--kubeconfig', fx.env.master.kubeconfigPath, ...argv], repoRoot)
      return {out, err, code: process.exitCode as number | undefined}
    } finally {
      o.mockRestore()
      e.mockRestore()
      process.exitCode = saved
    }
  }

  it('exec: the command after "--" verbatim, and its exit code', async () => {
    expect(await run(Exec, ['box', '--', 'echo', 'box', '-c', 'box'])).toEqual({out: 'box -c box\n', err: '', code: 0})
    expect(await run(Exec, ['-c', 'app', 'box', '--', 'sh', '-c', 'exit 5'])).toEqual({out: '', err: 'command terminated with exit code 5\n', code: 5})
    const noDash = await run(Exec, ['box', 'ls'])
    expect(noDash.code).toBe(1)
    expect(noDash.err).toBe('error: the command must follow "--": mkube exec POD [-c CONTAINER] -- COMMAND [args...]\n')
    const upgrade = await run(Exec, ['stopped', '--', 'true'])
    expect(upgrade).toEqual({out: '', err: 'error: unable to upgrade connection: container not found ("app")\n', code: 1})
  })

  it('logs: prints the log; server errors as kubectl words them', async () => {
    const {fake} = await fx.pod('cmd-logs', ['app'])
    fx.runtime.appendLog(fake.containers.app, 'via the command')
    expect(await run(Logs, ['cmd-logs', '--tail', '1'])).toEqual({out: 'via the command\n', err: '', code: undefined})
    expect(await run(Logs, ['cmd-logs', '--previous'])).toEqual({out: '', err: 'Error from server (BadRequest): previous terminated container "app" in pod "cmd-logs" not found\n', code: 1})
  })
})
