/**
 * The cluster CA on disk: `ca.crt` and `ca.key` (mode 0600) in the master's data directory. Created once;
 * two masters starting on one empty data dir at the same time end with the same CA (exclusive creates:
 * the key first, then a certificate made from whichever key won).
 */
import {X509Certificate, createPrivateKey, createPublicKey, type KeyObject} from 'node:crypto'
import {join} from 'node:path'
import {createFileExclusive, readIfExists} from './files.js'
import {createCA, type CertAuthority} from './issue.js'

/** File names of the CA inside its directory. */
export const CA_CERT_FILE = 'ca.crt'
export const CA_KEY_FILE = 'ca.key'

/** True when the private key `keyPem` belongs to the certificate `certPem`. */
export function keyMatchesCert(certPem: string, keyPem: string): boolean {
  try {
    return new X509Certificate(certPem).checkPrivateKey(createPrivateKey(keyPem))
  } catch {
    return false
  }
}

function spki(k: KeyObject): Buffer {
  return k.export({type: 'spki', format: 'der'})
}

/** Checks a loaded CA: a CA certificate, matching key, not expired. Throws a one-line error otherwise. */
export function checkCA(ca: CertAuthority, where = 'the CA'): void {
  let cert: X509Certificate
  try {
    cert = new X509Certificate(ca.certPem)
  } catch (err) {
    throw new Error(`${where}: certificate cannot be parsed: ${(err as Error).message}`)
  }
  if (!cert.ca) throw new Error(`${where}: certificate is not a CA certificate`)
  let key: KeyObject
  try {
    key = createPrivateKey(ca.keyPem)
  } catch (err) {
    throw new Error(`${where}: private key cannot be parsed: ${(err as Error).message}`)
  }
  if (!spki(createPublicKey(key)).equals(spki(cert.publicKey))) throw new Error(`${where}: private key does not match the certificate`)
  if (new Date(cert.validTo).getTime() < Date.now()) throw new Error(`${where}: certificate expired on ${cert.validTo}`)
}

/** Loads the CA from `dir`; undefined when either file is missing. Checked with checkCA. */
export async function loadCA(dir: string): Promise<CertAuthority | undefined> {
  const [certPem, keyPem] = await Promise.all([readIfExists(join(dir, CA_CERT_FILE)), readIfExists(join(dir, CA_KEY_FILE))])
  if (certPem === undefined || keyPem === undefined) return undefined
  const ca = {certPem, keyPem}
  checkCA(ca, `CA in ${dir}`)
  return ca
}

/**
 * Creates (once) and loads the cluster CA in `dir`: ECDSA P-256, valid 10 years. Safe against concurrent
 * callers (all get the same CA) and against a crash between the two files (a missing certificate is
 * re-made from the existing key).
 */
export async function ensureCA(dir: string): Promise<CertAuthority> {
  const certPath = join(dir, CA_CERT_FILE)
  const keyPath = join(dir, CA_KEY_FILE)
  let certPem = await readIfExists(certPath)
  let keyPem = await readIfExists(keyPath)
  if (certPem !== undefined && keyPem !== undefined) {
    const ca = {certPem, keyPem}
    checkCA(ca, `CA in ${dir}`)
    return ca
  }
  if (certPem !== undefined && keyPem === undefined) throw new Error(`CA in ${dir}: ${CA_CERT_FILE} exists but ${CA_KEY_FILE} is missing`)
  const fresh = await createCA()
  if (keyPem === undefined) {
    await createFileExclusive(keyPath, fresh.keyPem, 0o600)
    keyPem = (await readIfExists(keyPath))!
  }
  // The certificate must be for the key that won; re-issue when another process's key is on disk.
  const cert = keyMatchesCert(fresh.certPem, keyPem) ? fresh.certPem : (await createCA({keyPem})).certPem
  await createFileExclusive(certPath, cert, 0o644)
  certPem = (await readIfExists(certPath))!
  const ca = {certPem, keyPem}
  checkCA(ca, `CA in ${dir}`)
  return ca
}

