/**
 * The claims of bound service-account tokens, as Kubernetes' token.Claims builds them (registered
 * claims iss, sub, aud, exp, iat, nbf, jti plus the private `kubernetes.io` claim naming the namespace,
 * the ServiceAccount and the object the token is bound to), and the identities they authenticate as.
 */
import {randomUUID} from 'node:crypto'

/** The issuer mkube's API server stamps and accepts (kubeadm's default --service-account-issuer). */
export const defaultIssuer = 'https://kubernetes.default.svc.cluster.local'
/** The expirationSeconds kubelets request for projected tokens; such pod-bound tokens are extended (see below). */
export const warnOnlyBoundTokenExpirationSeconds = 3607
/** How long a pod-bound token requested for 3607 s really lives (upstream --service-account-extend-token-expiration). */
export const expirationExtensionSeconds = 365 * 24 * 60 * 60
/** Clock skew tolerated on exp/nbf/iat, and how long a deleted bound object keeps its tokens valid (jwt.DefaultLeeway). */
export const leewaySeconds = 60

/** A reference to an object in the private claim. */
export interface ObjectRefClaim {
  name: string
  uid: string
}

/** The `kubernetes.io` private claim. */
export interface KubernetesClaim {
  namespace: string
  serviceaccount: ObjectRefClaim
  pod?: ObjectRefClaim
  secret?: ObjectRefClaim
  node?: ObjectRefClaim
  /** NumericDate after which using the (extended) token should be warned about */
  warnafter?: number
}

/** All claims of a service-account token. */
export interface ServiceAccountClaims {
  iss: string
  sub: string
  aud: string[]
  exp: number
  iat: number
  nbf: number
  jti: string
  'kubernetes.io': KubernetesClaim
}

/** `system:serviceaccount:<namespace>:<name>`. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`
}

/** The groups every service account is in: system:serviceaccounts, system:serviceaccounts:<ns>, system:authenticated. */
export function serviceAccountGroups(namespace: string): string[] {
  return ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated']
}

/** What a token is issued for. */
export interface ClaimsInput {
  issuer: string
  namespace: string
  serviceAccount: ObjectRefClaim
  pod?: ObjectRefClaim
  secret?: ObjectRefClaim
  node?: ObjectRefClaim
  audiences: readonly string[]
  /** lifetime of the token */
  expirationSeconds: number
  /** when set, the warnafter claim: now + this many seconds */
  warnAfterSeconds?: number
  now: Date
  /** token id (default: a random UUID) */
  jti?: string
}

/** Builds the claims of a token (issued and valid from `now`). */
export function buildClaims(c: ClaimsInput): ServiceAccountClaims {
  const iat = Math.floor(c.now.getTime() / 1000)
  const k8s: KubernetesClaim = {namespace: c.namespace, serviceaccount: {...c.serviceAccount}}
  if (c.node) k8s.node = {...c.node}
  if (c.pod) k8s.pod = {...c.pod}
  if (c.secret) k8s.secret = {...c.secret}
  if (c.warnAfterSeconds) k8s.warnafter = iat + c.warnAfterSeconds
  return {
    aud: [...c.audiences],
    exp: iat + c.expirationSeconds,
    iat,
    iss: c.issuer,
    jti: c.jti ?? randomUUID(),
    'kubernetes.io': k8s,
    nbf: iat,
    sub: serviceAccountUsername(c.namespace, c.serviceAccount.name),
  }
}

function isRef(v: unknown): v is ObjectRefClaim {
  return typeof v === 'object' && v !== null && typeof (v as ObjectRefClaim).name === 'string' && typeof (v as ObjectRefClaim).uid === 'string'
}

/**
 * Validates the shape of decoded claims (aud may be a string or a list, as JWT allows) and returns them
 * normalised; undefined when something a service-account token must carry is missing or inconsistent
 * (sub must name the ServiceAccount of the private claim).
 */
export function parseClaims(raw: Record<string, unknown>): ServiceAccountClaims | undefined {
  const k8s = raw['kubernetes.io'] as Record<string, unknown> | undefined
  if (typeof k8s !== 'object' || k8s === null) return undefined
  if (typeof k8s.namespace !== 'string' || !k8s.namespace || !isRef(k8s.serviceaccount)) return undefined
  for (const k of ['pod', 'secret', 'node'] as const) if (k8s[k] !== undefined && !isRef(k8s[k])) return undefined
  const aud = typeof raw.aud === 'string' ? [raw.aud] : raw.aud
  if (!Array.isArray(aud) || !aud.every((a) => typeof a === 'string')) return undefined
  for (const k of ['exp', 'iat', 'nbf'] as const) if (raw[k] !== undefined && typeof raw[k] !== 'number') return undefined
  if (typeof raw.exp !== 'number' || typeof raw.iss !== 'string' || typeof raw.sub !== 'string') return undefined
  if (raw.sub !== serviceAccountUsername(k8s.namespace, (k8s.serviceaccount as ObjectRefClaim).name)) return undefined
  return {
    iss: raw.iss,
    sub: raw.sub,
    aud: aud as string[],
    exp: raw.exp,
    iat: (raw.iat as number | undefined) ?? 0,
    nbf: (raw.nbf as number | undefined) ?? 0,
    jti: typeof raw.jti === 'string' ? raw.jti : '',
    'kubernetes.io': k8s as unknown as KubernetesClaim,
  }
}

/** Why the token's time claims reject it at `now` (with leewaySeconds of tolerance), or undefined when they do not. */
export function timeProblem(c: ServiceAccountClaims, now: Date): string | undefined {
  const t = now.getTime() / 1000
  if (t - leewaySeconds >= c.exp) return 'service account token has expired'
  if (c.nbf && t + leewaySeconds < c.nbf) return 'service account token is not valid yet'
  if (c.iat && t + leewaySeconds < c.iat) return 'service account token is issued in the future'
  return undefined
}
