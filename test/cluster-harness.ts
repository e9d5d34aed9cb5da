/**
 * A multi-node cluster for end-to-end suites on real podman: an in-process master (API server, scheduler,
 * controller manager with tunable controller options) and node agents (runNodeAgent, proxy off), either
 * in this process or in a child process (so that a test can kill -9 one node without any cleanup).
 *
 * Child nodes run the built code (dist/, `npm run build`), through a tiny ESM script calling runNodeAgent:
 * `mkube node join` would also start the node proxy, which as root changes the host network (cluster IPs
 * on lo, the service range route) and may disturb other suites running on the same machine.
 *
 * Every runtime object a node creates carries the node's name as a label: cleanup removes exactly those.
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {existsSync, mkdirSync, rmSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {execa} from 'execa'
import type {KubeObject} from '../src/api/meta.js'
import type {ResourceRef} from '../src/api/resource.js'
import {Client} from '../src/client/client.js'
import {loadKubeconfig} from '../src/client/kubeconfig.js'
import type {ControllerOptions} from '../src/controllers/types.js'
import {runMaster, type Master} from '../src/master/run.js'
import {runNodeAgent, type NodeAgent, type NodeAgentOptions} from '../src/node/agent.js'
import {probePodman} from '../src/runtime/detect.js'
import {LABEL} from '../src/runtime/labels.js'
import {kubectl, repoRoot, tempDir, type CliResult} from './harness.js'

export const image = 'localhost/busybox:latest'

export const refs = {
  pods: {group: '', version: 'v1', resource: 'pods', namespaced: true},
  nodes: {group: '', version: 'v1', resource: 'nodes', namespaced: false},
  namespaces: {group: '', version: 'v1', resource: 'namespaces', namespaced: false},
  configmaps: {group: '', version: 'v1', resource: 'configmaps', namespaced: true},
  events: {group: '', version: 'v1', resource: 'events', namespaced: true},
  deployments: {group: 'apps', version: 'v1', resource: 'deployments', namespaced: true},
  replicasets: {group: 'apps', version: 'v1', resource: 'replicasets', namespaced: true},
  daemonsets: {group: 'apps', version: 'v1', resource: 'daemonsets', namespaced: true},
  jobs: {group: 'batch', version: 'v1', resource: 'jobs', namespaced: true},
} satisfies Record<string, ResourceRef>

/**
 * Why podman suites cannot run here (undefined when they can). In CI (CI=true) a missing podman throws:
 * the suite must run there. Elsewhere the caller skips with the printed reason.
 */
export async function podmanSuitePrerequisite(suite: string): Promise<string | undefined> {
  let problem = (await probePodman()) ?? undefined
  if (!problem) {
    const r = await execa('podman', ['image', 'exists', image], {reject: false, timeout: 60_000})
    if (r.exitCode !== 0) problem = `the image ${image} is not in podman's store`
  }
  if (problem && process.env.CI === 'true') throw new Error(`CI=true but ${suite} cannot run: ${problem}`)
  if (problem) console.warn(`skipping ${suite}: ${problem}`)
  return problem
}

/** Polls `fn` until it answers something other than undefined/false (returned) or the time is up. */
export async function until<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 60_000, everyMs = 500): Promise<T> {
  const end = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const v = await fn()
      if (v !== undefined && v !== false) return v
      last = v
    } catch (e) {
      last = e
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}

/** Removes every podman pod and container labelled with `node` (and only those). */
export async function removeRuntimeObjects(node: string): Promise<void> {
  const ids = async (args: string[]) => String((await execa('podman', args, {reject: false, timeout: 120_000})).stdout).split('\n').filter(Boolean)
  const pods = await ids(['pod', 'ps', '-q', '--filter', `label=${LABEL.NODE}=${node}`])
  if (pods.length) await execa('podman', ['pod', 'rm', '-f', '-t', '0', ...pods], {reject: false, timeout: 180_000})
  const ctrs = await ids(['ps', '-aq', '--filter', `label=${LABEL.NODE}=${node}`])
  if (ctrs.length) await execa('podman', ['rm', '-f', '-t', '0', ...ctrs], {reject: false, timeout: 180_000})
}

/** Names of the containers (app containers, not sandboxes) podman holds for `node`, optionally filtered by label. */
export async function runtimeContainers(node: string, extraLabels: Record<string, string> = {}): Promise<string[]> {
  const filters = [`label=${LABEL.NODE}=${node}`, `label=${LABEL.KIND}=container`, ...Object.entries(extraLabels).map(([k, v]) => `label=${k}=${v}`)]
  const r = await execa('podman', ['ps', '-a', '--format', '{{.Names}}', ...filters.flatMap((f) => ['--filter', f])], {reject: false, timeout: 120_000})
  return String(r.stdout).split('\n').filter(Boolean)
}

/** What a node of the test cluster runs with. */
export interface NodeSpec {
  name: string
  ip: string
  /** run in a child process (kill -9 able) instead of this process */
  child?: boolean
  kubelet?: NodeAgentOptions['kubelet']
}

/** A node of the test cluster. */
export interface ClusterNode {
  spec: NodeSpec
  dataDir: string
  agent?: NodeAgent
  proc?: ChildProcess
  /** the child's output so far */
  output(): string
  /** stops the node agent cleanly (containers stay, as with a real kubelet) */
  stop(): Promise<void>
  /** kill -9 of a child node: no cleanup of any kind */
  kill(): Promise<void>
}

/** A test cluster. */
export interface Cluster {
  master: Master
  client: Client
  dataDir: string
  nodes: Map<string, ClusterNode>
  /** the last component and kubelet log lines */
  logs(): string[]
  addNode(spec: NodeSpec): Promise<ClusterNode>
  kubectl(args: string[], opts?: {input?: string; timeoutMs?: number}): Promise<CliResult>
  /** stops nodes and master, removes every runtime object of every node ever started and the temp dirs */
  cleanup(): Promise<void>
}

/** Options of startCluster. */
export interface ClusterOptions {
  controllerOptions?: Partial<ControllerOptions>
  nodes: NodeSpec[]
  /** how many log lines to keep (default 20000) */
  keepLogLines?: number
}

const childScript = `
const o = JSON.parse(process.env.MKUBE_TEST_AGENT)
const {runNodeAgent} = await import(o.module)
const log = (l) => process.stderr.write(new Date().toISOString() + ' ' + l + '\\n')
const agent = await runNodeAgent({...o.options, runtime: 'podman', log})
process.stdout.write('READY ' + agent.kubeletPort + '\\n')
const stop = () => agent.stop().finally(() => process.exit(0))
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
setInterval(() => {}, 1 << 30)
`

/** Starts the master and the nodes (in parallel) and waits for every node to be Ready. */
export async function startCluster(o: ClusterOptions): Promise<Cluster> {
  const dataDir = tempDir('mkube-cluster-')
  const keep = o.keepLogLines ?? 20_000
  const lines: string[] = []
  const log = (prefix: string) => (l: string) => {
    lines.push(`${new Date().toISOString()} ${prefix}: ${l}`)
    if (lines.length > keep) lines.splice(0, lines.length - keep)
  }
  const master = await runMaster({
    dataDir: join(dataDir, 'master'),
    port: 0,
    bindAddress: '127.0.0.1',
    runNode: false,
    compactIntervalMs: 0,
    components: {scheduler: true, controllers: true, controllerOptions: o.controllerOptions, leaseDurationSeconds: 4, renewDeadlineSeconds: 3, retryPeriodSeconds: 1},
    componentLog: log('master'),
  })
  const client = new Client(loadKubeconfig({kubeconfig: master.kubeconfigPath}))
  const nodes = new Map<string, ClusterNode>()
  const started: string[] = []
  const kubectlCache = join(dataDir, 'kubectl-cache')

  async function addNode(spec: NodeSpec): Promise<ClusterNode> {
    const nodeDir = join(dataDir, 'nodes', spec.name)
    mkdirSync(nodeDir, {recursive: true})
    if (!started.includes(spec.name)) started.push(spec.name)
    const options = {server: master.url, token: master.joinToken, nodeName: spec.name, nodeIP: spec.ip, dataDir: nodeDir, kubeletPort: 0, proxy: false, kubelet: spec.kubelet}
    let node: ClusterNode
    if (!spec.child) {
      const agent = await runNodeAgent({...options, runtime: 'podman', log: log(spec.name)})
      node = {spec, dataDir: nodeDir, agent, output: () => '', stop: () => agent.stop(), kill: () => Promise.reject(new Error(`${spec.name} is not a child node`))}
    } else {
      const module = pathToFileURL(join(repoRoot, 'dist', 'node', 'agent.js')).href
      if (!existsSync(join(repoRoot, 'dist', 'node', 'agent.js'))) throw new Error('child nodes run the built code: run `npm run build` first')
      const proc = spawn(process.execPath, ['--input-type=module', '-e', childScript], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {...process.env, NO_COLOR: '1', MKUBE_TEST_AGENT: JSON.stringify({module, options})},
      })
      // never outlive the test process (a crash or a timeout there must not leave a node agent behind)
      const reap = () => proc.kill('SIGKILL')
      process.once('exit', reap)
      proc.once('exit', () => process.off('exit', reap))
      let out = ''
      proc.stdout!.on('data', (d) => (out += d))
      proc.stderr!.on('data', (d) => {
        out += d
        for (const l of String(d).split('\n').filter(Boolean)) log(spec.name)(l)
      })
      await new Promise<void>((res, rej) => {
        const timer = setTimeout(() => rej(new Error(`child node ${spec.name} not ready in 60 s:\n${out}`)), 60_000)
        proc.stdout!.on('data', () => {
          if (/READY \d+/.test(out)) {
            clearTimeout(timer)
            res()
          }
        })
        proc.once('exit', (code, sig) => {
          clearTimeout(timer)
          rej(new Error(`child node ${spec.name} exited (${code ?? sig}):\n${out}`))
        })
      })
      const exited = () => proc.exitCode !== null || proc.signalCode !== null
      const signal = (sig: NodeJS.Signals) =>
        new Promise<void>((res) => {
          if (exited()) return res()
          proc.once('exit', () => res())
          proc.kill(sig)
        })
      node = {
        spec,
        dataDir: nodeDir,
        proc,
        output: () => out,
        stop: async () => {
          const t = setTimeout(() => proc.kill('SIGKILL'), 30_000)
          await signal('SIGTERM')
          clearTimeout(t)
        },
        kill: () => signal('SIGKILL'),
      }
    }
    nodes.set(spec.name, node)
    return node
  }

  const cluster: Cluster = {
    master,
    client,
    dataDir,
    nodes,
    logs: () => [...lines],
    addNode,
    kubectl: (args, opts = {}) => kubectl(args, {kubeconfig: master.kubeconfigPath, cacheDir: kubectlCache, ...opts}),
    async cleanup() {
      for (const n of nodes.values()) {
        if (n.proc) await n.kill().catch(() => undefined)
        else await n.stop().catch(() => undefined)
      }
      for (const name of started) await removeRuntimeObjects(name)
      client.close()
      await master.stop().catch(() => undefined)
      rmSync(dataDir, {recursive: true, force: true})
    },
  }
  try {
    await Promise.all(o.nodes.map((s) => addNode(s)))
    await until('every node Ready', async () => {
      for (const s of o.nodes) if (!isNodeReady(await client.get(refs.nodes, s.name))) return false
      return true
    }, 60_000)
  } catch (e) {
    await cluster.cleanup()
    throw e
  }
  return cluster
}

type Cond = {type: string; status: string; reason?: string; message?: string}

/** The condition `type` of an object's status. */
export function condition(obj: KubeObject | undefined, type: string): Cond | undefined {
  return ((obj as {status?: {conditions?: Cond[]}} | undefined)?.status?.conditions ?? []).find((c) => c.type === type)
}

export function isNodeReady(node: KubeObject): boolean {
  return condition(node, 'Ready')?.status === 'True'
}

export function isPodReady(pod: KubeObject): boolean {
  return condition(pod, 'Ready')?.status === 'True'
}

/** Node name → number of pods, over pods not being deleted. */
export function spread(pods: {spec?: {nodeName?: string}; metadata: {deletionTimestamp?: string}}[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (const p of pods) {
    if (p.metadata.deletionTimestamp) continue
    const n = p.spec?.nodeName ?? '<unscheduled>'
    out[n] = (out[n] ?? 0) + 1
  }
  return out
}
