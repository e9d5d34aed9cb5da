import {Args, Flags} from '@oclif/core'
import {MkubeCommand} from '../../cli/base.js'
import {connect} from '../../cli/context.js'
import {connectionFlags} from '../../cli/flags.js'
import {runRolloutUndo} from '../../cli/rollout.js'

/** `mkube rollout undo`. */
export default class RolloutUndo extends MkubeCommand {
  static override description = 'Roll back to a previous revision (the previous one by default)'
  static override strict = false
  static override args = {target: Args.string({description: 'TYPE/NAME or TYPE NAME (deployment/web)', required: true})}
  static override flags = {
    ...connectionFlags,
    'to-revision': Flags.integer({description: 'the revision to roll back to (0 = the previous one)', default: 0}),
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(RolloutUndo)
    const client = connect(flags)
    try {
      this.log(await runRolloutUndo(client, argv as string[], {namespace: flags.namespace, toRevision: flags['to-revision']}))
    } finally {
      client.close()
    }
  }
}
