/**
 * The runtime sandbox of a pod (pure): hostname, hostPort mappings published on the node IP, labels,
 * and resolv.conf per dnsPolicy as the kubelet's GetPodDNS (ClusterFirst falls back to Default while
 * no cluster DNS is configured; hostNetwork pods use ClusterFirst only with ClusterFirstWithHostNet;
 * dnsConfig is merged in; at most 3 nameservers and 32 search domains).
 */
import type {Pod} from '../../api/types/pod.js'
import type {DnsConfig, PodSandboxConfig, PortMapping} from '../../runtime/types.js'

/** The node's own resolver settings (/etc/resolv.conf), the base of dnsPolicy Default. */
export interface HostResolv {
  servers: string[]
  searches: string[]
  options: string[]
}

/** Parses resolv.conf text. */
export function parseResolvConf(text: string): HostResolv {
  const out: HostResolv = {servers: [], searches: [], options: []}
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim()
    const [key, ...rest] = line.split(/\s+/)
    if (key === 'nameserver' && rest[0]) out.servers.push(rest[0])
    else if (key === 'search' || key === 'domain') out.searches = rest
    else if (key === 'options') out.options.push(...rest)
  }
  return out
}

/** DNS settings of the node. */
export interface DnsSettings {
  clusterDNS?: string[]
  clusterDomain: string
  host?: HostResolv
}

type DnsType = 'cluster' | 'host' | 'none'

function dnsType(pod: Pod): DnsType {
  const policy = pod.spec?.dnsPolicy ?? 'ClusterFirst'
  if (policy === 'None') return 'none'
  if (policy === 'ClusterFirstWithHostNet') return 'cluster'
  if (policy === 'ClusterFirst' && !pod.spec?.hostNetwork) return 'cluster'
  return 'host'
}

function uniq(xs: string[]): string[] {
  return [...new Set(xs)]
}

function mergeOptions(base: string[], extra: {name?: string; value?: string}[]): string[] {
  const m = new Map<string, string>()
  for (const o of base) {
    const [k, v] = o.split(':')
    m.set(k, o.includes(':') ? `${k}:${v}` : k)
  }
  for (const o of extra) if (o.name) m.set(o.name, o.value !== undefined && o.value !== '' ? `${o.name}:${o.value}` : o.name)
  return [...m.values()]
}

/**
 * The pod's resolv.conf (undefined: the runtime's default, i.e. the node's) and a warning when
 * ClusterFirst had to fall back to Default (the MissingClusterDNS event).
 */
export function podDnsConfig(pod: Pod, s: DnsSettings): {dns?: DnsConfig; warning?: string} {
  let type = dnsType(pod)
  let warning: string | undefined
  if (type === 'cluster' && !s.clusterDNS?.length) {
    type = 'host'
    warning = `pod: "${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})". kubelet does not have ClusterDNS IP configured and cannot create Pod using "ClusterFirst" policy. Falling back to "Default" policy.`
  }
  const extra = pod.spec?.dnsConfig
  let base: DnsConfig | undefined
  if (type === 'cluster') {
    const d = s.clusterDomain
    const ns = pod.metadata.namespace ?? 'default'
    base = {servers: [...s.clusterDNS!], searches: [`${ns}.svc.${d}`, `svc.${d}`, d, ...(s.host?.searches ?? [])], options: ['ndots:5']}
  } else if (type === 'none') base = {servers: [], searches: [], options: []}
  else if (extra) base = {servers: [...(s.host?.servers ?? [])], searches: [...(s.host?.searches ?? [])], options: [...(s.host?.options ?? [])]}
  if (!base) return {warning}
  if (extra) {
    base.servers = uniq([...base.servers, ...(extra.nameservers ?? [])])
    base.searches = uniq([...base.searches, ...(extra.searches ?? [])])
    base.options = mergeOptions(base.options, extra.options ?? [])
  }
  base.servers = base.servers.slice(0, 3)
  base.searches = uniq(base.searches).slice(0, 32)
  return {dns: base, warning}
}

/** The pod's hostname: spec.hostname or the pod name, cut to 63 characters. */
export function podHostname(pod: Pod): string {
  const h = pod.spec?.hostname || pod.metadata.name || ''
  return h.length <= 63 ? h : h.slice(0, 63).replace(/[-.]+$/, '')
}

/** hostPort mappings of every container, published on the container port's hostIP or the node IP. */
export function portMappings(pod: Pod, nodeIP: string): PortMapping[] {
  const out: PortMapping[] = []
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort) continue
      out.push({containerPort: p.containerPort, hostPort: p.hostPort, protocol: p.protocol ?? 'TCP', hostIp: p.hostIP || nodeIP})
    }
  }
  return out
}

/** The runtime sandbox config of a pod. */
export function sandboxConfig(pod: Pod, nodeName: string, nodeIP: string, attempt: number, dns: DnsConfig | undefined): PodSandboxConfig {
  const cfg: PodSandboxConfig = {
    podUid: pod.metadata.uid!,
    podName: pod.metadata.name!,
    namespace: pod.metadata.namespace ?? 'default',
    nodeName,
    attempt,
    hostname: podHostname(pod),
    labels: {...pod.metadata.labels},
    annotations: {...pod.metadata.annotations},
    portMappings: portMappings(pod, nodeIP),
    hostNetwork: pod.spec?.hostNetwork === true,
  }
  if (dns) cfg.dnsConfig = dns
  return cfg
}
