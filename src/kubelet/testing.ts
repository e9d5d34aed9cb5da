/**
 * Test helpers for kubelet suites: node credentials from a test master (a real join, so the kubelet
 * runs as system:node:<name> under the node authorizer), polling, and pod manifests.
 */
import {Client} from '../client/client.js'
import {loadKubeconfig} from '../client/kubeconfig.js'
import {joinCluster} from '../node/join.js'
import type {Pod} from '../api/types/pod.js'

/** Joins `nodeName` to the master at `server` with its join token; answers a client with the node's credentials. */
export async function nodeClient(server: string, joinToken: string, nodeName: string, dataDir: string, nodeIP?: string): Promise<Client> {
  const creds = await joinCluster({server, token: joinToken, nodeName, dataDir, nodeIP})
  return new Client(loadKubeconfig({kubeconfig: creds.kubeconfigPath}))
}

/** Polls `fn` until it answers a truthy value (returned) or `timeoutMs` passes (throws with the last value). */
export async function until<T>(what: string, fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const v = await fn()
      if (v) return v
      last = v
    } catch (e) {
      last = e
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}

/** A pod manifest bound to `nodeName` (bypassing the scheduler), with busybox containers by default. */
export function testPod(name: string, nodeName: string, spec: Partial<NonNullable<Pod['spec']>> = {}, namespace = 'default'): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {name, namespace},
    spec: {
      nodeName,
      terminationGracePeriodSeconds: 2,
      containers: [{name: 'main', image: 'localhost/busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600']}],
      ...spec,
    },
  }
}
