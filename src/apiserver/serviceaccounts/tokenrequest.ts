/**
 * The serviceaccounts/token subresource (POST …/namespaces/NS/serviceaccounts/NAME/token): validates a
 * TokenRequest, checks the ServiceAccount and the bound object (Pod, Secret or Node, same uid), applies
 * the NodeRestriction rule for kubelets, and answers the request with status.token and
 * status.expirationTimestamp — as Kubernetes' TokenREST.Create does.
 */
import {ApiError, badRequest, cause, conflict, forbidden, invalid} from '../../api/errors.js'
import type {KubeObject, StatusCause} from '../../api/meta.js'
import {isObject} from '../../util/json.js'
import {nowRfc3339} from '../../util/time.js'
import type {GenericRegistry} from '../rest/generic.js'
import type {UserInfo} from '../rest/types.js'
import {buildClaims, expirationExtensionSeconds, warnOnlyBoundTokenExpirationSeconds, type ObjectRefClaim} from './claims.js'
import type {TokenIssuer} from './issuer.js'

/** authentication.k8s.io/v1 BoundObjectReference. */
export interface BoundObjectReference {
  kind?: string
  apiVersion?: string
  name?: string
  uid?: string
}

/** authentication.k8s.io/v1 TokenRequest. */
export interface TokenRequest extends KubeObject {
  spec: {audiences: string[]; expirationSeconds: number; boundObjectRef?: BoundObjectReference | null}
  status?: {token: string; expirationTimestamp: string}
}

/** Default and minimum of spec.expirationSeconds. */
export const defaultTokenExpirationSeconds = 3600
export const minTokenExpirationSeconds = 600
const maxUint32 = 4294967295
const group = 'authentication.k8s.io'

/** What the token subresource needs (built once by the API server). */
export interface TokenRequestDeps {
  issuer: TokenIssuer
  /** the API server's registries by resource plural (serviceaccounts, pods, secrets, nodes) */
  registries: Map<string, GenericRegistry>
  /** audiences the API server itself accepts (default [issuer]); requests without audiences get these */
  apiAudiences?: readonly string[]
  /** extend pod-bound 3607-second tokens to a year with a warnafter claim (default true, as upstream) */
  extendExpiration?: boolean
  /** longest expirationSeconds granted (0 or unset: no cap) */
  maxExpirationSeconds?: number
  now?: () => Date
}

/** The API audiences of `deps`. */
export function apiAudiencesOf(deps: Pick<TokenRequestDeps, 'issuer' | 'apiAudiences'>): readonly string[] {
  return deps.apiAudiences?.length ? deps.apiAudiences : [deps.issuer.issuer]
}

function registry(deps: TokenRequestDeps, plural: string): GenericRegistry {
  const r = deps.registries.get(plural)
  if (!r) throw new ApiError({message: `the server has no ${plural} registry`, reason: 'InternalError', code: 500})
  return r
}

function groupOf(apiVersion: string | undefined): string {
  const i = (apiVersion ?? '').indexOf('/')
  return i >= 0 ? apiVersion!.slice(0, i) : ''
}

/** Parses and defaults the request body; throws BadRequest/Invalid. */
export function parseTokenRequest(body: unknown, namespace: string, name: string): TokenRequest {
  if (!isObject(body)) throw badRequest('the request body must be a TokenRequest object')
  if (body.apiVersion !== undefined && body.apiVersion !== `${group}/v1`) {
    throw badRequest(`the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${group}/v1)`)
  }
  if (body.kind !== undefined && body.kind !== 'TokenRequest') throw badRequest(`the kind in the data (${String(body.kind)}) does not match the expected kind (TokenRequest)`)
  const md = isObject(body.metadata) ? body.metadata : {}
  const errs: StatusCause[] = []
  if (md.name !== undefined && md.name !== '' && md.name !== name) errs.push(cause.invalid('metadata.name', md.name, 'must match the service account name if specified'))
  if (md.namespace !== undefined && md.namespace !== '' && md.namespace !== namespace) {
    errs.push(cause.invalid('metadata.namespace', md.namespace, 'must match the service account namespace if specified'))
  }
  if (errs.length) throw invalid('TokenRequest', name, errs, group)
  const spec = isObject(body.spec) ? body.spec : {}
  const audiences = spec.audiences ?? []
  if (!Array.isArray(audiences) || !audiences.every((a) => typeof a === 'string')) throw badRequest('spec.audiences must be a list of strings')
  const exp = spec.expirationSeconds ?? defaultTokenExpirationSeconds
  if (typeof exp !== 'number' || !Number.isInteger(exp)) throw badRequest('spec.expirationSeconds must be an integer')
  const ref = spec.boundObjectRef
  if (ref !== undefined && ref !== null && !isObject(ref)) throw badRequest('spec.boundObjectRef must be an object')
  return {
    apiVersion: `${group}/v1`,
    kind: 'TokenRequest',
    metadata: {name, namespace},
    spec: {audiences: [...(audiences as string[])], expirationSeconds: exp, ...(ref ? {boundObjectRef: {...(ref as BoundObjectReference)}} : {})},
  }
}

/** ValidateTokenRequest: expirationSeconds between 10 minutes and 2^32-1 seconds. */
export function validateTokenRequest(tr: TokenRequest): StatusCause[] {
  const errs: StatusCause[] = []
  const e = tr.spec.expirationSeconds
  if (e < minTokenExpirationSeconds) errs.push(cause.invalid('spec.expirationSeconds', e, 'may not specify a duration less than 10 minutes'))
  if (e > maxUint32) errs.push({reason: 'FieldValueTooLong', field: 'spec.expirationSeconds', message: `Too long: must have at most ${maxUint32} bytes`})
  return errs
}

async function getOrNull(reg: GenericRegistry, ns: string, name: string): Promise<KubeObject | null> {
  try {
    return await reg.get(ns, name)
  } catch (e) {
    if (e instanceof ApiError && e.code === 404) return null
    throw e
  }
}

/**
 * NodeRestriction for token requests by a kubelet (system:node:<node>): the token must be bound to a pod
 * (with its uid) scheduled on that node.
 */
async function admitNodeTokenRequest(deps: TokenRequestDeps, node: string, namespace: string, name: string, tr: TokenRequest): Promise<void> {
  const deny = (why: string) => forbidden(`serviceaccounts "${name}" is forbidden: ${why}`, {kind: 'serviceaccounts', name})
  const ref = tr.spec.boundObjectRef
  if (!ref || ref.apiVersion !== 'v1' || ref.kind !== 'Pod' || !ref.name) throw deny('node requested token not bound to a pod')
  if (!ref.uid) throw deny('node requested token with a pod binding without a uid')
  const pod = await registry(deps, 'pods').get(namespace, ref.name)
  if (pod.metadata.uid !== ref.uid) {
    throw deny(`the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`)
  }
  if ((pod.spec as {nodeName?: string} | undefined)?.nodeName !== node) throw deny('node requested token bound to a pod scheduled on a different node')
}

/** The node name of a kubelet's identity, if `user` is one. */
function nodeOf(user: UserInfo | undefined): string | undefined {
  const m = user && /^system:node:(.+)$/.exec(user.username)
  return m && user.groups.includes('system:nodes') ? m[1] : undefined
}

/**
 * Serves POST serviceaccounts/NAME/token in `namespace`: returns the TokenRequest with status filled in
 * (HTTP 201). `user` is the caller (kubelets are held to their own pods).
 */
export async function createTokenRequest(deps: TokenRequestDeps, namespace: string, name: string, body: unknown, user?: UserInfo): Promise<TokenRequest> {
  const tr = parseTokenRequest(body, namespace, name)
  const sa = await registry(deps, 'serviceaccounts').get(namespace, name)
  const auds = apiAudiencesOf(deps)
  if (tr.spec.audiences.length === 0) tr.spec.audiences = [...auds]
  const now = deps.now?.() ?? new Date()
  tr.metadata.creationTimestamp = nowRfc3339(now)
  const errs = validateTokenRequest(tr)
  if (errs.length) throw invalid('TokenRequest', '', errs, group)
  const node = nodeOf(user)
  if (node !== undefined) await admitNodeTokenRequest(deps, node, namespace, name, tr)

  let pod: ObjectRefClaim | undefined
  let secret: ObjectRefClaim | undefined
  let nodeRef: ObjectRefClaim | undefined
  const ref = tr.spec.boundObjectRef
  if (ref) {
    const kind = ref.kind ?? ''
    if (groupOf(ref.apiVersion) !== '' || !['Pod', 'Secret', 'Node'].includes(kind)) throw badRequest(`cannot bind token for object of type ${ref.apiVersion ?? ''}, Kind=${kind}`)
    if (!ref.name) throw invalid('TokenRequest', name, [cause.required('spec.boundObjectRef.name')], group)
    let uid: string | undefined
    if (kind === 'Pod') {
      const p = await registry(deps, 'pods').get(namespace, ref.name)
      const spec = (p.spec ?? {}) as {serviceAccountName?: string; nodeName?: string}
      if (spec.serviceAccountName !== name) throw badRequest(`cannot bind token for serviceaccount "${name}" to pod running with different serviceaccount name.`)
      uid = p.metadata.uid
      pod = {name: ref.name, uid: uid ?? ''}
      // the node the pod runs on is recorded too (informational, as upstream)
      const n = spec.nodeName && deps.registries.get('nodes') ? await getOrNull(deps.registries.get('nodes')!, '', spec.nodeName) : null
      if (n) nodeRef = {name: n.metadata.name ?? '', uid: n.metadata.uid ?? ''}
    } else if (kind === 'Secret') {
      const s = await registry(deps, 'secrets').get(namespace, ref.name)
      uid = s.metadata.uid
      secret = {name: ref.name, uid: uid ?? ''}
    } else {
      const n = await registry(deps, 'nodes').get('', ref.name)
      uid = n.metadata.uid
      nodeRef = {name: ref.name, uid: uid ?? ''}
    }
    if (ref.uid && ref.uid !== uid) {
      throw conflict(kind, ref.name, `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`)
    }
  }

  if (deps.maxExpirationSeconds && tr.spec.expirationSeconds > deps.maxExpirationSeconds) tr.spec.expirationSeconds = deps.maxExpirationSeconds
  let exp = tr.spec.expirationSeconds
  let warnAfter: number | undefined
  const kubeAudiences = tr.spec.audiences.every((a) => auds.includes(a))
  if ((deps.extendExpiration ?? true) && pod && exp === warnOnlyBoundTokenExpirationSeconds && kubeAudiences) {
    warnAfter = exp
    exp = expirationExtensionSeconds
  }
  const claims = buildClaims({
    issuer: deps.issuer.issuer,
    namespace,
    serviceAccount: {name, uid: sa.metadata.uid ?? ''},
    pod,
    secret,
    node: nodeRef,
    audiences: tr.spec.audiences,
    expirationSeconds: exp,
    warnAfterSeconds: warnAfter,
    now,
  })
  // the reported expiry is the requested one, even when the token itself was extended
  const expirationTimestamp = nowRfc3339(new Date(now.getTime() + tr.spec.expirationSeconds * 1000))
  return {...tr, status: {token: deps.issuer.sign(claims), expirationTimestamp}}
}
