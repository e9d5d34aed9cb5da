/**
 * Tokenizer of label selector strings, as k8s.io/apimachinery/pkg/labels' Lexer: whitespace separates
 * tokens; `=`, `!`, `(`, `)`, `,`, `>`, `<` are operator characters (longest known operator wins:
 * `==`, `!=`); any other run of characters is an identifier, or the keyword `in` / `notin`.
 */

/** Token kinds. */
export type TokenKind =
  | 'identifier'
  | 'end'
  | 'error'
  | 'open'
  | 'close'
  | 'comma'
  | 'not'
  | 'equals'
  | 'doubleEquals'
  | 'notEquals'
  | 'in'
  | 'notin'
  | 'gt'
  | 'lt'

/** One scanned token; `text` is the literal (or the error description for 'error'). */
export interface Token {
  kind: TokenKind
  text: string
}

const LITERALS: Record<string, TokenKind> = {
  ')': 'close',
  ',': 'comma',
  '!': 'not',
  '==': 'doubleEquals',
  '=': 'equals',
  '>': 'gt',
  in: 'in',
  '<': 'lt',
  '!=': 'notEquals',
  notin: 'notin',
  '(': 'open',
}

function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n'
}

function isSpecial(ch: string): boolean {
  return ch === '=' || ch === '!' || ch === '(' || ch === ')' || ch === ',' || ch === '>' || ch === '<'
}

/** Scan a whole selector string into tokens, ending with an 'end' token (or stopping at an 'error' one). */
export function tokenize(input: string): Token[] {
  const tokens: Token[] = []
  let pos = 0
  for (;;) {
    while (pos < input.length && isWhitespace(input[pos])) pos++
    if (pos >= input.length) {
      tokens.push({kind: 'end', text: ''})
      return tokens
    }
    if (isSpecial(input[pos])) {
      let buffer = ''
      let last: Token | undefined
      while (pos < input.length && isSpecial(input[pos])) {
        const candidate = buffer + input[pos]
        if (LITERALS[candidate] !== undefined) {
          buffer = candidate
          last = {kind: LITERALS[candidate], text: candidate}
          pos++
        } else if (last) {
          break
        } else {
          buffer = candidate
          pos++
        }
      }
      if (!last) {
        tokens.push({kind: 'error', text: `error expected: keyword found '${buffer}'`})
        return tokens
      }
      tokens.push(last)
      continue
    }
    let text = ''
    while (pos < input.length && !isSpecial(input[pos]) && !isWhitespace(input[pos])) text += input[pos++]
    const kind = Object.prototype.hasOwnProperty.call(LITERALS, text) ? LITERALS[text] : 'identifier'
    tokens.push({kind, text})
  }
}
