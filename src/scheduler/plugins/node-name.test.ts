import {describe, expect, it} from 'vitest'
import {makeNode, makeNodeInfo, makePod} from '../fixtures.js'
import {podInfo} from '../podinfo.js'
import {nodeName, nodeNameFilter} from './node-name.js'

describe('NodeName', () => {
  const a = makeNodeInfo(makeNode('a'))
  const b = makeNodeInfo(makeNode('b'))
  it('a pod naming a node fits only that node', () => {
    const pod = podInfo(makePod('p', {nodeName: 'a'}))
    expect(nodeNameFilter(pod, a)).toBeNull()
    expect(nodeNameFilter(pod, b)).toEqual(["node(s) didn't match the requested node name"])
    expect(nodeName.filter(nodeName.preFilter(pod)!, pod, b)).toEqual(["node(s) didn't match the requested node name"])
  })
  it('a pod naming no node fits every node and the plugin is skipped', () => {
    const pod = podInfo(makePod('p'))
    expect(nodeNameFilter(pod, a)).toBeNull()
    expect(nodeName.preFilter(pod)).toBeNull()
  })
})
