import type {KubeObject} from '../api/meta.js'
import {ApiError} from '../api/errors.js'
import {resolveResourceName} from '../api/registry.js'
import {bootstrapTokenType, tokenNamespace} from '../apiserver/tokens.js'
import type {Client} from '../client/client.js'
import {bootstrapSecret} from '../master/tokens.js'
import {caHash} from '../pki/token.js'
import {formatJoinToken, newBootstrapToken, parseDuration} from '../pki/jointoken.js'
import {humanDuration, tabwrite, TABLE_TABWRITER} from '../api/printers/index.js'
import {CliError} from './errors.js'

const secrets = () => resolveResourceName('secrets')!
const text = (v: unknown) => (typeof v === 'string' ? Buffer.from(v, 'base64').toString('utf8') : '')

async function clusterCA(client: Client): Promise<string> {
  if (client.config.caPem) return client.config.caPem
  return client.request<string>('GET', '/cacerts', {raw: true})
}

/** `token create`: a new join token (bootstrap token Secret), expiring after `ttl` (0 = never). */
export async function runTokenCreate(client: Client, o: {ttl: string; description?: string}): Promise<string> {
  let ttlMs: number
  try {
    ttlMs = parseDuration(o.ttl)
  } catch (e) {
    throw new CliError((e as Error).message)
  }
  const {id, secret} = newBootstrapToken()
  const expiration = ttlMs > 0 ? new Date(Date.now() + ttlMs) : undefined
  await client.create(secrets(), bootstrapSecret(id, secret, {expiration, description: o.description}), tokenNamespace)
  return formatJoinToken({caHash: caHash(await clusterCA(client)), id, secret})
}

/** `token list`: the join tokens with their expiry, as `kubeadm token list` shows them. */
export async function runTokenList(client: Client, now = new Date()): Promise<string> {
  const list = await client.list(secrets(), {namespace: tokenNamespace, fieldSelector: `type=${bootstrapTokenType}`})
  const rows: string[][] = [['TOKEN ID', 'TTL', 'EXPIRES', 'DESCRIPTION']]
  for (const s of list.items as (KubeObject & {data?: Record<string, string>})[]) {
    const d = s.data ?? {}
    const exp = text(d.expiration)
    const ttl = exp ? (new Date(exp).getTime() > now.getTime() ? humanDuration(new Date(exp).getTime() - now.getTime()) : '<expired>') : '<forever>'
    rows.push([text(d['token-id']), ttl, exp || '<never>', text(d.description) || '<none>'])
  }
  if (rows.length === 1) return 'No join tokens.'
  return tabwrite(rows.map((r) => r.join('\t') + '\n').join(''), TABLE_TABWRITER).trimEnd()
}

/** `token delete ID…`: removes join tokens (nodes that already joined keep their own credentials). */
export async function runTokenDelete(client: Client, ids: string[]): Promise<string[]> {
  const out: string[] = []
  for (const raw of ids) {
    const id = raw.includes('.') ? raw.split('.')[0].replace(/^MK1[0-9a-f]{64}::/, '') : raw
    if (!/^[a-z0-9]{6}$/.test(id)) throw new CliError(`"${raw}" is not a token id (6 characters [a-z0-9]) or a token`)
    try {
      await client.delete(secrets(), `bootstrap-token-${id}`, tokenNamespace)
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) throw new CliError(`join token "${id}" not found`)
      throw e
    }
    out.push(`join token "${id}" deleted`)
  }
  return out
}
