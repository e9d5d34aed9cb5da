/**
 * The node's DNS server: UDP and TCP on one address and port. Answers the cluster zone from a
 * ClusterZone (rebuilt when Services or Endpoints change), forwards everything else to the upstream
 * resolvers. An ExternalName CNAME whose target is outside the zone is chased upstream for A/AAAA
 * queries, so stub resolvers get the addresses in one answer (as CoreDNS does).
 */
import dgram from 'node:dgram'
import net from 'node:net'
import {forward, forwardTimeoutMs} from './forward.js'
import type {ClusterZone} from './records.js'
import type {Upstream} from './resolvconf.js'
import {CLASS_IN, DnsFormatError, RCODE, TYPE, decodeMessage, encodeMessage, replyTo, type DnsMessage} from './wire.js'

/** What the server needs. */
export interface DnsServerOptions {
  address: string
  port: number
  /** the current zone index */
  zone: () => ClusterZone
  upstreams: Upstream[]
  timeoutMs?: number
  log?: (msg: string) => void
}

/** A running DNS server. */
export interface DnsServer {
  address: string
  /** the bound port (useful with port 0) */
  port: number
  /** queries served per transport */
  stats: {udp: number; tcp: number}
  close(): Promise<void>
}

/** Answers one query (raw bytes in, raw bytes out; undefined = drop). `tcp`: the client used TCP. */
export async function handleQuery(raw: Buffer, tcp: boolean, opts: Pick<DnsServerOptions, 'zone' | 'upstreams' | 'timeoutMs'>): Promise<Buffer | undefined> {
  let q: DnsMessage
  try {
    q = decodeMessage(raw)
  } catch (e) {
    if (e instanceof DnsFormatError && e.id !== undefined) {
      return encodeMessage({id: e.id, qr: true, opcode: 0, aa: false, tc: false, rd: false, ra: true, rcode: RCODE.FORMERR, questions: [], answers: [], authorities: [], additionals: []})
    }
    return undefined
  }
  if (q.qr) return undefined
  const limit = tcp ? 65535 : Math.min(q.edns?.udpSize ?? 512, 4096)
  if (q.opcode !== 0) return encodeMessage(replyTo(q, RCODE.NOTIMP), limit)
  if (q.questions.length !== 1) return encodeMessage(replyTo(q, RCODE.FORMERR), limit)
  const question = q.questions[0]
  if (question.class !== CLASS_IN) return forwardRaw(raw, q, tcp, limit, opts)
  const zone = opts.zone()
  const res = zone.lookup(question.name, question.type)
  if (res.kind === 'forward') return forwardRaw(raw, q, tcp, limit, opts)
  const reply = replyTo(q, res.rcode)
  reply.aa = true
  reply.answers = res.answers
  reply.authorities = res.authorities
  reply.additionals = res.additionals
  const cname = res.answers.length === 1 && res.answers[0].type === TYPE.CNAME ? String(res.answers[0].data) : undefined
  if (cname && question.type !== TYPE.CNAME && (question.type === TYPE.A || question.type === TYPE.AAAA) && !zone.inZone(cname)) {
    await chase(reply, cname, question.type, tcp, opts)
  }
  return encodeMessage(reply, limit)
}

/** Adds the upstream's answer for `target` to a CNAME reply (best effort: the CNAME alone stands otherwise). */
async function chase(reply: DnsMessage, target: string, type: number, tcp: boolean, opts: Pick<DnsServerOptions, 'upstreams' | 'timeoutMs'>): Promise<void> {
  const sub: DnsMessage = {id: Math.floor(Math.random() * 65536), qr: false, opcode: 0, aa: false, tc: false, rd: true, ra: false, rcode: 0, questions: [{name: target, type, class: CLASS_IN}], answers: [], authorities: [], additionals: []}
  try {
    const ans = decodeMessage(await forward(encodeMessage(sub), opts.upstreams, tcp, opts.timeoutMs ?? forwardTimeoutMs))
    reply.answers.push(...ans.answers)
    if (ans.rcode === RCODE.NXDOMAIN) reply.rcode = RCODE.NXDOMAIN
  } catch {
    // upstream unreachable: the client gets the CNAME and may follow it itself
  }
}

async function forwardRaw(raw: Buffer, q: DnsMessage, tcp: boolean, limit: number, opts: Pick<DnsServerOptions, 'upstreams' | 'timeoutMs'>): Promise<Buffer> {
  try {
    const ans = await forward(raw, opts.upstreams, tcp, opts.timeoutMs ?? forwardTimeoutMs)
    if (ans.length <= limit) return ans
    // larger than the client can take over UDP: decode and send it truncated
    return encodeMessage(decodeMessage(ans), limit)
  } catch {
    return encodeMessage(replyTo(q, RCODE.SERVFAIL), limit)
  }
}

/** Starts the UDP and TCP listeners. */
export async function startDnsServer(opts: DnsServerOptions): Promise<DnsServer> {
  const log = opts.log ?? (() => {})
  const stats = {udp: 0, tcp: 0}
  const udp = dgram.createSocket(net.isIPv6(opts.address) ? 'udp6' : 'udp4')
  udp.on('message', (msg, rinfo) => {
    stats.udp++
    handleQuery(msg, false, opts)
      .then((out) => out && udp.send(out, rinfo.port, rinfo.address))
      .catch((e) => log(`dns: ${(e as Error).message}`))
  })
  udp.on('error', (e) => log(`dns ${opts.address}:${opts.port}/udp: ${e.message}`))
  const conns = new Set<net.Socket>()
  const tcp = net.createServer((sock) => {
    conns.add(sock)
    sock.setTimeout(10_000, () => sock.destroy())
    sock.on('close', () => conns.delete(sock))
    sock.on('error', () => sock.destroy())
    let buf = Buffer.alloc(0)
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk])
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const msg = buf.subarray(2, 2 + buf.readUInt16BE(0))
        buf = buf.subarray(2 + msg.length)
        stats.tcp++
        handleQuery(Buffer.from(msg), true, opts)
          .then((out) => {
            if (!out || sock.destroyed) return
            const len = Buffer.alloc(2)
            len.writeUInt16BE(out.length)
            sock.write(Buffer.concat([len, out]))
          })
          .catch((e) => log(`dns: ${(e as Error).message}`))
      }
    })
  })
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject)
    tcp.listen({host: opts.address, port: opts.port}, () => {
      tcp.off('error', reject)
      resolve()
    })
  })
  const port = (tcp.address() as net.AddressInfo).port
  try {
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject)
      udp.bind({address: opts.address, port}, () => {
        udp.off('error', reject)
        resolve()
      })
    })
  } catch (e) {
    tcp.close()
    throw e
  }
  return {
    address: opts.address,
    port,
    stats,
    async close() {
      for (const c of conns) c.destroy()
      await Promise.all([new Promise<void>((r) => tcp.close(() => r())), new Promise<void>((r) => udp.close(() => r()))])
    },
  }
}
