import {describe, expect, it} from 'vitest'
import type {EndpointAddress, EndpointSubset} from '../../api/types/endpoints.js'
import {repackSubsets, truncateSubsets} from './repack.js'

const a = (ip: string, uid?: string): EndpointAddress => (uid ? {ip, targetRef: {kind: 'Pod', uid}} : {ip})
const p = (port: number, name?: string) => (name ? {name, port, protocol: 'TCP' as const} : {port, protocol: 'TCP' as const})

describe('repackSubsets', () => {
  it('keeps the empty and trivial cases', () => {
    expect(repackSubsets([])).toEqual([])
    expect(repackSubsets([{addresses: [a('1.2.3.4')]}])).toEqual([{addresses: [a('1.2.3.4')]}])
    expect(repackSubsets([{addresses: [a('1.2.3.4')], ports: [p(111)]}])).toEqual([{addresses: [a('1.2.3.4')], ports: [p(111)]}])
    expect(repackSubsets([{notReadyAddresses: [a('1.2.3.4')], ports: [p(111)]}])).toEqual([{notReadyAddresses: [a('1.2.3.4')], ports: [p(111)]}])
  })

  it('de-duplicates addresses by IP and target uid and sorts them', () => {
    expect(repackSubsets([{addresses: [a('4.3.2.1'), a('1.2.3.4'), a('1.2.3.4')], ports: [p(111)]}])).toEqual([{addresses: [a('1.2.3.4'), a('4.3.2.1')], ports: [p(111)]}])
    expect(repackSubsets([{addresses: [a('1.2.3.4', 'b'), a('1.2.3.4', 'a')], ports: [p(111)]}])).toEqual([{addresses: [a('1.2.3.4', 'a'), a('1.2.3.4', 'b')], ports: [p(111)]}])
  })

  it('merges ports offered on the same addresses and addresses offering the same ports', () => {
    expect(
      repackSubsets([
        {addresses: [a('1.2.3.4')], ports: [p(111, 'x')]},
        {addresses: [a('1.2.3.4')], ports: [p(222, 'y')]},
      ]),
    ).toEqual([{addresses: [a('1.2.3.4')], ports: [p(111, 'x'), p(222, 'y')]}])
    expect(
      repackSubsets([
        {addresses: [a('5.6.7.8')], ports: [p(111)]},
        {addresses: [a('1.2.3.4')], ports: [p(111)]},
      ]),
    ).toEqual([{addresses: [a('1.2.3.4'), a('5.6.7.8')], ports: [p(111)]}])
  })

  it('splits addresses that offer different port sets (named ports resolving differently)', () => {
    const out = repackSubsets([
      {addresses: [a('10.0.0.1', 'p1')], ports: [p(8080, 'http')]},
      {addresses: [a('10.0.0.2', 'p2')], ports: [p(9090, 'http')]},
      {addresses: [a('10.0.0.3', 'p3')], ports: [p(8080, 'http')]},
    ])
    expect(out).toEqual([
      {addresses: [a('10.0.0.1', 'p1'), a('10.0.0.3', 'p3')], ports: [p(8080, 'http')]},
      {addresses: [a('10.0.0.2', 'p2')], ports: [p(9090, 'http')]},
    ])
  })

  it('lets not-ready win over ready for the same address and port', () => {
    expect(
      repackSubsets([
        {addresses: [a('1.2.3.4')], ports: [p(111)]},
        {notReadyAddresses: [a('1.2.3.4')], ports: [p(111)]},
      ]),
    ).toEqual([{notReadyAddresses: [a('1.2.3.4')], ports: [p(111)]}])
    expect(
      repackSubsets([
        {addresses: [a('1.2.3.4')], ports: [p(111)]},
        {notReadyAddresses: [a('5.6.7.8')], ports: [p(111)]},
      ]),
    ).toEqual([{addresses: [a('1.2.3.4')], notReadyAddresses: [a('5.6.7.8')], ports: [p(111)]}])
  })
})

describe('truncateSubsets', () => {
  const addrs = (n: number, base: string) => Array.from({length: n}, (_, i) => a(`${base}.${i}`))
  it('leaves subsets within capacity alone', () => {
    expect(truncateSubsets([{addresses: addrs(3, '10.0.0')}], 3)).toBeUndefined()
  })
  it('drops not-ready addresses first', () => {
    const out = truncateSubsets([{addresses: addrs(3, '10.0.0'), notReadyAddresses: addrs(4, '10.0.1')}], 5)!
    expect(out).toEqual([{addresses: addrs(3, '10.0.0'), notReadyAddresses: addrs(2, '10.0.1')}])
  })
  it('shares the capacity out proportionally when ready ones alone exceed it', () => {
    const out = truncateSubsets(
      [
        {addresses: addrs(6, '10.0.0'), notReadyAddresses: addrs(1, '10.0.9'), ports: [p(1)]},
        {addresses: addrs(4, '10.0.1'), ports: [p(2)]},
      ],
      5,
    )!
    expect(out.map((s) => [s.addresses?.length ?? 0, s.notReadyAddresses?.length ?? 0])).toEqual([
      [3, 0],
      [2, 0],
    ])
    expect(out[0].ports).toEqual([p(1)])
  })
  it('never goes over capacity', () => {
    const subsets: EndpointSubset[] = [1, 2, 3].map((i) => ({addresses: addrs(5, `10.0.${i}`), ports: [p(i)]}))
    const out = truncateSubsets(subsets, 7)!
    expect(out.reduce((n, s) => n + (s.addresses?.length ?? 0), 0)).toBe(7)
  })
})
