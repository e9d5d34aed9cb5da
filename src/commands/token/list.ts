import {MkubeCommand} from '../../cli/base.js'
import {connect} from '../../cli/context.js'
import {connectionFlags} from '../../cli/flags.js'
import {runTokenList} from '../../cli/token.js'

/** `mkube token list`: join tokens and their expiry. */
export default class TokenList extends MkubeCommand {
  static override description = 'List join tokens'
  static override flags = {...connectionFlags}

  async run(): Promise<void> {
    const {flags} = await this.parse(TokenList)
    const client = connect(flags)
    try {
      this.log(await runTokenList(client))
    } finally {
      client.close()
    }
  }
}
