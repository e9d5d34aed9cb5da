/**
 * runDashboard: connects like every mkube command, starts the shared watches and the health probe, and
 * runs the Ink app on the alternate screen until q / ctrl-c (or SIGTERM/SIGHUP), then restores the
 * terminal and releases everything.
 */
import {render} from 'ink'
import {CliError} from '../cli/errors.js'
import {connect} from '../cli/context.js'
import {App} from './components/App.js'
import {effectRunner} from './effects.js'
import {InformerPool} from './pool.js'
import {initialState} from './state.js'

/** What `mkube dashboard` was started with. */
export interface DashboardConfig {
  kubeconfig?: string
  context?: string
  /** -n: the namespace in view (default: the context's namespace, else "default") */
  namespace?: string
  /** -A: start in all namespaces */
  allNamespaces?: boolean
  /** how to start this mkube for `s` (shell): default [node, this script] */
  self?: string[]
  stdout?: NodeJS.WriteStream
  stdin?: NodeJS.ReadStream
}

/** The message printed when the dashboard is not started on a terminal. */
export const NEEDS_TERMINAL = 'mkube dashboard needs a terminal'

/** Runs the dashboard until the user quits. Throws CliError when stdin/stdout are not a terminal. */
export async function runDashboard(config: DashboardConfig): Promise<void> {
  const stdout = config.stdout ?? process.stdout
  const stdin = config.stdin ?? process.stdin
  if (!stdout.isTTY || !stdin.isTTY) throw new CliError(NEEDS_TERMINAL)
  const client = connect({kubeconfig: config.kubeconfig, context: config.context, namespace: config.namespace})
  const pool = new InformerPool(client)
  const home = client.defaultNamespace
  const initial = initialState(config.allNamespaces ? undefined : home, home)
  const runEffect = effectRunner({
    client,
    self: config.self ?? [process.execPath, ...process.execArgv, process.argv[1]],
    connection: {kubeconfig: config.kubeconfig, context: config.context},
  })
  const color = !process.env.NO_COLOR
  pool.start()
  const app = render(<App source={pool} initial={initial} runEffect={runEffect} color={color} />, {
    stdout,
    stdin,
    exitOnCtrlC: false,
    alternateScreen: true,
    // a TTY was checked above: render live even when CI is set in the environment (Ink turns that off otherwise)
    interactive: true,
    patchConsole: true,
  })
  const onSignal = () => app.unmount()
  process.once('SIGTERM', onSignal)
  process.once('SIGHUP', onSignal)
  try {
    await app.waitUntilExit()
  } finally {
    process.off('SIGTERM', onSignal)
    process.off('SIGHUP', onSignal)
    pool.stop()
    client.close()
  }
}
