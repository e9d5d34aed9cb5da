/**
 * Key conventions of the store, and the prefix → key-range translation used by every prefix query.
 *
 * Keys are plain strings compared byte-wise (SQLite BINARY collation on UTF-8, which orders like code
 * points). The API server builds object keys WITHOUT a trailing slash (`/registry/pods/default/web-1`) and
 * collection prefixes WITH one (`/registry/pods/default/`, `/registry/pods/`). Prefix matching is a plain
 * string-prefix test, so the trailing slash is what keeps `/registry/pods/a/` from matching the key
 * `/registry/pods/ab/x`; a prefix without it (`/registry/pods/a`) would match both.
 */

/** A half-open key range [lo, hi); hi null = unbounded. Built from a prefix by `prefixRange`. */
export interface KeyRange {
  lo: string
  hi: string | null
}

/**
 * The range of keys that start with `prefix`: [prefix, successor(prefix)). The successor is the prefix with
 * its last code point incremented (skipping the surrogate block); a trailing U+10FFFF cannot be
 * incremented, so it is dropped and the previous code point incremented. '' → everything.
 */
export function prefixRange(prefix: string): KeyRange {
  const cps = Array.from(prefix)
  while (cps.length > 0) {
    const last = cps.pop()!.codePointAt(0)!
    if (last < 0x10ffff) {
      const next = last === 0xd7ff ? 0xe000 : last + 1
      return {lo: prefix, hi: cps.join('') + String.fromCodePoint(next)}
    }
  }
  return {lo: prefix, hi: null}
}

/** True when `key` is under `prefix` (the in-memory equivalent of `prefixRange`). */
export function hasPrefix(key: string, prefix: string): boolean {
  return key.startsWith(prefix)
}
