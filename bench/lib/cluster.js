/**
 * A small cluster for the node benchmarks: a master child (`mkube master start --no-node`, scheduler and
 * controllers on) plus node agents run in the bench process (dist/node/agent.js on podman, or hollow
 * nodes from dist/node/simulate.js), watches that time pod phases, and podman helpers that only ever touch
 * objects labelled with the bench's own node name or label.
 */
import {execFile} from 'node:child_process'
import {promisify} from 'node:util'
import {dist} from './dist.js'
import {adminClient, removeDir, startMaster, tempDir} from './master.js'

const run = promisify(execFile)
export const PODS = {group: '', version: 'v1', resource: 'pods', namespaced: true}
export const NODES = {group: '', version: 'v1', resource: 'nodes', namespaced: false}
export const DEPLOYMENTS = {group: 'apps', version: 'v1', resource: 'deployments', namespaced: true}
export const SERVICES = {group: '', version: 'v1', resource: 'services', namespaced: true}
export const NAMESPACES = {group: '', version: 'v1', resource: 'namespaces', namespaced: false}
export const BUSYBOX = 'localhost/busybox:latest'

/** Runs podman; resolves stdout (rejects with stderr on failure). */
export async function podman(args, timeoutMs = 60_000) {
  const {stdout} = await run('podman', args, {timeout: timeoutMs, maxBuffer: 64 << 20})
  return stdout
}

/** Why podman cannot be used here (missing, or without the busybox image), or undefined when it can. */
export async function podmanProblem() {
  try {
    await podman(['version', '--format', '{{.Client.Version}}'], 20_000)
  } catch (e) {
    return `podman not usable (${String(e.message).split('\n')[0]})`
  }
  try {
    await podman(['image', 'exists', BUSYBOX], 20_000)
  } catch {
    return `podman not usable: image ${BUSYBOX} is missing`
  }
  return undefined
}

/** Force-removes the podman pods and containers a node named `nodeName` created (by mkube's node label). */
export async function removeNodeContainers(nodeName) {
  const pods = (await podman(['pod', 'ps', '-q', '--filter', `label=io.mkube.node=${nodeName}`]).catch(() => '')).split('\n').filter(Boolean)
  if (pods.length) await podman(['pod', 'rm', '-f', '-t', '0', ...pods], 120_000).catch(() => undefined)
  const ctrs = (await podman(['ps', '-aq', '--filter', `label=io.mkube.node=${nodeName}`]).catch(() => '')).split('\n').filter(Boolean)
  if (ctrs.length) await podman(['rm', '-f', '-t', '0', ...ctrs], 120_000).catch(() => undefined)
}

/** A master child on a fresh data directory, its admin client and its join token. */
export async function startBenchMaster(opts = {}) {
  const dataDir = tempDir('mkube-bench-cluster-')
  const m = await startMaster(dataDir, opts)
  for (let i = 0; i < 200 && !/--token \S+/.test(m.output()); i++) await new Promise((r) => setTimeout(r, 50))
  const token = /--token (\S+)/.exec(m.output())?.[1]
  if (!token) {
    await m.stop()
    removeDir(dataDir)
    throw new Error('the master printed no join token')
  }
  const client = await adminClient(dataDir, m.url)
  return {
    m,
    client,
    token,
    dataDir,
    async stop() {
      client.close()
      await m.stop()
      removeDir(dataDir)
    },
  }
}

/** A node agent in this process (dist/node/agent.js) joined to `master`; podman unless told otherwise. */
export async function startAgent(master, {nodeName = 'bench-node', nodeIP = '127.0.0.1', runtime = 'podman', proxy = false} = {}) {
  const {runNodeAgent} = await dist('node/agent.js')
  const dataDir = tempDir('mkube-bench-node-')
  const agent = await runNodeAgent({server: master.m.url, token: master.token, nodeName, nodeIP, runtime, dataDir, kubeletPort: 0, proxy, log: () => {}})
  return {
    agent,
    dataDir,
    async stop() {
      await agent.stop()
      removeDir(dataDir)
    },
  }
}

/**
 * Watches pods (all namespaces, or `namespace`) and calls `onPod(pod, at)` for every event, `at` being
 * performance.now() when the event was decoded. Resolves the watch handle once established.
 */
export async function watchPods(client, {namespace, labelSelector} = {}, onPod) {
  const list = await client.list(PODS, {namespace, labelSelector})
  const at0 = performance.now()
  for (const p of list.items) onPod(p, at0)
  return client.watch(PODS, {namespace, labelSelector, resourceVersion: list.metadata.resourceVersion}, (ev) => {
    if (ev.type === 'ADDED' || ev.type === 'MODIFIED') onPod(ev.object, performance.now())
  })
}

/** Resolves when `pred()` is true, checked every `everyMs`; rejects after `timeoutMs` with `what`. */
export async function waitFor(what, pred, timeoutMs, everyMs = 50) {
  const end = performance.now() + timeoutMs
  while (!(await pred())) {
    if (performance.now() > end) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}

/** A busybox pod manifest (sleep 3600), optionally bound to a node. */
export function busyboxPod(name, {namespace = 'default', nodeName, labels, command = ['sleep', '3600'], ports} = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {name, namespace, ...(labels ? {labels} : {})},
    spec: {
      ...(nodeName ? {nodeName} : {}),
      terminationGracePeriodSeconds: 0,
      enableServiceLinks: false,
      automountServiceAccountToken: false,
      containers: [{name: 'main', image: BUSYBOX, imagePullPolicy: 'IfNotPresent', command, ...(ports ? {ports} : {})}],
    },
  }
}

/** A Deployment of busybox pods sleeping an hour. */
export function busyboxDeployment(name, replicas, {namespace = 'default', requests} = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {name, namespace},
    spec: {
      replicas,
      selector: {matchLabels: {app: name}},
      template: {
        metadata: {labels: {app: name}},
        spec: {
          terminationGracePeriodSeconds: 0,
          enableServiceLinks: false,
          automountServiceAccountToken: false,
          containers: [{name: 'main', image: BUSYBOX, imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'], ...(requests ? {resources: {requests}} : {})}],
        },
      },
    },
  }
}

/** True when the pod is Running with its Ready condition True. */
export const isPodReady = (p) => p.status?.phase === 'Running' && (p.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')
