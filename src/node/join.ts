import https from 'node:https'
import {existsSync, mkdirSync} from 'node:fs'
import {join} from 'node:path'
import {ApiError} from '../api/errors.js'
import type {JoinResponse} from '../apiserver/join.js'
import {Client} from '../client/client.js'
import {loadKubeconfig, writeKubeconfig} from '../client/kubeconfig.js'
import {caHash, readIfExists, writeFileAtomic} from '../pki/index.js'
import {parseJoinToken} from '../pki/jointoken.js'

/** Where a node keeps its credentials and state inside its data dir. */
export function nodePaths(dataDir: string) {
  const dir = join(dataDir, 'node')
  return {
    dir,
    kubeconfig: join(dir, 'kubeconfig'),
    kubeletCert: join(dir, 'kubelet.crt'),
    kubeletKey: join(dir, 'kubelet.key'),
    ca: join(dir, 'ca.crt'),
    /** per-pod volume directories */
    pods: join(dir, 'pods'),
  }
}

/** A joined node's credentials (as written to its data dir). */
export interface NodeCredentials {
  nodeName: string
  server: string
  kubeconfigPath: string
  caPem: string
  kubeletCertPem: string
  kubeletKeyPem: string
}

/** A join failure with a one-line reason (wrong token, CA mismatch, unreachable server). */
export class JoinError extends Error {}

/** Fetches the CA a server presents at /cacerts without trusting it yet (it is verified against the token). */
function fetchCA(server: string): Promise<string> {
  const u = new URL('/cacerts', server)
  return new Promise((resolve, reject) => {
    const req = https.get(u, {rejectUnauthorized: false, timeout: 10_000}, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (d) => (body += d))
      res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new JoinError(`${server} answered ${res.statusCode} for /cacerts: is it an mkube master?`))))
    })
    req.on('timeout', () => req.destroy(new Error('timed out')))
    req.on('error', (e) => reject(new JoinError(`cannot reach the master at ${server}: ${e.message}`)))
  })
}

/**
 * Joins a cluster: checks the master's CA against the token's hash before sending the token, trades the
 * token for this node's own credentials and kubelet certificate, and writes them under the data dir.
 * A node that already holds working credentials for the same server reuses them.
 */
export async function joinCluster(o: {server: string; token: string; nodeName: string; nodeIP?: string; dataDir: string}): Promise<NodeCredentials> {
  const p = nodePaths(o.dataDir)
  let parsed
  try {
    parsed = parseJoinToken(o.token)
  } catch (e) {
    throw new JoinError((e as Error).message)
  }
  let server: URL
  try {
    server = new URL(o.server)
  } catch {
    throw new JoinError(`--server "${o.server}" is not a URL (expected https://HOST:PORT)`)
  }
  if (server.protocol !== 'https:') throw new JoinError(`--server must be an https:// URL, got ${o.server}`)
  const caPem = await fetchCA(o.server)
  let presented: string
  try {
    presented = caHash(caPem)
  } catch {
    throw new JoinError(`${o.server} did not present a CA certificate at /cacerts`)
  }
  if (presented !== parsed.caHash) {
    throw new JoinError(`the master at ${o.server} presented CA ${presented}, but the token is for CA ${parsed.caHash}: refusing to join (wrong server, or a man in the middle)`)
  }
  const reused = await existingCredentials(p, o.server, o.nodeName, caPem)
  if (reused) return reused
  const bootstrap = new Client({server: o.server, caPem, token: `${parsed.id}.${parsed.secret}`})
  let answer: JoinResponse
  try {
    answer = await bootstrap.request<JoinResponse>('POST', '/mkube/v1/join', {body: {nodeName: o.nodeName, nodeIP: o.nodeIP}})
  } catch (e) {
    if (e instanceof ApiError && e.code === 401) throw new JoinError(`the master at ${o.server} refused the join token (unknown, deleted or expired token)`)
    if (e instanceof ApiError) throw new JoinError(`join refused: ${e.message}`)
    throw new JoinError((e as Error).message)
  } finally {
    bootstrap.close()
  }
  mkdirSync(p.dir, {recursive: true, mode: 0o700})
  await writeFileAtomic(p.ca, answer.caPem, 0o644)
  await writeFileAtomic(p.kubeletCert, answer.kubeletCertPem, 0o644)
  await writeFileAtomic(p.kubeletKey, answer.kubeletKeyPem, 0o600)
  await writeKubeconfig(p.kubeconfig, {clusterName: 'mkube', server: o.server, caPem: answer.caPem, token: answer.token, user: `system:node:${o.nodeName}`})
  return {nodeName: o.nodeName, server: o.server, kubeconfigPath: p.kubeconfig, caPem: answer.caPem, kubeletCertPem: answer.kubeletCertPem, kubeletKeyPem: answer.kubeletKeyPem}
}

/** Credentials from an earlier join that still authenticate against the same master, or null. */
async function existingCredentials(p: ReturnType<typeof nodePaths>, server: string, nodeName: string, caPem: string): Promise<NodeCredentials | null> {
  if (!existsSync(p.kubeconfig)) return null
  let client: Client | undefined
  try {
    const cfg = loadKubeconfig({kubeconfig: p.kubeconfig})
    if (cfg.server !== server || cfg.caPem?.trim() !== caPem.trim() || !cfg.token?.startsWith(`node.${nodeName}.`)) return null
    client = new Client(cfg)
    // any authenticated answer (200, 403, 404) proves the credential; 401 means it was revoked
    await client.request('GET', `/api/v1/nodes/${encodeURIComponent(nodeName)}`).catch((e) => {
      if (e instanceof ApiError && e.code !== 401) return
      throw e
    })
    const [cert, key] = await Promise.all([readIfExists(p.kubeletCert), readIfExists(p.kubeletKey)])
    if (!cert || !key) return null
    return {nodeName, server, kubeconfigPath: p.kubeconfig, caPem, kubeletCertPem: cert, kubeletKeyPem: key}
  } catch {
    return null
  } finally {
    client?.close()
  }
}
