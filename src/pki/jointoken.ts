/**
 * Join tokens: what `mkube node join --token` takes. A token carries the SHA-256 of the cluster CA
 * (so a joining node can verify the master before sending anything secret, as k3s tokens do) and a
 * kubeadm-style bootstrap token `<id>.<secret>` that the API server checks against a Secret
 * `bootstrap-token-<id>` in kube-system. Format: `MK1<64 hex>::<6 chars>.<16 chars>`. Pure.
 */
import {randomInt} from 'node:crypto'

/** A parsed join token. */
export interface JoinToken {
  /** `sha256:<hex>` of the CA certificate's DER */
  caHash: string
  /** bootstrap token id: 6 characters [a-z0-9] (public; names the Secret) */
  id: string
  /** bootstrap token secret: 16 characters [a-z0-9] */
  secret: string
}

const prefix = 'MK1'
const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'
/** A bootstrap token as a bearer token: `<id>.<secret>`. */
export const bootstrapTokenPattern = /^([a-z0-9]{6})\.([a-z0-9]{16})$/

function randomString(n: number): string {
  let s = ''
  for (let i = 0; i < n; i++) s += alphabet[randomInt(alphabet.length)]
  return s
}

/** A new random bootstrap token id and secret. */
export function newBootstrapToken(): {id: string; secret: string} {
  return {id: randomString(6), secret: randomString(16)}
}

/** The printable join token. */
export function formatJoinToken(t: JoinToken): string {
  const hex = t.caHash.replace(/^sha256:/, '')
  return `${prefix}${hex}::${t.id}.${t.secret}`
}

/** Parses a join token; throws an Error with a one-line reason when it is malformed. */
export function parseJoinToken(s: string): JoinToken {
  const m = /^MK1([0-9a-f]{64})::([a-z0-9]{6})\.([a-z0-9]{16})$/.exec(s.trim())
  if (!m) throw new Error('malformed join token: expected MK1<64 hex digits>::<6 characters>.<16 characters> (from "mkube token create" or the master\'s start output)')
  return {caHash: `sha256:${m[1]}`, id: m[2], secret: m[3]}
}

/** Parses a duration such as 30m, 24h, 1h30m, 90s, 7d; 0 means never expires. Throws on bad input. */
export function parseDuration(s: string): number {
  if (s === '0') return 0
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g
  let total = 0
  let consumed = 0
  for (const m of s.matchAll(re)) {
    if (m.index !== consumed) break
    consumed += m[0].length
    const n = Number(m[1])
    total += n * {ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000}[m[2] as 'ms']
  }
  if (consumed !== s.length || consumed === 0) throw new Error(`invalid duration "${s}" (examples: 30m, 24h, 1h30m, 7d; 0 for no expiry)`)
  return total
}
