/**
 * Host addresses the proxies of a machine share: cluster IPs (and node DNS addresses) are added to the
 * loopback device as /32 addresses labelled `lo:mkube` — as kube-proxy's IPVS mode binds them to its
 * dummy device (no dummy driver here) — so they are local to the machine: processes on the host reach
 * them directly, and pods reach them through their default route (the container bridge's gateway, the
 * host). The service CIDR gets an `unreachable` route (protocol 196, mkube's) so that an address with no
 * service fails at once instead of leaving the machine.
 *
 * Several nodes on one machine share these addresses; each node's proxy records what it needs in a
 * claim file (`<stateDir>/claims/<node>.json`, with its pid and process start time), and changes are
 * made under a lock file: an address is added when any node needs it and removed only when no LIVE node
 * claims it. A node that stops (or was killed: its claim is then dead) thus never takes away what
 * another still uses, and the next sync of any node removes what nobody needs any more.
 */
import {readFile, readdir, unlink} from 'node:fs/promises'
import {join} from 'node:path'
import {execa} from 'execa'
import {withFileLock, writeFileAtomic} from '../pki/files.js'
import {message} from './errors.js'

/** The route protocol number that marks mkube's routes. */
export const routeProto = '196'
/** The label of mkube's loopback addresses. */
export const addressLabel = 'lo:mkube'
/** Default state directory of the claims (machine-wide, like the addresses). */
export const defaultStateDir = '/run/mkube/proxy'

/** What one node needs on the machine. */
export interface HostClaim {
  /** IPv4 addresses (no prefix) that must be local */
  addresses: string[]
  /** CIDRs to make unreachable (the service CIDR) */
  routes: string[]
}

/** A node's claim file. */
interface ClaimFile extends HostClaim {
  nodeName: string
  pid: number
  startTime: string
}

/** One address of `ip -o addr show dev lo`. */
export interface LoAddress {
  ip: string
  prefix: number
  label: string
}

/** Parses `ip -o -4 addr show dev lo`. */
export function parseLoAddresses(out: string): LoAddress[] {
  const res: LoAddress[] = []
  for (const line of out.split('\n')) {
    const m = /\binet (\d+\.\d+\.\d+\.\d+)\/(\d+)\b.*?\bscope \S+ (\S+?)\\?\s/.exec(line + ' ')
    if (m) res.push({ip: m[1], prefix: Number(m[2]), label: m[3]})
  }
  return res
}

/** Parses `ip -o route show type unreachable proto 196` into CIDRs. */
export function parseUnreachableRoutes(out: string): string[] {
  const res: string[] = []
  for (const line of out.split('\n')) {
    const m = /^unreachable (\S+)/.exec(line.trim())
    if (m) res.push(m[1].includes('/') ? m[1] : `${m[1]}/32`)
  }
  return res
}

/** The start time (field 22 of /proc/<pid>/stat) of a process, or undefined when it does not exist. */
export async function processStartTime(pid: number): Promise<string | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
    // the command name (field 2) may contain spaces and parentheses: count fields after the last ')'
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
  } catch {
    return undefined
  }
}

/** What the machine's addresses and routes must change to (pure). */
export function planHostChanges(
  present: {addresses: LoAddress[]; routes: string[]},
  mine: HostClaim,
  others: HostClaim[],
): {addAddresses: string[]; removeAddresses: string[]; addRoutes: string[]; removeRoutes: string[]} {
  const keepA = new Set([...mine.addresses, ...others.flatMap((o) => o.addresses)])
  const keepR = new Set([...mine.routes, ...others.flatMap((o) => o.routes)])
  const have = new Set(present.addresses.map((a) => a.ip))
  const ours = present.addresses.filter((a) => a.label === addressLabel && a.prefix === 32).map((a) => a.ip)
  const haveR = new Set(present.routes)
  return {
    addAddresses: [...new Set(mine.addresses)].filter((ip) => !have.has(ip)),
    removeAddresses: ours.filter((ip) => !keepA.has(ip)),
    addRoutes: [...new Set(mine.routes)].filter((r) => !haveR.has(r)),
    removeRoutes: present.routes.filter((r) => !keepR.has(r)),
  }
}

/** Runs `ip` (injectable for tests). */
export type IpRunner = (args: string[]) => Promise<string>

const runIp: IpRunner = async (args) => (await execa('ip', args)).stdout

/** Options of HostAddresses. */
export interface HostAddressesOptions {
  nodeName: string
  stateDir?: string
  ip?: IpRunner
  log?: (msg: string) => void
}

/** Outcome of a sync. */
export interface HostSyncResult {
  added: string[]
  removed: string[]
  /** addresses/routes that could not be changed (with the reason) */
  failed: string[]
}

/** Keeps one node's host addresses and routes, shared with the other nodes of the machine. */
export class HostAddresses {
  private readonly stateDir: string
  private readonly ip: IpRunner
  private readonly log: (msg: string) => void
  private startTime: string | undefined

  constructor(private readonly opts: HostAddressesOptions) {
    this.stateDir = opts.stateDir ?? defaultStateDir
    this.ip = opts.ip ?? runIp
    this.log = opts.log ?? (() => {})
  }

  private claimPath(node: string): string {
    return join(this.stateDir, 'claims', `${encodeURIComponent(node)}.json`)
  }

  /** Records `want` as this node's claim and brings the machine in line with every live node's claims. */
  async sync(want: HostClaim): Promise<HostSyncResult> {
    this.startTime ??= await processStartTime(process.pid)
    return withFileLock(join(this.stateDir, 'lock'), async () => {
      const mine: ClaimFile = {nodeName: this.opts.nodeName, pid: process.pid, startTime: this.startTime ?? '', addresses: [...want.addresses].sort(), routes: [...want.routes].sort()}
      await writeFileAtomic(this.claimPath(this.opts.nodeName), JSON.stringify(mine), 0o644)
      return this.apply(mine)
    })
  }

  /** Drops this node's claim (the proxy stops) and removes what no live node needs. */
  async release(): Promise<HostSyncResult> {
    return withFileLock(join(this.stateDir, 'lock'), async () => {
      await unlink(this.claimPath(this.opts.nodeName)).catch(() => {})
      return this.apply({addresses: [], routes: []})
    })
  }

  private async liveOthers(): Promise<HostClaim[]> {
    const dir = join(this.stateDir, 'claims')
    const names = await readdir(dir).catch(() => [] as string[])
    const out: HostClaim[] = []
    for (const n of names) {
      if (!n.endsWith('.json') || n === `${encodeURIComponent(this.opts.nodeName)}.json`) continue
      try {
        const c = JSON.parse(await readFile(join(dir, n), 'utf8')) as ClaimFile
        if ((await processStartTime(c.pid)) === c.startTime) out.push({addresses: c.addresses ?? [], routes: c.routes ?? []})
        // the claim of a node agent that died: what it held goes unless a live node needs it
        else await unlink(join(dir, n)).catch(() => {})
      } catch {
        // unreadable or half-written by a crashed writer: not a live claim
      }
    }
    return out
  }

  private async apply(mine: HostClaim): Promise<HostSyncResult> {
    const res: HostSyncResult = {added: [], removed: [], failed: []}
    const present = {
      addresses: parseLoAddresses(await this.ip(['-o', '-4', 'addr', 'show', 'dev', 'lo'])),
      routes: parseUnreachableRoutes(await this.ip(['-o', '-4', 'route', 'show', 'type', 'unreachable', 'proto', routeProto])),
    }
    const ch = planHostChanges(present, mine, await this.liveOthers())
    const run = async (what: string, args: string[], done: string[]) => {
      try {
        await this.ip(args)
        done.push(what)
      } catch (e) {
        res.failed.push(`${what}: ${message(e).split('\n').pop()}`)
      }
    }
    for (const r of ch.addRoutes) await run(`route ${r}`, ['route', 'replace', 'unreachable', r, 'proto', routeProto], res.added)
    for (const a of ch.addAddresses) await run(a, ['addr', 'add', `${a}/32`, 'dev', 'lo', 'label', addressLabel], res.added)
    for (const a of ch.removeAddresses) await run(a, ['addr', 'del', `${a}/32`, 'dev', 'lo'], res.removed)
    for (const r of ch.removeRoutes) await run(`route ${r}`, ['route', 'del', 'unreachable', r, 'proto', routeProto], res.removed)
    if (res.failed.length) this.log(`host addresses: ${res.failed.join('; ')}`)
    return res
  }
}
