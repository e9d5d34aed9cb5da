import {describe, expect, it} from 'vitest'
import {decodeEnvelope, decodeMessage, goDuration, ProtobufError, type ProtoSchema} from './decode.js'

// a tiny protobuf writer for the fixtures
const varint = (n: number | bigint): number[] => {
  let v = BigInt.asUintN(64, BigInt(n))
  const out: number[] = []
  do {
    let b = Number(v & 0x7fn)
    v >>= 7n
    if (v > 0n) b |= 0x80
    out.push(b)
  } while (v > 0n)
  return out
}
const key = (num: number, wire: number) => varint((num << 3) | wire)
const str = (num: number, s: string | Buffer) => {
  const b = typeof s === 'string' ? Buffer.from(s) : s
  return [...key(num, 2), ...varint(b.length), ...b]
}
const msg = (num: number, body: number[]) => [...key(num, 2), ...varint(body.length), ...body]
const int = (num: number, n: number | bigint) => [...key(num, 0), ...varint(n)]
const entry = (num: number, k: string, v: number[]) => msg(num, [...str(1, k), ...v])
const dbl = (num: number, x: number) => {
  const b = Buffer.alloc(8)
  b.writeDoubleLE(x)
  return [...key(num, 1), ...b]
}

const META = 'k8s.io.apimachinery.pkg.apis.meta.v1'
const schema: ProtoSchema = {
  [`${META}.ObjectMeta`]: {1: ['name', 'string'], 2: ['generateName', 'string'], 7: ['generation', 'int64'], 8: ['creationTimestamp', `${META}.Time`], 11: ['labels', 'string', 'm'], 14: ['finalizers', 'string', 'r']},
  [`${META}.Time`]: {1: ['seconds', 'int64'], 2: ['nanos', 'int32']},
  [`${META}.MicroTime`]: {1: ['seconds', 'int64'], 2: ['nanos', 'int32']},
  [`${META}.Duration`]: {1: ['duration', 'int64']},
  'k8s.io.apimachinery.pkg.api.resource.Quantity': {1: ['string', 'string']},
  'k8s.io.apimachinery.pkg.util.intstr.IntOrString': {1: ['type', 'int64'], 2: ['intVal', 'int32'], 3: ['strVal', 'string']},
  'k8s.io.api.core.v1.Secret': {1: ['metadata', `${META}.ObjectMeta`], 2: ['data', 'bytes', 'm'], 5: ['immutable', 'bool'], 6: ['type', 'string']},
  'k8s.io.api.core.v1.Thing': {
    1: ['replicas', 'int32'],
    2: ['minReadyish', 'int32'],
    3: ['port', 'k8s.io.apimachinery.pkg.util.intstr.IntOrString'],
    4: ['limits', 'k8s.io.apimachinery.pkg.api.resource.Quantity', 'm'],
    5: ['ports', 'int32', 'r'],
    6: ['emptyDir', 'k8s.io.api.core.v1.Empty'],
    7: ['other', 'k8s.io.api.core.v1.Empty'],
    8: ['offset', 'sint64'],
    9: ['ratio', 'double'],
    10: ['at', `${META}.MicroTime`],
    11: ['timeout', `${META}.Duration`],
    12: ['args', 'string', 'r'],
  },
  'k8s.io.api.core.v1.Empty': {},
}

describe('protobuf decoding', () => {
  it('decodes an envelope: typeMeta, nested messages, maps of bytes, zero values dropped as Go JSON omits them', () => {
    const meta = [...str(1, 's1'), ...str(2, ''), ...int(7, 0), ...msg(8, []), ...entry(11, 'app', str(2, 'web')), ...str(14, 'a'), ...str(14, 'b')]
    const secret = [...msg(1, meta), ...entry(2, 'k', str(2, Buffer.from([0, 1, 255]))), ...entry(2, 'empty', []), ...int(5, 0), ...str(6, 'Opaque')]
    const body = Buffer.from([0x6b, 0x38, 0x73, 0x00, ...msg(1, [...str(1, 'v1'), ...str(2, 'Secret')]), ...str(2, Buffer.from(secret)), ...str(3, ''), ...str(4, '')])
    const out = decodeEnvelope(body, schema, (v, k) => (v === 'v1' && k === 'Secret' ? 'k8s.io.api.core.v1.Secret' : null))
    expect(out.object).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {name: 's1', labels: {app: 'web'}, finalizers: ['a', 'b']},
      data: {k: Buffer.from([0, 1, 255]).toString('base64'), empty: ''},
      immutable: false, // a pointer in Go: explicitly false is kept
      type: 'Opaque',
    })
  })

  it('special messages: IntOrString, Quantity, Time, MicroTime, Duration; packed and unpacked repeated scalars; signed varints', () => {
    const thing = [
      ...int(1, 0),
      ...int(2, 0),
      ...msg(3, [...int(1, 1), ...str(3, 'http')]),
      ...entry(4, 'cpu', msg(2, str(1, '250m'))),
      ...msg(5, [...varint(80), ...varint(443)]),
      ...int(5, 8080),
      ...msg(6, []),
      ...msg(7, []),
      ...int(8, 5), // zigzag: -3
      ...dbl(9, 1.5),
      ...msg(10, [...int(1, 1_700_000_000), ...int(2, 123_456_789)]),
      ...msg(11, int(1, 90_000_000_000)),
      ...str(12, ''),
    ]
    expect(decodeMessage(Buffer.from(thing), 'k8s.io.api.core.v1.Thing', schema)).toEqual({
      replicas: 0, // pointer: kept
      port: 'http',
      limits: {cpu: '250m'},
      ports: [80, 443, 8080],
      emptyDir: {}, // presence matters
      offset: -3,
      ratio: 1.5,
      at: '2023-11-14T22:13:20.123456Z',
      timeout: '1m30s',
      args: [''], // list items are kept as sent
    })
    expect(decodeMessage(Buffer.from([...msg(3, int(2, 8080))]), 'k8s.io.api.core.v1.Thing', schema)).toEqual({port: 8080})
    expect(decodeMessage(Buffer.from([...int(1, -1)]), 'k8s.io.api.core.v1.Thing', schema)).toEqual({replicas: -1})
    expect(decodeMessage(Buffer.from([...msg(1, [...int(7, 0), ...msg(8, [...int(1, 1_700_000_000)])])]), 'k8s.io.api.core.v1.Secret', schema)).toEqual({metadata: {creationTimestamp: '2023-11-14T22:13:20Z'}})
  })

  it('rejects unknown fields, mismatched wire types, truncation, foreign kinds and encodings', () => {
    const T = 'k8s.io.api.core.v1.Thing'
    expect(() => decodeMessage(Buffer.from(int(99, 1)), T, schema)).toThrow(/unknown field number 99/)
    expect(() => decodeMessage(Buffer.from(str(1, 'x')), T, schema)).toThrow(/wire type 2 for a int32/)
    expect(() => decodeMessage(Buffer.from([...key(12, 2), 5, 65]), T, schema)).toThrow(/truncated/)
    expect(() => decodeMessage(Buffer.from([0x08, 0x80]), T, schema)).toThrow(ProtobufError)
    const env = (apiVersion: string, kind: string, extra: number[] = []) => Buffer.from([0x6b, 0x38, 0x73, 0x00, ...msg(1, [...str(1, apiVersion), ...str(2, kind)]), ...str(2, Buffer.alloc(0)), ...extra])
    expect(() => decodeEnvelope(env('v1', 'Nope'), schema, () => null)).toThrow('v1 Nope cannot be sent as protobuf to this server: send JSON')
    expect(() => decodeEnvelope(env('v1', 'Secret', str(3, 'gzip')), schema, () => 'k8s.io.api.core.v1.Secret')).toThrow('content encoding "gzip" is not supported')
    expect(() => decodeEnvelope(Buffer.from('{"kind":"Secret"}'), schema, () => null)).toThrow('magic number')
  })

  it("formats durations as Go's time.Duration does", () => {
    expect([0, 500, 1500, 2_500_000, 1_000_000_000, 61_500_000_000, 3_600_000_000_000, 5_430_000_000_000, -2_000_000_000].map(goDuration)).toEqual(['0s', '500ns', '1.5µs', '2.5ms', '1s', '1m1.5s', '1h0m0s', '1h30m30s', '-2s'])
  })
})
