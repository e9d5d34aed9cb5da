import {describe, expect, it} from 'vitest'
import {candidateOffsets, cidrAddress, cidrContains, formatIPv4, parseIPv4, parsePortRange, parseServiceCIDR, staticBandSize} from './cidr.js'

describe('service CIDR', () => {
  it('parses and formats IPv4', () => {
    expect(parseIPv4('10.43.0.1')).toBe(0x0a2b0001)
    expect(formatIPv4(0x0a2b0001)).toBe('10.43.0.1')
    for (const bad of ['10.43.0', '10.43.0.256', '01.2.3.4', 'a.b.c.d', '::1']) expect(parseIPv4(bad)).toBeUndefined()
  })
  it('excludes network and broadcast addresses; offset 0 is .1', () => {
    const r = parseServiceCIDR('10.43.5.7/16')
    expect(r.cidr).toBe('10.43.0.0/16')
    expect(r.size).toBe(65534)
    expect(cidrAddress(r, 0)).toBe('10.43.0.1')
    expect(cidrAddress(r, r.size - 1)).toBe('10.43.255.254')
    expect(cidrContains(r, '10.43.0.0')).toBe(false)
    expect(cidrContains(r, '10.43.255.255')).toBe(false)
    expect(cidrContains(r, '10.44.0.1')).toBe(false)
    expect(cidrContains(r, '10.43.3.3')).toBe(true)
    expect(() => parseServiceCIDR('10.43.0.0/31')).toThrow(/too small/)
    expect(() => parseServiceCIDR('fd00::/108')).toThrow(/IPv4/)
  })
  it('sizes the static band as Kubernetes: min(max(16, size/16), 256) for IPs, min(max(16, size/32), 128) for ports', () => {
    expect(parseServiceCIDR('10.0.0.0/16').staticBand).toBe(256)
    expect(parseServiceCIDR('10.0.0.0/24').staticBand).toBe(16)
    expect(parseServiceCIDR('10.0.0.0/28').staticBand).toBe(0)
    expect(parsePortRange('30000-32767').staticBand).toBe(86)
    expect(staticBandSize(10, 16, 16, 256)).toBe(0)
  })
  it('tries the dynamic band first, then the static band, each once', () => {
    const r = {first: 0, size: 10, staticBand: 4}
    const order = [...candidateOffsets(r, () => 0.5)]
    expect(order).toEqual([7, 8, 9, 4, 5, 6, 2, 3, 0, 1])
  })
  it('parses port ranges', () => {
    expect(parsePortRange('30000-32767')).toMatchObject({first: 30000, size: 2768, text: '30000-32767'})
    expect(() => parsePortRange('3-2')).toThrow()
    expect(() => parsePortRange('0-70000')).toThrow()
  })
})
