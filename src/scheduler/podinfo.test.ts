import {describe, expect, it} from 'vitest'
import {makePod} from './fixtures.js'
import {podInfo, podRequests} from './podinfo.js'

describe('podRequests', () => {
  it('sums containers and takes the max with init containers, then adds overhead', () => {
    const pod = makePod('p', {cpu: '200m', memory: '100Mi'})
    pod.spec!.containers.push({name: 'b', resources: {requests: {cpu: '300m'}}})
    pod.spec!.initContainers = [{name: 'i1', resources: {requests: {cpu: '400m', memory: '50Mi'}}}, {name: 'i2', resources: {requests: {memory: '300Mi'}}}]
    pod.spec!.overhead = {cpu: '10m', memory: '1Mi'}
    const r = podRequests(pod)
    expect(r.milliCPU).toBe(510) // max(500, 400) + 10
    expect(r.memory).toBe(301 * 1024 * 1024) // max(100Mi, 300Mi) + 1Mi
  })
  it('sidecars add to the containers and to every later init container', () => {
    const pod = makePod('p', {cpu: '100m'})
    pod.spec!.initContainers = [
      {name: 'side', restartPolicy: 'Always', resources: {requests: {cpu: '200m'}}},
      {name: 'init', resources: {requests: {cpu: '250m'}}},
    ]
    // running: 100 + 200 = 300; init phase peak: 200 + 250 = 450
    expect(podRequests(pod).milliCPU).toBe(450)
  })
  it('non-zero requests default missing cpu/memory per container', () => {
    const pod = makePod('p', {memory: '1Gi'})
    pod.spec!.containers.push({name: 'b'})
    const info = podInfo(pod)
    expect(info.requests.milliCPU).toBe(0)
    expect(info.nonZeroCPU).toBe(200)
    expect(info.nonZeroMemory).toBe(1024 ** 3 + 200 * 1024 * 1024)
  })
})

describe('podInfo', () => {
  it('keys, priority, spread key by controller owner', () => {
    const info = podInfo(makePod('p', {namespace: 'ns', owner: 'rs1', priority: 7}))
    expect(info.key).toBe('ns/p')
    expect(info.priority).toBe(7)
    expect(info.spreadKey).toBe('owner:uid-rs1')
  })
})
