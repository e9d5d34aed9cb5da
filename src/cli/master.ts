import {existsSync} from 'node:fs'
import {resolve} from 'node:path'
import {backupDatabase, restoreDatabase} from '../store/backup.js'
import {describeMaster, runMaster} from '../master/run.js'
import {masterPaths} from '../master/paths.js'
import type {ComponentsConfig} from '../master/components.js'
import {CliError} from './errors.js'
import {runUntilSignal} from './foreground.js'
import type {NodeAgent, RuntimeChoice} from '../node/agent.js'

/** Flags of `mkube master start`. */
export interface MasterStartOptions {
  dataDir: string
  port: number
  bindAddress: string
  advertiseAddress?: string
  runNode: boolean
  verbose: boolean
  components: ComponentsConfig
  serviceCIDR?: string
  nodePortRange?: string
  /** the local node (unless --no-node) */
  node: {name?: string; ip?: string; runtime: RuntimeChoice; kubeletPort?: number}
}

/** Runs a master until SIGINT/SIGTERM, then shuts it down cleanly (in-flight writes finish, the store closes). */
export async function runMasterForeground(o: MasterStartOptions): Promise<void> {
  const started = Date.now()
  const master = await runMaster({
    dataDir: resolve(o.dataDir),
    port: o.port,
    bindAddress: o.bindAddress,
    advertiseAddress: o.advertiseAddress,
    runNode: o.runNode,
    components: o.components,
    serviceCIDR: o.serviceCIDR,
    nodePortRange: o.nodePortRange,
    log: o.verbose ? (l) => process.stderr.write(`${new Date().toISOString()} ${l}\n`) : undefined,
  })
  process.stdout.write(`${describeMaster(master)} in ${Date.now() - started} ms\n`)
  process.stdout.write(`  use it: mkube get nodes   (or: kubectl --kubeconfig ${master.kubeconfigPath} get ns)\n`)
  process.stdout.write(`  join a node: mkube node join --server ${master.url} --token ${master.joinToken}\n`)
  let agent: NodeAgent | undefined
  if (o.runNode) {
    // loaded only when a local node runs: a --no-node master does not carry the kubelet, runtimes and proxy
    const {DEFAULT_KUBELET_PORT, defaultNodeIP, defaultNodeName, runNodeAgent} = await import('../node/agent.js')
    const nodeIP = o.node.ip ?? o.advertiseAddress ?? defaultNodeIP()
    try {
      agent = await runNodeAgent({
        server: master.url,
        token: master.joinToken,
        nodeName: o.node.name ?? defaultNodeName(),
        nodeIP,
        runtime: o.node.runtime,
        dataDir: resolve(o.dataDir),
        kubeletPort: o.node.kubeletPort ?? DEFAULT_KUBELET_PORT,
        serviceCIDR: o.serviceCIDR,
        log: o.verbose ? (l) => process.stderr.write(`${new Date().toISOString()} ${l}\n`) : undefined,
      })
      const rt = agent.runtime ? agent.runtime.name : `no container runtime: ${agent.runtimeProblem} (NotReady)`
      process.stdout.write(`  local node "${agent.nodeName}" at ${nodeIP} (${rt})\n`)
    } catch (e) {
      process.stderr.write(`the local node did not start: ${(e as Error).message} (the master keeps running; --no-node skips it)\n`)
    }
  }
  await runUntilSignal('the master', async () => {
    await agent?.stop()
    await master.stop()
  })
}

/** `mkube master backup`: online copy of the store. */
export async function runBackup(dataDir: string, file: string): Promise<string> {
  const db = masterPaths(resolve(dataDir)).db
  if (!existsSync(db)) throw new CliError(`no cluster store at ${db} (is --data-dir right?)`)
  await backupDatabase(db, resolve(file))
  return `backup of ${db} written to ${resolve(file)}`
}

/** `mkube master restore`: replace the store with a backup (refused while a master has it open). */
export async function runRestore(dataDir: string, file: string): Promise<string> {
  const db = masterPaths(resolve(dataDir)).db
  if (!existsSync(file)) throw new CliError(`backup file ${file} does not exist`)
  await restoreDatabase(resolve(file), db)
  return `cluster store ${db} restored from ${resolve(file)}`
}
