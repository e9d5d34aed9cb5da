import {Args, Flags} from '@oclif/core'
import {MkubeCommand} from '../cli/base.js'
import {connect} from '../cli/context.js'
import {runDescribe} from '../cli/describe.js'
import {connectionFlags} from '../cli/flags.js'

/** `mkube describe`: detailed, human-readable state of objects with their events. */
export default class Describe extends MkubeCommand {
  static override description = 'Show details of objects, with their recent events'
  static override strict = false
  static override args = {resources: Args.string({description: 'TYPE [NAME…] | TYPE/NAME'})}
  static override flags = {
    ...connectionFlags,
    'all-namespaces': Flags.boolean({char: 'A', default: false, description: 'across all namespaces'}),
    selector: Flags.string({char: 'l', description: 'label selector'}),
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(Describe)
    const client = connect(flags)
    try {
      this.log(await runDescribe(client, argv as string[], {namespace: flags.namespace, allNamespaces: flags['all-namespaces'], selector: flags.selector}))
    } finally {
      client.close()
    }
  }
}
