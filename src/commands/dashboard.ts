import {Flags} from '@oclif/core'
import {MkubeCommand} from '../cli/base.js'
import {connectionFlags} from '../cli/flags.js'
import {runDashboard} from '../dashboard/run.js'

/** `mkube dashboard`: a live terminal UI of the cluster (k9s-style). */
export default class Dashboard extends MkubeCommand {
  static override description = 'Open a live terminal dashboard of the cluster (overview, resource views, logs, shell)'
  static override examples = ['<%= config.bin %> dashboard', '<%= config.bin %> dashboard -n kube-system', '<%= config.bin %> dashboard -A']
  static override flags = {
    ...connectionFlags,
    'all-namespaces': Flags.boolean({char: 'A', description: 'start with all namespaces in view', default: false}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Dashboard)
    await runDashboard({kubeconfig: flags.kubeconfig, context: flags.context, namespace: flags.namespace, allNamespaces: flags['all-namespaces']})
    // Everything is released on quit; should a socket linger, do not keep the user waiting.
    setTimeout(() => process.exit(process.exitCode ?? 0), 1000).unref()
  }
}
