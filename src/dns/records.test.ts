import {describe, expect, it} from 'vitest'
import type {Endpoints} from '../api/types/endpoints.js'
import type {Service} from '../api/types/service.js'
import {ClusterZone, reverseName} from './records.js'
import {RCODE, TYPE} from './wire.js'

const services: Service[] = [
  {metadata: {name: 'web', namespace: 'default'}, spec: {type: 'ClusterIP', clusterIP: '10.43.0.10', ports: [{name: 'http', port: 80, protocol: 'TCP'}, {name: 'dns', port: 53, protocol: 'UDP'}]}},
  {metadata: {name: 'db', namespace: 'prod'}, spec: {type: 'ClusterIP', clusterIP: 'None', ports: [{name: 'pg', port: 5432, protocol: 'TCP'}]}},
  {metadata: {name: 'ext', namespace: 'default'}, spec: {type: 'ExternalName', externalName: 'db.example.com'}},
]
const endpoints: Endpoints[] = [
  {
    metadata: {name: 'db', namespace: 'prod'},
    subsets: [
      {
        addresses: [{ip: '10.88.0.5', hostname: 'db-0'}, {ip: '10.88.0.6'}],
        notReadyAddresses: [{ip: '10.88.0.7'}],
        ports: [{name: 'pg', port: 5432, protocol: 'TCP'}],
      },
    ],
  },
]
const zone = new ClusterZone('cluster.local', services, endpoints, 42)

function answer(name: string, type: number) {
  const r = zone.lookup(name, type)
  if (r.kind !== 'answer') throw new Error(`${name} was forwarded`)
  return r
}

describe('cluster zone', () => {
  it('answers A for a service with its cluster IP, keeping the asked case', () => {
    const r = answer('Web.Default.svc.cluster.local.', TYPE.A)
    expect(r.rcode).toBe(RCODE.NOERROR)
    expect(r.answers).toEqual([{name: 'Web.Default.svc.cluster.local', type: TYPE.A, class: 1, ttl: 5, data: '10.43.0.10'}])
  })

  it('answers headless services with the ready endpoints, and endpoints by hostname or dashed IP', () => {
    expect(answer('db.prod.svc.cluster.local', TYPE.A).answers.map((a) => a.data)).toEqual(['10.88.0.5', '10.88.0.6'])
    expect(answer('db-0.db.prod.svc.cluster.local', TYPE.A).answers.map((a) => a.data)).toEqual(['10.88.0.5'])
    expect(answer('10-88-0-6.db.prod.svc.cluster.local', TYPE.A).answers.map((a) => a.data)).toEqual(['10.88.0.6'])
    expect(answer('10-88-0-7.db.prod.svc.cluster.local', TYPE.A).rcode).toBe(RCODE.NXDOMAIN)
    const pub = new ClusterZone('cluster.local', [{...services[1], spec: {...services[1].spec, publishNotReadyAddresses: true}}], endpoints)
    const r = pub.lookup('db.prod.svc.cluster.local', TYPE.A)
    expect(r.kind === 'answer' && r.answers.length).toBe(3)
  })

  it('answers SRV for named ports, with the targets’ addresses as additionals', () => {
    const r = answer('_http._tcp.web.default.svc.cluster.local', TYPE.SRV)
    expect(r.answers.map((a) => a.data)).toEqual([{priority: 0, weight: 100, port: 80, target: 'web.default.svc.cluster.local'}])
    expect(r.additionals.map((a) => [a.name, a.data])).toEqual([['web.default.svc.cluster.local', '10.43.0.10']])
    expect(answer('_dns._udp.web.default.svc.cluster.local', TYPE.SRV).answers).toHaveLength(1)
    expect(answer('_dns._tcp.web.default.svc.cluster.local', TYPE.SRV).rcode).toBe(RCODE.NXDOMAIN)
    expect(answer('_http._tcp.web.default.svc.cluster.local', TYPE.A)).toMatchObject({rcode: RCODE.NOERROR, answers: []})
    const h = answer('_pg._tcp.db.prod.svc.cluster.local', TYPE.SRV)
    expect(h.answers.map((a) => a.data)).toEqual([
      {priority: 0, weight: 50, port: 5432, target: 'db-0.db.prod.svc.cluster.local'},
      {priority: 0, weight: 50, port: 5432, target: '10-88-0-6.db.prod.svc.cluster.local'},
    ])
    expect(h.additionals.map((a) => a.data)).toEqual(['10.88.0.5', '10.88.0.6'])
    // SRV at the service name: every port
    expect(answer('web.default.svc.cluster.local', TYPE.SRV).answers.map((a) => (a.data as {port: number}).port)).toEqual([80, 53])
  })

  it('answers ExternalName with a CNAME', () => {
    expect(answer('ext.default.svc.cluster.local', TYPE.A).answers).toEqual([{name: 'ext.default.svc.cluster.local', type: TYPE.CNAME, class: 1, ttl: 5, data: 'db.example.com'}])
  })

  it('NXDOMAIN for unknown names in the zone, NODATA for existing names of other types, both with the SOA', () => {
    for (const n of ['nope.default.svc.cluster.local', 'web.nope.svc.cluster.local', 'nope.svc.cluster.local', 'x.y.cluster.local', 'a.b.web.default.svc.cluster.local']) {
      const r = answer(n, TYPE.A)
      expect([n, r.rcode]).toEqual([n, RCODE.NXDOMAIN])
      expect(r.authorities[0]).toMatchObject({name: 'cluster.local', type: TYPE.SOA, data: {mname: 'ns.dns.cluster.local', serial: 42, minimum: 5}})
    }
    for (const [n, t] of [
      ['web.default.svc.cluster.local', TYPE.AAAA],
      ['default.svc.cluster.local', TYPE.A],
      ['svc.cluster.local', TYPE.A],
      ['cluster.local', TYPE.A],
    ] as const) {
      const r = answer(n, t)
      expect([n, r.rcode, r.answers.length, r.authorities.length]).toEqual([n, RCODE.NOERROR, 0, 1])
    }
    expect(answer('cluster.local', TYPE.SOA).answers[0].type).toBe(TYPE.SOA)
  })

  it('answers pod names, the schema version, and reverse lookups of cluster IPs', () => {
    expect(answer('10-88-0-9.default.pod.cluster.local', TYPE.A).answers.map((a) => a.data)).toEqual(['10.88.0.9'])
    expect(answer('10-88-0-999.default.pod.cluster.local', TYPE.A).rcode).toBe(RCODE.NXDOMAIN)
    expect(answer('dns-version.cluster.local', TYPE.TXT).answers[0].data).toEqual(['1.1.0'])
    expect(answer(reverseName('10.43.0.10')!, TYPE.PTR).answers.map((a) => a.data)).toEqual(['web.default.svc.cluster.local'])
    expect(answer('5.0.88.10.in-addr.arpa', TYPE.PTR).answers.map((a) => a.data)).toEqual(['db-0.db.prod.svc.cluster.local'])
  })

  it('leaves other names to the upstream resolvers', () => {
    expect(zone.lookup('example.com', TYPE.A)).toEqual({kind: 'forward'})
    expect(zone.lookup('cluster.localhost', TYPE.A)).toEqual({kind: 'forward'})
    expect(zone.lookup('1.1.168.192.in-addr.arpa', TYPE.PTR)).toEqual({kind: 'forward'})
  })

  it('works for another cluster domain', () => {
    const z = new ClusterZone('corp.example.', services, endpoints)
    expect(z.lookup('web.default.svc.corp.example', TYPE.A)).toMatchObject({answers: [{data: '10.43.0.10'}]})
    expect(z.lookup('web.default.svc.cluster.local', TYPE.A)).toEqual({kind: 'forward'})
  })
})
