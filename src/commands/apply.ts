import {Flags} from '@oclif/core'
import {MkubeCommand} from '../cli/base.js'
import {connect} from '../cli/context.js'
import {runApply} from '../cli/apply.js'
import {CliError} from '../cli/errors.js'
import {connectionFlags, fileFlags} from '../cli/flags.js'
import {readManifests} from '../cli/manifests.js'

/** `mkube apply -f`: create or update objects from manifests, idempotently (client-side apply, as kubectl). */
export default class Apply extends MkubeCommand {
  static override description = 'Create or update objects from manifest files (YAML or JSON; files, directories, or - for stdin)'
  static override examples = ['<%= config.bin %> apply -f deploy.yaml', 'cat all.yaml | <%= config.bin %> apply -f -']
  static override flags = {
    ...connectionFlags,
    ...fileFlags,
    'dry-run': Flags.string({description: 'none or server: validate on the server without storing', options: ['none', 'server', 'client'], default: 'none'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Apply)
    if (!flags.filename?.length) throw new CliError('must specify one of -f and -k')
    const objs = readManifests(flags.filename, {recursive: flags.recursive})
    const client = connect(flags)
    try {
      const ok = await runApply(client, objs, {namespace: flags.namespace, dryRun: flags['dry-run'] !== 'none', out: (l) => this.log(l), err: (l) => process.stderr.write(l + '\n')})
      if (!ok) process.exitCode = 1
    } finally {
      client.close()
    }
  }
}
