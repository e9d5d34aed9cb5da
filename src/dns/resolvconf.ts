/** /etc/resolv.conf, as the node's upstream resolvers and the pods' DNS settings see it (pure parse). */
import {readFile} from 'node:fs/promises'

/** The parts of resolv.conf mkube uses. */
export interface ResolvConf {
  nameservers: string[]
  searches: string[]
  options: {name: string; value?: string}[]
}

/** Parses resolv.conf text (`nameserver`, `search`/`domain`, `options`; comments with # or ;). */
export function parseResolvConf(text: string): ResolvConf {
  const res: ResolvConf = {nameservers: [], searches: [], options: []}
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim()
    if (!line) continue
    const [key, ...args] = line.split(/\s+/)
    if (key === 'nameserver' && args[0]) res.nameservers.push(args[0])
    else if (key === 'search') res.searches = args
    else if (key === 'domain' && args[0]) res.searches = [args[0]]
    else if (key === 'options') {
      for (const o of args) {
        const i = o.indexOf(':')
        res.options.push(i < 0 ? {name: o} : {name: o.slice(0, i), value: o.slice(i + 1)})
      }
    }
  }
  return res
}

/** An upstream resolver address. */
export interface Upstream {
  host: string
  port: number
}

/** Parses `1.2.3.4`, `1.2.3.4:5353`, `[::1]:53` or `::1`. */
export function parseUpstream(s: string): Upstream {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(s)
  if (v6) return {host: v6[1], port: Number(v6[2] ?? 53)}
  const v4 = /^([^:]+):(\d+)$/.exec(s)
  if (v4) return {host: v4[1], port: Number(v4[2])}
  return {host: s, port: 53}
}

/** The node's upstream resolvers from a resolv.conf file (default /etc/resolv.conf); [] when unreadable. */
export async function systemUpstreams(path = '/etc/resolv.conf'): Promise<Upstream[]> {
  try {
    return parseResolvConf(await readFile(path, 'utf8')).nameservers.map(parseUpstream)
  } catch {
    return []
  }
}
