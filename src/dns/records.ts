/**
 * The cluster zone's answers (pure), per the Kubernetes DNS-based service discovery specification and
 * CoreDNS' kubernetes plugin (`pods insecure`, TTL 5):
 *
 *   <svc>.<ns>.svc.<zone>             A: the cluster IP; headless: the ready endpoints' IPs;
 *                                     ExternalName: CNAME to the external name
 *   _<port>._<proto>.<svc>.<ns>.svc.<zone>  SRV for a named port (target: the service name, or each
 *                                     headless endpoint's name), with A records as additionals
 *   <svc>.<ns>.svc.<zone> SRV         SRV for every port of the service
 *   <host>.<svc>.<ns>.svc.<zone>      A of a headless endpoint (its hostname, or its IP with dashes)
 *   <a-b-c-d>.<ns>.pod.<zone>         A a.b.c.d
 *   dns-version.<zone> TXT            "1.1.0"
 *   reverse (in-addr.arpa) of a cluster IP or headless endpoint: PTR to its name
 *
 * Names that exist with other types answer NOERROR with no data; names under the zone that do not
 * exist answer NXDOMAIN; both carry the zone's SOA for negative caching. Names outside the zone (and
 * reverse names that are no service's) are for the upstream resolvers.
 */
import type {EndpointAddress, Endpoints} from '../api/types/endpoints.js'
import type {Service} from '../api/types/service.js'
import {CLASS_IN, RCODE, TYPE, type ResourceRecord, type SoaData} from './wire.js'

/** TTL of cluster answers (CoreDNS' kubernetes plugin default). */
export const clusterTTL = 5
/** The DNS schema version the specification defines. */
export const schemaVersion = '1.1.0'

/** The outcome of a cluster lookup. */
export type Lookup =
  | {kind: 'answer'; rcode: number; answers: ResourceRecord[]; authorities: ResourceRecord[]; additionals: ResourceRecord[]}
  /** not ours: ask the upstream resolvers */
  | {kind: 'forward'}

interface ServiceEntry {
  svc: Service
  /** endpoint addresses that DNS publishes (ready, plus not-ready with publishNotReadyAddresses) */
  addresses: EndpointAddress[]
  endpoints?: Endpoints
}

/** An index of Services and Endpoints for answering queries; rebuild it when they change. */
export class ClusterZone {
  readonly zone: string
  private readonly services = new Map<string, ServiceEntry>()
  private readonly namespaces = new Set<string>()
  private readonly reverse = new Map<string, string[]>()
  private readonly serial: number

  constructor(clusterDomain: string, services: Service[], endpoints: Endpoints[], serial = Math.floor(Date.now() / 1000)) {
    this.zone = clusterDomain.toLowerCase().replace(/\.$/, '')
    this.serial = serial
    const eps = new Map(endpoints.map((e) => [`${e.metadata.namespace}/${e.metadata.name}`, e]))
    for (const svc of services) {
      const ns = (svc.metadata.namespace ?? '').toLowerCase()
      const name = (svc.metadata.name ?? '').toLowerCase()
      const ep = eps.get(`${svc.metadata.namespace}/${svc.metadata.name}`)
      const addresses: EndpointAddress[] = []
      const seen = new Set<string>()
      for (const ss of ep?.subsets ?? []) {
        const list = [...(ss.addresses ?? []), ...(svc.spec?.publishNotReadyAddresses ? (ss.notReadyAddresses ?? []) : [])]
        for (const a of list) {
          if (seen.has(a.ip)) continue
          seen.add(a.ip)
          addresses.push(a)
        }
      }
      this.services.set(`${name}.${ns}`, {svc, addresses, endpoints: ep})
      this.namespaces.add(ns)
      const fqdn = `${name}.${ns}.svc.${this.zone}`
      const ip = svc.spec?.clusterIP
      if (ip && ip !== 'None' && svc.spec?.type !== 'ExternalName') this.addReverse(ip, fqdn)
      if (isHeadless(svc)) for (const a of addresses) this.addReverse(a.ip, `${endpointHost(a)}.${fqdn}`)
    }
  }

  private addReverse(ip: string, name: string): void {
    const r = reverseName(ip)
    if (!r) return
    const list = this.reverse.get(r) ?? []
    if (!list.includes(name)) list.push(name)
    this.reverse.set(r, list)
  }

  /** The zone's SOA record (owner: the zone). */
  soa(): ResourceRecord {
    const data: SoaData = {mname: `ns.dns.${this.zone}`, rname: `hostmaster.${this.zone}`, serial: this.serial, refresh: 7200, retry: 1800, expire: 86400, minimum: clusterTTL}
    return {name: this.zone, type: TYPE.SOA, class: CLASS_IN, ttl: clusterTTL, data}
  }

  /** Whether `name` is in the cluster zone. */
  inZone(name: string): boolean {
    const n = name.toLowerCase().replace(/\.$/, '')
    return n === this.zone || n.endsWith(`.${this.zone}`)
  }

  /** Answers `name`/`type` (`name` as asked: answers use it as their owner name). */
  lookup(name: string, type: number): Lookup {
    const asked = name.replace(/\.$/, '')
    const n = asked.toLowerCase()
    if (n.endsWith('.in-addr.arpa') || n.endsWith('.ip6.arpa')) return this.lookupReverse(asked, type)
    if (!this.inZone(n)) return {kind: 'forward'}
    const labels = n === this.zone ? [] : n.slice(0, -(this.zone.length + 1)).split('.')
    const rr = (t: number, data: ResourceRecord['data'], owner = asked): ResourceRecord => ({name: owner, type: t, class: CLASS_IN, ttl: clusterTTL, data})
    const ok = (answers: ResourceRecord[], additionals: ResourceRecord[] = []): Lookup =>
      answers.length ? {kind: 'answer', rcode: RCODE.NOERROR, answers, authorities: [], additionals} : this.nodata()
    if (labels.length === 0) {
      if (type === TYPE.SOA || type === TYPE.ANY) return ok([{...this.soa(), name: asked}])
      if (type === TYPE.NS) return ok([rr(TYPE.NS, `ns.dns.${this.zone}`)])
      return this.nodata()
    }
    if (labels.length === 1 && labels[0] === 'dns-version') return type === TYPE.TXT || type === TYPE.ANY ? ok([rr(TYPE.TXT, [schemaVersion])]) : this.nodata()
    const last = labels[labels.length - 1]
    if (last === 'pod') return this.lookupPod(labels.slice(0, -1), type, rr, ok)
    if (last !== 'svc') return this.nxdomain()
    const rest = labels.slice(0, -1)
    if (rest.length === 0) return this.nodata()
    if (rest.length === 1) return this.namespaces.has(rest[0]) ? this.nodata() : this.nxdomain()
    const ns = rest[rest.length - 1]
    const svcName = rest[rest.length - 2]
    const entry = this.services.get(`${svcName}.${ns}`)
    if (!entry) return this.nxdomain()
    const fqdn = `${svcName}.${ns}.svc.${this.zone}`
    const extra = rest.slice(0, -2)
    if (extra.length === 0) return this.lookupService(entry, fqdn, type, rr, ok)
    if (extra.length === 1) {
      // a headless endpoint by hostname (or dashed IP)
      if (!isHeadless(entry.svc)) return this.nxdomain()
      const hits = entry.addresses.filter((a) => endpointHost(a) === extra[0])
      if (!hits.length) return this.nxdomain()
      return type === TYPE.A || type === TYPE.ANY ? ok(hits.filter((a) => !a.ip.includes(':')).map((a) => rr(TYPE.A, a.ip))) : this.nodata()
    }
    if (extra.length === 2 && extra[0].startsWith('_') && extra[1].startsWith('_')) {
      const portName = extra[0].slice(1)
      const proto = extra[1].slice(1).toUpperCase()
      const ports = (entry.svc.spec?.ports ?? []).filter((p) => (p.name ?? '').toLowerCase() === portName && (p.protocol ?? 'TCP') === proto)
      if (!ports.length || !portName) return this.nxdomain()
      if (type !== TYPE.SRV && type !== TYPE.ANY) return this.nodata()
      return this.srv(entry, fqdn, ports, rr, ok)
    }
    return this.nxdomain()
  }

  private lookupService(entry: ServiceEntry, fqdn: string, type: number, rr: RR, ok: Ok): Lookup {
    const spec = entry.svc.spec ?? {}
    if (spec.type === 'ExternalName') {
      const target = (spec.externalName ?? '').replace(/\.$/, '')
      return target ? ok([rr(TYPE.CNAME, target)]) : this.nodata()
    }
    if (type === TYPE.SRV) return this.srv(entry, fqdn, spec.ports ?? [], rr, ok)
    const want4 = type === TYPE.A || type === TYPE.ANY
    const want6 = type === TYPE.AAAA || type === TYPE.ANY
    if (!want4 && !want6) return this.nodata()
    const ips = isHeadless(entry.svc) ? entry.addresses.map((a) => a.ip) : spec.clusterIP ? [spec.clusterIP] : []
    return ok(ips.filter((ip) => (ip.includes(':') ? want6 : want4)).map((ip) => rr(ip.includes(':') ? TYPE.AAAA : TYPE.A, ip)))
  }

  private srv(entry: ServiceEntry, fqdn: string, ports: NonNullable<NonNullable<Service['spec']>['ports']>, rr: RR, ok: Ok): Lookup {
    const answers: ResourceRecord[] = []
    const additionals: ResourceRecord[] = []
    if (!isHeadless(entry.svc)) {
      const ip = entry.svc.spec?.clusterIP
      for (const p of ports) answers.push(rr(TYPE.SRV, {priority: 0, weight: 100, port: p.port, target: fqdn}))
      if (answers.length && ip) additionals.push(rr(ip.includes(':') ? TYPE.AAAA : TYPE.A, ip, fqdn))
      return ok(answers, additionals)
    }
    // headless: one SRV per endpoint and port, weights sharing 100 as CoreDNS does
    const targets = entry.addresses
    const weight = targets.length ? Math.floor(100 / targets.length) || 1 : 100
    for (const p of ports) {
      for (const a of targets) {
        const port = endpointPort(entry.endpoints, a, p.name, p.protocol ?? 'TCP')
        if (port === undefined) continue
        const target = `${endpointHost(a)}.${fqdn}`
        answers.push(rr(TYPE.SRV, {priority: 0, weight, port, target}))
        if (!additionals.some((x) => x.name === target)) additionals.push(rr(a.ip.includes(':') ? TYPE.AAAA : TYPE.A, a.ip, target))
      }
    }
    return ok(answers, additionals)
  }

  private lookupPod(labels: string[], type: number, rr: RR, ok: Ok): Lookup {
    // <a-b-c-d>.<ns>.pod
    if (labels.length === 1) return this.nodata()
    if (labels.length !== 2) return this.nxdomain()
    const m = /^(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})$/.exec(labels[0])
    if (!m || m.slice(1).some((x) => Number(x) > 255)) return this.nxdomain()
    return type === TYPE.A || type === TYPE.ANY ? ok([rr(TYPE.A, m.slice(1).map(Number).join('.'))]) : this.nodata()
  }

  private lookupReverse(asked: string, type: number): Lookup {
    const names = this.reverse.get(asked.toLowerCase())
    if (!names) return {kind: 'forward'}
    if (type !== TYPE.PTR && type !== TYPE.ANY) return {kind: 'answer', rcode: RCODE.NOERROR, answers: [], authorities: [], additionals: []}
    return {kind: 'answer', rcode: RCODE.NOERROR, answers: names.map((n) => ({name: asked, type: TYPE.PTR, class: CLASS_IN, ttl: clusterTTL, data: n})), authorities: [], additionals: []}
  }

  private nodata(): Lookup {
    return {kind: 'answer', rcode: RCODE.NOERROR, answers: [], authorities: [this.soa()], additionals: []}
  }

  private nxdomain(): Lookup {
    return {kind: 'answer', rcode: RCODE.NXDOMAIN, answers: [], authorities: [this.soa()], additionals: []}
  }
}

type RR = (t: number, data: ResourceRecord['data'], owner?: string) => ResourceRecord
type Ok = (answers: ResourceRecord[], additionals?: ResourceRecord[]) => Lookup

/** Headless: clusterIP None (endpoints are published directly). */
export function isHeadless(svc: Service): boolean {
  return svc.spec?.clusterIP === 'None' && svc.spec?.type !== 'ExternalName'
}

/** An endpoint's DNS label: its hostname, else its IP with dashes (CoreDNS' endpoint naming). */
export function endpointHost(a: EndpointAddress): string {
  return (a.hostname || a.ip.replace(/[.:]/g, '-')).toLowerCase()
}

/** The port of endpoint `a` for a service port name/protocol, from its subset. */
function endpointPort(ep: Endpoints | undefined, a: EndpointAddress, name: string | undefined, protocol: string): number | undefined {
  for (const ss of ep?.subsets ?? []) {
    if (![...(ss.addresses ?? []), ...(ss.notReadyAddresses ?? [])].some((x) => x.ip === a.ip)) continue
    const p = (ss.ports ?? []).find((x) => (x.name ?? '') === (name ?? '') && (x.protocol ?? 'TCP') === protocol)
    if (p) return p.port
  }
  return undefined
}

/** The reverse-lookup name of an IPv4 address (`10.0.0.1` → `1.0.0.10.in-addr.arpa`); IPv6 nibbles too. */
export function reverseName(ip: string): string | undefined {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return `${ip.split('.').reverse().join('.')}.in-addr.arpa`
  if (ip.includes(':')) {
    const [head, tail = ''] = ip.split('::')
    const h = head ? head.split(':') : []
    const t = tail ? tail.split(':') : []
    const groups = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h
    if (groups.length !== 8) return undefined
    const hex = groups.map((g) => g.padStart(4, '0')).join('')
    return `${[...hex].reverse().join('.')}.ip6.arpa`
  }
  return undefined
}
