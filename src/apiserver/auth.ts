import {createHash, timingSafeEqual} from 'node:crypto'
import type {IncomingMessage} from 'node:http'
import type {UserInfo} from './rest/types.js'

/** Authenticates a request. null = no credentials; throws/undefined-free: `invalid` = credentials given but wrong. */
export interface Authenticator {
  authenticate(req: IncomingMessage): Promise<UserInfo | 'invalid' | null>
}

/** A token source: returns the user a bearer token belongs to, or null. */
export type TokenLookup = (token: string) => Promise<UserInfo | null> | UserInfo | null

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest()
}

/**
 * Bearer-token authentication over a static table (the admin token, join tokens' node credentials) plus
 * optional dynamic lookups (service-account tokens, added by later components). Tokens are compared by
 * their SHA-256 digests in constant time.
 */
export class TokenAuthenticator implements Authenticator {
  private readonly table = new Map<string, {digest: Buffer; user: UserInfo}>()
  private readonly lookups: TokenLookup[] = []

  /** Adds a static token. */
  addToken(token: string, user: UserInfo): void {
    const d = digest(token)
    this.table.set(d.toString('hex'), {digest: d, user})
  }

  /** Removes a static token. */
  removeToken(token: string): void {
    this.table.delete(digest(token).toString('hex'))
  }

  /** Adds a dynamic token source, asked when no static token matches. */
  addLookup(fn: TokenLookup): void {
    this.lookups.push(fn)
  }

  async authenticate(req: IncomingMessage): Promise<UserInfo | 'invalid' | null> {
    const h = req.headers.authorization
    if (!h) return null
    const m = /^Bearer\s+(\S+)\s*$/i.exec(h)
    if (!m) return 'invalid'
    const d = digest(m[1])
    const hit = this.table.get(d.toString('hex'))
    if (hit && timingSafeEqual(hit.digest, d)) return hit.user
    for (const fn of this.lookups) {
      const u = await fn(m[1])
      if (u) return u
    }
    return 'invalid'
  }
}

/** Paths anonymous callers may read, as Kubernetes' default system:public-info-viewer role allows. */
export const publicPaths = new Set(['/healthz', '/livez', '/readyz', '/version'])
