import {Args, Flags} from '@oclif/core'
import {MkubeCommand} from '../cli/base.js'
import {connect} from '../cli/context.js'
import {runDelete} from '../cli/delete.js'
import {connectionFlags, fileFlags} from '../cli/flags.js'
import {readManifests} from '../cli/manifests.js'

/** `mkube delete`: delete objects by name, manifest, label selector or --all, waiting until they are gone. */
export default class Delete extends MkubeCommand {
  static override description = 'Delete objects by TYPE NAME, TYPE/NAME, -f manifests, -l selector or --all'
  static override strict = false
  static override args = {resources: Args.string({description: 'TYPE [NAME…] | TYPE/NAME …'})}
  static override flags = {
    ...connectionFlags,
    ...fileFlags,
    'all-namespaces': Flags.boolean({char: 'A', default: false, description: 'with -l/--all: across all namespaces'}),
    selector: Flags.string({char: 'l', description: 'label selector'}),
    all: Flags.boolean({description: 'delete every object of the type in the namespace', default: false}),
    'ignore-not-found': Flags.boolean({description: 'treat "not found" as success', default: false}),
    'grace-period': Flags.integer({description: 'seconds given to the object to terminate gracefully (-1: its default)', default: -1}),
    force: Flags.boolean({description: 'remove immediately, without waiting for graceful termination', default: false}),
    now: Flags.boolean({description: 'same as --grace-period=1', default: false}),
    cascade: Flags.string({description: 'background | foreground | orphan', default: 'background'}),
    wait: Flags.boolean({description: 'wait for the objects to be gone', default: true, allowNo: true}),
    timeout: Flags.integer({description: 'seconds to wait (0: forever)', default: 0}),
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(Delete)
    const files = flags.filename?.length ? readManifests(flags.filename, {recursive: flags.recursive}) : undefined
    const client = connect(flags)
    try {
      const ok = await runDelete(client, argv as string[], files, {
        namespace: flags.namespace,
        allNamespaces: flags['all-namespaces'],
        selector: flags.selector,
        all: flags.all,
        ignoreNotFound: flags['ignore-not-found'],
        gracePeriod: flags.now ? 1 : flags['grace-period'] >= 0 ? flags['grace-period'] : undefined,
        force: flags.force,
        cascade: flags.cascade,
        wait: flags.wait,
        timeoutMs: flags.timeout * 1000,
        out: (l) => this.log(l),
        err: (l) => process.stderr.write(l + '\n'),
      })
      if (!ok) process.exitCode = 1
    } finally {
      client.close()
    }
  }
}
