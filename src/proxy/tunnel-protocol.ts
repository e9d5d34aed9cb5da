/**
 * The forwarding-listener protocol between node proxies (pure encode/decode). There is no pod network
 * between nodes, so a proxy that picked an endpoint on another node connects to that node's forwarding
 * listener (nodeIP:tunnelPort) and names the endpoint; the other node dials it locally and splices.
 *
 * TCP: the client sends one line `MKFWD/1 <ip> <port>\n`; the server answers `OK\n` once it is connected
 * to the endpoint (then bytes flow both ways unchanged) or `ERR <reason>\n` and closes — so a refused
 * endpoint is reported before any client byte is sent, and the sender can try another.
 *
 * UDP: each datagram (both directions) starts with `MKU` 0x01, the address family (4 or 6), the
 * endpoint address (4 or 16 bytes) and its port (2 bytes, big endian), followed by the payload.
 */
import {isIP} from 'node:net'

export const tcpHello = 'MKFWD/1'
/** the longest acceptable header line */
export const maxHeaderBytes = 128

/** The TCP request line for `ip:port`. */
export function encodeTcpRequest(ip: string, port: number): string {
  return `${tcpHello} ${ip} ${port}\n`
}

/** Parses a TCP request line (without the newline); undefined when malformed. */
export function parseTcpRequest(line: string): {ip: string; port: number} | undefined {
  const m = /^MKFWD\/1 (\S+) (\d{1,5})$/.exec(line.trim())
  if (!m || !isIP(m[1])) return undefined
  const port = Number(m[2])
  return port >= 1 && port <= 65535 ? {ip: m[1], port} : undefined
}

/** Parses the server's answer line: ok, or the error reason. */
export function parseTcpAnswer(line: string): {ok: true} | {ok: false; reason: string} {
  const t = line.trim()
  if (t === 'OK') return {ok: true}
  return {ok: false, reason: t.startsWith('ERR ') ? t.slice(4) : `bad answer ${JSON.stringify(t.slice(0, 40))}`}
}

/**
 * Splits the first line off a buffer; returns undefined while no newline has arrived (and the buffer is
 * still short enough to be a header).
 */
export function takeLine(buf: Buffer): {line: string; rest: Buffer} | undefined | 'too-long' {
  const nl = buf.indexOf(10)
  if (nl < 0) return buf.length > maxHeaderBytes ? 'too-long' : undefined
  if (nl > maxHeaderBytes) return 'too-long'
  return {line: buf.subarray(0, nl).toString('latin1'), rest: buf.subarray(nl + 1)}
}

const udpMagic = Buffer.from([0x4d, 0x4b, 0x55, 0x01]) // "MKU" v1

/** Wraps a UDP payload for endpoint `ip:port`. */
export function encodeUdp(ip: string, port: number, payload: Buffer): Buffer {
  const fam = isIP(ip)
  if (!fam) throw new Error(`not an IP address: ${ip}`)
  const addr = fam === 4 ? Buffer.from(ip.split('.').map(Number)) : ipv6Bytes(ip)
  const head = Buffer.alloc(4 + 1 + addr.length + 2)
  udpMagic.copy(head, 0)
  head[4] = fam
  addr.copy(head, 5)
  head.writeUInt16BE(port, 5 + addr.length)
  return Buffer.concat([head, payload])
}

/** Unwraps a tunnelled UDP datagram; undefined when it is not one. */
export function decodeUdp(msg: Buffer): {ip: string; port: number; payload: Buffer} | undefined {
  if (msg.length < 11 || !msg.subarray(0, 4).equals(udpMagic)) return undefined
  const fam = msg[4]
  const len = fam === 4 ? 4 : fam === 6 ? 16 : 0
  if (!len || msg.length < 5 + len + 2) return undefined
  const a = msg.subarray(5, 5 + len)
  const ip = fam === 4 ? [...a].join('.') : formatIPv6(a)
  const port = msg.readUInt16BE(5 + len)
  return {ip, port, payload: msg.subarray(5 + len + 2)}
}

function ipv6Bytes(ip: string): Buffer {
  const [head, tail = ''] = ip.split('::')
  const h = head ? head.split(':') : []
  const t = tail ? tail.split(':') : []
  const groups = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h
  const b = Buffer.alloc(16)
  groups.forEach((g, i) => b.writeUInt16BE(parseInt(g || '0', 16), i * 2))
  return b
}

function formatIPv6(b: Buffer): string {
  const groups: string[] = []
  for (let i = 0; i < 16; i += 2) groups.push(b.readUInt16BE(i).toString(16))
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::')
}
