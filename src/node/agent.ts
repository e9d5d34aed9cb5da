/**
 * The node agent: `mkube node join` (and a master's own node). Joins the cluster (or reuses earlier
 * credentials), picks a container runtime, starts the kubelet's HTTPS server (logs, exec) and the
 * kubelet, and runs until stopped.
 */
import {hostname, networkInterfaces} from 'node:os'
import {isIP} from 'node:net'
import {resolve} from 'node:path'
import {Client} from '../client/client.js'
import {loadKubeconfig} from '../client/kubeconfig.js'
import {startKubelet} from '../kubelet/index.js'
import type {KubeletConfig} from '../kubelet/config.js'
import {apiPodResolver, runtimePodResolver} from '../kubelet/server/resolve.js'
import {startKubeletServer, type KubeletServer} from '../kubelet/server/server.js'
import {joinCluster, JoinError, type NodeCredentials} from './join.js'
import {createRuntime, detectRuntime, type ProbeOptions} from '../runtime/detect.js'
import type {ContainerRuntime, RuntimeName} from '../runtime/types.js'
import {startProxy, type Proxy} from '../proxy/index.js'
import {defaultServiceCIDR} from '../apiserver/services/index.js'

/** Default kubelet port (as Kubernetes'). */
export const DEFAULT_KUBELET_PORT = 10250

/** Which runtime a node uses: one by name, or the first usable of podman and docker. */
export type RuntimeChoice = RuntimeName | 'auto'

/** Options of runNodeAgent. */
export interface NodeAgentOptions {
  /** the master: https://HOST:PORT */
  server: string
  /** a join token (MK1…::id.secret) */
  token: string
  nodeName: string
  /** the node's InternalIP: the kubelet server listens on it and the API server reaches it there */
  nodeIP: string
  runtime: RuntimeChoice | ContainerRuntime
  /** how `auto` probes podman and docker (binaries, environment) */
  probe?: ProbeOptions
  dataDir: string
  /** kubelet server port (0 = any free port) */
  kubeletPort: number
  /** run the node proxy and DNS resolver (default true; simulated nodes turn it off) */
  proxy?: boolean
  /** the cluster's service CIDR (default 10.43.0.0/16, the master's default) */
  serviceCIDR?: string
  /** extra kubelet settings (labels, taints, intervals: tests and simulations) */
  kubelet?: Partial<Omit<KubeletConfig, 'client' | 'nodeName' | 'nodeIP' | 'runtime' | 'dataDir' | 'kubeletPort'>>
  log?: (line: string) => void
}

/** A running node agent. */
export interface NodeAgent {
  nodeName: string
  nodeIP: string
  /** the port the kubelet server listens on */
  kubeletPort: number
  credentials: NodeCredentials
  runtime: ContainerRuntime | null
  /** why there is no runtime (when runtime is null) */
  runtimeProblem?: string
  /** the node's API client (user system:node:<name>) */
  client: Client
  stop(): Promise<void>
}

/** The default node name: the host name, lower-cased (as the kubelet's --hostname-override default). */
export function defaultNodeName(): string {
  return hostname().toLowerCase()
}

/** The default node IP: the first non-internal IPv4 address, else 127.0.0.1. */
export function defaultNodeIP(ifaces: ReturnType<typeof networkInterfaces> = networkInterfaces()): string {
  for (const list of Object.values(ifaces)) {
    for (const a of list ?? []) {
      if (a.family === 'IPv4' && !a.internal) return a.address
    }
  }
  return '127.0.0.1'
}

/** Picks the runtime: the one named, or (auto) podman, then docker; null with the reason when none is usable. */
export async function pickRuntime(choice: RuntimeChoice | ContainerRuntime, probe: ProbeOptions = {}): Promise<{runtime: ContainerRuntime | null; problem?: string; description: string}> {
  if (typeof choice === 'object') return {runtime: choice, description: choice.name}
  if (choice !== 'auto') {
    const runtime = createRuntime(choice, {binary: choice === 'podman' ? probe.podmanBinary : choice === 'docker' ? probe.dockerBinary : undefined, env: probe.env})
    const ready = await runtime.ready().catch((e: Error) => ({ok: false, message: e.message}))
    return {runtime, description: ready.ok ? ready.message : `${choice} (not ready: ${ready.message})`}
  }
  const found = await detectRuntime(probe)
  if (found.name === null) return {runtime: null, problem: found.reason, description: `none (${found.reason})`}
  return {runtime: createRuntime(found.name), description: `${found.name} ${found.version}`}
}

/** Starts the kubelet server on the node IP (on every address when the node IP is not local, e.g. behind NAT). */
async function listenKubelet(o: Parameters<typeof startKubeletServer>[0]): Promise<KubeletServer> {
  try {
    return await startKubeletServer(o)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRNOTAVAIL') throw e
    o.log?.(`${o.host} is not an address of this machine: the kubelet server listens on all addresses`)
    return startKubeletServer({...o, host: isIP(o.host) === 6 ? '::' : '0.0.0.0'})
  }
}

/**
 * Runs a node: joins the cluster (JoinError with a one-line reason when refused; nothing is registered
 * then), starts the kubelet server with the kubelet certificate from the join, then the kubelet. A node
 * without a usable runtime still starts (and registers NotReady).
 */
export async function runNodeAgent(o: NodeAgentOptions): Promise<NodeAgent> {
  const log = o.log ?? (() => undefined)
  const dataDir = resolve(o.dataDir)
  const credentials = await joinCluster({server: o.server, token: o.token, nodeName: o.nodeName, nodeIP: o.nodeIP, dataDir})
  // a node's requests (status, lease, events) are short and small: they share one kept-alive connection
  // (as a real kubelet's share one HTTP/2 connection), so a thousand nodes cost the master about two
  // connections each, that one and the pod watch's
  const client = new Client({...loadKubeconfig({kubeconfig: credentials.kubeconfigPath}), maxConnections: 1})
  const stack: (() => Promise<void> | void)[] = [() => client.close()]
  const unwind = async () => {
    for (const f of stack.splice(0).reverse()) await Promise.resolve(f()).catch((e: Error) => log(`shutdown: ${e.message}`))
  }
  try {
    const picked = await pickRuntime(o.runtime, o.probe)
    log(`container runtime: ${picked.description}`)
    const server = await listenKubelet({
      host: o.nodeIP,
      port: o.kubeletPort,
      certPem: credentials.kubeletCertPem,
      keyPem: credentials.kubeletKeyPem,
      caPem: credentials.caPem,
      runtime: picked.runtime,
      nodeName: o.nodeName,
      resolvePod: apiPodResolver(client, o.nodeName, picked.runtime ? runtimePodResolver(picked.runtime, o.nodeName) : undefined),
      log,
    })
    stack.push(() => server.close())
    let proxy: Proxy | undefined
    if (o.proxy !== false) {
      try {
        proxy = await startProxy({client, nodeName: o.nodeName, nodeIP: o.nodeIP, log, dns: {}, serviceCIDR: o.serviceCIDR ?? defaultServiceCIDR})
        const p = proxy
        stack.push(() => p.stop())
      } catch (e) {
        ;(o.log ?? ((m: string) => process.stderr.write(`${m}\n`)))(`the node proxy did not start (services will not be reachable through this node): ${(e as Error).message}`)
      }
    }
    const kubelet = await startKubelet({
      clusterDNS: proxy?.dns ? [proxy.dns.address] : undefined,
      ...o.kubelet,
      client,
      nodeName: o.nodeName,
      nodeIP: o.nodeIP,
      runtime: picked.runtime,
      runtimeUnavailableReason: picked.problem,
      dataDir,
      kubeletPort: server.port,
      log: o.log,
    })
    stack.push(() => kubelet.stop())
    await kubelet.ready()
    return {
      nodeName: o.nodeName,
      nodeIP: o.nodeIP,
      kubeletPort: server.port,
      credentials,
      runtime: picked.runtime,
      runtimeProblem: picked.problem,
      client,
      stop: unwind,
    }
  } catch (e) {
    await unwind()
    throw e
  }
}

