/**
 * Test harness: masters in-process or as child processes, the mkube CLI and the real kubectl against them.
 * Shared by test/integration and test/e2e.
 */
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {spawn, type ChildProcess} from 'node:child_process'
import {execa} from 'execa'
import {Client} from '../src/client/client.js'
import {loadKubeconfig} from '../src/client/kubeconfig.js'
import {runMaster, type Master} from '../src/master/run.js'

export const repoRoot = resolve(import.meta.dirname, '..')
export const mkubeBin = join(repoRoot, 'bin', 'run.js')

/** A fresh temporary directory (removed by the caller's cleanup). */
export function tempDir(prefix = 'mkube-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** An in-process master on a free port of 127.0.0.1, plus an admin client. */
export async function startTestMaster(dataDir = tempDir(), opts: {components?: boolean; log?: (m: string) => void} = {}): Promise<{master: Master; client: Client; dataDir: string; stop(): Promise<void>}> {
  const on = opts.components ?? false
  const master = await runMaster({
    dataDir,
    port: 0,
    bindAddress: '127.0.0.1',
    runNode: false,
    compactIntervalMs: 0,
    components: {scheduler: on, controllers: on, leaseDurationSeconds: 4, renewDeadlineSeconds: 3, retryPeriodSeconds: 1},
    componentLog: opts.log ?? (() => {}),
  })
  const client = new Client(loadKubeconfig({kubeconfig: master.kubeconfigPath}))
  return {
    master,
    client,
    dataDir,
    async stop() {
      client.close()
      await master.stop()
      rmSync(dataDir, {recursive: true, force: true})
    },
  }
}

/** Result of a CLI run. */
export interface CliResult {
  stdout: string
  stderr: string
  exitCode: number
}

/** Runs the built mkube CLI. */
export async function mkube(args: string[], opts: {kubeconfig?: string; input?: string; env?: Record<string, string>; timeoutMs?: number} = {}): Promise<CliResult> {
  const r = await execa('node', [mkubeBin, ...args, ...(opts.kubeconfig ? ['--kubeconfig', opts.kubeconfig] : [])], {
    reject: false,
    input: opts.input,
    env: {NO_COLOR: '1', ...opts.env},
    timeout: opts.timeoutMs ?? 60_000,
  })
  return {stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? -1}
}

/** Runs the real kubectl with its own discovery cache directory (kubectl caches discovery for 6 h). */
export async function kubectl(args: string[], opts: {kubeconfig: string; cacheDir: string; input?: string; timeoutMs?: number}): Promise<CliResult> {
  const r = await execa('kubectl', ['--kubeconfig', opts.kubeconfig, '--cache-dir', opts.cacheDir, ...args], {
    reject: false,
    input: opts.input,
    timeout: opts.timeoutMs ?? 60_000,
  })
  return {stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? -1}
}

/** A master started as a child process (`mkube master start`), for kill -9 and multi-process tests. */
export interface ChildMaster {
  proc: ChildProcess
  url: string
  port: number
  output: () => string
  kill(signal?: NodeJS.Signals): Promise<number | null>
}

/** Starts `mkube master start` in a child process and waits for its ready line. */
export async function spawnMaster(dataDir: string, port = 0, extra: string[] = []): Promise<ChildMaster> {
  const proc = spawn('node', [mkubeBin, 'master', 'start', '--data-dir', dataDir, '--port', String(port), '--bind-address', '127.0.0.1', '--no-node', ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {...process.env, NO_COLOR: '1'},
  })
  let out = ''
  proc.stdout!.on('data', (d) => (out += d))
  proc.stderr!.on('data', (d) => (out += d))
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`master did not start in 30 s:\n${out}`)), 30_000)
    const check = () => {
      const m = /ready at (https:\/\/\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolveUrl(m[1])
      }
    }
    proc.stdout!.on('data', check)
    proc.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`master exited with ${code}:\n${out}`))
    })
  })
  return {
    proc,
    url,
    port: Number(new URL(url).port),
    output: () => out,
    kill(signal: NodeJS.Signals = 'SIGTERM') {
      return new Promise((res) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return res(proc.exitCode)
        proc.once('exit', (code) => res(code))
        proc.kill(signal)
      })
    },
  }
}
