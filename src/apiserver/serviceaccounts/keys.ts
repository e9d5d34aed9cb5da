/**
 * The service-account signing key the master keeps in its PKI directory, as kubeadm does: `sa.key`
 * (private key, PEM PKCS#8, mode 0600) and `sa.pub` (its public key, PEM SPKI). Created once as an ECDSA
 * P-256 key (tokens are ES256); an existing RSA sa.key (e.g. copied from kubeadm) is used as it is (RS256).
 */
import {createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject} from 'node:crypto'
import {join} from 'node:path'
import {createFileExclusive, readIfExists, writeFileAtomic} from '../../pki/files.js'
import {algorithmFor, keyIdFor, type JwsAlgorithm} from './jwt.js'

/** File names of the key pair inside the PKI directory. */
export const SA_KEY_FILE = 'sa.key'
export const SA_PUB_FILE = 'sa.pub'

/** A loaded service-account key pair. */
export interface ServiceAccountKey {
  privateKey: KeyObject
  publicKey: KeyObject
  /** ES256 or RS256, from the key type */
  algorithm: JwsAlgorithm
  /** the JWS kid: base64url SHA-256 of the public key's DER */
  keyId: string
}

/** Builds a ServiceAccountKey from a private key PEM (throws when it is not a usable EC P-256 or RSA key). */
export function serviceAccountKeyFromPem(keyPem: string): ServiceAccountKey {
  const privateKey = createPrivateKey(keyPem)
  const publicKey = createPublicKey(privateKey)
  return {privateKey, publicKey, algorithm: algorithmFor(privateKey), keyId: keyIdFor(publicKey)}
}

/**
 * Creates (once) and loads the service-account key in `dir`. Concurrent callers on one directory all end
 * with the same key (exclusive create); sa.pub is (re)written whenever it does not match the key.
 */
export async function ensureServiceAccountKey(dir: string): Promise<ServiceAccountKey> {
  const keyPath = join(dir, SA_KEY_FILE)
  const pubPath = join(dir, SA_PUB_FILE)
  let keyPem = await readIfExists(keyPath)
  if (!keyPem?.trim()) {
    const {privateKey} = generateKeyPairSync('ec', {namedCurve: 'P-256'})
    const pem = privateKey.export({type: 'pkcs8', format: 'pem'}) as string
    if (keyPem === undefined) await createFileExclusive(keyPath, pem, 0o600)
    else await writeFileAtomic(keyPath, pem, 0o600) // an empty file (truncated by hand): replace it
    keyPem = (await readIfExists(keyPath)) ?? pem
  }
  let key: ServiceAccountKey
  try {
    key = serviceAccountKeyFromPem(keyPem)
  } catch (err) {
    throw new Error(`service-account key ${keyPath}: ${(err as Error).message}`)
  }
  const pubPem = key.publicKey.export({type: 'spki', format: 'pem'}) as string
  if ((await readIfExists(pubPath)) !== pubPem) await writeFileAtomic(pubPath, pubPem, 0o644)
  return key
}
