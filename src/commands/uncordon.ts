import {Args} from '@oclif/core'
import {MkubeCommand} from '../cli/base.js'
import {connect} from '../cli/context.js'
import {connectionFlags} from '../cli/flags.js'
import {runCordon} from '../cli/nodes.js'

/** `mkube uncordon NODE`. */
export default class Uncordon extends MkubeCommand {
  static override description = 'Mark a node as schedulable'
  static override args = {node: Args.string({description: 'node name', required: true})}
  static override flags = {...connectionFlags}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Uncordon)
    const client = connect(flags)
    try {
      this.log(await runCordon(client, args.node, false))
    } finally {
      client.close()
    }
  }
}
