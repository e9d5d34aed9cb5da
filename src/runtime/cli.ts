/**
 * Running a runtime CLI (podman, docker) through execa: a timeout on every call, a bound on how many
 * calls run at once (the kubelet relists often; the machine has few cores), and failures turned into
 * one-line RuntimeError / NotFoundError carrying the command's stderr.
 */
import {execa, type ResultPromise} from 'execa'
import {NotFoundError, RuntimeError, isNotFoundMessage, summarizeStderr} from './errors.js'

/** Result of a finished CLI call. */
export interface CliResult {
  stdout: string
  stderr: string
  exitCode: number
  timedOut: boolean
}

/** Per-call options. `what` names the operation in error messages (e.g. "create pod sandbox"). */
export interface RunOptions {
  what: string
  timeoutMs?: number
  input?: string
  /** return the result instead of throwing when the command fails */
  allowFailure?: boolean
}

/** Settings of a Cli (set by the runtime from its options). */
export interface CliSettings {
  /** executable, e.g. 'podman' or '/usr/bin/docker' */
  binary: string
  /** extra environment (e.g. DOCKER_HOST) on top of process.env */
  env?: Record<string, string>
  /** default timeout of a call */
  timeoutMs: number
  /** most calls running at once (default 8) */
  maxConcurrency?: number
}

/** A runtime CLI: `run` for calls with a result, `spawn` for streams (exec, logs). */
export class Cli {
  private running = 0
  private readonly waiting: Array<() => void> = []

  constructor(readonly settings: CliSettings) {}

  /** Runs `binary args...`; throws RuntimeError (NotFoundError when stderr says so) on failure. */
  async run(args: string[], opts: RunOptions): Promise<CliResult> {
    await this.acquire()
    try {
      const timeoutMs = opts.timeoutMs ?? this.settings.timeoutMs
      // own process group, killed as a whole on timeout: a grandchild holding the output pipes
      // open would otherwise keep the call waiting past its timeout
      const sub = execa(this.settings.binary, args, {
        reject: false,
        detached: true,
        env: this.settings.env,
        input: opts.input,
        stdin: opts.input === undefined ? 'ignore' : 'pipe',
        stripFinalNewline: false,
      })
      let timedOut = false
      const timer = setTimeout(() => {
        timedOut = true
        killTree(sub, 'SIGTERM')
        setTimeout(() => killTree(sub, 'SIGKILL'), 2000).unref()
      }, timeoutMs)
      const r = await sub.finally(() => clearTimeout(timer))
      const result: CliResult = {
        stdout: String(r.stdout ?? ''),
        stderr: String(r.stderr ?? ''),
        exitCode: r.exitCode ?? -1,
        timedOut,
      }
      if (r.failed && !timedOut && r.exitCode === undefined && r.signal === undefined) {
        // the binary could not be started at all (ENOENT, EACCES)
        throw new RuntimeError(`${opts.what}: cannot run ${this.settings.binary}: ${firstLine(r.originalMessage ?? r.shortMessage ?? '')}`, {
          command: this.commandLine(args),
        })
      }
      if ((result.exitCode !== 0 || result.timedOut) && !opts.allowFailure) {
        throw this.failure(opts.what, args, result, timeoutMs)
      }
      return result
    } finally {
      this.release()
    }
  }

  /** Runs and parses stdout as JSON. */
  async json<T>(args: string[], opts: RunOptions): Promise<T> {
    const r = await this.run(args, opts)
    return parseJson<T>(r.stdout, `${opts.what}: ${this.commandLine(args)}`)
  }

  /** Builds the error of a failed call (also used by callers that passed allowFailure). */
  failure(what: string, args: string[], r: CliResult, timeoutMs?: number): RuntimeError {
    const failure = {command: this.commandLine(args), exitCode: r.exitCode, stderr: r.stderr, timedOut: r.timedOut}
    if (r.timedOut) {
      return new RuntimeError(`${what}: ${this.settings.binary} timed out after ${timeoutMs ?? this.settings.timeoutMs} ms`, failure)
    }
    const summary = summarizeStderr(r.stderr) || summarizeStderr(r.stdout) || 'no error output'
    const message = `${what}: ${summary} (${this.settings.binary} exit ${r.exitCode})`
    return isNotFoundMessage(r.stderr) ? new NotFoundError(message, failure) : new RuntimeError(message, failure)
  }

  /**
   * Starts a long-lived process (exec, logs -f) outside the concurrency bound. `file` replaces the
   * binary (args are then that file's arguments), for wrappers such as `script`.
   */
  spawn(args: string[], opts: {stdin: boolean; file?: string}): ResultPromise {
    return execa(opts.file ?? this.settings.binary, args, {
      reject: false,
      detached: true,
      env: this.settings.env,
      stdin: opts.stdin ? 'pipe' : 'ignore',
      stdout: 'pipe',
      stderr: 'pipe',
      buffer: false,
      encoding: 'buffer',
    })
  }

  /** `binary arg...` for messages (arguments with spaces quoted). */
  commandLine(args: string[]): string {
    return [this.settings.binary, ...args].map(a => (/[\s"']/.test(a) ? JSON.stringify(a) : a)).join(' ')
  }

  private async acquire(): Promise<void> {
    const max = this.settings.maxConcurrency ?? 8
    if (this.running < max) {
      this.running++
      return
    }
    await new Promise<void>(resolve => this.waiting.push(resolve))
  }

  private release(): void {
    const next = this.waiting.shift()
    if (next) next()
    else this.running--
  }
}

/** Signals a process started with `detached: true` and its whole process group. */
export function killTree(sub: {pid?: number; kill(signal?: NodeJS.Signals): boolean}, signal: NodeJS.Signals): void {
  try {
    if (sub.pid !== undefined) {
      process.kill(-sub.pid, signal)
      return
    }
  } catch {
    // group already gone, or not a group leader: fall back to the process itself
  }
  sub.kill(signal)
}

/** The first line of a message. */
export function firstLine(s: string): string {
  return s.split('\n')[0].trim()
}

/** JSON.parse with an error naming what was being parsed; empty output parses as null. */
export function parseJson<T>(text: string, what: string): T {
  const t = text.trim()
  if (t === '') return null as T
  try {
    return JSON.parse(t) as T
  } catch (e) {
    throw new RuntimeError(`${what}: unparsable JSON output (${(e as Error).message}): ${t.slice(0, 200)}`)
  }
}

/** Quotes one word for a POSIX shell. */
export function shQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`
}

/** Parses a runtime timestamp (RFC 3339, or seconds since epoch); undefined for zero/unset values. */
export function parseTime(v: string | number | null | undefined): number | undefined {
  if (v === null || v === undefined || v === '') return undefined
  if (typeof v === 'number') return v > 0 ? v * 1000 : undefined
  if (v.startsWith('0001-01-01')) return undefined
  const ms = Date.parse(v)
  return Number.isNaN(ms) || ms <= 0 ? undefined : ms
}

/** `t`, raised to `floor` when below it (runtimes can report a finish a few ms before the start). */
export function notBefore(t: number | undefined, floor: number | undefined): number | undefined {
  return t !== undefined && floor !== undefined && t < floor ? floor : t
}

/** The last non-empty line of a CLI's stdout (ids are printed last). */
export function lastLine(s: string): string {
  const lines = s.split('\n').map(l => l.trim()).filter(Boolean)
  return lines[lines.length - 1] ?? ''
}

/** Parses a JSON array from a CLI that may have failed part-way; [] when unparsable. */
export function safeJsonArray<T>(s: string): T[] {
  try {
    const v = JSON.parse(s.trim() || '[]') as unknown
    return Array.isArray(v) ? (v as T[]) : v ? [v as T] : []
  } catch {
    return []
  }
}

/** Awaits `p`, swallowing NotFoundError (for idempotent stop/remove). */
export async function ignoreNotFound(p: Promise<unknown>): Promise<void> {
  try {
    await p
  } catch (e) {
    if (!(e instanceof NotFoundError)) throw e
  }
}
