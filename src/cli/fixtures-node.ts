/**
 * Test fixture for `mkube logs` / `mkube exec` and kubectl: an in-process master, a kubelet server on
 * the fake runtime with a real kubelet certificate (from a real join), a Node object that points the
 * API server at it (InternalIP 127.0.0.1, daemonEndpoints port), and helpers to create pods bound to
 * that node whose containers run in the fake runtime. No kubelet sync loop: the test plays its part.
 */
import {join} from 'node:path'
import {rmSync} from 'node:fs'
import type {Pod} from '../api/types/pod.js'
import type {Client} from '../client/client.js'
import {apiPodResolver} from '../kubelet/server/resolve.js'
import {startKubeletServer, type KubeletServer} from '../kubelet/server/server.js'
import {runFakePod, type FakePod, type TestContainer} from '../kubelet/server/testing.js'
import {joinCluster} from '../node/join.js'
import {FakeRuntime} from '../runtime/fake.js'
import type {ContainerRuntime} from '../runtime/types.js'
import {startTestMaster, tempDir} from '../../test/harness.js'

export const NODE_NAME = 'kube-node-1'

/** The running fixture. */
export interface NodeFixture<R extends ContainerRuntime = FakeRuntime> {
  env: Awaited<ReturnType<typeof startTestMaster>>
  client: Client
  runtime: R
  nodeName: string
  kubelet: KubeletServer
  /** where kubectl keeps its discovery cache */
  kubectlCacheDir: string
  /** creates a pod bound to the node and runs its containers in the fake runtime */
  pod(name: string, containers: TestContainer[], extra?: {labels?: Record<string, string>; annotations?: Record<string, string>; initContainers?: string[]}): Promise<{pod: Pod; fake: FakePod}>
  stop(): Promise<void>
}

/** Starts the fixture (about a second) on the fake runtime. */
export function startNodeFixture(): Promise<NodeFixture> {
  return startNodeFixtureWith(new FakeRuntime(), NODE_NAME)
}

/** Starts the fixture on a given runtime and node name. */
export async function startNodeFixtureWith<R extends ContainerRuntime>(runtime: R, nodeName: string): Promise<NodeFixture<R>> {
  const env = await startTestMaster()
  const client = env.client
  const nodeDir = tempDir('mkube-node-')
  const creds = await joinCluster({server: env.master.url, token: env.master.joinToken, nodeName, nodeIP: '127.0.0.1', dataDir: nodeDir})
  const kubelet = await startKubeletServer({
    host: '127.0.0.1',
    port: 0,
    certPem: creds.kubeletCertPem,
    keyPem: creds.kubeletKeyPem,
    caPem: creds.caPem,
    runtime,
    nodeName,
    resolvePod: apiPodResolver(client, nodeName),
  })
  const node = await client.request<{metadata: {name: string}}>('POST', '/api/v1/nodes', {body: {apiVersion: 'v1', kind: 'Node', metadata: {name: nodeName}}})
  await client.request('PUT', `/api/v1/nodes/${nodeName}/status`, {
    body: {
      ...node,
      status: {
        addresses: [
          {type: 'InternalIP', address: '127.0.0.1'},
          {type: 'Hostname', address: nodeName},
        ],
        daemonEndpoints: {kubeletEndpoint: {Port: kubelet.port}},
        conditions: [{type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'test', lastHeartbeatTime: new Date().toISOString(), lastTransitionTime: new Date().toISOString()}],
      },
    },
  })
  return {
    env,
    client,
    runtime,
    nodeName,
    kubelet,
    kubectlCacheDir: join(nodeDir, 'kubectl-cache'),
    async pod(name, containers, extra = {}) {
      const spec = {
        nodeName,
        initContainers: extra.initContainers?.map((c) => ({name: c, image: 'localhost/busybox:latest'})),
        containers: containers.map((c) => ({name: typeof c === 'string' ? c : c.name, image: 'localhost/busybox:latest'})),
      }
      const pod = await client.request<Pod>('POST', '/api/v1/namespaces/default/pods', {
        body: {apiVersion: 'v1', kind: 'Pod', metadata: {name, labels: extra.labels, annotations: extra.annotations}, spec},
      })
      const fake = await runFakePod(runtime, {nodeName, namespace: 'default', name, uid: pod.metadata.uid!, containers: [...(extra.initContainers ?? []), ...containers]})
      return {pod, fake}
    },
    async stop() {
      await kubelet.close()
      for (const sb of await runtime.listPodSandboxes({nodeName})) await runtime.removePodSandbox(sb.id).catch(() => undefined)
      await env.stop()
      rmSync(nodeDir, {recursive: true, force: true})
    },
  }
}
