import {Flags} from '@oclif/core'
import {isValidQuantity} from '../../api/quantity.js'
import {MkubeCommand} from '../../cli/base.js'
import {CliError} from '../../cli/errors.js'
import {runUntilSignal} from '../../cli/foreground.js'
import {defaultDataDir} from '../../master/paths.js'
import {JoinError} from '../../node/join.js'
import {defaultSimulateDataDir, simulateNodes, type HollowNodes} from '../../node/simulate.js'

/**
 * `mkube node simulate`: N hollow nodes (real kubelets on the fake runtime, no proxy, no kubelet server
 * unless asked) in this one process, until interrupted. See src/node/simulate.ts for what is simulated.
 */
export default class NodeSimulate extends MkubeCommand {
  static override description =
    'Run N hollow nodes in this process (as kubemark/kwok): real kubelets that join, register with the given capacity, heartbeat and run pods on a fake container runtime — for capacity planning and scale tests'
  static override examples = [
    '<%= config.bin %> node simulate --count 100 --server https://127.0.0.1:6443 --token $TOKEN',
    '<%= config.bin %> node simulate --count 1000 --server https://127.0.0.1:6443 --token $TOKEN --cpu 8 --memory 32Gi --pods 250',
  ]
  static override flags = {
    count: Flags.integer({description: 'how many hollow nodes', required: true, min: 1, max: 100_000}),
    server: Flags.string({description: 'the master: https://HOST:PORT', required: true}),
    token: Flags.string({description: 'a join token ("mkube token create", or the one the master prints at start)', required: true}),
    'name-prefix': Flags.string({description: 'node names are <prefix><index>', default: 'hollow-'}),
    'first-index': Flags.integer({description: 'index of the first node (several processes can share a prefix)', default: 0, min: 0}),
    'data-dir': Flags.string({description: 'where each node keeps its credentials (<data-dir>/<node name>; default <mkube data dir>/hollow-nodes)'}),
    cpu: Flags.string({description: 'advertised CPU capacity per node', default: '4'}),
    memory: Flags.string({description: 'advertised memory capacity per node', default: '8Gi'}),
    pods: Flags.string({description: 'advertised pod capacity per node', default: '110'}),
    'start-concurrency': Flags.integer({description: 'nodes joining and registering at the same time', default: 16, min: 1, max: 1000}),
    'kubelet-server': Flags.boolean({description: 'serve logs/exec per node (a TLS listener on port 0 of each node IP)', default: false}),
    verbose: Flags.boolean({char: 'v', description: 'log what the kubelets do', default: false}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(NodeSimulate)
    for (const [name, v] of [['cpu', flags.cpu], ['memory', flags.memory], ['pods', flags.pods]] as const) {
      if (!isValidQuantity(v)) throw new CliError(`--${name} "${v}" is not a quantity`)
    }
    const stamp = (l: string) => process.stderr.write(`${new Date().toISOString()} ${l}\n`)
    const step = Math.max(1, Math.round(flags.count / 10))
    let nodes: HollowNodes
    try {
      nodes = await simulateNodes({
        server: flags.server,
        token: flags.token,
        count: flags.count,
        namePrefix: flags['name-prefix'],
        firstIndex: flags['first-index'],
        dataDir: flags['data-dir'] ?? defaultSimulateDataDir(defaultDataDir()),
        capacity: {cpu: flags.cpu, memory: flags.memory, pods: flags.pods},
        startConcurrency: flags['start-concurrency'],
        kubeletServer: flags['kubelet-server'],
        log: flags.verbose ? stamp : undefined,
        onNodeReady: (_n, ready) => {
          if (ready % step === 0 && ready < flags.count) stamp(`${ready}/${flags.count} hollow nodes ready`)
        },
      })
    } catch (e) {
      if (e instanceof JoinError) throw new CliError(e.message)
      throw e
    }
    const last = flags['first-index'] + flags.count - 1
    process.stdout.write(
      `${flags.count} hollow nodes ${flags['name-prefix']}${flags['first-index']}…${flags['name-prefix']}${last} joined ${flags.server} in ${(nodes.startMs / 1000).toFixed(1)} s (cpu ${flags.cpu}, memory ${flags.memory}, pods ${flags.pods} each; fake runtime)\n`,
    )
    await runUntilSignal(`${flags.count} hollow nodes`, () => nodes.stop())
  }
}
