/**
 * Compact JWS (JWT) signing and verification with Node's crypto, for service-account tokens: ES256
 * (ECDSA P-256, signatures in JOSE's raw r||s form) or RS256 (RSA PKCS#1 v1.5), chosen by the key type.
 * No JSON Web Key handling, no other algorithms ("none" is never accepted).
 */
import {createHash, sign, verify, type KeyObject} from 'node:crypto'

/** The JWS algorithms supported. */
export type JwsAlgorithm = 'ES256' | 'RS256'

/** A JWS protected header as service-account tokens carry it. */
export interface JwsHeader {
  alg: JwsAlgorithm
  kid?: string
  typ?: string
}

/** A decoded, signature-checked token. */
export interface VerifiedJwt<C> {
  header: JwsHeader
  claims: C
}

/** The algorithm a key signs with: ES256 for EC P-256 keys, RS256 for RSA keys; throws for anything else. */
export function algorithmFor(key: KeyObject): JwsAlgorithm {
  if (key.asymmetricKeyType === 'rsa') return 'RS256'
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256'
  throw new Error(`unsupported service-account key: ${key.asymmetricKeyType} ${key.asymmetricKeyDetails?.namedCurve ?? ''}`.trim())
}

/** The key id Kubernetes derives from a public key: base64url(SHA-256(DER SubjectPublicKeyInfo)). */
export function keyIdFor(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({type: 'spki', format: 'der'})).digest('base64url')
}

function b64json(v: unknown): string {
  return Buffer.from(JSON.stringify(v), 'utf8').toString('base64url')
}

function dsaEncoding(alg: JwsAlgorithm): {dsaEncoding?: 'ieee-p1363'} {
  return alg === 'ES256' ? {dsaEncoding: 'ieee-p1363'} : {}
}

/** Signs `claims` with `privateKey` (header alg from the key; kid when given). Returns `header.payload.signature`. */
export function signJwt(claims: object, privateKey: KeyObject, kid?: string): string {
  const alg = algorithmFor(privateKey)
  const header: JwsHeader = kid ? {alg, kid} : {alg}
  const input = `${b64json(header)}.${b64json(claims)}`
  const sig = sign('sha256', Buffer.from(input), {key: privateKey, ...dsaEncoding(alg)})
  return `${input}.${sig.toString('base64url')}`
}

function parsePart(s: string): unknown {
  if (!/^[A-Za-z0-9_-]+$/.test(s)) return undefined
  try {
    return JSON.parse(Buffer.from(s, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * Checks a compact JWS against `publicKeys` (the one whose kid matches first, then every key of the
 * header's algorithm) and returns its header and claims; undefined when it is not a well-formed JWS of a
 * supported algorithm or no key verifies it. Claims (exp, aud …) are not interpreted here.
 */
export function verifyJwt<C = Record<string, unknown>>(token: string, publicKeys: readonly KeyObject[]): VerifiedJwt<C> | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  const header = parsePart(parts[0])
  const claims = parsePart(parts[1])
  if (!isRecord(header) || !isRecord(claims)) return undefined
  const alg = header.alg
  if (alg !== 'ES256' && alg !== 'RS256') return undefined
  if (!/^[A-Za-z0-9_-]*$/.test(parts[2])) return undefined
  const sig = Buffer.from(parts[2], 'base64url')
  const input = Buffer.from(`${parts[0]}.${parts[1]}`)
  const candidates = publicKeys.filter((k) => {
    try {
      return algorithmFor(k) === alg
    } catch {
      return false
    }
  })
  const kid = typeof header.kid === 'string' ? header.kid : undefined
  if (kid) candidates.sort((a, b) => Number(keyIdFor(b) === kid) - Number(keyIdFor(a) === kid))
  for (const key of candidates) {
    try {
      if (verify('sha256', input, {key, ...dsaEncoding(alg)}, sig)) return {header: header as unknown as JwsHeader, claims: claims as C}
    } catch {
      // a malformed signature for this key type: try the next key
    }
  }
  return undefined
}
