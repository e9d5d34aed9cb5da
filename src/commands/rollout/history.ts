import {Args} from '@oclif/core'
import {MkubeCommand} from '../../cli/base.js'
import {connect} from '../../cli/context.js'
import {connectionFlags} from '../../cli/flags.js'
import {runRolloutHistory} from '../../cli/rollout.js'

/** `mkube rollout history`. */
export default class RolloutHistory extends MkubeCommand {
  static override description = 'Show the revisions of a deployment'
  static override strict = false
  static override args = {target: Args.string({description: 'TYPE/NAME or TYPE NAME (deployment/web)', required: true})}
  static override flags = {
    ...connectionFlags,
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(RolloutHistory)
    const client = connect(flags)
    try {
      this.log(await runRolloutHistory(client, argv as string[], {namespace: flags.namespace}))
    } finally {
      client.close()
    }
  }
}
