import {describe, expect, it} from 'vitest'
import {ApiError} from '../../api/errors.js'
import {messageFor, protobufBodyToJson} from './body.js'
import {MESSAGES} from './schema.js'

describe('protobuf request bodies', () => {
  it('finds the message of each apiVersion/kind, meta/v1 kinds under any group', () => {
    expect(messageFor(MESSAGES, 'v1', 'ConfigMap')).toBe('k8s.io.api.core.v1.ConfigMap')
    expect(messageFor(MESSAGES, 'apps/v1', 'Deployment')).toBe('k8s.io.api.apps.v1.Deployment')
    expect(messageFor(MESSAGES, 'policy/v1', 'Eviction')).toBe('k8s.io.api.policy.v1.Eviction')
    expect(messageFor(MESSAGES, 'authentication.k8s.io/v1', 'TokenRequest')).toBe('k8s.io.api.authentication.v1.TokenRequest')
    expect(messageFor(MESSAGES, 'coordination.k8s.io/v1', 'Lease')).toBe('k8s.io.api.coordination.v1.Lease')
    expect(messageFor(MESSAGES, 'apps/v1', 'DeleteOptions')).toBe('k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions')
    expect(messageFor(MESSAGES, 'example.com/v1', 'Widget')).toBeNull()
  })

  it('every message type the schema refers to is in it', () => {
    const scalars = new Set(['string', 'bytes', 'bool', 'int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'double', 'float', 'fixed32', 'fixed64', 'sfixed32', 'sfixed64'])
    const missing = Object.values(MESSAGES).flatMap((fields) => Object.values(fields).map(([, type]) => type)).filter((t) => !scalars.has(t) && !MESSAGES[t])
    expect(missing).toEqual([])
  })

  it('decodes a namespace sent as protobuf; answers 400 for what is not', async () => {
    // k8s\0 + Unknown{typeMeta{apiVersion "v1", kind "Namespace"}, raw: Namespace{metadata{name "pb"}}}
    const meta = [0x0a, 0x02, ...Buffer.from('pb')]
    const ns = [0x0a, meta.length, ...meta]
    const tm = [0x0a, 0x02, ...Buffer.from('v1'), 0x12, 0x09, ...Buffer.from('Namespace')]
    const body = Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, tm.length, ...tm, 0x12, ns.length, ...ns])
    expect(JSON.parse(await protobufBodyToJson(body))).toEqual({apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'pb'}})
    expect(await protobufBodyToJson(Buffer.alloc(0))).toBe('')
    const err = await protobufBodyToJson(Buffer.from('{"kind":"Namespace"}')).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).code).toBe(400)
    expect((err as ApiError).message).toBe('the protobuf request body could not be decoded: the body does not start with the Kubernetes protobuf magic number')
  })
})
