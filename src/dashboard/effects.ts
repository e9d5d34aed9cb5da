/**
 * The effect runner: carries out what the key reducer asks for — delete an object, scale a deployment
 * (merge patch of the scale subresource), or hand the terminal to `mkube exec -it POD -c C -- sh` and
 * take it back — and answers with the message to show. API errors become messages, never exceptions.
 */
import {spawnSync} from 'node:child_process'
import {ApiError} from '../api/errors.js'
import type {Client} from '../client/client.js'
import {defOf} from './kinds.js'
import type {Effect, Flash, Target} from './state.js'

/** What the runner needs from the UI: a way to give the terminal to a child process and get it back. */
export interface UiControls {
  suspend(fn: () => void | Promise<void>): Promise<void>
}

/** The connection flags `mkube exec` is started with (the dashboard's own). */
export interface ConnectionArgs {
  kubeconfig?: string
  context?: string
}

/** Dependencies of the runner. */
export interface EffectDeps {
  client: Pick<Client, 'delete' | 'patch'>
  /** how to start this mkube (node and its script), e.g. [process.execPath, process.argv[1]] */
  self: string[]
  connection: ConnectionArgs
  /** runs a command on the terminal and returns its exit code (default: spawnSync with inherited stdio) */
  spawn?: (argv: string[]) => number
  /** writes a line to the terminal while it is handed over (default: stdout) */
  announce?: (text: string) => void
  /** waits for Enter while the terminal is handed over (default: a child node reading a line) */
  waitForEnter?: () => void
  /** clock, for telling a failed start from a session (tests) */
  now?: () => number
}

/** A shell that fails within this time most likely printed why; the user gets to read it before the dashboard returns. */
const QUICK_FAILURE_MS = 3000

/** Waits for Enter on the terminal (in a child, so the dashboard's stdin handle does not compete for the key). */
export function waitForEnterOnTerminal(): void {
  spawnOnTerminal([process.execPath, '-e', "process.stdin.once('data', () => process.exit(0))"])
}

/** The argv of the shell command for a container: `mkube exec -it POD -n NS -c C [--kubeconfig …] [--context …] -- sh`. */
export function execArgv(self: readonly string[], target: Target, container: string, conn: ConnectionArgs): string[] {
  const argv = [...self, 'exec', '-it', target.name]
  if (target.namespace) argv.push('-n', target.namespace)
  if (container) argv.push('-c', container)
  if (conn.kubeconfig) argv.push('--kubeconfig', conn.kubeconfig)
  if (conn.context) argv.push('--context', conn.context)
  argv.push('--', 'sh')
  return argv
}

/**
 * Runs a command with the terminal: synchronously, so the dashboard does not read keys meant for the child;
 * SIGINT is ignored meanwhile (ctrl-c belongs to the child). Returns the exit code (-1 when it could not start).
 */
export function spawnOnTerminal(argv: string[]): number {
  const ignore = () => {}
  process.on('SIGINT', ignore)
  try {
    const r = spawnSync(argv[0], argv.slice(1), {stdio: 'inherit'})
    if (r.error) {
      process.stderr.write(`cannot start ${argv[0]}: ${r.error.message}\n`)
      return -1
    }
    return r.status ?? 1
  } finally {
    process.off('SIGINT', ignore)
  }
}

/** The one-line message of a failed request. */
export function failure(err: unknown): string {
  if (err instanceof ApiError) return `Error from server (${err.reason}): ${err.message}`
  return `error: ${(err as Error)?.message ?? String(err)}`
}

function describeTarget(t: Target): string {
  return `${defOf(t.resource).singular} ${t.namespace ? t.namespace + '/' : ''}${t.name}`
}

/** A runner for the effects other than quit (the UI handles quit itself). */
export function effectRunner(deps: EffectDeps): (effect: Effect, ui: UiControls) => Promise<Flash | undefined> {
  const spawn = deps.spawn ?? spawnOnTerminal
  const announce = deps.announce ?? ((t: string) => void process.stdout.write(t + '\n'))
  const waitForEnter = deps.waitForEnter ?? waitForEnterOnTerminal
  const now = deps.now ?? Date.now
  return async (effect, ui) => {
    switch (effect.type) {
      case 'quit':
        return undefined
      case 'delete':
        try {
          await deps.client.delete(defOf(effect.target.resource), effect.target.name, effect.target.namespace)
          return {text: `deleted ${describeTarget(effect.target)}`, level: 'info'}
        } catch (err) {
          return {text: failure(err), level: 'error'}
        }
      case 'scale':
        try {
          await deps.client.patch(defOf(effect.target.resource), effect.target.name, {spec: {replicas: effect.replicas}}, 'merge', effect.target.namespace, {subresource: 'scale'})
          return {text: `scaled ${describeTarget(effect.target)} to ${effect.replicas}`, level: 'info'}
        } catch (err) {
          return {text: failure(err), level: 'error'}
        }
      case 'exec': {
        const argv = execArgv(deps.self, effect.target, effect.container, deps.connection)
        let code = 0
        await ui.suspend(() => {
          announce(`mkube dashboard: shell in ${describeTarget(effect.target)} (container ${effect.container}); exit the shell to come back`)
          const started = now()
          code = spawn(argv)
          if (code !== 0 && now() - started < QUICK_FAILURE_MS) {
            announce(`[mkube exec exited with code ${code}] press Enter to return to the dashboard`)
            waitForEnter()
          }
        })
        if (code === 0) return {text: `shell in ${effect.target.name} ended`, level: 'info'}
        return {text: `shell in ${effect.target.name} exited with code ${code}`, level: 'error'}
      }
    }
  }
}
