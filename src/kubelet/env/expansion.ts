/**
 * Kubernetes' $(VAR) expansion (third_party/forked/golang/expansion): `$(NAME)` is replaced by the
 * variable's value when it is defined and kept verbatim otherwise; `$$` is an escaped `$` (so
 * `$$(NAME)` yields the literal `$(NAME)`); any other `$` is kept.
 */

/** Looks a variable up; returns undefined when it is not defined. */
export type Lookup = (name: string) => string | undefined

/** A lookup over several maps, the first defining the name winning. */
export function mappingFor(...contexts: Array<Map<string, string> | Record<string, string>>): Lookup {
  return (name) => {
    for (const c of contexts) {
      const v = c instanceof Map ? c.get(name) : Object.hasOwn(c, name) ? c[name] : undefined
      if (v !== undefined) return v
    }
    return undefined
  }
}

/** Expands `$(VAR)` references in `input`. */
export function expand(input: string, lookup: Lookup): string {
  let out = ''
  let checkpoint = 0
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue
    out += input.slice(checkpoint, cursor)
    const rest = input.slice(cursor + 1)
    let advance = 1
    if (rest[0] === '$') {
      out += '$'
    } else if (rest[0] === '(') {
      const close = rest.indexOf(')', 1)
      if (close >= 0) {
        const name = rest.slice(1, close)
        out += lookup(name) ?? `$(${name})`
        advance = close + 1
      } else {
        out += '$('
      }
    } else {
      out += `$${rest[0]}`
    }
    cursor += advance
    checkpoint = cursor + 1
  }
  return out + input.slice(checkpoint)
}
