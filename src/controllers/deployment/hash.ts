/**
 * pod-template-hash: the stable short hash naming a Deployment's ReplicaSet per pod template.
 *
 * Upstream (controller.ComputeHash) feeds FNV-32a with a Go-specific dump of the template struct, which
 * cannot be reproduced outside Go. mkube hashes the template's canonical JSON instead — object keys
 * sorted, undefined members dropped — so the hash depends only on the template's content. As upstream,
 * a collisionCount (when set) is appended as 8 bytes (uint32 little-endian, then 4 zero bytes), and the
 * 32-bit sum is printed in decimal and each digit mapped to a consonant/digit alphabet
 * (rand.SafeEncodeString), giving names like `web-7d4b9c8f6`.
 */
import type {PodTemplateSpec} from '../../api/types/pod.js'

const FNV_OFFSET = 0x811c9dc5
const FNV_PRIME = 0x01000193
/** rand.SafeEncodeString's alphabet: no vowels (no words), no 0/1/3 (look like letters). */
const SAFE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789'

/** JSON with object keys sorted at every level (arrays keep their order; undefined members dropped). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {}
      for (const key of Object.keys(v).sort()) sorted[key] = (v as Record<string, unknown>)[key]
      return sorted
    }
    return v
  })
}

/** FNV-1a, 32 bits, over bytes; `seed` continues an earlier sum. */
export function fnv32a(bytes: Uint8Array, seed = FNV_OFFSET): number {
  let h = seed >>> 0
  for (const b of bytes) {
    h ^= b
    h = Math.imul(h, FNV_PRIME) >>> 0
  }
  return h
}

/** Maps each character of `s` onto the safe alphabet (rand.SafeEncodeString). */
export function safeEncodeString(s: string): string {
  let out = ''
  for (const ch of s) out += SAFE_ALPHANUMS[ch.codePointAt(0)! % SAFE_ALPHANUMS.length]
  return out
}

/** The pod-template-hash of `template` (see the module comment for the exact recipe). */
export function computeHash(template: PodTemplateSpec | undefined, collisionCount?: number): string {
  let h = fnv32a(new TextEncoder().encode(canonicalJson(template ?? {})))
  if (collisionCount !== undefined && collisionCount !== null) {
    const extra = new Uint8Array(8)
    new DataView(extra.buffer).setUint32(0, collisionCount >>> 0, true)
    h = fnv32a(extra, h)
  }
  return safeEncodeString(String(h))
}
