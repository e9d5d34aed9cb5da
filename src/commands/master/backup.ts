import {Args, Flags} from '@oclif/core'
import {MkubeCommand} from '../../cli/base.js'
import {defaultDataDir} from '../../master/paths.js'
import {runBackup} from '../../cli/master.js'

/** `mkube master backup <file>`: an online, consistent copy of the cluster store. */
export default class MasterBackup extends MkubeCommand {
  static override description = 'Write an online, consistent backup of the cluster store to a file'
  static override args = {file: Args.string({description: 'backup file to write', required: true})}
  static override flags = {
    'data-dir': Flags.string({description: 'the master data dir', default: defaultDataDir()}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(MasterBackup)
    this.log(await runBackup(flags['data-dir'], args.file))
  }
}
