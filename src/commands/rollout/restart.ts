import {Args} from '@oclif/core'
import {MkubeCommand} from '../../cli/base.js'
import {connect} from '../../cli/context.js'
import {connectionFlags} from '../../cli/flags.js'
import {runRolloutPatch} from '../../cli/rollout.js'

/** `mkube rollout restart`. */
export default class RolloutRestart extends MkubeCommand {
  static override description = 'Restart the pods of a deployment or daemonset by rolling them out again'
  static override strict = false
  static override args = {target: Args.string({description: 'TYPE/NAME or TYPE NAME (deployment/web)', required: true})}
  static override flags = {
    ...connectionFlags,
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(RolloutRestart)
    const client = connect(flags)
    try {
      this.log(await runRolloutPatch(client, argv as string[], 'restart', {namespace: flags.namespace}))
    } finally {
      client.close()
    }
  }
}
