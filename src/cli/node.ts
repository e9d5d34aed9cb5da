import {isIP} from 'node:net'
import {JoinError} from '../node/join.js'
import {defaultNodeIP, defaultNodeName, runNodeAgent, type NodeAgent, type RuntimeChoice} from '../node/agent.js'
import {CliError} from './errors.js'
import {runUntilSignal} from './foreground.js'

export {DEFAULT_KUBELET_PORT, defaultNodeIP, defaultNodeName, runNodeAgent, type NodeAgent, type NodeAgentOptions, type RuntimeChoice} from '../node/agent.js'

/** Flags of `mkube node join`. */
export interface NodeJoinOptions {
  server: string
  token: string
  nodeName?: string
  nodeIP?: string
  runtime: RuntimeChoice
  dataDir: string
  kubeletPort: number
  verbose: boolean
}

/** Runs `mkube node join` in the foreground until SIGINT/SIGTERM, then stops the node cleanly. */
export async function runNodeJoinForeground(o: NodeJoinOptions): Promise<void> {
  const nodeName = o.nodeName ?? defaultNodeName()
  const nodeIP = o.nodeIP ?? defaultNodeIP()
  if (!isIP(nodeIP)) throw new CliError(`--node-ip "${nodeIP}" is not an IP address`)
  const log = (l: string) => process.stderr.write(`${new Date().toISOString()} ${l}\n`)
  let agent: NodeAgent
  try {
    agent = await runNodeAgent({server: o.server, token: o.token, nodeName, nodeIP, runtime: o.runtime, dataDir: o.dataDir, kubeletPort: o.kubeletPort, log: o.verbose ? log : undefined})
  } catch (e) {
    if (e instanceof JoinError) throw new CliError(e.message)
    throw e
  }
  const rt = agent.runtime ? agent.runtime.name : `none: ${agent.runtimeProblem} (the node is NotReady)`
  process.stdout.write(`node "${agent.nodeName}" joined ${o.server}; kubelet serving on https://${nodeIP}:${agent.kubeletPort}; runtime ${rt}\n`)
  await runUntilSignal(`node "${agent.nodeName}"`, () => agent.stop())
}
