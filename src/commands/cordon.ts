import {Args} from '@oclif/core'
import {MkubeCommand} from '../cli/base.js'
import {connect} from '../cli/context.js'
import {connectionFlags} from '../cli/flags.js'
import {runCordon} from '../cli/nodes.js'

/** `mkube cordon NODE`. */
export default class Cordon extends MkubeCommand {
  static override description = 'Mark a node as unschedulable'
  static override args = {node: Args.string({description: 'node name', required: true})}
  static override flags = {...connectionFlags}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Cordon)
    const client = connect(flags)
    try {
      this.log(await runCordon(client, args.node, true))
    } finally {
      client.close()
    }
  }
}
