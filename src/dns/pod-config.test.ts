import {describe, expect, it} from 'vitest'
import {defaultNodeDnsAddress, formatResolvConf, podDnsConfig} from './pod-config.js'
import {parseResolvConf, parseUpstream} from './resolvconf.js'

describe('pod DNS settings', () => {
  it('ClusterFirst: the node resolver, the namespace search path and ndots:5', () => {
    const cfg = podDnsConfig('169.254.21.3', 'shop')
    expect(cfg).toEqual({servers: ['169.254.21.3'], searches: ['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], options: [{name: 'ndots', value: '5'}]})
    expect(formatResolvConf(cfg)).toBe('nameserver 169.254.21.3\nsearch shop.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n')
    expect(parseResolvConf(formatResolvConf(cfg))).toEqual({nameservers: ['169.254.21.3'], searches: cfg.searches, options: cfg.options})
  })
  it('a link-local node DNS address, distinct per loopback node', () => {
    expect(defaultNodeDnsAddress('192.0.2.10')).toBe('169.254.20.10')
    expect(defaultNodeDnsAddress('127.0.0.2')).toBe('169.254.21.2')
    expect(defaultNodeDnsAddress('127.0.0.3')).toBe('169.254.21.3')
    expect(defaultNodeDnsAddress('127.0.1.3')).toBe('169.254.22.3')
  })
  it('parses resolv.conf and upstream addresses', () => {
    expect(parseResolvConf('# c\nnameserver 10.0.0.2 ; x\nnameserver ::1\ndomain example.org\noptions ndots:2 edns0\n')).toEqual({
      nameservers: ['10.0.0.2', '::1'],
      searches: ['example.org'],
      options: [{name: 'ndots', value: '2'}, {name: 'edns0'}],
    })
    expect(parseUpstream('1.2.3.4')).toEqual({host: '1.2.3.4', port: 53})
    expect(parseUpstream('127.0.0.1:5353')).toEqual({host: '127.0.0.1', port: 5353})
    expect(parseUpstream('[::1]:54')).toEqual({host: '::1', port: 54})
  })
})
