import {Flags} from '@oclif/core'
import {MkubeCommand} from '../../cli/base.js'
import {connect} from '../../cli/context.js'
import {connectionFlags} from '../../cli/flags.js'
import {runTokenCreate} from '../../cli/token.js'

/** `mkube token create`: a new join token for `mkube node join`. */
export default class TokenCreate extends MkubeCommand {
  static override description = 'Create a join token for "mkube node join" (it carries the cluster CA hash)'
  static override flags = {
    ...connectionFlags,
    ttl: Flags.string({description: 'how long the token is valid (e.g. 30m, 24h, 7d; 0 = never expires)', default: '24h'}),
    description: Flags.string({description: 'a note shown by "mkube token list"'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(TokenCreate)
    const client = connect(flags)
    try {
      this.log(await runTokenCreate(client, {ttl: flags.ttl, description: flags.description}))
    } finally {
      client.close()
    }
  }
}
