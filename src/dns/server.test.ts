/** The DNS server over real sockets on loopback, queried by Node's own resolver (c-ares) as an independent client. */
import dgram from 'node:dgram'
import {Resolver} from 'node:dns/promises'
import net from 'node:net'
import {afterEach, describe, expect, it} from 'vitest'
import type {Endpoints} from '../api/types/endpoints.js'
import type {Service} from '../api/types/service.js'
import {ClusterZone} from './records.js'
import {startDnsServer, type DnsServer} from './server.js'
import {CLASS_IN, TYPE, decodeMessage, encodeMessage, replyTo} from './wire.js'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const many = Array.from({length: 100}, (_, i) => ({ip: `10.88.1.${i + 1}`}))
const services: Service[] = [
  {metadata: {name: 'web', namespace: 'default'}, spec: {type: 'ClusterIP', clusterIP: '10.43.0.10', ports: [{name: 'http', port: 80, protocol: 'TCP'}]}},
  {metadata: {name: 'big', namespace: 'default'}, spec: {type: 'ClusterIP', clusterIP: 'None', ports: [{name: 'http', port: 80, protocol: 'TCP'}]}},
  {metadata: {name: 'ext', namespace: 'default'}, spec: {type: 'ExternalName', externalName: 'example.com'}},
]
const endpoints: Endpoints[] = [{metadata: {name: 'big', namespace: 'default'}, subsets: [{addresses: many, ports: [{name: 'http', port: 80, protocol: 'TCP'}]}]}]

/** A fake upstream resolver on 127.0.0.1: example.com → 192.0.2.1 (UDP only), `silent.test` never answered. */
async function fakeUpstream(): Promise<{port: number; queries: string[]}> {
  const sock = dgram.createSocket('udp4')
  const queries: string[] = []
  sock.on('message', (m, r) => {
    const q = decodeMessage(m)
    const name = q.questions[0].name
    queries.push(name)
    if (name === 'silent.test') return
    const a = replyTo(q)
    if (name === 'example.com' && q.questions[0].type === TYPE.A) a.answers = [{name, type: TYPE.A, class: CLASS_IN, ttl: 60, data: '192.0.2.1'}]
    else a.rcode = 3
    sock.send(encodeMessage(a), r.port, r.address)
  })
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r))
  cleanups.push(() => new Promise((r) => sock.close(() => r())))
  return {port: sock.address().port, queries}
}

async function server(upstreamPort: number): Promise<DnsServer> {
  const zone = new ClusterZone('cluster.local', services, endpoints)
  const s = await startDnsServer({address: '127.0.0.1', port: 0, zone: () => zone, upstreams: [{host: '127.0.0.1', port: upstreamPort}], timeoutMs: 300})
  cleanups.push(() => s.close())
  return s
}

function resolver(s: DnsServer): Resolver {
  const r = new Resolver({timeout: 2000, tries: 1})
  r.setServers([`127.0.0.1:${s.port}`])
  return r
}

describe('node DNS server', () => {
  it('answers cluster names to a real resolver: A, SRV, NXDOMAIN', async () => {
    const up = await fakeUpstream()
    const r = resolver(await server(up.port))
    expect(await r.resolve4('web.default.svc.cluster.local')).toEqual(['10.43.0.10'])
    expect(await r.resolveSrv('_http._tcp.web.default.svc.cluster.local')).toMatchObject([{name: 'web.default.svc.cluster.local', port: 80, priority: 0, weight: 100}])
    await expect(r.resolve4('nope.default.svc.cluster.local')).rejects.toMatchObject({code: 'ENOTFOUND'})
    await expect(r.resolve6('web.default.svc.cluster.local')).rejects.toMatchObject({code: 'ENODATA'})
    expect(await r.reverse('10.43.0.10')).toEqual(['web.default.svc.cluster.local'])
    // nothing of the cluster zone went upstream
    expect(up.queries).toEqual([])
  })

  it('truncates a big answer over UDP; the resolver gets it whole over TCP', async () => {
    const up = await fakeUpstream()
    const s = await server(up.port)
    const ips = await resolver(s).resolve4('big.default.svc.cluster.local')
    expect(ips.sort()).toEqual(many.map((a) => a.ip).sort())
    expect(s.stats).toEqual({udp: 1, tcp: 1})
  })

  it('forwards other names upstream, chases ExternalName CNAMEs, and answers SERVFAIL when upstream is silent', async () => {
    const up = await fakeUpstream()
    const s = await server(up.port)
    const r = resolver(s)
    expect(await r.resolve4('example.com')).toEqual(['192.0.2.1'])
    expect(await r.resolve4('ext.default.svc.cluster.local')).toEqual(['192.0.2.1'])
    expect(await r.resolveCname('ext.default.svc.cluster.local')).toEqual(['example.com'])
    await expect(r.resolve4('silent.test')).rejects.toMatchObject({code: 'ESERVFAIL'})
    expect(up.queries).toContain('silent.test')
  })

  it('speaks TCP with length framing, several queries on one connection', async () => {
    const up = await fakeUpstream()
    const s = await server(up.port)
    const q = (id: number, name: string) => {
      const b = encodeMessage({id, qr: false, opcode: 0, aa: false, tc: false, rd: true, ra: false, rcode: 0, questions: [{name, type: TYPE.A, class: CLASS_IN}], answers: [], authorities: [], additionals: []})
      const len = Buffer.alloc(2)
      len.writeUInt16BE(b.length)
      return Buffer.concat([len, b])
    }
    const answers = await new Promise<Map<number, string[]>>((resolve, reject) => {
      const c = net.connect(s.port, '127.0.0.1', () => c.write(Buffer.concat([q(1, 'web.default.svc.cluster.local'), q(2, 'big.default.svc.cluster.local')])))
      let buf = Buffer.alloc(0)
      const got = new Map<number, string[]>()
      c.on('data', (d) => {
        buf = Buffer.concat([buf, d])
        while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
          const m = decodeMessage(buf.subarray(2, 2 + buf.readUInt16BE(0)))
          buf = buf.subarray(2 + buf.readUInt16BE(0))
          got.set(m.id, m.answers.map((a) => String(a.data)))
          if (got.size === 2) {
            c.end()
            resolve(got)
          }
        }
      })
      c.on('error', reject)
    })
    expect(answers.get(1)).toEqual(['10.43.0.10'])
    expect(answers.get(2)).toHaveLength(100)
  })

  it('answers FORMERR to garbage with a readable id, NOTIMP to other opcodes', async () => {
    const up = await fakeUpstream()
    const s = await server(up.port)
    const ask = (b: Buffer) =>
      new Promise<Buffer>((resolve) => {
        const c = dgram.createSocket('udp4')
        c.on('message', (m) => {
          c.close()
          resolve(m)
        })
        c.send(b, s.port, '127.0.0.1')
      })
    const bad = await ask(Buffer.from('abcd0100000100000000000005', 'hex'))
    expect(decodeMessage(bad)).toMatchObject({id: 0xabcd, qr: true, rcode: 1})
    const notify = encodeMessage({id: 7, qr: false, opcode: 4, aa: false, tc: false, rd: false, ra: false, rcode: 0, questions: [{name: 'cluster.local', type: TYPE.SOA, class: CLASS_IN}], answers: [], authorities: [], additionals: []})
    expect(decodeMessage(await ask(notify))).toMatchObject({id: 7, rcode: 4})
  })
})
