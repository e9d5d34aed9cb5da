/**
 * Forwarding of names outside the cluster zone to the node's upstream resolvers: the query is sent as
 * it came, over the transport the client used (a truncated UDP answer goes back truncated, and the
 * client's retry over TCP is forwarded over TCP), each upstream tried in turn with a timeout. Resolves
 * with the upstream's answer bytes.
 */
import dgram from 'node:dgram'
import net from 'node:net'
import type {Upstream} from './resolvconf.js'

/** Per-upstream timeout (CoreDNS forward's read timeout is 2 s). */
export const forwardTimeoutMs = 2000

/** Sends a raw query to one upstream over UDP. */
export function queryUdp(query: Buffer, up: Upstream, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const sock = dgram.createSocket(net.isIPv6(up.host) ? 'udp6' : 'udp4')
    const id = query.readUInt16BE(0)
    const done = (err?: Error, msg?: Buffer) => {
      clearTimeout(timer)
      sock.close()
      if (err) reject(err)
      else resolve(msg!)
    }
    const timer = setTimeout(() => done(new Error(`upstream ${up.host}:${up.port} timed out`)), timeoutMs)
    sock.on('error', (e) => done(e))
    sock.on('message', (msg, rinfo) => {
      // only the upstream's answer to this query (same id) counts
      if (rinfo.port !== up.port || msg.length < 12 || msg.readUInt16BE(0) !== id) return
      done(undefined, msg)
    })
    sock.send(query, up.port, up.host)
  })
}

/** Sends a raw query to one upstream over TCP (two-byte length framing). */
export function queryTcp(query: Buffer, up: Upstream, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({host: up.host, port: up.port})
    let buf = Buffer.alloc(0)
    const done = (err?: Error, msg?: Buffer) => {
      clearTimeout(timer)
      sock.destroy()
      if (err) reject(err)
      else resolve(msg!)
    }
    const timer = setTimeout(() => done(new Error(`upstream ${up.host}:${up.port} timed out`)), timeoutMs)
    sock.on('error', (e) => done(e))
    sock.on('connect', () => {
      const len = Buffer.alloc(2)
      len.writeUInt16BE(query.length)
      sock.write(Buffer.concat([len, query]))
    })
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk])
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) done(undefined, buf.subarray(2, 2 + buf.readUInt16BE(0)))
    })
    sock.on('end', () => done(new Error(`upstream ${up.host}:${up.port} closed the connection`)))
  })
}

/** Asks the upstreams in turn; rejects with the last error when none answers. */
export async function forward(query: Buffer, upstreams: Upstream[], tcp: boolean, timeoutMs = forwardTimeoutMs): Promise<Buffer> {
  let last: Error = new Error('no upstream resolvers configured')
  for (const up of upstreams) {
    try {
      if (tcp) return await queryTcp(query, up, timeoutMs)
      return await queryUdp(query, up, timeoutMs)
    } catch (e) {
      last = e as Error
    }
  }
  throw last
}
