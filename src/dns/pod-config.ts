/**
 * What the kubelet gives a pod for DNS: its resolv.conf for dnsPolicy ClusterFirst and the node's
 * resolver address. (The service environment variables are the kubelet's: kubelet/env/service-env.ts.)
 */
import {isIP} from 'node:net'

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
