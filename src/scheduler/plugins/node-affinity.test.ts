import {describe, expect, it} from 'vitest'
import type {NodeSelectorTerm, PreferredSchedulingTerm} from '../../api/types/affinity.js'
import {makeNode, makeNodeInfo, makePod} from '../fixtures.js'
import {Framework} from '../framework.js'
import {podInfo} from '../podinfo.js'
import {nodeAffinity, nodeAffinityFilter} from './node-affinity.js'

const reason = ["node(s) didn't match Pod's node affinity/selector"]
const node = makeNodeInfo(makeNode('node-1', {labels: {disk: 'ssd', zone: 'a', cores: '8'}}))
const required = (...terms: NodeSelectorTerm[]) =>
  podInfo(makePod('p', {spec: {containers: [{name: 'c'}], affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: terms}}}}}))
const expr = (key: string, operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt', values?: string[]): NodeSelectorTerm => ({matchExpressions: [{key, operator, values}]})

describe('NodeAffinity filter', () => {
  it('nodeSelector: every pair must match', () => {
    const sel = (nodeSelector: Record<string, string>) => podInfo(makePod('p', {spec: {containers: [{name: 'c'}], nodeSelector}}))
    expect(nodeAffinityFilter(sel({disk: 'ssd'}), node)).toBeNull()
    expect(nodeAffinityFilter(sel({disk: 'ssd', zone: 'b'}), node)).toEqual(reason)
    expect(nodeAffinityFilter(sel({gpu: 'yes'}), node)).toEqual(reason)
  })
  it('operators In, NotIn, Exists, DoesNotExist', () => {
    expect(nodeAffinityFilter(required(expr('disk', 'In', ['hdd', 'ssd'])), node)).toBeNull()
    expect(nodeAffinityFilter(required(expr('disk', 'In', ['hdd'])), node)).toEqual(reason)
    expect(nodeAffinityFilter(required(expr('disk', 'NotIn', ['hdd'])), node)).toBeNull()
    expect(nodeAffinityFilter(required(expr('gpu', 'NotIn', ['x'])), node)).toBeNull()
    expect(nodeAffinityFilter(required(expr('disk', 'NotIn', ['ssd'])), node)).toEqual(reason)
    expect(nodeAffinityFilter(required(expr('disk', 'Exists')), node)).toBeNull()
    expect(nodeAffinityFilter(required(expr('gpu', 'Exists')), node)).toEqual(reason)
    expect(nodeAffinityFilter(required(expr('gpu', 'DoesNotExist')), node)).toBeNull()
    expect(nodeAffinityFilter(required(expr('disk', 'DoesNotExist')), node)).toEqual(reason)
  })
  it('operators Gt and Lt compare integers; a non-integer label never matches', () => {
    expect(nodeAffinityFilter(required(expr('cores', 'Gt', ['4'])), node)).toBeNull()
    expect(nodeAffinityFilter(required(expr('cores', 'Gt', ['8'])), node)).toEqual(reason)
    expect(nodeAffinityFilter(required(expr('cores', 'Lt', ['9'])), node)).toBeNull()
    expect(nodeAffinityFilter(required(expr('disk', 'Gt', ['1'])), node)).toEqual(reason)
    expect(nodeAffinityFilter(required(expr('cores', 'Gt', ['x'])), node)).toEqual(reason)
  })
  it('terms are ORed, expressions within a term ANDed', () => {
    const both: NodeSelectorTerm = {matchExpressions: [{key: 'disk', operator: 'In', values: ['ssd']}, {key: 'zone', operator: 'In', values: ['b']}]}
    expect(nodeAffinityFilter(required(both), node)).toEqual(reason)
    expect(nodeAffinityFilter(required(both, expr('zone', 'In', ['a'])), node)).toBeNull()
  })
  it('matchFields metadata.name', () => {
    expect(nodeAffinityFilter(required({matchFields: [{key: 'metadata.name', operator: 'In', values: ['node-1']}]}), node)).toBeNull()
    expect(nodeAffinityFilter(required({matchFields: [{key: 'metadata.name', operator: 'In', values: ['node-2']}]}), node)).toEqual(reason)
    expect(nodeAffinityFilter(required({matchFields: [{key: 'metadata.name', operator: 'NotIn', values: ['node-2']}]}), node)).toBeNull()
  })
  it('an empty term and an empty term list match nothing; invalid terms never match', () => {
    expect(nodeAffinityFilter(required({}), node)).toEqual(reason)
    expect(nodeAffinityFilter(required(), node)).toEqual(reason)
    expect(nodeAffinityFilter(required(expr('disk', 'In', [])), node)).toEqual(reason)
    expect(nodeAffinityFilter(required(expr('disk', 'In', []), expr('disk', 'Exists')), node)).toBeNull()
  })
  it('nodeSelector and required affinity must both match', () => {
    const pod = podInfo(makePod('p', {spec: {containers: [{name: 'c'}], nodeSelector: {disk: 'ssd'}, affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [expr('zone', 'In', ['b'])]}}}}}))
    expect(nodeAffinityFilter(pod, node)).toEqual(reason)
  })
})

describe('NodeAffinity score', () => {
  it('sums the weights of matching preferred terms, normalised to 100 for the best node', () => {
    const prefs: PreferredSchedulingTerm[] = [
      {weight: 10, preference: expr('disk', 'In', ['ssd'])},
      {weight: 30, preference: expr('zone', 'In', ['a'])},
      {weight: 50, preference: {}},
    ]
    const pod = podInfo(makePod('p', {spec: {containers: [{name: 'c'}], affinity: {nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: prefs}}}}))
    const nodes = [
      makeNodeInfo(makeNode('both', {labels: {disk: 'ssd', zone: 'a'}})),
      makeNodeInfo(makeNode('ssd', {labels: {disk: 'ssd'}})),
      makeNodeInfo(makeNode('zone', {labels: {zone: 'a'}})),
      makeNodeInfo(makeNode('none')),
    ]
    // raw 40, 10, 30, 0 → 100, 25, 75, 0 → × weight 2
    expect([...new Framework({scores: [nodeAffinity]}).prioritize(pod, nodes)]).toEqual([200, 50, 150, 0])
  })
  it('is skipped for a pod without preferences', () => {
    expect(nodeAffinity.preScore(podInfo(makePod('p')), [])).toBeNull()
  })
})
