import {Args, Flags} from '@oclif/core'
import {MkubeCommand} from '../cli/base.js'
import {connect} from '../cli/context.js'
import {CliError} from '../cli/errors.js'
import {runExec} from '../cli/exec.js'
import {connectionFlags} from '../cli/flags.js'
import {parseGoDuration} from '../cli/go-duration.js'

/** `mkube exec POD -- CMD…`: run a command in a container; its exit code becomes ours. */
export default class Exec extends MkubeCommand {
  static override description = 'Execute a command in a container (through the API server and the pod\'s kubelet)'
  static override strict = false
  static override examples = [
    '<%= config.bin %> exec web-0 -- ls /',
    '<%= config.bin %> exec -it web-0 -c app -- sh',
    'echo hi | <%= config.bin %> exec -i deploy/web -- cat',
  ]
  static override args = {target: Args.string({description: 'POD or TYPE/NAME', required: true})}
  static override flags = {
    ...connectionFlags,
    container: Flags.string({char: 'c', description: 'container name (default: the kubectl.kubernetes.io/default-container annotation, else the first)'}),
    stdin: Flags.boolean({char: 'i', description: 'pass stdin to the container', default: false}),
    tty: Flags.boolean({char: 't', description: 'stdin is a TTY (with -i)', default: false}),
    quiet: Flags.boolean({char: 'q', description: 'only print output from the remote session', default: false}),
    'pod-running-timeout': Flags.string({description: 'how long to wait for a pod of a workload to exist (e.g. 20s, 1m)', default: '20s'}),
  }

  async run(): Promise<void> {
    // everything after the first "--" is the command, verbatim (oclif would reorder repeated words)
    const dash = this.argv.indexOf('--')
    const command = dash >= 0 ? this.argv.slice(dash + 1) : []
    const {args, argv, flags} = await this.parse(Exec, dash >= 0 ? this.argv.slice(0, dash) : this.argv)
    if (dash < 0 && argv.length > 1) throw new CliError('the command must follow "--": mkube exec POD [-c CONTAINER] -- COMMAND [args...]')
    const client = connect(flags)
    try {
      const code = await runExec(client, {
        target: args.target,
        namespace: client.defaultNamespace,
        container: flags.container,
        command,
        stdin: flags.stdin,
        tty: flags.tty,
        quiet: flags.quiet,
        podTimeoutMs: parseGoDuration(flags['pod-running-timeout']),
        io: {stdin: process.stdin, stdout: process.stdout, stderr: process.stderr},
      })
      process.exitCode = code
    } finally {
      client.close()
    }
    if (flags.stdin) process.stdin.destroy()
  }
}
