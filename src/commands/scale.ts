import {Args, Flags} from '@oclif/core'
import {MkubeCommand} from '../cli/base.js'
import {connect} from '../cli/context.js'
import {CliError} from '../cli/errors.js'
import {connectionFlags} from '../cli/flags.js'
import {objectRef, parseResourceArgs} from '../cli/resources.js'

/** `mkube scale deployment/web --replicas=3`: sets replicas through the scale subresource. */
export default class Scale extends MkubeCommand {
  static override description = 'Set the number of replicas of a deployment or replicaset (through its scale subresource)'
  static override strict = false
  static override args = {target: Args.string({description: 'TYPE/NAME or TYPE NAME', required: true})}
  static override flags = {
    ...connectionFlags,
    replicas: Flags.integer({description: 'the new number of replicas', required: true, min: 0}),
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(Scale)
    const client = connect(flags)
    try {
      for (const {def, names} of parseResourceArgs(argv as string[])) {
        if (!def.scale) throw new CliError(`${def.resource} cannot be scaled`)
        if (!names.length) throw new CliError('resource(s) were provided, but no name was specified')
        for (const name of names) {
          await client.patch(def, name, {spec: {replicas: flags.replicas}}, 'merge', flags.namespace || client.defaultNamespace, {subresource: 'scale'})
          this.log(`${objectRef(def, name)} scaled`)
        }
      }
    } finally {
      client.close()
    }
  }
}
