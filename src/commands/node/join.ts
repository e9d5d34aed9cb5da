import {Flags} from '@oclif/core'
import {MkubeCommand} from '../../cli/base.js'
import {DEFAULT_KUBELET_PORT, runNodeJoinForeground, type RuntimeChoice} from '../../cli/node.js'
import {defaultDataDir} from '../../master/paths.js'

/** `mkube node join`: join a cluster and run this machine's node agent in the foreground. */
export default class NodeJoin extends MkubeCommand {
  static override description = 'Join a cluster and run the node agent (kubelet and its logs/exec server) until interrupted'
  static override examples = [
    '<%= config.bin %> node join --server https://10.0.0.5:6443 --token MK1…::abcdef.0123456789abcdef',
    '<%= config.bin %> node join --server https://10.0.0.5:6443 --token $TOKEN --node-name worker-1 --runtime docker',
  ]
  static override flags = {
    server: Flags.string({description: 'the master: https://HOST:PORT', required: true}),
    token: Flags.string({description: 'a join token ("mkube token create", or the one the master prints at start)', required: true}),
    'node-name': Flags.string({description: 'the node\'s name (default: the host name, lower-cased)'}),
    'node-ip': Flags.string({description: 'the node\'s InternalIP (default: the first non-internal IPv4 address, else 127.0.0.1)'}),
    runtime: Flags.string({description: 'container runtime', options: ['auto', 'podman', 'docker', 'fake'], default: 'auto'}),
    'data-dir': Flags.string({description: 'where the node keeps its credentials and pod volumes', default: defaultDataDir()}),
    'kubelet-port': Flags.integer({description: 'port of the kubelet\'s HTTPS server (logs, exec)', default: DEFAULT_KUBELET_PORT, min: 0, max: 65535}),
    verbose: Flags.boolean({char: 'v', description: 'log what the kubelet does', default: false}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(NodeJoin)
    await runNodeJoinForeground({
      server: flags.server,
      token: flags.token,
      nodeName: flags['node-name'],
      nodeIP: flags['node-ip'],
      runtime: flags.runtime as RuntimeChoice,
      dataDir: flags['data-dir'],
      kubeletPort: flags['kubelet-port'],
      verbose: flags.verbose,
    })
  }
}
