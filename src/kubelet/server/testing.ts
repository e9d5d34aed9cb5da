/**
 * Test fixtures for the kubelet server and its clients: a throw-away PKI (cluster CA, kubelet serving
 * certificate, admin and node client certificates, a stranger from another CA), pods on the fake
 * runtime, and a bare WebSocket exec client that records every frame.
 */
import {WebSocket} from 'ws'
import {createCA, issueClientCert, issueLeaf, type KeyPairPem} from '../../pki/index.js'
import type {ContainerRuntime} from '../../runtime/types.js'
import {decodeFrame, encodeClose, encodeFrame, Channel} from './channel.js'

/** Certificates for tests. */
export interface TestPki {
  ca: KeyPairPem
  /** kubelet serving certificate for 127.0.0.1 / localhost */
  serving: KeyPairPem
  /** CN system:apiserver, O system:masters (what the API server presents) */
  admin: KeyPairPem
  /** CN system:node:n1, O system:nodes */
  node: KeyPairPem
  /** an admin certificate from another CA */
  stranger: KeyPairPem
}

/** Makes a fresh PKI (about 100 ms). */
export async function makeTestPki(): Promise<TestPki> {
  const ca = await createCA({commonName: 'mkube-test-ca', validityDays: 2})
  const other = await createCA({commonName: 'other-ca', validityDays: 2})
  const [serving, admin, node, stranger] = await Promise.all([
    issueLeaf(ca, {commonName: 'system:node:n1', organizations: ['system:nodes'], usage: 'server', dnsNames: ['localhost'], ips: ['127.0.0.1'], validityDays: 2}),
    issueClientCert(ca, 'system:apiserver', ['system:masters'], 2),
    issueClientCert(ca, 'system:node:n1', ['system:nodes'], 2),
    issueClientCert(other, 'system:apiserver', ['system:masters'], 2),
  ])
  return {ca, serving, admin, node, stranger}
}

/** A running pod: its UID and the runtime ids of its containers by name. */
export interface FakePod {
  uid: string
  sandboxId: string
  containers: Record<string, string>
}

/** A container to run: a name, or a name and the command (ignored by the fake runtime). */
export type TestContainer = string | {name: string; command?: string[]; tty?: boolean}

/**
 * Runs a pod sandbox with running containers (the kubelet's job in production) on a runtime (the
 * fake, or a real one in end-to-end tests: the image is localhost/busybox:latest).
 */
export async function runFakePod(rt: ContainerRuntime, o: {nodeName: string; namespace: string; name: string; uid: string; containers: TestContainer[]}): Promise<FakePod> {
  const sandboxId = await rt.runPodSandbox({podUid: o.uid, podName: o.name, namespace: o.namespace, nodeName: o.nodeName})
  const containers: Record<string, string> = {}
  for (const c of o.containers) {
    const spec = typeof c === 'string' ? {name: c} : c
    containers[spec.name] = await startFakeContainer(rt, sandboxId, spec.name, 0, spec.command)
  }
  return {uid: o.uid, sandboxId, containers}
}

/** Creates and starts one container instance (restartCount > 0 for a restart). */
export async function startFakeContainer(rt: ContainerRuntime, sandboxId: string, name: string, restartCount: number, command?: string[]): Promise<string> {
  const id = await rt.createContainer(sandboxId, {name, image: 'localhost/busybox:latest', restartCount, command})
  await rt.startContainer(id)
  return id
}

/** What a raw exec client saw. */
export interface ExecTranscript {
  protocol: string
  stdout: string
  stderr: string
  /** the error channel's content */
  status: string
  closeCode: number
  /** channels of every message, in order (the first one is the "streams are up" empty message) */
  channels: number[]
}

/**
 * Connects a bare WebSocket exec client to `url` and collects the streams until the server closes.
 * `stdin` is sent once the connection is up (then, with v5, the stdin close signal unless
 * keepStdinOpen); `resize` sizes are sent before it.
 */
export function rawExec(
  url: string,
  o: {tls: {ca: string; cert?: string; key?: string}; protocols: string[]; headers?: Record<string, string>; stdin?: string; keepStdinOpen?: boolean; resize?: [number, number][]; onOpen?: (ws: WebSocket) => void},
): Promise<ExecTranscript> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, o.protocols, {ca: o.tls.ca, cert: o.tls.cert, key: o.tls.key, headers: o.headers})
    const t: ExecTranscript = {protocol: '', stdout: '', stderr: '', status: '', closeCode: 0, channels: []}
    ws.on('unexpected-response', (_req, res) => {
      let body = ''
      res.on('data', (d: Buffer) => (body += d))
      res.on('end', () => reject(Object.assign(new Error(`HTTP ${res.statusCode}: ${body}`), {statusCode: res.statusCode, body})))
    })
    ws.on('error', reject)
    ws.on('open', () => {
      t.protocol = ws.protocol
      for (const [w, h] of o.resize ?? []) ws.send(encodeFrame(Channel.resize, JSON.stringify({Width: w, Height: h})))
      if (o.stdin !== undefined) {
        ws.send(encodeFrame(Channel.stdin, o.stdin))
        if (!o.keepStdinOpen) ws.send(encodeClose(Channel.stdin))
      }
      o.onOpen?.(ws)
    })
    ws.on('message', (data: Buffer) => {
      const f = decodeFrame(data, t.protocol)
      if (f.type !== 'data') return
      t.channels.push(f.channel)
      const text = f.data.toString('utf8')
      if (f.channel === Channel.stdout) t.stdout += text
      else if (f.channel === Channel.stderr) t.stderr += text
      else if (f.channel === Channel.error) t.status += text
    })
    ws.on('close', (code) => {
      t.closeCode = code
      resolve(t)
    })
  })
}
