/**
 * The token issuer: signs service-account claims with the master's key and verifies tokens against its
 * public key(s) and issuer name. Knows nothing about objects (see tokenrequest.ts and authenticator.ts).
 */
import type {KeyObject} from 'node:crypto'
import {defaultIssuer, parseClaims, timeProblem, type ServiceAccountClaims} from './claims.js'
import {signJwt, verifyJwt} from './jwt.js'
import type {ServiceAccountKey} from './keys.js'

/** Options of a TokenIssuer. */
export interface TokenIssuerOptions {
  /** the iss claim (default https://kubernetes.default.svc.cluster.local) */
  issuer?: string
  /** further public keys whose tokens are accepted (a previous key during rotation) */
  extraPublicKeys?: readonly KeyObject[]
}

/** Result of a verification: the claims, or why the token is refused. */
export type VerifyResult = {ok: true; claims: ServiceAccountClaims} | {ok: false; reason: string}

/** Signs and verifies service-account JWTs. */
export class TokenIssuer {
  readonly issuer: string
  private readonly publicKeys: KeyObject[]

  constructor(
    private readonly key: ServiceAccountKey,
    opts: TokenIssuerOptions = {},
  ) {
    this.issuer = opts.issuer ?? defaultIssuer
    this.publicKeys = [key.publicKey, ...(opts.extraPublicKeys ?? [])]
  }

  /** The signed token for `claims`. */
  sign(claims: ServiceAccountClaims): string {
    return signJwt(claims, this.key.privateKey, this.key.keyId)
  }

  /** Checks the signature, the issuer, the claims' shape and the time claims at `now`. */
  verify(token: string, now: Date = new Date()): VerifyResult {
    const jwt = verifyJwt(token, this.publicKeys)
    if (!jwt) return {ok: false, reason: 'not a token signed by this issuer'}
    const claims = parseClaims(jwt.claims)
    if (!claims) return {ok: false, reason: 'malformed service account token claims'}
    if (claims.iss !== this.issuer) return {ok: false, reason: `token issuer ${claims.iss} is not ${this.issuer}`}
    const problem = timeProblem(claims, now)
    return problem ? {ok: false, reason: problem} : {ok: true, claims}
  }
}
