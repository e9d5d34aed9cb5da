import {describe, expect, it} from 'vitest'
import {makeNode, makeNodeInfo, makePod} from '../fixtures.js'
import {podInfo} from '../podinfo.js'
import {nodeReadyFilter} from './node-ready.js'

describe('NodeReady', () => {
  const pod = podInfo(makePod('p'))
  it('accepts a Ready node', () => {
    expect(nodeReadyFilter(pod, makeNodeInfo(makeNode('n')))).toBeNull()
  })
  it('Ready=False acts as the not-ready taint', () => {
    expect(nodeReadyFilter(pod, makeNodeInfo(makeNode('n', {ready: 'False'})))).toEqual(['node(s) had untolerated taint {node.kubernetes.io/not-ready: }'])
  })
  it('Ready=Unknown or no Ready condition acts as the unreachable taint', () => {
    const reason = ['node(s) had untolerated taint {node.kubernetes.io/unreachable: }']
    expect(nodeReadyFilter(pod, makeNodeInfo(makeNode('n', {ready: 'Unknown'})))).toEqual(reason)
    expect(nodeReadyFilter(pod, makeNodeInfo(makeNode('n', {ready: null})))).toEqual(reason)
  })
  it('a pod tolerating the implied taint passes', () => {
    const tolerant = podInfo(makePod('p', {tolerations: [{key: 'node.kubernetes.io/not-ready', operator: 'Exists'}]}))
    expect(nodeReadyFilter(tolerant, makeNodeInfo(makeNode('n', {ready: 'False'})))).toBeNull()
    expect(nodeReadyFilter(tolerant, makeNodeInfo(makeNode('n', {ready: 'Unknown'})))).not.toBeNull()
    const onlyNoExecute = podInfo(makePod('p', {tolerations: [{key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute'}]}))
    expect(nodeReadyFilter(onlyNoExecute, makeNodeInfo(makeNode('n', {ready: 'False'})))).not.toBeNull()
  })
})
