/**
 * Building blocks of the fake runtime: the records it keeps, the behaviour tests give containers,
 * the default exec handler, exec sessions, and the views (copies) it answers with.
 */
import {PassThrough, type Readable} from 'node:stream'
import type {FakeLogs} from './fake-logs.js'
import type {
  ContainerConfig,
  ContainerState,
  ContainerStatus,
  ExecOptions,
  ExecResult,
  ExecSession,
  PodSandbox,
  PodSandboxConfig,
} from './types.js'

/**
 * How a fake container behaves; returned by the test's behaviour function when the container is
 * created. Every field is optional; the default container runs until stopped.
 */
export interface FakeContainerBehavior {
  /** startContainer throws a RuntimeError with this message (the container stays 'created') */
  startError?: string
  /** the container exits by itself this many ms after it started (real timers) */
  exitAfterMs?: number
  /** exit code when it exits by itself (default 0) */
  exitCode?: number
  /** exiting by itself is reported as OOMKilled */
  oomKilled?: boolean
  /** exit code on SIGTERM (default 143); 'ignore': only the SIGKILL after the stop timeout ends it (137) */
  onSigterm?: number | 'ignore'
  /** lines written to stdout when it starts */
  logs?: string[]
}

/** Decides the behaviour of each new container (set by tests with FakeRuntime.setBehavior). */
export type FakeBehaviorFn = (cfg: ContainerConfig, sandbox: PodSandboxConfig) => FakeContainerBehavior | undefined

/** What an exec handler receives. `stdin` is present for interactive execs that asked for it. */
export interface FakeExecRequest {
  containerId: string
  container: ContainerConfig
  cmd: string[]
  stdin?: Readable
}

/** Answers execs (set by tests with FakeRuntime.setExecHandler). */
export type FakeExecHandler = (req: FakeExecRequest) => Promise<Omit<ExecResult, 'timedOut'>> | Omit<ExecResult, 'timedOut'>

/** A sandbox as the fake stores it. */
export interface FakeSandboxRecord {
  id: string
  cfg: PodSandboxConfig
  ready: boolean
  createdAt: number
  ip?: string
  containers: Set<string>
}

/** A container as the fake stores it. */
export interface FakeContainerRecord {
  id: string
  runtimeName: string
  sandboxId: string
  sandboxCfg: PodSandboxConfig
  cfg: ContainerConfig
  behavior: FakeContainerBehavior
  state: ContainerState
  createdAt: number
  startedAt?: number
  finishedAt?: number
  exitCode?: number
  reason?: string
  message?: string
  imageId: string
  logs: FakeLogs
  exitTimer?: NodeJS.Timeout
}

/**
 * The default exec handler: `true` (0), `false` (1), `echo args` (prints them), `cat` (copies stdin),
 * `sh -c "exit N"` (N); any other command succeeds with no output.
 */
export async function defaultExecHandler(req: FakeExecRequest): Promise<Omit<ExecResult, 'timedOut'>> {
  const [bin, ...rest] = req.cmd
  const base = (bin ?? '').split('/').pop()
  if (base === 'false') return {exitCode: 1, stdout: '', stderr: ''}
  if (base === 'echo') return {exitCode: 0, stdout: `${rest.join(' ')}\n`, stderr: ''}
  if (base === 'cat' && rest.length === 0 && req.stdin) {
    const chunks: Buffer[] = []
    for await (const c of req.stdin) chunks.push(Buffer.from(c as Buffer))
    return {exitCode: 0, stdout: Buffer.concat(chunks).toString(), stderr: ''}
  }
  const exit = base === 'sh' && rest[0] === '-c' ? /^\s*exit\s+(\d+)\s*$/.exec(rest[1] ?? '') : null
  if (exit) return {exitCode: Number(exit[1]), stdout: '', stderr: ''}
  return {exitCode: 0, stdout: '', stderr: ''}
}

/**
 * An interactive exec of the fake: the handler gets the stdin stream (when asked for) and its answer
 * is written to stdout/stderr (with a tty, stderr stays empty as it is merged). kill() makes the exit
 * code 137. resize() succeeds only with a tty.
 */
export function fakeExecSession(handler: FakeExecHandler, req: FakeExecRequest, opts: ExecOptions): ExecSession {
  const stdin = opts.stdin ? new PassThrough() : null
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let killed = false
  const exitCode = Promise.resolve()
    .then(() => handler({...req, stdin: stdin ?? undefined}))
    .then(
      r => {
        stdout.end(opts.tty ? r.stdout + r.stderr : r.stdout)
        stderr.end(opts.tty ? '' : r.stderr)
        return killed ? 137 : r.exitCode
      },
      (e: Error) => {
        stdout.end()
        stderr.end(`${e.message}\n`)
        return 126
      },
    )
  return {
    stdin,
    stdout,
    stderr,
    exitCode,
    resize: async (columns, rows) => opts.tty === true && columns > 0 && rows > 0,
    kill: () => {
      killed = true
      stdin?.end()
    },
  }
}

/** Deterministic 64-hex-digit ids: one kind digit, then a counter. */
export function fakeId(kind: 'a' | 'b' | 'c', n: number): string {
  return kind + n.toString(16).padStart(63, '0')
}

/** Deterministic pod IPs from a counter: 10.x.y.z, skipping network/broadcast-looking addresses. */
export function fakeIp(n: number): string {
  const z = (n % 254) + 1
  const rest = Math.floor(n / 254)
  return `10.${(rest >> 8) & 255}.${rest & 255}.${z}`
}

/** The PodSandbox answer (a copy) of a stored sandbox. */
export function sandboxView(s: FakeSandboxRecord): PodSandbox {
  const cfg = s.cfg
  return {
    id: s.id,
    podUid: cfg.podUid,
    podName: cfg.podName,
    namespace: cfg.namespace,
    nodeName: cfg.nodeName,
    attempt: cfg.attempt ?? 0,
    state: s.ready ? 'ready' : 'notready',
    createdAt: s.createdAt,
    ip: s.ready ? s.ip : undefined,
    hostNetwork: cfg.hostNetwork === true,
    labels: {...cfg.labels},
    annotations: {...cfg.annotations},
  }
}

/** The ContainerStatus answer (a copy) of a stored container. */
export function containerView(c: FakeContainerRecord): ContainerStatus {
  return {
    id: c.id,
    name: c.cfg.name,
    podUid: c.sandboxCfg.podUid,
    sandboxId: c.sandboxId,
    nodeName: c.sandboxCfg.nodeName,
    restartCount: c.cfg.restartCount ?? 0,
    state: c.state,
    exitCode: c.state === 'exited' ? c.exitCode : undefined,
    createdAt: c.createdAt,
    startedAt: c.startedAt,
    finishedAt: c.finishedAt,
    image: c.cfg.image,
    imageId: c.imageId,
    reason: c.state === 'exited' ? c.reason : undefined,
    message: c.state === 'exited' ? c.message : undefined,
    labels: {...c.cfg.labels},
    annotations: {...c.cfg.annotations},
  }
}

/** Adds an id to a per-key index. */
export function indexAdd(index: Map<string, Set<string>>, key: string, id: string): void {
  let set = index.get(key)
  if (!set) index.set(key, (set = new Set()))
  set.add(id)
}

/** Removes an id from a per-key index (dropping empty keys). */
export function indexDelete(index: Map<string, Set<string>>, key: string, id: string): void {
  const set = index.get(key)
  if (!set) return
  set.delete(id)
  if (set.size === 0) index.delete(key)
}
