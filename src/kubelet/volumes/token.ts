/**
 * Bound service account tokens for projected volumes: requested through the TokenRequest API
 * (serviceaccounts/<name>/token, bound to the pod), cached per pod and projection, refreshed once 80%
 * of their lifetime (or 24 h) has passed, as the kubelet's token manager does.
 */
import type {Client} from '../../client/client.js'
import {isNotFound} from '../../client/errors.js'
import type {Pod} from '../../api/types/pod.js'
import type {ServiceAccountTokenProjection} from '../../api/types/volume.js'
import {serviceAccountsRef} from '../refs.js'

interface Cached {
  token: string
  fetchedAt: number
  expiresAt: number
}

/** What get() answers: the token, or null with why (the source is then left out of the volume). */
export type TokenAnswer = {token: string} | {token: null; reason: string}

/** The TokenRequest answer fields we read. */
interface TokenRequestAnswer {
  status?: {token?: string; expirationTimestamp?: string}
}

/** Requests and caches tokens. */
export class TokenManager {
  private readonly cache = new Map<string, Cached>()

  constructor(
    private readonly client: Client,
    private readonly now: () => number = Date.now,
  ) {}

  /** The token for a projection of `pod` (null when the TokenRequest endpoint does not exist). Other API errors throw. */
  async get(pod: Pod, source: ServiceAccountTokenProjection): Promise<TokenAnswer> {
    const sa = pod.spec?.serviceAccountName || 'default'
    const expirationSeconds = source.expirationSeconds ?? 3600
    const key = `${pod.metadata.uid}/${sa}/${source.audience ?? ''}/${expirationSeconds}`
    const c = this.cache.get(key)
    const now = this.now()
    if (c && !this.needsRefresh(c, now)) return {token: c.token}
    const body = {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: {
        audiences: source.audience ? [source.audience] : [],
        expirationSeconds,
        boundObjectRef: {kind: 'Pod', apiVersion: 'v1', name: pod.metadata.name, uid: pod.metadata.uid},
      },
    }
    try {
      const tr = await this.client.createSubresource<TokenRequestAnswer>(serviceAccountsRef, sa, 'token', body, pod.metadata.namespace)
      const token = tr?.status?.token
      if (!token) throw new Error(`the TokenRequest for service account "${sa}" returned no token`)
      const exp = Date.parse(tr.status?.expirationTimestamp ?? '')
      this.cache.set(key, {token, fetchedAt: now, expiresAt: Number.isNaN(exp) ? now + expirationSeconds * 1000 : exp})
      return {token}
    } catch (e) {
      if (isNotFound(e)) return {token: null, reason: `failed to fetch token: ${(e as Error).message}`}
      if (c && c.expiresAt > now) return {token: c.token}
      throw new Error(`failed to fetch token: ${(e as Error).message}`)
    }
  }

  /** Forgets the tokens of a pod. */
  removePod(uid: string): void {
    for (const k of this.cache.keys()) if (k.startsWith(`${uid}/`)) this.cache.delete(k)
  }

  private needsRefresh(c: Cached, now: number): boolean {
    const ttl = c.expiresAt - c.fetchedAt
    return now > c.expiresAt || now - c.fetchedAt > ttl * 0.8 || now - c.fetchedAt > 24 * 3600_000
  }
}
