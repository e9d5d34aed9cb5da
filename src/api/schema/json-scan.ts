/**
 * A JSON parser that keeps what JSON.parse throws away: repeated object keys. Objects come back as
 * RawObject (the members in document order, duplicates included), so strict field validation can
 * report `duplicate field "…"` the way Kubernetes' decoder (sigs.k8s.io/json) does.
 *
 * Iterative (an explicit stack, no recursion) and limited to Go's nesting depth of 10000.
 */

/** A JSON object with its members in document order, repeated keys included. */
export class RawObject {
  constructor(readonly entries: [string, JsonValue][] = []) {}
}

/** A parsed JSON value; objects are RawObject. */
export type JsonValue = null | boolean | number | string | JsonValue[] | RawObject

/** Go's encoding/json scanner refuses documents nested deeper than this. */
export const MAX_DEPTH = 10000

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y

/** An open container; `key` is the member being read (objects only). */
interface Frame {
  node: RawObject | JsonValue[]
  key: string
}

/** Parses `text` (one JSON value, surrounding whitespace allowed); throws SyntaxError on invalid JSON. */
export function parseJsonPreservingDuplicates(text: string): JsonValue {
  let i = 0
  const n = text.length
  const fail = (what: string): never => {
    throw new SyntaxError(`invalid JSON at offset ${i}: ${what}`)
  }
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i)
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++
      else break
    }
  }
  const string = (): string => {
    if (text.charCodeAt(i) !== 0x22) fail('expected a string')
    const start = i
    let j = i + 1
    let escaped = false
    for (;;) {
      if (j >= n) fail('unterminated string')
      const c = text.charCodeAt(j)
      if (c === 0x22) break
      if (c < 0x20) fail('control character in string')
      if (c === 0x5c) {
        escaped = true
        j += 2
      } else j++
    }
    i = j + 1
    if (!escaped) return text.slice(start + 1, j)
    try {
      return JSON.parse(text.slice(start, j + 1)) as string
    } catch {
      return fail('invalid escape in string')
    }
  }
  const key = (): string => {
    ws()
    const k = string()
    ws()
    if (text.charCodeAt(i) !== 0x3a) fail("expected ':'")
    i++
    return k
  }
  const literal = (word: string, value: JsonValue): JsonValue => {
    if (!text.startsWith(word, i)) fail(`invalid literal, expected ${word}`)
    i += word.length
    return value
  }
  const scalar = (): JsonValue => {
    switch (text.charCodeAt(i)) {
      case 0x22:
        return string()
      case 0x74:
        return literal('true', true)
      case 0x66:
        return literal('false', false)
      case 0x6e:
        return literal('null', null)
    }
    NUMBER.lastIndex = i
    const m = NUMBER.exec(text)
    if (!m) return fail(i >= n ? 'unexpected end of input' : `unexpected character ${JSON.stringify(text[i])}`)
    i += m[0].length
    return Number(m[0])
  }

  const stack: Frame[] = []
  for (;;) {
    // Read one value: either a complete scalar/empty container, or open a container and loop for its first member.
    ws()
    let value: JsonValue
    const c = text.charCodeAt(i)
    if (c === 0x7b || c === 0x5b) {
      if (stack.length >= MAX_DEPTH) fail('exceeded max depth')
      i++
      ws()
      if (c === 0x7b) {
        const node = new RawObject()
        if (text.charCodeAt(i) === 0x7d) {
          i++
          value = node
        } else {
          stack.push({node, key: key()})
          continue
        }
      } else {
        const node: JsonValue[] = []
        if (text.charCodeAt(i) === 0x5d) {
          i++
          value = node
        } else {
          stack.push({node, key: ''})
          continue
        }
      }
    } else value = scalar()

    // Attach the value to its container; close every container that ends here.
    for (;;) {
      const top = stack[stack.length - 1]
      if (!top) {
        ws()
        if (i !== n) fail('unexpected data after the top-level value')
        return value
      }
      if (top.node instanceof RawObject) top.node.entries.push([top.key, value])
      else top.node.push(value)
      ws()
      const d = text.charCodeAt(i)
      if (d === 0x2c) {
        i++
        if (top.node instanceof RawObject) top.key = key()
        break
      }
      if (d !== (top.node instanceof RawObject ? 0x7d : 0x5d)) fail(i >= n ? 'unexpected end of input' : "expected ',' or a closing bracket")
      i++
      stack.pop()
      value = top.node
    }
  }
}
