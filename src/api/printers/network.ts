import {arr, at, nameOf, num, objs, str} from './access.js'
import {since} from './duration.js'
import {formatLabels} from './labels.js'
import {ageColumn, col, nameColumn, type Printer} from './table.js'

/** net.JoinHostPort: brackets IPv6 hosts. */
export function joinHostPort(host: string, port: string | number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
}

/** Service columns: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE, wide SELECTOR. */
export const serviceColumns = [
  nameColumn(),
  col('Type', 'string', 'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer.'),
  col('Cluster-IP', 'string', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
  col('External-IP', 'string', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
  col('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
  ageColumn(),
  col('Selector', 'string', 'Route service traffic to pods with label keys and values matching this selector.', {wide: true}),
]

/** loadBalancerStatusStringer: the sorted, de-duplicated ingress IPs/hostnames, clipped to 16 bytes unless wide. */
export function loadBalancerStatus(status: unknown, wide: boolean): string {
  const set = new Set<string>()
  for (const ing of objs(at(status, 'ingress'))) {
    if (str(ing.ip) !== '') set.add(str(ing.ip))
    else if (str(ing.hostname) !== '') set.add(str(ing.hostname))
  }
  let r = [...set].sort().join(',')
  if (!wide && r.length > 16) r = r.slice(0, 13) + '...'
  return r
}

/** getServiceExternalIP: external IPs, LB ingress, "<pending>", the external name, or "<none>". */
export function serviceExternalIP(svc: unknown, wide: boolean): string {
  const externalIPs = arr(at(svc, 'spec', 'externalIPs')).map(str)
  switch (serviceType(svc)) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>'
    case 'LoadBalancer': {
      const lb = loadBalancerStatus(at(svc, 'status', 'loadBalancer'), wide)
      if (externalIPs.length > 0) return [...(lb.length > 0 ? lb.split(',') : []), ...externalIPs].join(',')
      return lb.length > 0 ? lb : '<pending>'
    }
    case 'ExternalName':
      return str(at(svc, 'spec', 'externalName'))
    default:
      return '<unknown>'
  }
}

/** spec.type, ClusterIP when unset (the API default). */
export function serviceType(svc: unknown): string {
  return str(at(svc, 'spec', 'type')) || 'ClusterIP'
}

/** makePortString: "80/TCP,443:30443/TCP". */
export function servicePorts(svc: unknown): string {
  return objs(at(svc, 'spec', 'ports'))
    .map((p) => {
      const protocol = str(p.protocol) || 'TCP'
      return num(p.nodePort) > 0 ? `${num(p.port)}:${num(p.nodePort)}/${protocol}` : `${num(p.port)}/${protocol}`
    })
    .join(',')
}

/** printService */
export function serviceRow(svc: unknown, now: Date): unknown[] {
  const clusterIPs = arr(at(svc, 'spec', 'clusterIPs')).map(str)
  const clusterIP = clusterIPs.length > 0 ? clusterIPs[0] : str(at(svc, 'spec', 'clusterIP')) || '<none>'
  const ports = servicePorts(svc) || '<none>'
  return [
    nameOf(svc),
    serviceType(svc),
    clusterIP,
    serviceExternalIP(svc, true),
    ports,
    since(at(svc, 'metadata', 'creationTimestamp'), now),
    formatLabels(at(svc, 'spec', 'selector')),
  ]
}

/** Endpoints columns: NAME ENDPOINTS AGE. */
export const endpointsColumns = [
  nameColumn(),
  col('Endpoints', 'string', 'The set of all endpoints is the union of all subsets.'),
  ageColumn(),
]

/**
 * formatEndpoints: up to three "ip:port" entries (bare IPs for subsets without ports), then " + N more...";
 * "<none>" without subsets. `ports` restricts to the named ports (describe service), undefined for all.
 */
export function formatEndpoints(endpoints: unknown, ports?: Set<string>): string {
  const subsets = objs(at(endpoints, 'subsets'))
  if (subsets.length === 0) return '<none>'
  const list: string[] = []
  const max = 3
  let more = false
  let count = 0
  for (const ss of subsets) {
    const addresses = objs(ss.addresses)
    const ssPorts = objs(ss.ports)
    if (ssPorts.length === 0) {
      count += addresses.length
      for (const a of addresses) {
        if (list.length === max) {
          more = true
          break
        }
        list.push(str(a.ip))
      }
      continue
    }
    for (const port of ssPorts) {
      if (ports !== undefined && !ports.has(str(port.name))) continue
      count += addresses.length
      for (const a of addresses) {
        if (list.length === max) {
          more = true
          break
        }
        list.push(joinHostPort(str(a.ip), num(port.port)))
      }
    }
  }
  const ret = list.join(',')
  return more ? `${ret} + ${count - max} more...` : ret
}

/** printEndpoints */
export function endpointsRow(ep: unknown, now: Date): unknown[] {
  return [nameOf(ep), formatEndpoints(ep), since(at(ep, 'metadata', 'creationTimestamp'), now)]
}

export const servicePrinter: Printer = {columns: serviceColumns, row: serviceRow}
export const endpointsPrinter: Printer = {columns: endpointsColumns, row: endpointsRow}
