import {Args, Flags} from '@oclif/core'
import {MkubeCommand} from '../../cli/base.js'
import {connect} from '../../cli/context.js'
import {connectionFlags} from '../../cli/flags.js'
import {runRolloutStatus} from '../../cli/rollout.js'

/** `mkube rollout status`. */
export default class RolloutStatus extends MkubeCommand {
  static override description = 'Watch a rollout until it completes'
  static override strict = false
  static override args = {target: Args.string({description: 'TYPE/NAME or TYPE NAME (deployment/web)', required: true})}
  static override flags = {
    ...connectionFlags,
    watch: Flags.boolean({char: 'w', description: 'watch until the rollout completes', default: true, allowNo: true}),
    timeout: Flags.string({description: 'give up after this long (e.g. 5m; 0 = never)', default: '0'}),
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(RolloutStatus)
    const client = connect(flags)
    try {
      const {parseDuration} = await import('../../pki/jointoken.js')
      await runRolloutStatus(client, argv as string[], {namespace: flags.namespace, watch: flags.watch, timeoutMs: parseDuration(flags.timeout), out: (l) => this.log(l)})
    } finally {
      client.close()
    }
  }
}
