import {Args, Flags} from '@oclif/core'
import {MkubeCommand} from '../cli/base.js'
import {connect} from '../cli/context.js'
import {connectionFlags} from '../cli/flags.js'
import {runDrain} from '../cli/nodes.js'

/** `mkube drain NODE`: cordon the node and evict its pods. */
export default class Drain extends MkubeCommand {
  static override description = 'Cordon a node and evict its pods (their controllers recreate them elsewhere)'
  static override args = {node: Args.string({description: 'node name', required: true})}
  static override flags = {
    ...connectionFlags,
    'ignore-daemonsets': Flags.boolean({description: 'leave DaemonSet-managed pods', default: false}),
    'delete-emptydir-data': Flags.boolean({description: 'evict pods with emptyDir volumes (their data is lost)', default: false}),
    force: Flags.boolean({description: 'also evict pods no controller manages', default: false}),
    'grace-period': Flags.integer({description: 'seconds each pod gets to terminate (-1: its own)', default: -1}),
    timeout: Flags.integer({description: 'seconds to wait for the pods to go (0: forever)', default: 0}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Drain)
    const client = connect(flags)
    try {
      await runDrain(client, args.node, {
        ignoreDaemonsets: flags['ignore-daemonsets'],
        deleteEmptydirData: flags['delete-emptydir-data'],
        force: flags.force,
        gracePeriod: flags['grace-period'] >= 0 ? flags['grace-period'] : undefined,
        timeoutMs: flags.timeout * 1000,
        out: (l) => this.log(l),
      })
    } finally {
      client.close()
    }
  }
}
