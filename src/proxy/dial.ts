/**
 * Reaching a backend from this node: directly (an endpoint on this node — a pod IP the host routes to
 * over the container bridge — or outside the cluster), or through the endpoint node's forwarding
 * listener (see tunnel-protocol.ts).
 */
import dgram from 'node:dgram'
import net from 'node:net'
import {encodeTcpRequest, encodeUdp, decodeUdp, parseTcpAnswer, takeLine} from './tunnel-protocol.js'
import type {Backend} from './types.js'

/** A failed dial, with a Node-style code (ECONNREFUSED, ETIMEDOUT, EREMOTE …). */
export class DialError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message)
    this.name = 'DialError'
  }
}

function connect(host: string, port: number, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({host, port, allowHalfOpen: true})
    const timer = setTimeout(() => {
      sock.destroy()
      reject(new DialError(`connect to ${host}:${port} timed out`, 'ETIMEDOUT'))
    }, timeoutMs)
    sock.once('connect', () => {
      clearTimeout(timer)
      sock.removeAllListeners('error')
      resolve(sock)
    })
    sock.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      sock.destroy()
      reject(new DialError(`connect to ${host}:${port}: ${e.message}`, e.code ?? 'ECONNREFUSED'))
    })
  })
}

/**
 * Opens a TCP connection to a backend. Through a forwarding listener, resolves only once the remote
 * node reported that it reached the endpoint; any bytes that followed its answer are unshifted.
 */
export async function dialTcp(b: Backend, timeoutMs: number): Promise<net.Socket> {
  if (!b.via) return connect(b.ip, b.port, timeoutMs)
  const started = Date.now()
  const sock = await connect(b.via.host, b.via.port, timeoutMs)
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0)
    const fail = (err: DialError) => {
      cleanup()
      sock.destroy()
      reject(err)
    }
    const timer = setTimeout(() => fail(new DialError(`forwarding to ${b.key} via ${b.via!.host}:${b.via!.port} timed out`, 'ETIMEDOUT')), Math.max(1, timeoutMs * 2 - (Date.now() - started)))
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk])
      const got = takeLine(buf)
      if (got === undefined) return
      if (got === 'too-long') return fail(new DialError(`forwarding listener at ${b.via!.host}:${b.via!.port} sent a malformed answer`, 'EPROTO'))
      const ans = parseTcpAnswer(got.line)
      if (!ans.ok) return fail(new DialError(`forwarding to ${b.key} via ${b.via!.host}:${b.via!.port}: ${ans.reason}`, ans.reason.split(' ')[0] || 'EREMOTE'))
      sock.pause()
      cleanup()
      if (got.rest.length) sock.unshift(got.rest)
      resolve(sock)
    }
    const onError = (e: Error) => fail(new DialError(`forwarding via ${b.via!.host}:${b.via!.port}: ${e.message}`, 'ECONNRESET'))
    const onEnd = () => fail(new DialError(`forwarding listener at ${b.via!.host}:${b.via!.port} closed the connection`, 'ECONNRESET'))
    function cleanup() {
      clearTimeout(timer)
      sock.off('data', onData)
      sock.off('error', onError)
      sock.off('end', onEnd)
    }
    sock.on('data', onData)
    sock.once('error', onError)
    sock.once('end', onEnd)
    sock.write(encodeTcpRequest(b.ip, b.port))
  })
}

/** A UDP flow to one backend: send() payloads, receive the backend's answers through onMessage. */
export interface UdpUpstream {
  send(payload: Buffer): void
  close(): void
}

/**
 * Opens a UDP flow to a backend (a socket of its own, so answers map back to the one client).
 * `onError` gets ICMP-reported failures (ECONNREFUSED) of direct flows.
 */
export function openUdpUpstream(b: Backend, onMessage: (payload: Buffer) => void, onError: (err: Error) => void): UdpUpstream {
  const target = b.via ?? {host: b.ip, port: b.port}
  const sock = dgram.createSocket(net.isIPv6(target.host) ? 'udp6' : 'udp4')
  let closed = false
  const queue: Buffer[] = []
  let connected = false
  sock.on('error', (e) => {
    if (!closed) onError(e)
  })
  sock.on('message', (msg) => {
    if (!b.via) return onMessage(msg)
    const d = decodeUdp(msg)
    if (d && d.ip === b.ip && d.port === b.port) onMessage(d.payload)
  })
  sock.connect(target.port, target.host, () => {
    connected = true
    for (const m of queue.splice(0)) sock.send(m)
  })
  return {
    send(payload) {
      if (closed) return
      const msg = b.via ? encodeUdp(b.ip, b.port, payload) : payload
      if (connected) sock.send(msg)
      else queue.push(msg)
    },
    close() {
      if (closed) return
      closed = true
      try {
        sock.close()
      } catch {
        // already closed
      }
    },
  }
}
