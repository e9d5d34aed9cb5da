import {describe, expect, it} from 'vitest'
import {goValueString, hasProblems, mergeProblems, patchStrictDecodingCause, strictDecodingError, strictDecodingMessage, unknownFieldWarnings, warningHeaderValue, warningHeaderValues, WARNING_ITEM_RUNES} from './messages.js'
import {findDuplicateFieldsInJson, findFieldProblemsInJson, findUnknownFields} from './unknown-fields.js'

describe('strict decoding messages', () => {
  it('builds the 400 message of a strict create/update, as kubectl shows it', () => {
    expect(strictDecodingError('Deployment', 'v1', ['spec.template.spec.contianers'])).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.contianers"',
    )
  })

  it('joins several problems with ", " in document order, duplicates included', () => {
    const body = '{"apiVersion":"v1","kind":"Service","metadata":{"name":"s","name":"t"},"spec":{"ports":[{"port":80,"nodeport":30080}],"tpye":"NodePort"}}'
    const problems = findFieldProblemsInJson('Service', body)
    expect(strictDecodingError('Service', 'v1', problems)).toBe(
      'Service in version "v1" cannot be handled as a Service: strict decoding error: duplicate field "metadata.name", unknown field "spec.ports[0].nodeport", unknown field "spec.tpye"',
    )
    expect(strictDecodingMessage(problems)).toBe('strict decoding error: duplicate field "metadata.name", unknown field "spec.ports[0].nodeport", unknown field "spec.tpye"')
  })

  it('gives one warning per problem for fieldValidation=Warn, and the header value upstream sends', () => {
    const problems = findUnknownFields('Pod', {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p'}, spec: {containers: [], foo: 1}})
    expect(hasProblems(problems)).toBe(true)
    expect(hasProblems({unknown: [], duplicates: [], messages: []})).toBe(false)
    expect(unknownFieldWarnings(problems)).toEqual(['unknown field "spec.foo"'])
    expect(unknownFieldWarnings(['a.b', 'c'])).toEqual(['unknown field "a.b"', 'unknown field "c"'])
    expect(warningHeaderValue('unknown field "spec.foo"')).toBe('299 - "unknown field \\"spec.foo\\""')
    expect(warningHeaderValue('back\\slash')).toBe('299 - "back\\\\slash"')
  })
})

describe('patch errors', () => {
  it("prints a strategic merge patch as Go's %+v of map[string]interface{}", () => {
    expect(goValueString({spec: {template: {spec: {contianers: [{name: 'a', image: 'nginx'}]}}}, metadata: {labels: {b: '1', a: null}}})).toBe(
      'map[metadata:map[labels:map[a:<nil> b:1]] spec:map[template:map[spec:map[contianers:[map[image:nginx name:a]]]]]]',
    )
    expect([1, 1.5, 0.25, 1234567.5, 0.00001, -2e-7, true, 'x y'].map(goValueString)).toEqual(['1', '1.5', '0.25', '1.2345675e+06', '1e-05', '-2e-07', 'true', 'x y'])
  })

  it('builds the cause of the 422 a strict patch gets, patch duplicates first', () => {
    const patch = '{"spec":{"replicas":1,"replicas":2,"foo":1}}'
    const patched = {apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'd'}, spec: {replicas: 2, foo: 1, selector: {}, template: {}}}
    const problems = mergeProblems(findDuplicateFieldsInJson(patch), findUnknownFields('Deployment', patched))
    expect(patchStrictDecodingCause(problems, goValueString(JSON.parse(patch)))).toEqual({
      reason: 'FieldValueInvalid',
      field: 'patch',
      message: 'Invalid value: "map[spec:map[foo:1 replicas:2]]": strict decoding error: duplicate field "spec.replicas", unknown field "spec.foo"',
    })
  })
})

describe('warningHeaderValues', () => {
  it('drops empty, repeated and control-character texts', () => {
    expect(warningHeaderValues(['a', '', 'b', 'a', 'bad\ntext', 'c'])).toEqual(['299 - "a"', '299 - "b"', '299 - "c"'])
  })

  it("truncates like the API server's warning recorder once 4096 runes are exceeded", () => {
    const texts = Array.from({length: 20}, (_, i) => String.fromCharCode(97 + i).repeat(300))
    const out = warningHeaderValues(texts)
    // 14 texts cross 4096 runes: all 14 are replayed cut to 256 runes (3584), then two more fit (4096), the rest is dropped.
    expect(out).toHaveLength(16)
    expect(out[0]).toBe(`299 - "${'a'.repeat(WARNING_ITEM_RUNES)}"`)
    expect(out[15]).toBe(`299 - "${'p'.repeat(WARNING_ITEM_RUNES)}"`)
    // under the limit nothing is cut
    expect(warningHeaderValues(['é'.repeat(4000), 'x'.repeat(96)])).toEqual([`299 - "${'é'.repeat(4000)}"`, `299 - "${'x'.repeat(96)}"`])
  })
})
