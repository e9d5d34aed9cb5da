import {describe, expect, it} from 'vitest'
import type {MachineInfo} from './machine.js'
import {goArch, osImageFrom} from './machine.js'
import {newNode, nodeConditions, nodeImages, nodeLabels, nodeResources, nodeStatus, nodeStatusChanged} from './status.js'

const machine: MachineInfo = {
  cpuCores: 4,
  memoryBytes: 8 * 1024 ** 3,
  ephemeralStorageBytes: 100 * 1024 ** 3,
  machineID: 'm',
  systemUUID: 's',
  bootID: 'b',
  kernelVersion: '6.1.0',
  osImage: 'Debian GNU/Linux 12 (bookworm)',
  operatingSystem: 'linux',
  architecture: 'amd64',
  hostname: 'host',
}

describe('node status', () => {
  it('reports capacity and allocatable (100Mi memory and 10% disk reserved for eviction)', () => {
    const {capacity, allocatable} = nodeResources(machine)
    expect(capacity).toEqual({cpu: '4', memory: '8388608Ki', pods: '110', 'ephemeral-storage': '104857600Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0'})
    expect(allocatable.memory).toBe('8286208Ki')
    expect(allocatable['ephemeral-storage']).toBe(String(Math.floor(100 * 1024 ** 3 * 0.9)))
    expect(nodeResources(machine, {cpu: '32', memory: '64Gi', pods: '200'}).allocatable).toMatchObject({cpu: '32', memory: '64Gi', pods: '200'})
  })

  it('labels the node with hostname, os and arch plus extra labels', () => {
    expect(nodeLabels('n1', machine, {zone: 'a'})).toMatchObject({'kubernetes.io/hostname': 'n1', 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', zone: 'a'})
  })

  it('is Ready with a runtime, NotReady with the runtime reason without one, keeping transition times', () => {
    const up = nodeConditions({version: 'podman://4.3.1', ready: true, message: ''}, 't1')
    expect(up.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['MemoryPressure', 'False', 'KubeletHasSufficientMemory'],
      ['DiskPressure', 'False', 'KubeletHasNoDiskPressure'],
      ['PIDPressure', 'False', 'KubeletHasSufficientPID'],
      ['Ready', 'True', 'KubeletReady'],
    ])
    const later = nodeConditions({version: '', ready: false, message: 'podman is not ready: boom'}, 't2', up)
    const ready = later.find((c) => c.type === 'Ready')!
    expect(ready).toMatchObject({status: 'False', reason: 'KubeletNotReady', message: 'container runtime is down: podman is not ready: boom', lastTransitionTime: 't2', lastHeartbeatTime: 't2'})
    expect(later.find((c) => c.type === 'DiskPressure')).toMatchObject({lastTransitionTime: 't1', lastHeartbeatTime: 't2'})
  })

  it('builds the status and detects changes other than heartbeats', () => {
    const input = {nodeName: 'n1', nodeIP: '127.0.0.2', kubeletPort: 10250, machine, runtime: {version: 'podman://4.3.1', ready: true, message: ''}, images: [{id: 'x', repoTags: ['localhost/busybox:latest'], size: 5}], now: 't1'}
    const s1 = nodeStatus(input)
    expect(s1.addresses).toEqual([{type: 'InternalIP', address: '127.0.0.2'}, {type: 'Hostname', address: 'n1'}])
    expect(s1.daemonEndpoints).toEqual({kubeletEndpoint: {Port: 10250}})
    expect(s1.nodeInfo).toMatchObject({kubeletVersion: 'v1.32.0-mkube', containerRuntimeVersion: 'podman://4.3.1', osImage: 'Debian GNU/Linux 12 (bookworm)', architecture: 'amd64'})
    expect(s1.images).toEqual([{names: ['localhost/busybox:latest'], sizeBytes: 5}])
    const s2 = nodeStatus({...input, now: 't2', oldConditions: s1.conditions})
    expect(nodeStatusChanged(s1, s2)).toBe(false)
    expect(nodeStatusChanged(s1, nodeStatus({...input, runtime: {...input.runtime, ready: false}, now: 't2', oldConditions: s1.conditions}))).toBe(true)
    expect(newNode('n1', {}, [{key: 'k', effect: 'NoSchedule'}], s1).spec?.taints).toEqual([{key: 'k', effect: 'NoSchedule'}])
  })

  it('reports at most 50 images, largest first', () => {
    const imgs = Array.from({length: 60}, (_, i) => ({id: `i${i}`, repoTags: [], size: i}))
    const out = nodeImages(imgs)
    expect(out).toHaveLength(50)
    expect(out[0]).toEqual({names: ['i59'], sizeBytes: 59})
  })

  it('reads the OS image and maps the architecture', () => {
    expect(osImageFrom('NAME="x"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n')).toBe('Debian GNU/Linux 12 (bookworm)')
    expect([goArch('x64'), goArch('arm64'), goArch('ia32')]).toEqual(['amd64', 'arm64', '386'])
  })
})
