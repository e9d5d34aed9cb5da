import {tokenize, type Token, type TokenKind} from './label-lexer.js'
import {labelKeyError, newRequirement, type Operator, type Requirement} from './requirement.js'
import {SelectorError} from './validation.js'

/**
 * Recursive-descent parser of label selector strings (k8s.io/apimachinery/pkg/labels Parser):
 *   selector    := '' | requirement (',' requirement)*
 *   requirement := ['!'] KEY | KEY op VALUE | KEY ('in'|'notin') '(' [VALUE (',' VALUE)*] ')'
 *   op          := '=' | '==' | '!=' | '>' | '<'
 * Keywords `in`/`notin` are ordinary identifiers where a value is expected. Errors are SelectorError
 * with upstream's wording ("unable to parse requirement: found 'x', expected: …").
 */

const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt'

type Context = 'keyAndOperator' | 'values'

class Parser {
  private pos = 0
  constructor(private readonly tokens: Token[]) {}

  /** The current token without consuming it; in 'values' context keywords count as identifiers. */
  private lookahead(context: Context): Token {
    return this.adjust(this.tokens[this.pos], context)
  }

  private consume(context: Context): Token {
    const t = this.tokens[this.pos]
    if (this.pos < this.tokens.length - 1) this.pos++
    return this.adjust(t, context)
  }

  private adjust(t: Token, context: Context): Token {
    if (t.kind === 'error') throw new SelectorError(`unable to parse requirement: ${t.text}`)
    if (context === 'values' && (t.kind === 'in' || t.kind === 'notin')) return {kind: 'identifier', text: t.text}
    return t
  }

  parse(): Requirement[] {
    const requirements: Requirement[] = []
    for (;;) {
      const t = this.lookahead('values')
      if (t.kind === 'end') return requirements
      if (t.kind !== 'identifier' && t.kind !== 'not') {
        throw new SelectorError(`found '${t.text}', expected: !, identifier, or 'end of string'`)
      }
      requirements.push(this.requirementOrThrow())
      const next = this.consume('values')
      if (next.kind === 'end') return requirements
      if (next.kind !== 'comma') throw new SelectorError(`found '${next.text}', expected: ',' or 'end of string'`)
      const after = this.lookahead('values')
      if (after.kind !== 'identifier' && after.kind !== 'not') {
        throw new SelectorError(`found '${after.text}', expected: identifier after ','`)
      }
    }
  }

  private requirementOrThrow(): Requirement {
    try {
      return this.requirement()
    } catch (e) {
      if (e instanceof SelectorError && !e.message.startsWith('unable to parse requirement')) {
        throw new SelectorError(`unable to parse requirement: ${e.message}`)
      }
      throw e
    }
  }

  private requirement(): Requirement {
    let t = this.consume('values')
    const doesNotExist = t.kind === 'not'
    if (doesNotExist) t = this.consume('values')
    if (t.kind !== 'identifier') throw new SelectorError(`found '${t.text}', expected: identifier`)
    const key = t.text
    const keyErr = labelKeyError(key)
    if (keyErr) throw new SelectorError(keyErr)
    // "!key" stands alone (anything after it is then rejected by parse()); "key" alone means exists
    if (doesNotExist) return newRequirement(key, '!', [])
    const next = this.lookahead('values').kind
    if (next === 'end' || next === 'comma') return newRequirement(key, 'exists', [])
    const operator = this.operator()
    const values = operator === 'in' || operator === 'notin' ? this.setValues() : this.exactValue()
    return newRequirement(key, operator, [...new Set(values)].sort())
  }

  private operator(): Operator {
    const t = this.consume('keyAndOperator')
    const ops: Partial<Record<TokenKind, Operator>> = {in: 'in', notin: 'notin', equals: '=', doubleEquals: '==', notEquals: '!=', gt: 'gt', lt: 'lt'}
    const op = ops[t.kind]
    if (op) return op
    if (t.text === '') throw new SelectorError("found '', expected: operator")
    throw new SelectorError(`found '${t.text}', expected: ${BINARY_OPERATORS}`)
  }

  private setValues(): string[] {
    const open = this.consume('values')
    if (open.kind !== 'open') throw new SelectorError(`found '${open.text}' expected: '('`)
    const t = this.lookahead('values')
    if (t.kind === 'close') {
      this.consume('values')
      return ['']
    }
    if (t.kind !== 'identifier' && t.kind !== 'comma') throw new SelectorError(`found '${t.text}', expected: ',', ')' or identifier`)
    const values = this.identifierList()
    const close = this.consume('values')
    if (close.kind !== 'close') throw new SelectorError(`found '${close.text}', expected: ')'`)
    return values
  }

  /** A possibly empty list of possibly empty comma-separated identifiers, up to (not including) ')'. */
  private identifierList(): string[] {
    const values: string[] = []
    for (;;) {
      const t = this.consume('values')
      if (t.kind === 'identifier') {
        values.push(t.text)
        const next = this.lookahead('values')
        if (next.kind === 'comma') continue
        if (next.kind === 'close') return values
        throw new SelectorError(`found '${next.text}', expected: ',' or ')'`)
      }
      if (t.kind !== 'comma') throw new SelectorError(`found '${t.text}', expected: ',', or identifier`)
      if (values.length === 0) values.push('')
      const next = this.lookahead('values')
      if (next.kind === 'close') {
        values.push('')
        return values
      }
      if (next.kind === 'comma') {
        this.consume('values')
        values.push('')
      }
    }
  }

  private exactValue(): string[] {
    const t = this.lookahead('values')
    if (t.kind === 'end' || t.kind === 'comma') return ['']
    const v = this.consume('values')
    if (v.kind === 'identifier') return [v.text]
    throw new SelectorError(`found '${v.text}', expected: identifier`)
  }
}

/** Parse a label selector string into requirements sorted by key; throws SelectorError. */
export function parseRequirements(selector: string): Requirement[] {
  const requirements = new Parser(tokenize(selector)).parse()
  return requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}
