/**
 * Serving certificates on disk (`server.crt`/`server.key` for the API server; other names for other
 * servers, e.g. the kubelet): issued by the cluster CA with DNS and IP SANs, re-issued when a wanted
 * name is not covered, when it expires within 30 days, or when it was not issued by the current CA.
 */
import {X509Certificate} from 'node:crypto'
import {isIP} from 'node:net'
import {hostname} from 'node:os'
import {join} from 'node:path'
import {keyMatchesCert} from './ca.js'
import {readIfExists, withFileLock, writeFileAtomic} from './files.js'
import {issueLeaf, type CertAuthority, type KeyPairPem} from './issue.js'

/** Re-issue when the certificate expires within this many milliseconds (30 days). */
export const RENEW_BEFORE_MS = 30 * 86_400_000

/** What a serving certificate must cover and where it lives. Set by the caller (master or kubelet). */
export interface ServingCertOptions {
  /** extra DNS names (IP literals given here are treated as IPs) */
  hosts?: string[]
  /** extra IP addresses */
  ips?: string[]
  /** default 'server.crt' */
  certFile?: string
  /** default 'server.key' */
  keyFile?: string
  /** subject CN; default 'mkube-apiserver' */
  commonName?: string
  /** default 365 */
  validityDays?: number
}

/** The SANs a serving certificate must carry: always localhost, the host name, 127.0.0.1 and ::1. */
export interface WantedSans {
  dnsNames: string[]
  ips: string[]
}

/** The complete SAN lists for `opts` (defaults first, deduplicated, host names lower-cased). */
export function wantedSans(opts: Pick<ServingCertOptions, 'hosts' | 'ips'> = {}, host = hostname()): WantedSans {
  const dns = new Set<string>(['localhost'])
  const ips = new Set<string>(['127.0.0.1', '::1'])
  for (const h of [host, ...(opts.hosts ?? [])]) {
    const v = h.trim().toLowerCase()
    if (!v) continue
    if (isIP(v)) ips.add(v)
    else dns.add(v)
  }
  for (const ip of opts.ips ?? []) {
    const v = ip.trim()
    if (!v) continue
    if (!isIP(v)) throw new Error(`not an IP address: ${JSON.stringify(ip)}`)
    ips.add(v)
  }
  return {dnsNames: [...dns], ips: [...ips]}
}

/**
 * Why an existing serving certificate must be replaced, or undefined when it is fine: not issued by
 * `caPem`, key mismatch, a wanted SAN missing, or expiring within RENEW_BEFORE_MS of `now`.
 */
export function servingCertProblem(pair: KeyPairPem, caPem: string, sans: WantedSans, now = Date.now()): string | undefined {
  let cert: X509Certificate
  let ca: X509Certificate
  try {
    cert = new X509Certificate(pair.certPem)
    ca = new X509Certificate(caPem)
  } catch {
    return 'cannot be parsed'
  }
  if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return 'not issued by the cluster CA'
  if (!keyMatchesCert(pair.certPem, pair.keyPem)) return 'key does not match'
  if (new Date(cert.validTo).getTime() - now < RENEW_BEFORE_MS) return 'expires soon'
  for (const d of sans.dnsNames) if (!cert.checkHost(d, {subject: 'never'})) return `does not cover ${d}`
  for (const ip of sans.ips) if (!cert.checkIP(ip)) return `does not cover ${ip}`
  return undefined
}

/** Result of ensureServingCert: the pair in use and where it is. */
export interface ServingCert extends KeyPairPem {
  certPath: string
  keyPath: string
  /** true when this call issued a new certificate */
  issued: boolean
}

/**
 * Loads the serving certificate in `dir`, issuing a new one (signed by `ca`) when missing or unfit.
 * Concurrent callers on one directory serialise on a lock file and end with the same files.
 */
export async function ensureServingCert(dir: string, ca: CertAuthority, opts: ServingCertOptions = {}): Promise<ServingCert> {
  const certPath = join(dir, opts.certFile ?? 'server.crt')
  const keyPath = join(dir, opts.keyFile ?? 'server.key')
  const sans = wantedSans(opts)
  const load = async (): Promise<KeyPairPem | undefined> => {
    const [certPem, keyPem] = await Promise.all([readIfExists(certPath), readIfExists(keyPath)])
    if (certPem === undefined || keyPem === undefined) return undefined
    const pair = {certPem, keyPem}
    return servingCertProblem(pair, ca.certPem, sans) ? undefined : pair
  }
  const existing = await load()
  if (existing) return {...existing, certPath, keyPath, issued: false}
  return withFileLock(`${certPath}.lock`, async () => {
    const again = await load()
    if (again) return {...again, certPath, keyPath, issued: false}
    const pair = await issueLeaf(ca, {
      commonName: opts.commonName ?? 'mkube-apiserver',
      dnsNames: sans.dnsNames,
      ips: sans.ips,
      usage: 'server',
      validityDays: opts.validityDays ?? 365,
    })
    // Key first: a reader without the lock may briefly see the new key with the old certificate and
    // reject the pair (key mismatch), never accept a wrong one.
    await writeFileAtomic(keyPath, pair.keyPem, 0o600)
    await writeFileAtomic(certPath, pair.certPem, 0o644)
    return {...pair, certPath, keyPath, issued: true}
  })
}
