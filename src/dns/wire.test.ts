import {describe, expect, it} from 'vitest'
import {CLASS_IN, DnsFormatError, RCODE, TYPE, decodeMessage, encodeMessage, replyTo, splitName, type DnsMessage} from './wire.js'

/** A query as `dig web.default.svc.cluster.local A` sends it (id 0x1234, RD, EDNS 1232). */
const digQuery = Buffer.from(
  '123401200001000000000001' + '03776562' + '0764656661756c74' + '03737663' + '07636c7573746572' + '056c6f63616c' + '00' + '0001' + '0001' + '00' + '0029' + '04d0' + '00000000' + '0000',
  'hex',
)

describe('DNS wire format', () => {
  it('decodes a real query with EDNS', () => {
    const q = decodeMessage(digQuery)
    expect(q).toMatchObject({id: 0x1234, qr: false, rd: true, opcode: 0, questions: [{name: 'web.default.svc.cluster.local', type: TYPE.A, class: CLASS_IN}]})
    expect(q.edns).toEqual({udpSize: 1232, do: false, version: 0})
  })

  it('round-trips every record type it writes, compressing names', () => {
    const msg: DnsMessage = {
      ...replyTo(decodeMessage(digQuery)),
      aa: true,
      answers: [
        {name: 'web.default.svc.cluster.local', type: TYPE.A, class: CLASS_IN, ttl: 5, data: '10.43.0.10'},
        {name: 'web.default.svc.cluster.local', type: TYPE.AAAA, class: CLASS_IN, ttl: 5, data: 'fd00::a'},
        {name: 'x.default.svc.cluster.local', type: TYPE.CNAME, class: CLASS_IN, ttl: 5, data: 'example.com'},
        {name: '_http._tcp.web.default.svc.cluster.local', type: TYPE.SRV, class: CLASS_IN, ttl: 5, data: {priority: 0, weight: 100, port: 80, target: 'web.default.svc.cluster.local'}},
        {name: 'dns-version.cluster.local', type: TYPE.TXT, class: CLASS_IN, ttl: 5, data: ['1.1.0']},
        {name: '10.0.43.10.in-addr.arpa', type: TYPE.PTR, class: CLASS_IN, ttl: 5, data: 'web.default.svc.cluster.local'},
      ],
      authorities: [
        {name: 'cluster.local', type: TYPE.SOA, class: CLASS_IN, ttl: 5, data: {mname: 'ns.dns.cluster.local', rname: 'hostmaster.cluster.local', serial: 12345, refresh: 7200, retry: 1800, expire: 86400, minimum: 5}},
      ],
    }
    const buf = encodeMessage(msg)
    const back = decodeMessage(buf)
    expect(back.answers).toEqual(msg.answers)
    expect(back.authorities).toEqual(msg.authorities)
    expect(back).toMatchObject({id: 0x1234, qr: true, aa: true, rd: true, ra: true, rcode: 0})
    // compression: the zone's name appears once in full
    expect(buf.toString('latin1').split('cluster').length - 1).toBe(1 + 1) // question, SRV target (never compressed)
  })

  it('truncates a message too large for the client and sets TC', () => {
    const q = decodeMessage(digQuery)
    const big = {...replyTo(q), answers: Array.from({length: 100}, (_, i) => ({name: q.questions[0].name, type: TYPE.A, class: CLASS_IN, ttl: 5, data: `10.0.0.${i}`}))}
    const out = decodeMessage(encodeMessage(big, 512))
    expect(out.tc).toBe(true)
    expect(out.answers).toEqual([])
    expect(out.questions).toEqual(q.questions)
    expect(encodeMessage(big, 4096).length).toBeLessThan(4096)
  })

  it('refuses malformed messages, naming the id when it was readable', () => {
    expect(() => decodeMessage(Buffer.alloc(5))).toThrow(DnsFormatError)
    try {
      decodeMessage(digQuery.subarray(0, 20))
      throw new Error('expected a failure')
    } catch (e) {
      expect(e).toBeInstanceOf(DnsFormatError)
      expect((e as DnsFormatError).id).toBe(0x1234)
    }
    // a compression loop
    const loop = Buffer.from('000100000001000000000000c00c00010001', 'hex')
    expect(() => decodeMessage(loop)).toThrow(/loop|past/)
  })

  it('splits names with escapes and refuses empty labels', () => {
    expect(splitName('a\\.b.c.').map(String)).toEqual(['a.b', 'c'])
    expect(splitName('')).toEqual([])
    expect(() => splitName('a..b')).toThrow()
  })

  it('carries the extended rcode bits through EDNS', () => {
    const m = {...replyTo(decodeMessage(digQuery), RCODE.NXDOMAIN)}
    expect(decodeMessage(encodeMessage(m)).rcode).toBe(RCODE.NXDOMAIN)
  })
})
