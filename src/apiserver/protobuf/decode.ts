/**
 * Decoding Kubernetes' protobuf encoding (`application/vnd.kubernetes.protobuf`) into the JSON form of
 * the same object, so the API server can accept the request bodies client-go's typed clients send
 * (kubectl's `create configmap|secret|namespace|deployment|job|serviceaccount|service|token`, `drain`).
 *
 * The body is the 4-byte magic `k8s\0` and a runtime.Unknown envelope {typeMeta, raw, contentEncoding,
 * contentType}; `raw` is the object's message, decoded field by field with the schema of the
 * generated.proto files (schema.ts). Go's protobuf writes every non-pointer field, zero or not, where
 * its JSON encoding omits them: zero values are dropped again here, except for fields whose zero is
 * meaningful in Kubernetes (pointers such as `replicas`, `runAsUser`, `automountServiceAccountToken`).
 * Unknown fields, wire types that do not match the schema and truncated data are errors: nothing the
 * client sent is silently lost.
 */
import type {ProtoField} from './schema.js'

/** A body that is not valid Kubernetes protobuf (the API answers 400 with the message). */
export class ProtobufError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ProtobufError'
  }
}

/** The schema the decoder reads: message name → field number → field. */
export type ProtoSchema = Readonly<Record<string, Readonly<Record<number, ProtoField>>>>

const META = 'k8s.io.apimachinery.pkg.apis.meta.v1'
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00])

/** Message types whose JSON form is not an object. */
const SPECIAL = {
  time: `${META}.Time`,
  microTime: `${META}.MicroTime`,
  duration: `${META}.Duration`,
  fieldsV1: `${META}.FieldsV1`,
  quantity: 'k8s.io.apimachinery.pkg.api.resource.Quantity',
  intOrString: 'k8s.io.apimachinery.pkg.util.intstr.IntOrString',
  rawExtension: 'k8s.io.apimachinery.pkg.runtime.RawExtension',
} as const

const SPECIAL_TYPES: ReadonlySet<string> = new Set(Object.values(SPECIAL))

/**
 * Fields whose zero value (0, false, "" or an IntOrString 0) means something different from unset,
 * because Go declares them as pointers: they are kept when present on the wire.
 */
const MEANINGFUL_ZERO = new Set([
  'replicas',
  'revisionHistoryLimit',
  'progressDeadlineSeconds',
  'terminationGracePeriodSeconds',
  'activeDeadlineSeconds',
  'backoffLimit',
  'backoffLimitPerIndex',
  'maxFailedIndexes',
  'parallelism',
  'completions',
  'ttlSecondsAfterFinished',
  'startingDeadlineSeconds',
  'successfulJobsHistoryLimit',
  'failedJobsHistoryLimit',
  'gracePeriodSeconds',
  'expirationSeconds',
  'runAsUser',
  'runAsGroup',
  'fsGroup',
  'defaultMode',
  'mode',
  'priority',
  'automountServiceAccountToken',
  'readOnlyRootFilesystem',
  'runAsNonRoot',
  'allowPrivilegeEscalation',
  'privileged',
  'enableServiceLinks',
  'immutable',
  'suspend',
  'optional',
  'shareProcessNamespace',
  'hostUsers',
  'setHostnameAsFQDN',
  'orphanDependents',
  'minAvailable',
  'maxUnavailable',
  'maxSurge',
  'partition',
  'manualSelector',
  'allocateLoadBalancerNodePorts',
  'ready',
  'serving',
  'terminating',
])

/** Pointer-to-struct fields whose presence means something even when empty (`emptyDir: {}`). */
const MEANINGFUL_EMPTY = new Set(['emptyDir'])

/** Wire types. */
const VARINT = 0
const I64 = 1
const LEN = 2
const I32 = 5

const NUMERIC = new Set(['int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'bool', 'double', 'float', 'fixed32', 'fixed64', 'sfixed32', 'sfixed64'])

/** Reads one protobuf message's bytes. */
class Reader {
  pos = 0
  constructor(
    readonly buf: Buffer,
    readonly what: string,
  ) {}

  get done(): boolean {
    return this.pos >= this.buf.length
  }

  varint(): bigint {
    let result = 0n
    let shift = 0n
    for (;;) {
      if (this.pos >= this.buf.length) throw new ProtobufError(`${this.what}: truncated varint`)
      const b = this.buf[this.pos++]
      result |= BigInt(b & 0x7f) << shift
      if ((b & 0x80) === 0) return result
      shift += 7n
      if (shift > 63n) throw new ProtobufError(`${this.what}: varint too long`)
    }
  }

  bytes(n: number): Buffer {
    if (this.pos + n > this.buf.length) throw new ProtobufError(`${this.what}: truncated field (${n} bytes wanted, ${this.buf.length - this.pos} left)`)
    const out = this.buf.subarray(this.pos, this.pos + n)
    this.pos += n
    return out
  }

  lengthDelimited(): Buffer {
    return this.bytes(Number(this.varint()))
  }

  skip(wire: number): void {
    if (wire === VARINT) this.varint()
    else if (wire === I64) this.bytes(8)
    else if (wire === LEN) this.lengthDelimited()
    else if (wire === I32) this.bytes(4)
    else throw new ProtobufError(`${this.what}: unsupported wire type ${wire}`)
  }
}

/** The scalar from a varint of the given proto type. */
function fromVarint(v: bigint, type: string): number | boolean {
  switch (type) {
    case 'bool':
      return v !== 0n
    case 'int32':
      return Number(BigInt.asIntN(32, v))
    case 'int64':
      return Number(BigInt.asIntN(64, v))
    case 'uint32':
      return Number(BigInt.asUintN(32, v))
    case 'uint64':
      return Number(BigInt.asUintN(64, v))
    case 'sint32':
    case 'sint64':
      return Number((v >> 1n) ^ -(v & 1n))
    default:
      throw new ProtobufError(`a varint cannot hold a ${type}`)
  }
}

function fixedValue(b: Buffer, type: string): number {
  switch (type) {
    case 'double':
      return b.readDoubleLE(0)
    case 'float':
      return b.readFloatLE(0)
    case 'fixed32':
      return b.readUInt32LE(0)
    case 'sfixed32':
      return b.readInt32LE(0)
    case 'fixed64':
      return Number(b.readBigUInt64LE(0))
    case 'sfixed64':
      return Number(b.readBigInt64LE(0))
    default:
      throw new ProtobufError(`a fixed-size field cannot hold a ${type}`)
  }
}

function fixedWire(type: string): number | undefined {
  if (type === 'double' || type === 'fixed64' || type === 'sfixed64') return I64
  if (type === 'float' || type === 'fixed32' || type === 'sfixed32') return I32
  return undefined
}

/** Decodes one scalar or message value of `type` at the reader's position (wire type already read). */
function readValue(r: Reader, wire: number, type: string, schema: ProtoSchema, path: string): unknown {
  const fixed = fixedWire(type)
  if (fixed !== undefined) {
    if (wire !== fixed) throw new ProtobufError(`${path}: wire type ${wire} for a ${type}`)
    return fixedValue(r.bytes(fixed === I64 ? 8 : 4), type)
  }
  if (NUMERIC.has(type)) {
    if (wire !== VARINT) throw new ProtobufError(`${path}: wire type ${wire} for a ${type}`)
    return fromVarint(r.varint(), type)
  }
  if (wire !== LEN) throw new ProtobufError(`${path}: wire type ${wire} for a ${type}`)
  const data = r.lengthDelimited()
  if (type === 'string') return data.toString('utf8')
  if (type === 'bytes') return data.toString('base64')
  return decodeMessage(data, type, schema, path)
}

/** Decodes a message of `type` into its JSON value (objects for ordinary messages; see SPECIAL). */
export function decodeMessage(buf: Buffer, type: string, schema: ProtoSchema, path = type): unknown {
  const fields = schema[type]
  if (!fields) throw new ProtobufError(`${path}: no schema for message ${type}`)
  const r = new Reader(buf, path)
  const out: Record<string, unknown> = {}
  while (!r.done) {
    const key = r.varint()
    const num = Number(key >> 3n)
    const wire = Number(key & 7n)
    const field = fields[num]
    if (!field) throw new ProtobufError(`${path}: unknown field number ${num} of ${type}`)
    const [name, valueType, flags] = field
    const at = `${path}.${name}`
    if (flags === 'm') {
      if (wire !== LEN) throw new ProtobufError(`${at}: wire type ${wire} for a map entry`)
      const entry = new Reader(r.lengthDelimited(), at)
      let k = ''
      let v: unknown = valueType === 'string' || valueType === 'bytes' ? '' : undefined
      while (!entry.done) {
        const ek = entry.varint()
        const en = Number(ek >> 3n)
        const ew = Number(ek & 7n)
        if (en === 1) k = String(readValue(entry, ew, 'string', schema, at))
        else if (en === 2) v = readValue(entry, ew, valueType, schema, `${at}[${k}]`)
        else entry.skip(ew)
      }
      const map = (out[name] ??= {}) as Record<string, unknown>
      map[k] = v ?? zeroOf(valueType)
      continue
    }
    if (flags === 'r') {
      const list = (out[name] ??= []) as unknown[]
      if (wire === LEN && (NUMERIC.has(valueType) || fixedWire(valueType) !== undefined)) {
        // packed repeated scalars
        const packed = new Reader(r.lengthDelimited(), at)
        const w = fixedWire(valueType) ?? VARINT
        while (!packed.done) list.push(readValue(packed, w, valueType, schema, at))
      } else {
        list.push(readValue(r, wire, valueType, schema, at))
      }
      continue
    }
    out[name] = readValue(r, wire, valueType, schema, at)
  }
  return SPECIAL_TYPES.has(type) ? special(type, out) : prune(out)
}

/** The JSON zero of a map value type without a value on the wire. */
function zeroOf(type: string): unknown {
  if (type === 'bool') return false
  if (NUMERIC.has(type) || fixedWire(type) !== undefined) return 0
  if (type === SPECIAL.quantity) return '0'
  return {}
}

/** JSON forms of the messages Kubernetes encodes as strings, numbers or embedded JSON. */
function special(type: string, m: Record<string, unknown>): unknown {
  switch (type) {
    case SPECIAL.time:
    case SPECIAL.microTime: {
      const seconds = Number(m.seconds ?? 0)
      const nanos = Number(m.nanos ?? 0)
      if (seconds === 0 && nanos === 0) return null
      const iso = new Date(seconds * 1000).toISOString().slice(0, 19)
      return type === SPECIAL.time ? `${iso}Z` : `${iso}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z`
    }
    case SPECIAL.duration:
      return goDuration(Number(m.duration ?? 0))
    case SPECIAL.quantity:
      return String(m.string ?? '0')
    case SPECIAL.intOrString:
      return Number(m.type ?? 0) === 1 ? String(m.strVal ?? '') : Number(m.intVal ?? 0)
    case SPECIAL.rawExtension:
      return embeddedJson(m.raw, 'RawExtension')
    case SPECIAL.fieldsV1:
    default:
      return embeddedJson(m.Raw, 'FieldsV1')
  }
}

function embeddedJson(b64: unknown, what: string): unknown {
  if (typeof b64 !== 'string' || b64 === '') return null
  const text = Buffer.from(b64, 'base64').toString('utf8')
  try {
    return JSON.parse(text)
  } catch {
    throw new ProtobufError(`${what} holds data that is not JSON`)
  }
}

/** Go's time.Duration.String() for a number of nanoseconds. */
export function goDuration(ns: number): string {
  if (ns === 0) return '0s'
  const sign = ns < 0 ? '-' : ''
  let n = Math.abs(ns)
  if (n < 1000) return `${sign}${n}ns`
  if (n < 1_000_000) return `${sign}${trimFloat(n / 1000)}µs`
  if (n < 1_000_000_000) return `${sign}${trimFloat(n / 1_000_000)}ms`
  const h = Math.floor(n / 3_600_000_000_000)
  n -= h * 3_600_000_000_000
  const min = Math.floor(n / 60_000_000_000)
  n -= min * 60_000_000_000
  const s = `${trimFloat(n / 1_000_000_000)}s`
  if (h > 0) return `${sign}${h}h${min}m${s}`
  if (min > 0) return `${sign}${min}m${s}`
  return `${sign}${s}`
}

function trimFloat(x: number): string {
  return String(Number(x.toFixed(9)))
}

/** Drops the zero values Go's JSON would omit (see MEANINGFUL_ZERO for the exceptions). */
function prune(m: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(m)) {
    if (MEANINGFUL_ZERO.has(k) && v !== null && v !== undefined) continue
    if (v === '' || v === false || v === 0 || v === null || v === undefined) delete m[k]
    else if (Array.isArray(v) && v.length === 0) delete m[k]
    else if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0 && !MEANINGFUL_EMPTY.has(k)) delete m[k]
  }
  return m
}

/** A decoded object: its apiVersion, kind and JSON form. */
export interface DecodedObject {
  apiVersion: string
  kind: string
  object: Record<string, unknown>
}

/** Whether a body starts with the Kubernetes protobuf magic. */
export function hasProtobufMagic(body: Buffer): boolean {
  return body.length >= 4 && body.subarray(0, 4).equals(MAGIC)
}

/**
 * Decodes a whole request body (magic + runtime.Unknown). `messageFor` names the message of an
 * apiVersion/kind (null: not a kind this server decodes).
 */
export function decodeEnvelope(body: Buffer, schema: ProtoSchema, messageFor: (apiVersion: string, kind: string) => string | null): DecodedObject {
  if (!hasProtobufMagic(body)) throw new ProtobufError('the body does not start with the Kubernetes protobuf magic number')
  const env = new Reader(body.subarray(4), 'runtime.Unknown')
  let apiVersion = ''
  let kind = ''
  let raw: Buffer = Buffer.alloc(0)
  let contentEncoding = ''
  while (!env.done) {
    const key = env.varint()
    const num = Number(key >> 3n)
    const wire = Number(key & 7n)
    if (num === 1 && wire === LEN) {
      const tm = new Reader(env.lengthDelimited(), 'runtime.TypeMeta')
      while (!tm.done) {
        const k = tm.varint()
        const n = Number(k >> 3n)
        const w = Number(k & 7n)
        if (n === 1 && w === LEN) apiVersion = tm.lengthDelimited().toString('utf8')
        else if (n === 2 && w === LEN) kind = tm.lengthDelimited().toString('utf8')
        else tm.skip(w)
      }
    } else if (num === 2 && wire === LEN) raw = env.lengthDelimited()
    else if (num === 3 && wire === LEN) contentEncoding = env.lengthDelimited().toString('utf8')
    else env.skip(wire)
  }
  if (contentEncoding) throw new ProtobufError(`content encoding ${JSON.stringify(contentEncoding)} is not supported`)
  if (!kind || !apiVersion) throw new ProtobufError('the protobuf envelope names no apiVersion and kind')
  const message = messageFor(apiVersion, kind)
  if (!message) throw new ProtobufError(`${apiVersion} ${kind} cannot be sent as protobuf to this server: send JSON`)
  const object = decodeMessage(raw, message, schema, kind) as Record<string, unknown>
  return {apiVersion, kind, object: {apiVersion, kind, ...object}}
}
