/**
 * Certificate issuance with @peculiar/x509 over Node's WebCrypto: ECDSA P-256 keys, SHA-256 signatures.
 * Pure generation (no files); src/pki/ca.ts and src/pki/serving.ts persist the results. The x509 library
 * is loaded on first use only, so a start with existing credentials does not pay for it.
 */
import {createPrivateKey, createPublicKey, randomBytes, webcrypto} from 'node:crypto'

/** A certificate and its private key, both PEM (the key is PKCS#8 "PRIVATE KEY"). */
export interface KeyPairPem {
  certPem: string
  keyPem: string
}

/** The cluster CA as loaded from disk: its certificate and key (PEM). Created by ensureCA. */
export interface CertAuthority extends KeyPairPem {}

type X509 = typeof import('@peculiar/x509')
let lib: Promise<X509> | undefined

/** Loads @peculiar/x509 once and points it at Node's WebCrypto. */
async function x509(): Promise<X509> {
  // @peculiar/x509 (through tsyringe) needs the Reflect metadata API
  lib ??= import('reflect-metadata').then(() => import('@peculiar/x509')).then((m) => {
    m.cryptoProvider.set(webcrypto as unknown as Parameters<typeof m.cryptoProvider.set>[0])
    return m
  })
  return lib
}

const EC = {name: 'ECDSA', namedCurve: 'P-256'} as const
const SIGN = {name: 'ECDSA', hash: 'SHA-256'} as const
const DAY = 86_400_000

function serial(): string {
  const b = randomBytes(16)
  b[0] = (b[0] & 0x7f) | 0x01 // positive, no leading zero byte
  return b.toString('hex')
}

type Key = webcrypto.CryptoKey

async function newKeys(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])
}

async function keyToPem(m: X509, key: Key): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key)
  return m.PemConverter.encode(der, 'PRIVATE KEY') + '\n'
}

async function importSigningKey(m: X509, keyPem: string): Promise<Key> {
  const der = m.PemConverter.decodeFirst(keyPem)
  return webcrypto.subtle.importKey('pkcs8', der, EC, false, ['sign'])
}

function certToPem(cert: {toString(format: 'pem'): string}): string {
  return cert.toString('pem').trimEnd() + '\n'
}

/** Loads an existing PKCS#8 key (PEM) as a WebCrypto pair for signing with it. */
async function importPair(keyPem: string): Promise<webcrypto.CryptoKeyPair> {
  const priv = createPrivateKey(keyPem)
  const spki = createPublicKey(priv).export({type: 'spki', format: 'der'})
  const pkcs8 = priv.export({type: 'pkcs8', format: 'der'})
  const [privateKey, publicKey] = await Promise.all([
    webcrypto.subtle.importKey('pkcs8', pkcs8, EC, true, ['sign']),
    webcrypto.subtle.importKey('spki', spki, EC, true, ['verify']),
  ])
  return {privateKey, publicKey}
}

/** Options of createCA. */
export interface CAOptions {
  commonName?: string
  /** default 3650 (10 years) */
  validityDays?: number
  /** make the certificate for this existing key (PEM) instead of a new one */
  keyPem?: string
}

/** Creates a self-signed CA certificate (ECDSA P-256) and, unless given, its key. */
export async function createCA(opts: CAOptions = {}): Promise<KeyPairPem> {
  const m = await x509()
  const keys = opts.keyPem ? await importPair(opts.keyPem) : await newKeys()
  const commonName = opts.commonName ?? `mkube-ca@${Math.floor(Date.now() / 1000)}`
  const validityDays = opts.validityDays ?? 3650
  const now = Date.now()
  const cert = await m.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: [{CN: [commonName]}],
    notBefore: new Date(now - 5 * 60_000),
    notAfter: new Date(now + validityDays * DAY),
    keys,
    signingAlgorithm: SIGN,
    extensions: [
      new m.BasicConstraintsExtension(true, undefined, true),
      new m.KeyUsagesExtension(m.KeyUsageFlags.keyCertSign | m.KeyUsageFlags.cRLSign | m.KeyUsageFlags.digitalSignature, true),
      await m.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  })
  return {certPem: certToPem(cert), keyPem: opts.keyPem ?? (await keyToPem(m, keys.privateKey))}
}

/** What a leaf certificate is for, and who it names. */
export interface LeafSpec {
  commonName: string
  /** subject O= entries (Kubernetes groups for client certificates) */
  organizations?: string[]
  dnsNames?: string[]
  ips?: string[]
  usage: 'server' | 'client' | 'both'
  /** default 365 */
  validityDays?: number
}

/** Issues a leaf certificate with a fresh key, signed by `ca`. */
export async function issueLeaf(ca: CertAuthority, spec: LeafSpec): Promise<KeyPairPem> {
  const m = await x509()
  const caCert = new m.X509Certificate(ca.certPem)
  const caKey = await importSigningKey(m, ca.keyPem)
  const keys = await newKeys()
  const now = Date.now()
  const eku: string[] = []
  if (spec.usage !== 'client') eku.push(m.ExtendedKeyUsage.serverAuth)
  if (spec.usage !== 'server') eku.push(m.ExtendedKeyUsage.clientAuth)
  const names = [
    ...(spec.dnsNames ?? []).map((value) => ({type: 'dns' as const, value})),
    ...(spec.ips ?? []).map((value) => ({type: 'ip' as const, value})),
  ]
  const extensions: InstanceType<X509['Extension']>[] = [
    new m.BasicConstraintsExtension(false, undefined, true),
    new m.KeyUsagesExtension(m.KeyUsageFlags.digitalSignature | m.KeyUsageFlags.keyEncipherment, true),
    new m.ExtendedKeyUsageExtension(eku),
    await m.AuthorityKeyIdentifierExtension.create(caCert.publicKey),
  ]
  if (names.length > 0) extensions.push(new m.SubjectAlternativeNameExtension(names))
  const subject = [{CN: [spec.commonName]}, ...(spec.organizations ?? []).map((o) => ({O: [o]}))]
  const cert = await m.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject,
    issuer: caCert.subject,
    notBefore: new Date(now - 5 * 60_000),
    notAfter: new Date(now + (spec.validityDays ?? 365) * DAY),
    publicKey: keys.publicKey,
    signingKey: caKey,
    signingAlgorithm: SIGN,
    extensions,
  })
  return {certPem: certToPem(cert), keyPem: await keyToPem(m, keys.privateKey)}
}

/**
 * Issues a client certificate (CN = user name, O = groups), e.g. `system:node:<name>` in `system:nodes`
 * for node credentials. Valid one year.
 */
export async function issueClientCert(ca: CertAuthority, commonName: string, organizations: string[] = [], validityDays = 365): Promise<KeyPairPem> {
  return issueLeaf(ca, {commonName, organizations, usage: 'client', validityDays})
}
