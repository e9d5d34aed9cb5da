/**
 * `mkube exec POD [-c C] [-i] [-t] -- CMD ARGS…`: runs a command in a container through the API
 * server's pods/exec (a WebSocket the API server relays to the pod's kubelet), as `kubectl exec` does:
 * default container and notices, stdin with -i, a raw local terminal with -it (resized on SIGWINCH,
 * restored at the end), and the remote command's exit code as ours.
 */
import type {Readable, Writable} from 'node:stream'
import type {Pod} from '../api/types/pod.js'
import type {Client} from '../client/client.js'
import {queryString} from '../client/paths.js'
import {CliError} from './errors.js'
import {streamExec, websocketUrl, type TerminalSizer} from './exec-stream.js'
import {containerNames, defaultContainer, podForTarget} from './pod-target.js'

/** A stdin that may be a terminal (process.stdin). */
export type MaybeTTYIn = Readable & {isTTY?: boolean; setRawMode?: (raw: boolean) => unknown}
/** A stdout that may be a terminal (process.stdout). */
export type MaybeTTYOut = Writable & {isTTY?: boolean; columns?: number; rows?: number}

/** Options of `mkube exec` (its flags and the process's streams). */
export interface ExecCommandOptions {
  /** POD or TYPE/NAME */
  target: string
  namespace: string
  container?: string
  command: string[]
  stdin: boolean
  tty: boolean
  /** no notices (Defaulted container …) */
  quiet: boolean
  podTimeoutMs?: number
  io: {stdin: MaybeTTYIn; stdout: MaybeTTYOut; stderr: Writable}
}

/** The pods/exec path and query for a command (stderr is not asked for with a tty: it is merged). */
export function execPath(pod: Pod, container: string, command: string[], o: {stdin: boolean; tty: boolean}): string {
  const ns = encodeURIComponent(pod.metadata.namespace ?? 'default')
  const q = queryString({command, container, stdin: o.stdin || undefined, stdout: true, stderr: !o.tty || undefined, tty: o.tty || undefined})
  return `/api/v1/namespaces/${ns}/pods/${encodeURIComponent(pod.metadata.name ?? '')}/exec${q}`
}

/** The container of an exec: -c (which must exist) or the default one. */
export function execContainer(pod: Pod, o: {container?: string; quiet: boolean; err: (t: string) => void}): string {
  if (o.container) {
    if (!containerNames(pod).includes(o.container)) throw new CliError(`container ${o.container} not found in pod ${pod.metadata.name}`)
    return o.container
  }
  return defaultContainer(pod, {err: o.err, quiet: o.quiet})
}

/** The local terminal's size and its changes (stdout's 'resize' event follows SIGWINCH). */
function terminalOf(out: MaybeTTYOut): TerminalSizer {
  return {
    size: () => (out.columns && out.rows ? {columns: out.columns, rows: out.rows} : undefined),
    onResize: (cb) => {
      out.on('resize', cb)
      return () => out.off('resize', cb)
    },
  }
}

/** Runs `mkube exec`; resolves with the exit code the process should end with. */
export async function runExec(client: Client, o: ExecCommandOptions): Promise<number> {
  if (o.command.length === 0) throw new CliError('you must specify at least one command for the container')
  const err = (t: string) => void o.io.stderr.write(t)
  const pod = await podForTarget(client, o.target, {namespace: o.namespace, err, verb: 'exec into', podTimeoutMs: o.podTimeoutMs})
  const phase = pod.status?.phase
  if (phase === 'Succeeded' || phase === 'Failed') throw new CliError(`cannot exec into a container in a completed pod; current phase is ${phase}`)
  const container = execContainer(pod, {container: o.container, quiet: o.quiet, err})

  // kubectl's SetupTTY: a tty needs stdin, and stdin must be a terminal
  let tty = o.tty && o.stdin
  if (tty && !o.io.stdin.isTTY) {
    if (!o.quiet) err('Unable to use a TTY - input is not a terminal or the right kind of file\n')
    tty = false
  }

  const url = websocketUrl(client.server) + execPath(pod, container, o.command, {stdin: o.stdin, tty})
  let restore = () => {}
  if (tty && o.io.stdin.setRawMode) {
    const stdin = o.io.stdin
    stdin.setRawMode!(true)
    let restored = false
    restore = () => {
      if (restored) return
      restored = true
      stdin.setRawMode!(false)
    }
    process.once('exit', restore)
  }
  try {
    const outcome = await streamExec(url, client.config, {
      stdin: o.stdin ? o.io.stdin : undefined,
      stdout: o.io.stdout,
      stderr: o.io.stderr,
      terminal: tty ? terminalOf(o.io.stdout) : undefined,
    })
    if ('error' in outcome) throw new CliError(outcome.error)
    if (outcome.exitCode !== 0) err(`command terminated with exit code ${outcome.exitCode}\n`)
    return outcome.exitCode
  } finally {
    restore()
    process.off('exit', restore)
  }
}
