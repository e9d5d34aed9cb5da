/**
 * Child process of proxy.bench.js: one node agent on podman (dist/node/agent.js, without the agent's own
 * proxy) plus a node proxy (dist/proxy/index.js) that manages no host addresses, no service-CIDR route
 * and no DNS — only node ports and its forwarding listener on the node IP — so the benchmark changes
 * nothing machine-wide. Running it in its own process keeps the proxy's event loop apart from the
 * benchmark's HTTP client. `node bench/lib/proxy-node.js '<JSON options>'`: prints `READY` once the
 * proxy synced; stops on SIGTERM.
 */
import {dist} from './dist.js'

const o = JSON.parse(process.argv[2])
const [{runNodeAgent}, {startProxy}] = await Promise.all([dist('node/agent.js'), dist('proxy/index.js')])
const log = o.verbose ? (l) => process.stderr.write(`${new Date().toISOString()} ${l}\n`) : () => {}
const agent = await runNodeAgent({server: o.server, token: o.token, nodeName: o.nodeName, nodeIP: o.nodeIP, runtime: 'podman', dataDir: o.dataDir, kubeletPort: 0, proxy: false, log})
const proxy = await startProxy({client: agent.client, nodeName: o.nodeName, nodeIP: o.nodeIP, hostAddresses: null, serviceCIDR: null, dns: false, tunnelPort: o.tunnelPort, log})
process.stdout.write('READY\n')
let stopping = false
const stop = async () => {
  if (stopping) return
  stopping = true
  await proxy.stop().catch(() => {})
  await agent.stop().catch(() => {})
  process.exit(0)
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
setInterval(() => {}, 1 << 30)
