import {describe, expect, it} from 'vitest'
import {parseResolvConf, podDnsConfig, podHostname, portMappings, sandboxConfig} from './sandbox-config.js'
import {fixturePod} from './fixtures.js'

const host = parseResolvConf('# comment\nnameserver 1.1.1.1\nnameserver 8.8.8.8\nsearch corp.example\noptions rotate timeout:2\n')

describe('pod sandbox config', () => {
  it('parses resolv.conf', () => {
    expect(host).toEqual({servers: ['1.1.1.1', '8.8.8.8'], searches: ['corp.example'], options: ['rotate', 'timeout:2']})
  })

  it('uses cluster DNS for ClusterFirst, falling back to the node while none is configured', () => {
    const pod = fixturePod()
    expect(podDnsConfig(pod, {clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local', host})).toEqual({
      dns: {servers: ['10.96.0.10'], searches: ['ns.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'corp.example'], options: ['ndots:5']},
      warning: undefined,
    })
    const fallback = podDnsConfig(pod, {clusterDomain: 'cluster.local', host})
    expect(fallback.dns).toBeUndefined()
    expect(fallback.warning).toContain('kubelet does not have ClusterDNS IP configured and cannot create Pod using "ClusterFirst" policy. Falling back to "Default" policy.')
  })

  it('uses the node for hostNetwork pods unless ClusterFirstWithHostNet, and merges dnsConfig', () => {
    expect(podDnsConfig(fixturePod({hostNetwork: true}), {clusterDNS: ['10.96.0.10'], clusterDomain: 'c.local', host})).toEqual({dns: undefined, warning: undefined})
    expect(podDnsConfig(fixturePod({hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet'}), {clusterDNS: ['10.96.0.10'], clusterDomain: 'c.local'}).dns?.servers).toEqual(['10.96.0.10'])
    const none = podDnsConfig(fixturePod({dnsPolicy: 'None', dnsConfig: {nameservers: ['9.9.9.9'], searches: ['a.b'], options: [{name: 'ndots', value: '2'}, {name: 'edns0'}]}}), {clusterDomain: 'c.local', host})
    expect(none.dns).toEqual({servers: ['9.9.9.9'], searches: ['a.b'], options: ['ndots:2', 'edns0']})
    const merged = podDnsConfig(fixturePod({dnsPolicy: 'Default', dnsConfig: {nameservers: ['9.9.9.9', '1.0.0.1'], options: [{name: 'timeout', value: '5'}]}}), {clusterDomain: 'c.local', host})
    expect(merged.dns).toEqual({servers: ['1.1.1.1', '8.8.8.8', '9.9.9.9'], searches: ['corp.example'], options: ['rotate', 'timeout:5']})
  })

  it('publishes hostPorts on the node IP and names the sandbox after the pod', () => {
    const pod = fixturePod({containers: [{name: 'a', ports: [{containerPort: 80, hostPort: 8080}, {containerPort: 81}, {containerPort: 53, hostPort: 53, protocol: 'UDP', hostIP: '127.0.0.9'}]}]})
    expect(portMappings(pod, '127.0.0.2')).toEqual([
      {containerPort: 80, hostPort: 8080, protocol: 'TCP', hostIp: '127.0.0.2'},
      {containerPort: 53, hostPort: 53, protocol: 'UDP', hostIp: '127.0.0.9'},
    ])
    const cfg = sandboxConfig(pod, 'n1', '127.0.0.2', 2, undefined)
    expect(cfg).toMatchObject({podUid: 'u1', podName: 'web', namespace: 'ns', nodeName: 'n1', attempt: 2, hostname: 'web', labels: {app: 'web'}, hostNetwork: false})
    expect(podHostname(fixturePod({hostname: 'x'.repeat(70)}))).toHaveLength(63)
  })
})
