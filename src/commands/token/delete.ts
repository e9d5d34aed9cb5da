import {Args} from '@oclif/core'
import {MkubeCommand} from '../../cli/base.js'
import {connect} from '../../cli/context.js'
import {connectionFlags} from '../../cli/flags.js'
import {runTokenDelete} from '../../cli/token.js'

/** `mkube token delete ID…`: revoke join tokens. */
export default class TokenDelete extends MkubeCommand {
  static override description = 'Delete join tokens (by id or whole token); joined nodes keep their own credentials'
  static override strict = false
  static override args = {id: Args.string({description: 'token id(s)', required: true})}
  static override flags = {...connectionFlags}

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(TokenDelete)
    const client = connect(flags)
    try {
      for (const line of await runTokenDelete(client, argv as string[])) this.log(line)
    } finally {
      client.close()
    }
  }
}
