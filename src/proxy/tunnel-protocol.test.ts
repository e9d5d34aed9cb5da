import {describe, expect, it} from 'vitest'
import {decodeUdp, encodeTcpRequest, encodeUdp, parseTcpAnswer, parseTcpRequest, takeLine} from './tunnel-protocol.js'

describe('forwarding protocol', () => {
  it('round-trips TCP requests and refuses malformed ones', () => {
    expect(parseTcpRequest(encodeTcpRequest('10.88.0.5', 8080).trimEnd())).toEqual({ip: '10.88.0.5', port: 8080})
    for (const bad of ['MKFWD/1 10.88.0.5', 'MKFWD/1 host 80', 'MKFWD/1 10.88.0.5 0', 'MKFWD/1 10.88.0.5 70000', 'GET / HTTP/1.1']) expect(parseTcpRequest(bad)).toBeUndefined()
    expect(parseTcpAnswer('OK')).toEqual({ok: true})
    expect(parseTcpAnswer('ERR ECONNREFUSED connect refused')).toEqual({ok: false, reason: 'ECONNREFUSED connect refused'})
  })
  it('splits the header line off, keeping what follows', () => {
    const got = takeLine(Buffer.from('OK\nhello'))
    expect(got).toMatchObject({line: 'OK'})
    expect((got as {rest: Buffer}).rest.toString()).toBe('hello')
    expect(takeLine(Buffer.from('OK'))).toBeUndefined()
    expect(takeLine(Buffer.alloc(200, 65))).toBe('too-long')
  })
  it('round-trips UDP datagrams for IPv4 and IPv6 endpoints', () => {
    const p = Buffer.from('payload')
    expect(decodeUdp(encodeUdp('10.88.0.5', 53, p))).toEqual({ip: '10.88.0.5', port: 53, payload: p})
    const v6 = decodeUdp(encodeUdp('fd00::1:5', 5353, p))!
    expect([v6.ip, v6.port, v6.payload.toString()]).toEqual(['fd00::1:5', 5353, 'payload'])
    expect(decodeUdp(Buffer.from('not a tunnelled datagram'))).toBeUndefined()
  })
})
