/**
 * Strict field validation: walks a request body against the schema of its kind and lists the problems
 * Kubernetes' strict decoder (sigs.k8s.io/json UnmarshalStrict: case-sensitive, unknown and duplicate
 * fields disallowed) reports, in the same notation and order:
 *
 *   unknown field "spec.template.spec.contianers"
 *   unknown field "spec.containers[0].imagePullPolicyy"
 *   duplicate field "metadata.name"
 *
 * As in Go's decoder: keys of maps (labels, data, resources.limits …) are free; subtrees that decode into
 * opaque values (metadata.managedFields[*].fieldsV1, RawExtension, x-kubernetes-preserve-unknown-fields)
 * are not looked into; an unknown field is reported once, without descending into it; a repeated known
 * field (or map key) is reported as a duplicate and its value is still checked; null values and values
 * of the wrong JSON type are skipped (they are type errors, not strict-decoding errors); identical
 * messages are reported once and at most 100 are kept.
 */
import {schemaByName, schemaNameFor, resolveSchema, type KindRef} from './components.js'
import type {Schema} from './dsl.js'
import {parseJsonPreservingDuplicates, RawObject} from './json-scan.js'

/** The strict-decoding problems of one body. */
export interface FieldProblems {
  /** paths of unknown fields, e.g. "spec.template.spec.contianers", "spec.containers[0].imagePullPolicyy" */
  unknown: string[]
  /** paths of repeated fields (only found when walking raw JSON text), e.g. "metadata.name" */
  duplicates: string[]
  /** upstream's error texts in document order: `unknown field "…"`, `duplicate field "…"` */
  messages: string[]
}

/** sigs.k8s.io/json keeps at most this many strict errors. */
export const MAX_STRICT_ERRORS = 100

/**
 * Go's %q (strconv.Quote) as it applies to field paths: quotes, backslashes and control characters
 * escaped, everything else kept (Go also escapes non-printable Unicode, which field names do not use).
 */
export function goQuote(s: string): string {
  let out = '"'
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    if (ch === '"' || ch === '\\') out += '\\' + ch
    else if (c === 0x07) out += '\\a'
    else if (c === 0x08) out += '\\b'
    else if (c === 0x0c) out += '\\f'
    else if (c === 0x0a) out += '\\n'
    else if (c === 0x0d) out += '\\r'
    else if (c === 0x09) out += '\\t'
    else if (c === 0x0b) out += '\\v'
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0')
    else out += ch
  }
  return out + '"'
}

class Collector {
  readonly problems: FieldProblems = {unknown: [], duplicates: [], messages: []}
  private readonly seen = new Set<string>()

  /**
   * `prefix` is prepended to every message ("json patch " for JSON patch bodies); with `prune`, unknown
   * fields are deleted from the (plain) objects they are found in.
   */
  constructor(private readonly prefix = '', readonly prune = false) {}

  add(kind: 'unknown' | 'duplicate', path: string): void {
    const message = `${this.prefix}${kind} field ${goQuote(path)}`
    if (this.seen.has(message) || this.problems.messages.length >= MAX_STRICT_ERRORS) return
    this.seen.add(message)
    this.problems.messages.push(message)
    ;(kind === 'unknown' ? this.problems.unknown : this.problems.duplicates).push(path)
  }
}

/** The members of a JSON object (plain object or RawObject); undefined for anything else. */
function membersOf(v: unknown): [string, unknown][] | undefined {
  if (v instanceof RawObject) return v.entries
  if (v && typeof v === 'object' && !Array.isArray(v)) return Object.entries(v)
  return undefined
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key)

/** True when values under `s` decode into something opaque (any JSON accepted, nothing checked). */
function opaque(s: Schema): boolean {
  if (s['x-kubernetes-preserve-unknown-fields'] || s['x-kubernetes-int-or-string']) return true
  return s.type === 'object' && !s.properties && !s.additionalProperties
}

/** Stands for an interface{} destination: any JSON, with repeated keys reported at every depth. */
const ANY: Schema = {description: 'any JSON value'}

/** Repeated keys anywhere in `value` (what decoding into map[string]interface{} reports). */
function walkAny(value: unknown, path: string, out: Collector): void {
  if (Array.isArray(value)) return value.forEach((v, i) => walkAny(v, `${path}[${i}]`, out))
  const members = membersOf(value)
  if (!members) return
  const seen = new Set<string>()
  for (const [key, v] of members) {
    const p = join(path, key)
    if (seen.has(key)) out.add('duplicate', p)
    seen.add(key)
    walkAny(v, p, out)
  }
}

function walk(schemaRef: Schema, value: unknown, path: string, out: Collector): void {
  if (value === null || value === undefined) return
  if (schemaRef === ANY) return walkAny(value, path, out)
  const s = resolveSchema(schemaRef)
  if (opaque(s)) return
  if (s.properties) {
    const members = membersOf(value)
    if (!members) return
    const seen = new Set<string>()
    for (const [key, v] of members) {
      const field = Object.prototype.hasOwnProperty.call(s.properties, key) ? s.properties[key] : undefined
      const p = join(path, key)
      if (!field) {
        out.add('unknown', p)
        if (out.prune && !(value instanceof RawObject)) delete (value as Record<string, unknown>)[key]
        continue
      }
      if (seen.has(key)) out.add('duplicate', p)
      seen.add(key)
      walk(field, v, p, out)
    }
    return
  }
  if (s.additionalProperties && typeof s.additionalProperties === 'object') {
    const members = membersOf(value)
    if (!members) return
    const seen = new Set<string>()
    for (const [key, v] of members) {
      const p = join(path, key)
      if (seen.has(key)) out.add('duplicate', p)
      seen.add(key)
      walk(s.additionalProperties, v, p, out)
    }
    return
  }
  if (s.items && Array.isArray(value)) value.forEach((v, i) => walk(s.items!, v, `${path}[${i}]`, out))
}

function kindSchema(kind: KindRef): Schema {
  const name = schemaNameFor(kind)
  const s = name ? schemaByName(name) : undefined
  if (!s) throw new Error(`no schema for kind ${typeof kind === 'string' ? kind : `${kind.group}/${kind.version}/${kind.kind}`}`)
  return s
}

/** True when mkube has a schema for the kind (others, e.g. custom kinds, cannot be checked). */
export function hasSchemaFor(kind: KindRef): boolean {
  return schemaNameFor(kind) !== undefined
}

/**
 * Unknown fields of an already parsed body (JSON.parse keeps the last of repeated keys, so `duplicates`
 * is always empty here; use findFieldProblemsInJson on the request text to see those).
 */
export function findUnknownFields(kind: KindRef, obj: unknown): FieldProblems {
  const out = new Collector()
  walk(kindSchema(kind), obj, '', out)
  return out.problems
}

/**
 * Deletes the unknown fields of a parsed body in place, as decoding into Kubernetes' Go types drops them
 * (fieldValidation=Ignore or Warn), and returns what was found. Every unknown field is deleted, even
 * past the 100 reported ones.
 */
export function pruneUnknownFields(kind: KindRef, obj: unknown): FieldProblems {
  const out = new Collector('', true)
  walk(kindSchema(kind), obj, '', out)
  return out.problems
}

/** Problems of a value (parsed, or RawObject from parseJsonPreservingDuplicates) against any schema. */
export function findFieldProblemsWith(schema: Schema, value: unknown): FieldProblems {
  const out = new Collector()
  walk(schema, value, '', out)
  return out.problems
}

/** Unknown and duplicate fields of a JSON request body; throws SyntaxError when it is not JSON. */
export function findFieldProblemsInJson(kind: KindRef, text: string): FieldProblems {
  const out = new Collector()
  walk(kindSchema(kind), parseJsonPreservingDuplicates(text), '', out)
  return out.problems
}

/**
 * Repeated keys anywhere in a JSON text decoded without a schema: the strict errors upstream gets from
 * unmarshalling a strategic merge patch or a JSON merge patch body into map[string]interface{} (the
 * unknown fields of a patch are found afterwards, on the patched object: findUnknownFields).
 */
export function findDuplicateFieldsInJson(text: string): FieldProblems {
  const out = new Collector()
  walkAny(parseJsonPreservingDuplicates(text), '', out)
  return out.problems
}

/** One JSON patch (RFC 6902) operation as upstream decodes it (jsonPatchOp). */
const JSON_PATCH: Schema = {
  type: 'array',
  items: {type: 'object', properties: {op: {type: 'string'}, path: {type: 'string'}, from: {type: 'string'}, value: ANY}},
}

/**
 * Unknown and repeated fields of a JSON patch body (application/json-patch+json), with upstream's
 * "json patch " prefix: `json patch unknown field "[0].valu"`.
 */
export function findJsonPatchProblems(text: string): FieldProblems {
  const out = new Collector('json patch ')
  walk(JSON_PATCH, parseJsonPreservingDuplicates(text), '', out)
  return out.problems
}
