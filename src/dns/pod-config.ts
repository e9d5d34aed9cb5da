/**
 * What the kubelet gives a pod for service discovery: its DNS configuration (dnsPolicy ClusterFirst)
 * and the Kubernetes service environment variables.
 */
import {isIP} from 'node:net'
import type {Service} from '../api/types/service.js'

/** A pod's resolv.conf content (PodDNSConfig's shape). */
export interface PodDnsConfig {
  servers: string[]
  searches: string[]
  options: {name: string; value?: string}[]
}

/**
 * ClusterFirst DNS for a pod in `namespace`: the node's resolver, the search path
 * `<ns>.svc.<domain> svc.<domain> <domain>` (so `web` and `web.<ns>` resolve) and ndots:5, as the kubelet
 * writes it.
 */
export function podDnsConfig(nodeDnsAddress: string, namespace: string, clusterDomain = 'cluster.local'): PodDnsConfig {
  const d = clusterDomain.replace(/\.$/, '')
  return {servers: [nodeDnsAddress], searches: [`${namespace}.svc.${d}`, `svc.${d}`, d], options: [{name: 'ndots', value: '5'}]}
}

/** resolv.conf text for a PodDnsConfig. */
export function formatResolvConf(cfg: PodDnsConfig): string {
  const lines = [...cfg.servers.map((s) => `nameserver ${s}`)]
  if (cfg.searches.length) lines.push(`search ${cfg.searches.join(' ')}`)
  if (cfg.options.length) lines.push(`options ${cfg.options.map((o) => (o.value === undefined ? o.name : `${o.name}:${o.value}`)).join(' ')}`)
  return `${lines.join('\n')}\n`
}

/**
 * The node DNS address pods use, by default. Pods cannot reach the node's address when it is a
 * loopback address (several nodes on one machine), and a resolver on a routable node address would
 * answer the whole network; so the resolver listens on a link-local address on the host's loopback
 * device, which pods reach through their default route (the host) — as NodeLocal DNSCache's
 * 169.254.20.10. A machine's single node uses 169.254.20.10; a node with loopback address 127.a.b.c
 * uses 169.254.(21 + b % 200).c, distinct for each node of the machine.
 */
export function defaultNodeDnsAddress(nodeIP: string): string {
  if (isIP(nodeIP) === 4 && nodeIP.startsWith('127.')) {
    const [, , b, c] = nodeIP.split('.').map(Number)
    return `169.254.${21 + (b % 200)}.${c}`
  }
  return '169.254.20.10'
}

export interface EnvVar {
  name: string
  value: string
}

function envName(s: string): string {
  return s.toUpperCase().replace(/-/g, '_')
}

/** Whether the service has a usable cluster IP (not empty, not None): only those get variables. */
function hasClusterIP(svc: Service): boolean {
  const ip = svc.spec?.clusterIP
  return !!ip && ip !== 'None'
}

/** The variables of one service (Kubernetes' envvars.FromServices for one service, in its order). */
function serviceVars(svc: Service): EnvVar[] {
  const spec = svc.spec!
  const ip = spec.clusterIP!
  const ports = spec.ports ?? []
  if (!ports.length) return []
  const prefix = envName(svc.metadata.name ?? '')
  const out: EnvVar[] = [
    {name: `${prefix}_SERVICE_HOST`, value: ip},
    {name: `${prefix}_SERVICE_PORT`, value: String(ports[0].port)},
  ]
  for (const p of ports) if (p.name) out.push({name: `${prefix}_SERVICE_PORT_${envName(p.name)}`, value: String(p.port)})
  const hostPort = (port: number) => `${isIP(ip) === 6 ? `[${ip}]` : ip}:${port}`
  ports.forEach((p, i) => {
    const proto = (p.protocol ?? 'TCP').toLowerCase()
    const url = `${proto}://${hostPort(p.port)}`
    // Docker special-cases the first port
    if (i === 0) out.push({name: `${prefix}_PORT`, value: url})
    const pp = `${prefix}_PORT_${p.port}_${proto.toUpperCase()}`
    out.push({name: pp, value: url}, {name: `${pp}_PROTO`, value: proto}, {name: `${pp}_PORT`, value: String(p.port)}, {name: `${pp}_ADDR`, value: ip})
  })
  return out
}

/**
 * The service environment variables of a pod (the kubelet's getServiceEnvVarMap): for every service of
 * the pod's namespace when enableServiceLinks (default true), and always for the `kubernetes` service of
 * `default`; services without a cluster IP (headless, ExternalName) are skipped. Without `namespace`,
 * every given service is used. Later names win on duplicates; the result is sorted by name.
 */
export function serviceEnv(services: Service[], namespace?: string, enableServiceLinks = true): EnvVar[] {
  const chosen = new Map<string, Service>()
  for (const svc of services) {
    if (!hasClusterIP(svc)) continue
    const name = svc.metadata.name ?? ''
    if (namespace === undefined) chosen.set(`${svc.metadata.namespace}/${name}`, svc)
    else if (svc.metadata.namespace === 'default' && name === 'kubernetes') {
      if (!chosen.has(name)) chosen.set(name, svc)
    } else if (svc.metadata.namespace === namespace && enableServiceLinks) chosen.set(name, svc)
  }
  const env = new Map<string, string>()
  for (const svc of chosen.values()) for (const v of serviceVars(svc)) env.set(v.name, v.value)
  return [...env.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, value]) => ({name, value}))
}
