/**
 * Hollow nodes (as kubemark's hollow kubelet or kwok): `mkube node simulate` runs N node agents in ONE
 * process for capacity planning and scale tests. Each hollow node is a real kubelet against the master —
 * its own join (node credential and kubelet certificate, so the node authorizer applies per node), Node
 * registration with the advertised capacity, Lease heartbeats, node status, pod informer, pod lifecycle
 * and pod status writes — on the fake container runtime instead of podman/docker.
 *
 * What makes it cheap, and what differs from `mkube node join`:
 *  - one FakeRuntime shared by every node (it indexes sandboxes and containers by node, so each kubelet
 *    lists only its own); images are therefore shared too (a pull on one node is visible on all);
 *  - no node proxy or DNS resolver, and by default no kubelet HTTPS server (logs/exec through the API
 *    server then fail for hollow pods; the Node reports kubelet port 0). `kubeletServer: true` starts one
 *    per node on port 0 of its node IP (a TLS listener each: fine for tens, wasteful for thousands);
 *  - staggered start-up: at most `startConcurrency` nodes join and register at a time;
 *  - node IPs are distinct loopback addresses 127.1.0.1, 127.1.0.2, … (127.0.0.0/8 is all local on Linux),
 *    so each Node has its own InternalIP and pod IPs come from the fake runtime's 10.x range;
 *  - each node keeps its credentials in `<dataDir>/<node name>/node/`: a second run over the same data
 *    directory reuses them (one authenticated GET per node instead of a join and a certificate).
 *
 * Per node this costs one API client (a keep-alive TLS connection or two), one pod watch, the heartbeat
 * and relist timers of the kubelet, and a few KiB of state; the master pays one watch and one Lease
 * update every heartbeat (default 10 s) per node.
 */
import {mkdirSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {Client} from '../client/client.js'
import {loadKubeconfig} from '../client/kubeconfig.js'
import type {KubeletConfig} from '../kubelet/config.js'
import {startKubelet, type Kubelet} from '../kubelet/index.js'
import {apiPodResolver, runtimePodResolver} from '../kubelet/server/resolve.js'
import {startKubeletServer, type KubeletServer} from '../kubelet/server/server.js'
import {FakeRuntime} from '../runtime/fake.js'
import {joinCluster} from './join.js'

/** Advertised capacity of every hollow node (Kubernetes quantities). */
export interface HollowCapacity {
  /** cores, e.g. "4" (default "4") */
  cpu?: string
  /** e.g. "8Gi" (default "8Gi") */
  memory?: string
  /** maximum pods (default "110") */
  pods?: string
  /** e.g. "100Gi" (default "100Gi") */
  ephemeralStorage?: string
}

/** Options of simulateNodes. */
export interface SimulateOptions {
  /** the master: https://HOST:PORT */
  server: string
  /** a join token (MK1…::id.secret) */
  token: string
  /** how many hollow nodes */
  count: number
  /** node names are <prefix><index>, index from 0 (default "hollow-") */
  namePrefix?: string
  /** first index (default 0): several simulate processes can share a prefix with disjoint ranges */
  firstIndex?: number
  /** each node keeps its credentials under <dataDir>/<node name> */
  dataDir: string
  capacity?: HollowCapacity
  /** nodes joining and registering at the same time (default 16) */
  startConcurrency?: number
  /** start a kubelet HTTPS server (logs, exec) per node on port 0 of its node IP (default false) */
  kubeletServer?: boolean
  /** the shared fake runtime (default: a new FakeRuntime with busybox present) */
  runtime?: FakeRuntime
  /** extra kubelet settings for every node (labels, taints, intervals) */
  kubelet?: Partial<Omit<KubeletConfig, 'client' | 'nodeName' | 'nodeIP' | 'runtime' | 'dataDir' | 'kubeletPort' | 'capacity'>>
  /** called after each node registered and its pod informer synced (progress) */
  onNodeReady?: (node: HollowNode, readyCount: number) => void
  /** log lines of the kubelets (prefixed with the node name); default: silent */
  log?: (line: string) => void
}

/** One running hollow node. */
export interface HollowNode {
  nodeName: string
  nodeIP: string
  /** the kubelet server's port, 0 without one */
  kubeletPort: number
  /** the node's API client (user system:node:<name>) */
  client: Client
  kubelet: Kubelet
  stop(): Promise<void>
}

/** A running set of hollow nodes. */
export interface HollowNodes {
  nodes: HollowNode[]
  runtime: FakeRuntime
  /** how long start-up took (join, register, informer sync of every node), ms */
  startMs: number
  /** Stops every kubelet (the Nodes stay registered and go NotReady once their leases expire). */
  stop(): Promise<void>
}

/** Default advertised capacity of a hollow node. */
export const defaultHollowCapacity: Required<HollowCapacity> = {cpu: '4', memory: '8Gi', pods: '110', ephemeralStorage: '100Gi'}

/** The node IP of hollow node number `i` (0-based): 127.1.0.1, 127.1.0.2, …, 127.1.1.0, … */
export function hollowNodeIP(i: number): string {
  const n = i + 1
  if (!Number.isSafeInteger(i) || i < 0 || n >= 254 * 65536) throw new RangeError(`hollow node index ${i} is out of range`)
  return `127.${1 + Math.floor(n / 65536)}.${(n >> 8) & 255}.${n & 255}`
}

/** Runs `fn` over `items` with at most `limit` calls in flight; rejects with the first failure (after the in-flight ones settle). */
async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  let failure: unknown
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next++]
      try {
        await fn(item)
      } catch (e) {
        failure ??= e
      }
    }
  }
  await Promise.all(Array.from({length: Math.max(1, Math.min(limit, items.length))}, worker))
  if (failure !== undefined) throw failure
}

/** Starts one hollow node: join (or reuse credentials), optional kubelet server, kubelet; resolves once it is ready. */
async function startHollowNode(o: SimulateOptions, runtime: FakeRuntime, nodeName: string, nodeIP: string, capacity: Required<HollowCapacity>): Promise<HollowNode> {
  const dataDir = resolve(o.dataDir, nodeName)
  mkdirSync(dataDir, {recursive: true})
  const log = o.log ? (line: string) => o.log!(`${nodeName}: ${line}`) : () => undefined
  const credentials = await joinCluster({server: o.server, token: o.token, nodeName, nodeIP, dataDir})
  // a node's requests (status, lease, events) are short and small: they share one kept-alive connection
  // (as a real kubelet's share one HTTP/2 connection), so a thousand nodes cost the master about two
  // connections each, that one and the pod watch's
  const client = new Client({...loadKubeconfig({kubeconfig: credentials.kubeconfigPath}), maxConnections: 1})
  let server: KubeletServer | undefined
  let kubelet: Kubelet | undefined
  const stop = async () => {
    await kubelet?.stop().catch((e: Error) => log(`stop: ${e.message}`))
    await server?.close().catch((e: Error) => log(`stop: ${e.message}`))
    client.close()
  }
  try {
    if (o.kubeletServer) {
      server = await startKubeletServer({
        host: nodeIP,
        port: 0,
        certPem: credentials.kubeletCertPem,
        keyPem: credentials.kubeletKeyPem,
        caPem: credentials.caPem,
        runtime,
        nodeName,
        resolvePod: apiPodResolver(client, nodeName, runtimePodResolver(runtime, nodeName)),
        log,
      })
    }
    kubelet = await startKubelet({
      ...o.kubelet,
      client,
      nodeName,
      nodeIP,
      runtime,
      dataDir,
      kubeletPort: server?.port ?? 0,
      capacity,
      log,
    })
    await kubelet.ready()
  } catch (e) {
    await stop()
    throw e
  }
  return {nodeName, nodeIP, kubeletPort: server?.port ?? 0, client, kubelet, stop}
}

/**
 * Starts `count` hollow nodes, at most `startConcurrency` at a time, and resolves once every one has
 * registered and synced its pod informer. When one fails to start (refused join, unreachable master),
 * the ones started are stopped and the first error is thrown (a JoinError for join failures).
 */
export async function simulateNodes(o: SimulateOptions): Promise<HollowNodes> {
  if (!Number.isSafeInteger(o.count) || o.count < 1) throw new RangeError(`count must be a positive integer, got ${o.count}`)
  const prefix = o.namePrefix ?? 'hollow-'
  const first = o.firstIndex ?? 0
  const runtime = o.runtime ?? new FakeRuntime()
  const capacity = {...defaultHollowCapacity, ...o.capacity}
  mkdirSync(o.dataDir, {recursive: true})
  const started: HollowNode[] = []
  const t0 = performance.now()
  const indexes = Array.from({length: o.count}, (_, k) => first + k)
  try {
    await pool(indexes, o.startConcurrency ?? 16, async (i) => {
      const node = await startHollowNode(o, runtime, `${prefix}${i}`, hollowNodeIP(i), capacity)
      started.push(node)
      o.onNodeReady?.(node, started.length)
    })
  } catch (e) {
    await pool(started, 32, (n) => n.stop())
    throw e
  }
  const startMs = performance.now() - t0
  const byIndex = (n: HollowNode) => Number(n.nodeName.slice(prefix.length))
  started.sort((a, b) => byIndex(a) - byIndex(b))
  let stopping: Promise<void> | undefined
  return {
    nodes: started,
    runtime,
    startMs,
    stop: () => (stopping ??= pool(started, 32, (n) => n.stop())),
  }
}

/** Where `mkube node simulate` keeps its nodes' credentials by default: <data dir>/hollow-nodes. */
export function defaultSimulateDataDir(dataDir: string): string {
  return join(dataDir, 'hollow-nodes')
}
