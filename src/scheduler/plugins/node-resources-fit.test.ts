import {describe, expect, it} from 'vitest'
import {makeNode, makeNodeInfo, makePod} from '../fixtures.js'
import {podInfo} from '../podinfo.js'
import {nodeResourcesFitFilter} from './node-resources-fit.js'

describe('NodeResourcesFit', () => {
  const node = (pods: ReturnType<typeof makePod>[] = [], o = {}) => makeNodeInfo(makeNode('n', {cpu: '2', memory: '4Gi', pods: 3, ...o}), pods)

  it('fits when allocatable minus requested covers the pod', () => {
    const running = [makePod('a', {cpu: '1', memory: '2Gi'})]
    expect(nodeResourcesFitFilter(podInfo(makePod('p', {cpu: '1', memory: '2Gi'})), node(running))).toBeNull()
  })
  it('reports each insufficient resource', () => {
    const running = [makePod('a', {cpu: '1500m', memory: '3Gi'})]
    expect(nodeResourcesFitFilter(podInfo(makePod('p', {cpu: '600m'})), node(running))).toEqual(['Insufficient cpu'])
    expect(nodeResourcesFitFilter(podInfo(makePod('p', {memory: '1025Mi'})), node(running))).toEqual(['Insufficient memory'])
    expect(nodeResourcesFitFilter(podInfo(makePod('p', {cpu: '1', memory: '2Gi'})), node(running))).toEqual(['Insufficient cpu', 'Insufficient memory'])
  })
  it('checks ephemeral storage and extended resources', () => {
    const n = node([], {ephemeralStorage: '10Gi', extra: {'example.com/gpu': '1'}})
    expect(nodeResourcesFitFilter(podInfo(makePod('p', {ephemeralStorage: '11Gi'})), n)).toEqual(['Insufficient ephemeral-storage'])
    expect(nodeResourcesFitFilter(podInfo(makePod('p', {extra: {'example.com/gpu': '2'}})), n)).toEqual(['Insufficient example.com/gpu'])
    expect(nodeResourcesFitFilter(podInfo(makePod('p', {extra: {'example.com/gpu': '1'}})), n)).toBeNull()
    expect(nodeResourcesFitFilter(podInfo(makePod('p', {extra: {'example.com/fpga': '1'}})), n)).toEqual(['Insufficient example.com/fpga'])
  })
  it('a pod without requests needs only a pod slot', () => {
    const full = [makePod('a', {cpu: '2', memory: '4Gi'}), makePod('b')]
    expect(nodeResourcesFitFilter(podInfo(makePod('p')), node(full))).toBeNull()
    const three = [makePod('a'), makePod('b'), makePod('c')]
    expect(nodeResourcesFitFilter(podInfo(makePod('p')), node(three))).toEqual(['Too many pods'])
    expect(nodeResourcesFitFilter(podInfo(makePod('p', {cpu: '3'})), node(three))).toEqual(['Too many pods', 'Insufficient cpu'])
  })
  it('a node whose cpu is fully requested rejects any cpu request', () => {
    const n = node([makePod('a', {cpu: '2'})])
    expect(nodeResourcesFitFilter(podInfo(makePod('p', {cpu: '100m'})), n)).toEqual(['Insufficient cpu'])
  })
  it('uses max(sum of containers, max init container) plus overhead', () => {
    const pod = makePod('p', {cpu: '500m'})
    pod.spec!.initContainers = [{name: 'init', resources: {requests: {cpu: '1800m'}}}]
    expect(nodeResourcesFitFilter(podInfo(pod), node([makePod('a', {cpu: '300m'})]))).toEqual(['Insufficient cpu'])
    expect(nodeResourcesFitFilter(podInfo(pod), node())).toBeNull()
    pod.spec!.overhead = {cpu: '250m'}
    expect(nodeResourcesFitFilter(podInfo(pod), node())).toEqual(['Insufficient cpu'])
  })
})
