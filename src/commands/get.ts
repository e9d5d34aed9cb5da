import {Args, Flags} from '@oclif/core'
import {MkubeCommand} from '../cli/base.js'
import {connect} from '../cli/context.js'
import {connectionFlags} from '../cli/flags.js'
import {runGet} from '../cli/get.js'

/** `mkube get`: list or show objects (kubectl's columns, -o wide|yaml|json|name, -w). */
export default class Get extends MkubeCommand {
  static override description = 'Display one or many objects'
  static override strict = false
  static override args = {resources: Args.string({description: 'TYPE [NAME…] | TYPE/NAME … | TYPE1,TYPE2'})}
  static override examples = ['<%= config.bin %> get pods -A', '<%= config.bin %> get deploy web -o yaml', '<%= config.bin %> get svc,ep -l app=web', '<%= config.bin %> get pods -w']
  static override flags = {
    ...connectionFlags,
    output: Flags.string({char: 'o', description: 'wide | yaml | json | name'}),
    'all-namespaces': Flags.boolean({char: 'A', description: 'list across all namespaces', default: false}),
    selector: Flags.string({char: 'l', description: 'label selector (a=b, a!=b, a in (x,y), a, !a)'}),
    'field-selector': Flags.string({description: 'field selector (metadata.name=x, status.phase=Running, spec.nodeName=n)'}),
    watch: Flags.boolean({char: 'w', description: 'after listing, watch for changes', default: false}),
    'watch-only': Flags.boolean({description: 'watch for changes without listing first', default: false}),
    'show-labels': Flags.boolean({description: 'show labels as the last column', default: false}),
    'no-headers': Flags.boolean({description: 'do not print headers', default: false}),
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(Get)
    const client = connect(flags)
    const ac = new AbortController()
    const onSig = () => ac.abort()
    process.once('SIGINT', onSig)
    try {
      await runGet(client, argv as string[], {
        output: flags.output,
        allNamespaces: flags['all-namespaces'],
        namespace: flags.namespace,
        selector: flags.selector,
        fieldSelector: flags['field-selector'],
        watch: flags.watch || flags['watch-only'],
        watchOnly: flags['watch-only'],
        showLabels: flags['show-labels'],
        noHeaders: flags['no-headers'],
        out: (t) => process.stdout.write(t),
        err: (t) => process.stderr.write(t),
        signal: ac.signal,
      })
    } finally {
      process.off('SIGINT', onSig)
      client.close()
    }
  }
}
