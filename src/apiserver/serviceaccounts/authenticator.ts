/**
 * Authentication of service-account tokens (for TokenAuthenticator.addLookup), as Kubernetes' JWT
 * authenticator with the bound-token validator: the signature, issuer and time claims must hold, one
 * audience must be one the API server accepts, the ServiceAccount must still exist with the same uid, and
 * so must the object the token is bound to (pod, secret or node-only binding). Objects deleted more than
 * the leeway (60 s) ago invalidate their tokens at once, even while they finish terminating.
 */
import {ApiError} from '../../api/errors.js'
import type {KubeObject} from '../../api/meta.js'
import type {GenericRegistry} from '../rest/generic.js'
import type {UserInfo} from '../rest/types.js'
import {leewaySeconds, serviceAccountGroups, serviceAccountUsername, type ObjectRefClaim} from './claims.js'
import type {TokenIssuer} from './issuer.js'
import {apiAudiencesOf} from './tokenrequest.js'

/** What the lookup needs. */
export interface TokenLookupDeps {
  issuer: TokenIssuer
  /** the API server's registries by resource plural */
  registries: Map<string, GenericRegistry>
  /** audiences the API server accepts (default [issuer]) */
  apiAudiences?: readonly string[]
  now?: () => Date
}

/** The outcome of authenticating one token (the reason is for logs and tests, never sent to clients). */
export type TokenAuthResult = {ok: true; user: UserInfo} | {ok: false; reason: string}

async function lookup(reg: GenericRegistry | undefined, ns: string, ref: ObjectRefClaim, kind: string, deletedBefore: number): Promise<string | undefined> {
  if (!reg) return `${kind} lookups are not available`
  let obj: KubeObject
  try {
    obj = await reg.get(ns, ref.name)
  } catch (e) {
    if (e instanceof ApiError && e.code === 404) return `${kind} ${ns ? `${ns}/` : ''}${ref.name} has been deleted`
    throw e
  }
  if (obj.metadata.uid !== ref.uid) return `${kind} UID (${obj.metadata.uid}) does not match claim (${ref.uid})`
  const del = obj.metadata.deletionTimestamp ? new Date(obj.metadata.deletionTimestamp).getTime() : NaN
  if (del < deletedBefore) return `${kind} ${ref.name} is being deleted: the token has been invalidated`
  return undefined
}

/** Authenticates `token` as a service account, or says why it is not one. */
export async function authenticateServiceAccountToken(deps: TokenLookupDeps, token: string): Promise<TokenAuthResult> {
  const now = deps.now?.() ?? new Date()
  const v = deps.issuer.verify(token, now)
  if (!v.ok) return v
  const c = v.claims
  const auds = apiAudiencesOf(deps)
  if (!c.aud.some((a) => auds.includes(a))) return {ok: false, reason: `token audiences ${JSON.stringify(c.aud)} are invalid for the target audiences ${JSON.stringify(auds)}`}
  const k = c['kubernetes.io']
  const ns = k.namespace
  const deletedBefore = now.getTime() - leewaySeconds * 1000
  try {
    const problem =
      (await lookup(deps.registries.get('serviceaccounts'), ns, k.serviceaccount, 'service account', deletedBefore)) ??
      (k.secret ? await lookup(deps.registries.get('secrets'), ns, k.secret, 'secret', deletedBefore) : undefined) ??
      (k.pod ? await lookup(deps.registries.get('pods'), ns, k.pod, 'pod', deletedBefore) : undefined) ??
      // a pod-bound token names the pod's node for information only; a node-bound token depends on it
      (k.node && !k.pod && !k.secret ? await lookup(deps.registries.get('nodes'), '', k.node, 'node', deletedBefore) : undefined)
    if (problem) return {ok: false, reason: problem}
  } catch (e) {
    return {ok: false, reason: `validating the token: ${(e as Error).message}`}
  }
  return {ok: true, user: {username: serviceAccountUsername(ns, k.serviceaccount.name), uid: k.serviceaccount.uid, groups: serviceAccountGroups(ns)}}
}

/** A TokenAuthenticator lookup for service-account tokens: the user, or null for anything else. */
export function serviceAccountTokenLookup(deps: TokenLookupDeps): (token: string) => Promise<UserInfo | null> {
  return async (token) => {
    // cheap rejection of the other token formats (admin, bootstrap, node tokens): a JWS has three base64url parts
    if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) return null
    const r = await authenticateServiceAccountToken(deps, token)
    return r.ok ? r.user : null
  }
}
