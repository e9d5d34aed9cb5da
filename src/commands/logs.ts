import {Args, Flags} from '@oclif/core'
import {MkubeCommand} from '../cli/base.js'
import {connect} from '../cli/context.js'
import {connectionFlags} from '../cli/flags.js'
import {parseGoDuration} from '../cli/go-duration.js'
import {runLogs} from '../cli/logs.js'

/** `mkube logs`: print (or follow) a container's log. */
export default class Logs extends MkubeCommand {
  static override description = 'Print the logs of a container in a pod (or of the first pod of a workload: deploy/NAME, rs/NAME, job/NAME, svc/NAME)'
  static override examples = [
    '<%= config.bin %> logs web-7d4b9c-x2x9z',
    '<%= config.bin %> logs -f deploy/web --tail 20',
    '<%= config.bin %> logs web-0 -c sidecar --previous',
    '<%= config.bin %> logs web-0 --all-containers --prefix --since 5m',
  ]
  static override args = {target: Args.string({description: 'POD or TYPE/NAME', required: true})}
  static override flags = {
    ...connectionFlags,
    container: Flags.string({char: 'c', description: 'print the logs of this container'}),
    follow: Flags.boolean({char: 'f', description: 'stream the logs as they are written', default: false}),
    tail: Flags.integer({description: 'lines of recent log to show (-1: all)', default: -1}),
    since: Flags.string({description: 'only logs newer than a relative duration like 5s, 2m, 3h'}),
    'since-time': Flags.string({description: 'only logs after this RFC 3339 time'}),
    timestamps: Flags.boolean({description: 'include a timestamp on each line', default: false}),
    previous: Flags.boolean({char: 'p', description: 'the logs of the previous (terminated) instance of the container', default: false}),
    'all-containers': Flags.boolean({description: 'the logs of every container of the pod', default: false}),
    prefix: Flags.boolean({description: 'prefix each line with [pod/NAME/CONTAINER]', default: false}),
    'limit-bytes': Flags.integer({description: 'maximum bytes of log to return'}),
    'max-log-requests': Flags.integer({description: 'maximum concurrent logs to follow with --all-containers', default: 5}),
    'pod-running-timeout': Flags.string({description: 'how long to wait for a pod of a workload to exist (e.g. 20s, 1m)', default: '20s'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Logs)
    const client = connect(flags)
    const ac = new AbortController()
    const onSig = () => ac.abort()
    process.once('SIGINT', onSig)
    process.once('SIGTERM', onSig)
    try {
      await runLogs(client, {
        target: args.target,
        namespace: client.defaultNamespace,
        container: flags.container,
        follow: flags.follow,
        tail: flags.tail,
        since: flags.since,
        sinceTime: flags['since-time'],
        timestamps: flags.timestamps,
        previous: flags.previous,
        allContainers: flags['all-containers'],
        prefix: flags.prefix,
        limitBytes: flags['limit-bytes'],
        maxLogRequests: flags['max-log-requests'],
        podTimeoutMs: parseGoDuration(flags['pod-running-timeout']),
        out: (t) => process.stdout.write(t),
        err: (t) => process.stderr.write(t),
        signal: ac.signal,
      })
    } finally {
      process.off('SIGINT', onSig)
      process.off('SIGTERM', onSig)
      client.close()
    }
  }
}
