import {Flags} from '@oclif/core'
import {MkubeCommand} from '../cli/base.js'
import {connect} from '../cli/context.js'
import {connectionFlags} from '../cli/flags.js'
import {clientVersionLine} from '../cli/version.js'

/** `mkube version`: the client's version and, when reachable, the server's. */
export default class Version extends MkubeCommand {
  static override description = 'Print the client and server versions'
  static override flags = {
    ...connectionFlags,
    client: Flags.boolean({description: 'client version only', default: false}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Version)
    this.log(clientVersionLine(this.config.version))
    if (flags.client) return
    const client = connect(flags)
    try {
      const v = await client.request<{gitVersion: string}>('GET', '/version')
      this.log(`Server Version: ${v.gitVersion}`)
    } finally {
      client.close()
    }
  }
}
