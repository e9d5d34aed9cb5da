import {Flags} from '@oclif/core'
import {MkubeCommand} from '../cli/base.js'
import {connect} from '../cli/context.js'
import {runCreate} from '../cli/apply.js'
import {CliError} from '../cli/errors.js'
import {connectionFlags, fileFlags} from '../cli/flags.js'
import {readManifests} from '../cli/manifests.js'

/** `mkube create -f`: create objects from manifests (fails for objects that exist). */
export default class Create extends MkubeCommand {
  static override description = 'Create objects from manifest files (fails for those that already exist)'
  static override flags = {
    ...connectionFlags,
    ...fileFlags,
    'dry-run': Flags.string({description: 'none or server', options: ['none', 'server', 'client'], default: 'none'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Create)
    if (!flags.filename?.length) throw new CliError('must specify -f')
    const objs = readManifests(flags.filename, {recursive: flags.recursive})
    const client = connect(flags)
    try {
      const ok = await runCreate(client, objs, {namespace: flags.namespace, dryRun: flags['dry-run'] !== 'none', out: (l) => this.log(l), err: (l) => process.stderr.write(l + '\n')})
      if (!ok) process.exitCode = 1
    } finally {
      client.close()
    }
  }
}
