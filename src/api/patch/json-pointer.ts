import {inapplicable} from './errors.js'

/**
 * RFC 6901 JSON Pointer: parsing ("" is the whole document, "/a/b~1c" is ["a", "b/c"]), formatting and
 * array-index rules (no leading zeros, "-" names the slot after the last element).
 */

/** Split a pointer into unescaped reference tokens; throws a 422 PatchError when it is not a valid pointer. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return []
  if (!pointer.startsWith('/')) {
    throw inapplicable(`invalid JSON pointer ${JSON.stringify(pointer)}: must be empty or start with "/"`)
  }
  return pointer
    .slice(1)
    .split('/')
    .map((token) => {
      if (/~(?![01])/.test(token)) {
        throw inapplicable(`invalid JSON pointer ${JSON.stringify(pointer)}: "~" must be followed by 0 or 1`)
      }
      return token.replace(/~1/g, '/').replace(/~0/g, '~')
    })
}

/** Render reference tokens as a pointer (escaping "~" as "~0" and "/" as "~1"). */
export function formatPointer(tokens: readonly string[]): string {
  return tokens.map((t) => `/${t.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('')
}

/**
 * Parse an array index token. Returns the index, or -1 for "-" when `allowEnd` (the append position);
 * throws a 422 PatchError for anything else ("01", "-1", "x", or "-" where it is not allowed).
 */
export function parseArrayIndex(token: string, pointer: string, allowEnd: boolean): number {
  if (token === '-') {
    if (allowEnd) return -1
    throw inapplicable(`invalid array index "-" in ${JSON.stringify(pointer)}: "-" only names the append position of "add"`)
  }
  if (!/^(0|[1-9][0-9]*)$/.test(token)) {
    throw inapplicable(`invalid array index ${JSON.stringify(token)} in ${JSON.stringify(pointer)}`)
  }
  const n = Number(token)
  if (!Number.isSafeInteger(n)) throw inapplicable(`array index ${token} out of range in ${JSON.stringify(pointer)}`)
  return n
}
