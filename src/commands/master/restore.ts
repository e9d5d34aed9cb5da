import {Args, Flags} from '@oclif/core'
import {MkubeCommand} from '../../cli/base.js'
import {defaultDataDir} from '../../master/paths.js'
import {runRestore} from '../../cli/master.js'

/** `mkube master restore <file>`: replaces the cluster store with a backup (the master must be stopped). */
export default class MasterRestore extends MkubeCommand {
  static override description = 'Replace the cluster store with a backup (stop the master first)'
  static override args = {file: Args.string({description: 'backup file to restore', required: true})}
  static override flags = {
    'data-dir': Flags.string({description: 'the master data dir', default: defaultDataDir()}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(MasterRestore)
    this.log(await runRestore(flags['data-dir'], args.file))
  }
}
