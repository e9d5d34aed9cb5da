import {describe, expect, it} from 'vitest'
import {validateObjectMeta, validateObjectMetaUpdate} from './meta.js'
import {nameIsDNSSubdomain} from './names.js'
import {selectorMatches, selectorToString, validateLabelSelector} from './selector.js'
import {semanticEqual} from './equal.js'
import {validateBinding, validateScale} from './subresources.js'

const fields = (cs: {reason?: string; field?: string}[]) => cs.map((c) => `${c.reason} ${c.field}`)

describe('validateObjectMeta', () => {
  it('name, namespace presence and scope', () => {
    expect(validateObjectMeta({name: 'a', namespace: 'ns'}, true, nameIsDNSSubdomain)).toEqual([])
    expect(fields(validateObjectMeta({}, true, nameIsDNSSubdomain))).toEqual(['FieldValueRequired metadata.name', 'FieldValueRequired metadata.namespace'])
    expect(fields(validateObjectMeta({name: 'a', namespace: 'x'}, false, nameIsDNSSubdomain))).toEqual(['FieldValueForbidden metadata.namespace'])
    expect(fields(validateObjectMeta({name: 'a', namespace: 'Bad_NS'}, true, nameIsDNSSubdomain))).toEqual(['FieldValueInvalid metadata.namespace'])
  })
  it('finalizers: qualified names, orphan vs foregroundDeletion', () => {
    expect(validateObjectMeta({name: 'a', finalizers: ['example.com/x', 'orphan']}, false, nameIsDNSSubdomain)).toEqual([])
    expect(fields(validateObjectMeta({name: 'a', finalizers: ['a/b/c']}, false, nameIsDNSSubdomain))).toEqual(['FieldValueInvalid metadata.finalizers'])
    expect(fields(validateObjectMeta({name: 'a', finalizers: ['orphan', 'foregroundDeletion']}, false, nameIsDNSSubdomain))).toEqual([
      'FieldValueInvalid metadata.finalizers',
    ])
  })
  it('update: immutable identity, generation never decreases', () => {
    const old = {name: 'a', namespace: 'n', uid: 'u', creationTimestamp: 't', generation: 3}
    expect(validateObjectMetaUpdate({...old, labels: {x: 'y'}, generation: 4}, old)).toEqual([])
    expect(fields(validateObjectMetaUpdate({...old, namespace: 'm', generation: 2}, old))).toEqual([
      'FieldValueInvalid metadata.namespace',
      'FieldValueInvalid metadata.generation',
    ])
  })
})

describe('label selectors', () => {
  const sel = {matchLabels: {app: 'web'}, matchExpressions: [{key: 'tier', operator: 'In' as const, values: ['fe', 'be']}, {key: 'canary', operator: 'DoesNotExist' as const}]}
  it('matches', () => {
    expect(selectorMatches(sel, {app: 'web', tier: 'fe'})).toBe(true)
    expect(selectorMatches(sel, {app: 'web', tier: 'db'})).toBe(false)
    expect(selectorMatches(sel, {app: 'web', tier: 'fe', canary: ''})).toBe(false)
    expect(selectorMatches({}, {})).toBe(true)
    expect(selectorMatches(undefined, {a: 'b'})).toBe(false)
    expect(selectorMatches({matchExpressions: [{key: 'a', operator: 'NotIn', values: ['x']}]}, {})).toBe(true)
  })
  it('validates operators and values', () => {
    expect(validateLabelSelector(sel, 's')).toEqual([])
    expect(fields(validateLabelSelector({matchExpressions: [{key: 'a', operator: 'In'}]}, 's'))).toEqual(['FieldValueRequired s.matchExpressions[0].values'])
    expect(fields(validateLabelSelector({matchExpressions: [{key: 'a', operator: 'Exists', values: ['x']}]}, 's'))).toEqual(['FieldValueForbidden s.matchExpressions[0].values'])
  })
  it('renders the string form', () => {
    expect(selectorToString(sel)).toBe('app=web,tier in (be,fe),!canary')
  })
})

describe('semanticEqual', () => {
  it('treats absent and zero values alike', () => {
    expect(semanticEqual({a: 1, b: false, c: [], d: {}}, {a: 1})).toBe(true)
    expect(semanticEqual({a: [1, 2]}, {a: [2, 1]})).toBe(false)
    expect(semanticEqual({a: {b: 'x'}}, {a: {b: 'y'}})).toBe(false)
    expect(semanticEqual(0, undefined)).toBe(true)
    expect(semanticEqual('1', 1)).toBe(false)
  })
})

describe('subresource bodies', () => {
  it('scale replicas must be non-negative', () => {
    expect(validateScale({metadata: {name: 'x'}, spec: {replicas: 3}})).toEqual([])
    expect(fields(validateScale({metadata: {name: 'x'}, spec: {replicas: -1}}))).toEqual(['FieldValueInvalid spec.replicas'])
  })
  it('binding targets a node', () => {
    expect(validateBinding({metadata: {name: 'p'}, target: {kind: 'Node', name: 'worker-1'}})).toEqual([])
    expect(fields(validateBinding({metadata: {name: 'p'}, target: {kind: 'Pod', name: ''}}))).toEqual(['FieldValueNotSupported target.kind', 'FieldValueRequired target.name'])
  })
})
