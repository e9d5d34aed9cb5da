/**
 * Stream plumbing shared by the CLI runtimes: interactive exec sessions and log streams built on a
 * spawned CLI process, and the in-container terminal resize used by both podman and docker (neither
 * CLI can resize an exec's terminal, so we find the session's pty inside the container and `stty` it).
 */
import {PassThrough, type Readable} from 'node:stream'
import type {ResultPromise} from 'execa'
import {killTree} from './cli.js'
import type {ExecResult, ExecSession, LogOptions, LogStream} from './types.js'

/** Environment variable marking the processes of one tty exec session (value: a random id). */
export const EXEC_SESSION_ENV = 'MKUBE_EXEC_SESSION'

/** Wraps a spawned `exec` CLI process as an ExecSession. `resize` is supplied by the runtime. */
export function execSessionFromProcess(
  proc: ResultPromise,
  opts: {stdin: boolean; resize: (columns: number, rows: number) => Promise<boolean>},
): ExecSession {
  let killed = false
  // a CLI we terminate may still exit 0: a session we killed reports 137, as a killed process would
  const exitCode = proc.then(
    r => (killed ? 137 : exitCodeOf(r.exitCode, r.signal ?? undefined)),
    () => -1,
  )
  return {
    stdin: opts.stdin ? proc.stdin : null,
    stdout: proc.stdout as Readable,
    stderr: proc.stderr as Readable,
    exitCode,
    resize: opts.resize,
    kill: () => {
      killed = true
      killTree(proc, 'SIGTERM')
    },
  }
}

/**
 * An attach session whose exitCode is the container's: once the attach CLI ends, the container's exit
 * code when it has exited (the CLI's own code says nothing about it), else the CLI's (137 when killed).
 */
export function withContainerExitCode(session: ExecSession, status: () => Promise<{state: string; exitCode?: number}>): ExecSession {
  const exitCode = session.exitCode.then(async code => {
    if (code === 137) return code
    const after = await status().catch(() => undefined)
    return after?.state === 'exited' ? (after.exitCode ?? code) : code
  })
  return {...session, exitCode}
}

/** Exit code of a process: its code, or 128+signal number when killed by a signal, else -1. */
export function exitCodeOf(code: number | undefined, signal?: string): number {
  if (code !== undefined && code !== null) return code
  const numbers: Record<string, number> = {SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15, SIGPIPE: 13}
  if (signal && numbers[signal]) return 128 + numbers[signal]
  return -1
}

/**
 * The shell script that resizes the pty of the exec session marked with `sessionId`: it finds a
 * process whose environment carries the marker, reads the terminal its stdin is on, and runs
 * `stty cols rows` on it (which also sends SIGWINCH to the session). Exit 0 on success.
 */
export function resizeScript(sessionId: string, columns: number, rows: number): string[] {
  const marker = `${EXEC_SESSION_ENV}=${sessionId}`
  const script = [
    'for p in /proc/[0-9]*; do',
    `  if tr '\\0' '\\n' < "$p/environ" 2>/dev/null | grep -qx '${marker}'; then`,
    '    t=$(readlink "$p/fd/0" 2>/dev/null)',
    `    case "$t" in /dev/pts/*) stty -F "$t" cols ${Math.floor(columns)} rows ${Math.floor(rows)} && exit 0;; esac`,
    '  fi',
    'done',
    'exit 1',
  ].join('\n')
  return ['/bin/sh', '-c', script]
}

/**
 * A resize function for a tty exec session: runs resizeScript in the container, retrying briefly
 * while the session's process is not there yet (a client resizes right after starting).
 */
export function ptyResizer(
  sessionId: string,
  execSync: (cmd: string[], timeoutMs: number) => Promise<ExecResult>,
): (columns: number, rows: number) => Promise<boolean> {
  return async (columns, rows) => {
    if (!(columns > 0 && rows > 0)) return false
    for (let attempt = 0; attempt < 5; attempt++) {
      const r = await execSync(resizeScript(sessionId, columns, rows), 5000).catch(() => null)
      if (r === null) return false
      if (r.exitCode === 0) return true
      if (r.exitCode !== 1) return false // 126/127: the image has no sh/stty
      await new Promise(resolve => setTimeout(resolve, 100))
    }
    return false
  }
}

/** A resize function for sessions without a tty. */
export async function noResize(): Promise<boolean> {
  return false
}

/** Merges the stdout and stderr of a spawned `logs` process into one LogStream. */
export function logStreamFromProcess(proc: ResultPromise): LogStream {
  const stream = new PassThrough()
  let open = 2
  const endOne = () => {
    if (--open === 0) stream.end()
  }
  for (const s of [proc.stdout, proc.stderr]) {
    if (!s) {
      endOne()
      continue
    }
    s.on('end', endOne)
    s.on('error', endOne)
    s.pipe(stream, {end: false})
  }
  const done = proc.then(
    () => undefined,
    () => undefined,
  )
  return {
    stream,
    done,
    stop: () => killTree(proc, 'SIGTERM'),
  }
}

/** CLI arguments of `logs` common to podman and docker. */
export function logArgs(id: string, opts: LogOptions = {}): string[] {
  const args = ['logs']
  if (opts.follow) args.push('--follow')
  if (opts.tailLines !== undefined && opts.tailLines >= 0) args.push('--tail', String(Math.floor(opts.tailLines)))
  if (opts.sinceSeconds !== undefined && opts.sinceSeconds > 0) args.push('--since', `${Math.ceil(opts.sinceSeconds)}s`)
  if (opts.timestamps) args.push('--timestamps')
  args.push(id)
  return args
}
