import {Flags} from '@oclif/core'
import {MkubeCommand} from '../../cli/base.js'
import {defaultDataDir} from '../../master/paths.js'
import {runMasterForeground} from '../../cli/master.js'

/** `mkube master start`: runs a master in the foreground until SIGINT/SIGTERM. */
export default class MasterStart extends MkubeCommand {
  static override description = 'Start a master: API server over the embedded SQLite store (and, later, scheduler, controllers and a local node)'
  static override examples = ['<%= config.bin %> master start', '<%= config.bin %> master start --port 7443 --data-dir /srv/mkube --advertise-address 10.0.0.5']
  static override flags = {
    port: Flags.integer({description: 'HTTPS port of the API server', default: 6443, min: 0, max: 65535}),
    'data-dir': Flags.string({description: 'where the store, certificates and kubeconfig live', default: defaultDataDir()}),
    'advertise-address': Flags.string({description: 'address nodes and clients use to reach this master (added to the certificate)'}),
    'bind-address': Flags.string({description: 'address to listen on', default: '0.0.0.0'}),
    'no-node': Flags.boolean({description: 'do not run a node on this machine', default: false}),
    'node-name': Flags.string({description: 'name of the local node (default: the host name)'}),
    'node-ip': Flags.string({description: 'address of the local node (default: --advertise-address, else the first non-loopback IPv4)'}),
    runtime: Flags.string({description: 'container runtime of the local node', options: ['auto', 'podman', 'docker', 'fake'], default: 'auto'}),
    'service-cidr': Flags.string({description: 'virtual IP range of Services', default: '10.43.0.0/16'}),
    'service-node-port-range': Flags.string({description: 'port range of NodePort Services', default: '30000-32767'}),
    'kubelet-port': Flags.integer({description: 'port of the local node\'s kubelet', default: 10250}),
    verbose: Flags.boolean({char: 'v', description: 'log every API request', default: false}),
    'disable-scheduler': Flags.boolean({description: 'do not run the scheduler on this master', default: false}),
    'disable-controllers': Flags.boolean({description: 'do not run the controller manager on this master', default: false}),
    'pod-eviction-timeout': Flags.integer({description: 'seconds pods stay on an unreachable node before they are evicted', default: 300}),
    'node-monitor-grace-period': Flags.integer({description: 'seconds without a node heartbeat before the node is NotReady/Unknown', default: 40}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(MasterStart)
    await runMasterForeground({
      dataDir: flags['data-dir'],
      port: flags.port,
      bindAddress: flags['bind-address'],
      advertiseAddress: flags['advertise-address'],
      runNode: !flags['no-node'],
      verbose: flags.verbose,
      serviceCIDR: flags['service-cidr'],
      nodePortRange: flags['service-node-port-range'],
      node: {name: flags['node-name'], ip: flags['node-ip'], runtime: flags.runtime as 'auto', kubeletPort: flags['kubelet-port']},
      components: {
        scheduler: !flags['disable-scheduler'],
        controllers: !flags['disable-controllers'],
        controllerOptions: {podEvictionTimeoutSeconds: flags['pod-eviction-timeout'], nodeMonitorGracePeriodSeconds: flags['node-monitor-grace-period']},
      },
    })
  }
}
