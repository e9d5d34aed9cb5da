/** Bearer tokens and the CA fingerprint used in join tokens. */
import {X509Certificate, createHash, randomBytes} from 'node:crypto'
import {join} from 'node:path'
import {createFileExclusive, readIfExists, writeFileAtomic} from './files.js'

/** File name of the admin bearer token in the master's data directory. */
export const ADMIN_TOKEN_FILE = 'admin.token'

/** A URL-safe random token (base64url of `bytes` random bytes; default 32 → 43 characters). */
export function generateToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}

/**
 * `sha256:<hex>` of the CA certificate's DER encoding (the first certificate of `caPem`). Nodes joining
 * with a token compare it with the CA the master presents before trusting it.
 */
export function caHash(caPem: string): string {
  const der = new X509Certificate(caPem).raw
  return `sha256:${createHash('sha256').update(der).digest('hex')}`
}

/**
 * Creates (once) and returns the admin bearer token stored in `dir/admin.token` (mode 0600). Concurrent
 * callers on one directory all get the same token.
 */
export async function ensureAdminToken(dir: string): Promise<string> {
  const path = join(dir, ADMIN_TOKEN_FILE)
  let token = (await readIfExists(path))?.trim()
  if (token) return token
  if (token === undefined) {
    await createFileExclusive(path, generateToken() + '\n', 0o600)
    token = (await readIfExists(path))?.trim()
  }
  if (!token) {
    // An empty file (truncated by hand): replace it.
    await writeFileAtomic(path, generateToken() + '\n', 0o600)
    token = (await readIfExists(path))!.trim()
  }
  return token
}
