import {Args} from '@oclif/core'
import {MkubeCommand} from '../../cli/base.js'
import {connect} from '../../cli/context.js'
import {connectionFlags} from '../../cli/flags.js'
import {runRolloutPatch} from '../../cli/rollout.js'

/** `mkube rollout resume`. */
export default class RolloutResume extends MkubeCommand {
  static override description = 'Resume a paused deployment rollout'
  static override strict = false
  static override args = {target: Args.string({description: 'TYPE/NAME or TYPE NAME (deployment/web)', required: true})}
  static override flags = {
    ...connectionFlags,
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(RolloutResume)
    const client = connect(flags)
    try {
      this.log(await runRolloutPatch(client, argv as string[], 'resume', {namespace: flags.namespace}))
    } finally {
      client.close()
    }
  }
}
