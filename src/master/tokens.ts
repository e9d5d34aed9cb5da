import {join} from 'node:path'
import type {KubeObject} from '../api/meta.js'
import {ApiError} from '../api/errors.js'
import type {GenericRegistry} from '../apiserver/rest/generic.js'
import type {RequestContext} from '../apiserver/rest/types.js'
import {bootstrapTokenType, tokenNamespace} from '../apiserver/tokens.js'
import {caHash, readIfExists, writeFileAtomic} from '../pki/index.js'
import {formatJoinToken, newBootstrapToken, parseJoinToken} from '../pki/jointoken.js'

const sys: RequestContext = {user: {username: 'system:apiserver', groups: ['system:masters']}, dryRun: false}
const b64 = (s: string) => Buffer.from(s).toString('base64')

/** The bootstrap-token Secret for a token id/secret (kubeadm's layout), with an optional expiry. */
export function bootstrapSecret(id: string, secret: string, opts: {expiration?: Date; description?: string} = {}): KubeObject {
  const data: Record<string, string> = {
    'token-id': b64(id),
    'token-secret': b64(secret),
    'usage-bootstrap-authentication': b64('true'),
    'auth-extra-groups': b64('system:bootstrappers:mkube:default-node-token'),
  }
  if (opts.expiration) data.expiration = b64(opts.expiration.toISOString().replace(/\.\d{3}Z$/, 'Z'))
  if (opts.description) data.description = b64(opts.description)
  return {apiVersion: 'v1', kind: 'Secret', metadata: {name: `bootstrap-token-${id}`, namespace: tokenNamespace}, type: bootstrapTokenType, data}
}

/**
 * The master's default join token (no expiry), kept in `<dataDir>/join-token` and backed by its Secret; made
 * on first start, reused after. A token whose Secret was deleted (by `mkube token delete`) is replaced.
 */
export async function ensureDefaultJoinToken(dataDir: string, secrets: GenericRegistry, caPem: string): Promise<string> {
  const file = join(dataDir, 'join-token')
  const saved = (await readIfExists(file))?.trim()
  const hash = caHash(caPem)
  if (saved) {
    try {
      const t = parseJoinToken(saved)
      if (t.caHash === hash) {
        await secrets.get(tokenNamespace, `bootstrap-token-${t.id}`)
        return saved
      }
    } catch (e) {
      if (e instanceof ApiError && e.code !== 404) throw e
    }
  }
  const {id, secret} = newBootstrapToken()
  await secrets.create(tokenNamespace, bootstrapSecret(id, secret, {description: 'default node join token of the master'}), sys)
  const token = formatJoinToken({caHash: hash, id, secret})
  await writeFileAtomic(file, token + '\n', 0o600)
  return token
}
