import {createHash, timingSafeEqual} from 'node:crypto'
import type {KubeObject} from '../api/meta.js'
import {ApiError} from '../api/errors.js'
import {bootstrapTokenPattern} from '../pki/jointoken.js'
import type {GenericRegistry} from './rest/generic.js'
import type {UserInfo} from './rest/types.js'

/** Bootstrap token Secrets live here, named bootstrap-token-<id> (as kubeadm's). */
export const tokenNamespace = 'kube-system'
/** Secret type of bootstrap tokens. */
export const bootstrapTokenType = 'bootstrap.kubernetes.io/token'
/** Secret type of node credentials (one Secret `node-token.<node name>` per node). */
export const nodeTokenType = 'mkube.io/node-token'
/** Node credential bearer tokens: `node.<node name>.<secret>`; the node name may itself contain dots. */
export const nodeTokenPattern = /^node\.(.+)\.([A-Za-z0-9_-]{32,})$/

function b64(s: string | undefined): string | undefined {
  return s === undefined ? undefined : Buffer.from(s, 'base64').toString('utf8')
}

function sameText(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest()
  const y = createHash('sha256').update(b).digest()
  return timingSafeEqual(x, y)
}

async function getSecret(secrets: GenericRegistry, name: string): Promise<KubeObject | null> {
  try {
    return await secrets.get(tokenNamespace, name)
  } catch (e) {
    if (e instanceof ApiError && e.code === 404) return null
    throw e
  }
}

/** SHA-256 hex of a node credential's secret part (what the node-token Secret stores). */
export function nodeSecretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

/**
 * Authenticates bootstrap tokens (`<id>.<secret>`, checked against their Secret and its expiration) as
 * system:bootstrap:<id> in group system:bootstrappers.
 */
export function bootstrapTokenLookup(secrets: GenericRegistry, now: () => number = Date.now) {
  return async (token: string): Promise<UserInfo | null> => {
    const m = bootstrapTokenPattern.exec(token)
    if (!m) return null
    const s = await getSecret(secrets, `bootstrap-token-${m[1]}`)
    if (!s || s.type !== bootstrapTokenType) return null
    const data = (s.data ?? {}) as Record<string, string>
    if (b64(data['token-id']) !== m[1] || !sameText(b64(data['token-secret']) ?? '', m[2])) return null
    if (b64(data['usage-bootstrap-authentication']) !== 'true') return null
    const exp = b64(data.expiration)
    if (exp && new Date(exp).getTime() <= now()) return null
    return {username: `system:bootstrap:${m[1]}`, groups: ['system:bootstrappers', 'system:authenticated']}
  }
}

/** Authenticates node credentials (`node.<name>.<secret>`) as system:node:<name> in group system:nodes. */
export function nodeTokenLookup(secrets: GenericRegistry) {
  return async (token: string): Promise<UserInfo | null> => {
    const m = nodeTokenPattern.exec(token)
    if (!m) return null
    const s = await getSecret(secrets, `node-token.${m[1]}`)
    if (!s || s.type !== nodeTokenType) return null
    const data = (s.data ?? {}) as Record<string, string>
    if (b64(data['node-name']) !== m[1] || !sameText(b64(data['secret-sha256']) ?? '', nodeSecretHash(m[2]))) return null
    return {username: `system:node:${m[1]}`, groups: ['system:nodes', 'system:authenticated']}
  }
}
