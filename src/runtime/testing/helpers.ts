/**
 * Small helpers for runtime tests: polling, reading streams, loopback HTTP, and the shared fixture
 * (a runtime plus unique node names) the real-runtime suites use.
 */
import {request} from 'node:http'
import {randomUUID} from 'node:crypto'
import type {Readable} from 'node:stream'
import type {ContainerConfig, ContainerRuntime, ContainerStatus, PodSandboxConfig} from '../types.js'

/** The busybox image every real-runtime test uses (the only image on the machine). */
export const BUSYBOX = 'localhost/busybox:latest'

/** Polls `fn` until it returns a value other than undefined/false, or throws after timeoutMs. */
export async function waitFor<T>(fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const v = await fn()
      if (v !== undefined && v !== false) return v as T
    } catch (e) {
      last = e
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`)
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}

/** Reads a stream to its end as UTF-8 text. */
export async function readAll(s: Readable): Promise<string> {
  const chunks: Buffer[] = []
  for await (const c of s) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)))
  return Buffer.concat(chunks).toString('utf8')
}

/** Accumulates a stream's text as it arrives (for follow/interactive tests). */
export function collect(s: Readable): {text: () => string} {
  let text = ''
  s.on('data', (c: Buffer | string) => {
    text += c.toString()
  })
  return {text: () => text}
}

/** GET http://host:port/path over loopback; resolves with status and body. */
export function httpGet(host: string, port: number, path = '/'): Promise<{status: number; body: string}> {
  return new Promise((resolve, reject) => {
    const req = request({host, port, path, method: 'GET', timeout: 3000}, res => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (body += c))
      res.on('end', () => resolve({status: res.statusCode ?? 0, body}))
    })
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', reject)
    req.end()
  })
}

/** Waits until a container has exited and returns its status. */
export function waitExited(rt: ContainerRuntime, id: string, timeoutMs = 20_000): Promise<ContainerStatus> {
  return waitFor(
    async () => {
      const s = await rt.containerStatus(id)
      return s.state === 'exited' ? s : undefined
    },
    timeoutMs,
    `container ${id} to exit`,
  )
}

/** A test fixture: the runtime, two node names unique to this run, and builders of configs. */
export class RuntimeFixture {
  readonly runId = randomUUID().slice(0, 8)
  readonly node: string
  readonly otherNode: string

  constructor(
    readonly rt: ContainerRuntime,
    label: string,
  ) {
    this.node = `rt-${label}-${this.runId}-a`
    this.otherNode = `rt-${label}-${this.runId}-b`
  }

  /** A sandbox config on this fixture's node (a fresh pod UID each call). */
  sandbox(podName: string, extra: Partial<PodSandboxConfig> = {}): PodSandboxConfig {
    return {podUid: randomUUID(), podName, namespace: 'rt-test', nodeName: this.node, labels: {app: podName}, ...extra}
  }

  /** Creates and starts a busybox container running `sh -c script`. */
  async run(sandboxId: string, name: string, script: string, extra: Partial<ContainerConfig> = {}): Promise<string> {
    const id = await this.rt.createContainer(sandboxId, {name, image: BUSYBOX, command: ['sh', '-c', script], ...extra})
    await this.rt.startContainer(id)
    return id
  }

  /** Removes every sandbox and container of both nodes (afterAll). */
  async cleanup(): Promise<void> {
    for (const nodeName of [this.node, this.otherNode]) {
      const containers = await this.rt.listContainers({nodeName, all: true}).catch(() => [])
      await Promise.all(containers.map(c => this.rt.removeContainer(c.id).catch(() => undefined)))
      const sandboxes = await this.rt.listPodSandboxes({nodeName}).catch(() => [])
      for (const s of sandboxes) await this.rt.removePodSandbox(s.id).catch(() => undefined)
    }
  }
}
