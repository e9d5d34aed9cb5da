/**
 * A node's forwarding listener (TCP and UDP on nodeIP:tunnelPort): other nodes' proxies send it
 * connections and datagrams for endpoints on THIS node, which it dials locally. It only dials what the
 * allow-list holds — the endpoints the Endpoints objects place on this node — so it is no open relay.
 */
import dgram from 'node:dgram'
import net from 'node:net'
import {connectionErrorCode} from './errors.js'
import {decodeUdp, encodeUdp, parseTcpRequest, takeLine} from './tunnel-protocol.js'
import {endpointKey} from './types.js'

/** How long a tunnelled UDP flow lives without traffic. */
export const udpIdleMs = 30_000

/** Options of the forwarding listener. */
export interface TunnelOptions {
  host: string
  port: number
  /** whether `TCP/ip:port` (or UDP) may be dialled */
  allowed: (key: string) => boolean
  connectTimeoutMs?: number
  log?: (msg: string) => void
}

/** A running forwarding listener. */
export interface Tunnel {
  close(): Promise<void>
}

interface UdpFlow {
  sock: dgram.Socket
  timer: NodeJS.Timeout
}

/** Starts the forwarding listener; resolves once both sockets are bound. */
export async function startTunnel(opts: TunnelOptions): Promise<Tunnel> {
  const timeoutMs = opts.connectTimeoutMs ?? 2000
  const conns = new Set<net.Socket>()
  const server = net.createServer({allowHalfOpen: true, pauseOnConnect: true}, (client) => {
    conns.add(client)
    client.on('close', () => conns.delete(client))
    client.on('error', () => client.destroy())
    let buf = Buffer.alloc(0)
    const headerTimer = setTimeout(() => client.destroy(), 5000)
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk])
      const got = takeLine(buf)
      if (got === undefined) return
      client.off('data', onData)
      client.pause()
      clearTimeout(headerTimer)
      if (got === 'too-long') return void client.end('ERR EPROTO header too long\n')
      const req = parseTcpRequest(got.line)
      if (!req) return void client.end('ERR EPROTO malformed request\n')
      if (!opts.allowed(endpointKey('TCP', req.ip, req.port))) return void client.end(`ERR ECONNREFUSED ${req.ip}:${req.port} is not an endpoint on this node\n`)
      const up = net.connect({host: req.ip, port: req.port, allowHalfOpen: true})
      conns.add(up)
      up.on('close', () => conns.delete(up))
      const timer = setTimeout(() => {
        up.destroy()
        client.end(`ERR ETIMEDOUT connect to ${req.ip}:${req.port} timed out\n`)
      }, timeoutMs)
      up.once('error', (e) => {
        clearTimeout(timer)
        if (!client.destroyed) client.end(`ERR ${connectionErrorCode(e)} ${e.message}\n`)
      })
      up.once('connect', () => {
        clearTimeout(timer)
        up.removeAllListeners('error')
        client.write('OK\n')
        if (got.rest.length) up.write(got.rest)
        splice(client, up)
      })
    }
    client.on('data', onData)
    client.resume()
  })
  server.on('error', (e) => opts.log?.(`forwarding listener ${opts.host}:${opts.port}: ${e.message}`))

  const udp = dgram.createSocket(net.isIPv6(opts.host) ? 'udp6' : 'udp4')
  const flows = new Map<string, UdpFlow>()
  udp.on('error', (e) => opts.log?.(`forwarding listener ${opts.host}:${opts.port}/udp: ${e.message}`))
  udp.on('message', (msg, rinfo) => {
    const d = decodeUdp(msg)
    if (!d || !opts.allowed(endpointKey('UDP', d.ip, d.port))) return
    const key = `${rinfo.address}:${rinfo.port}|${d.ip}:${d.port}`
    let flow = flows.get(key)
    if (!flow) {
      const sock = dgram.createSocket(net.isIPv6(d.ip) ? 'udp6' : 'udp4')
      const f: UdpFlow = {sock, timer: setTimeout(() => end(), udpIdleMs)}
      const end = () => {
        clearTimeout(f.timer)
        flows.delete(key)
        try {
          sock.close()
        } catch {
          // closed already
        }
      }
      sock.on('error', end)
      sock.on('message', (reply) => {
        f.timer.refresh()
        udp.send(encodeUdp(d.ip, d.port, reply), rinfo.port, rinfo.address)
      })
      flows.set(key, (flow = f))
    }
    flow.timer.refresh()
    flow.sock.send(d.payload, d.port, d.ip)
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen({host: opts.host, port: opts.port}, () => {
      server.off('error', reject)
      resolve()
    })
  })
  try {
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject)
      udp.bind({address: opts.host, port: opts.port}, () => {
        udp.off('error', reject)
        resolve()
      })
    })
  } catch (e) {
    server.close()
    throw e
  }
  return {
    async close() {
      for (const f of flows.values()) {
        clearTimeout(f.timer)
        f.sock.close()
      }
      flows.clear()
      for (const c of conns) c.destroy()
      await Promise.all([new Promise<void>((r) => server.close(() => r())), new Promise<void>((r) => udp.close(() => r()))])
    },
  }
}

/**
 * Joins two sockets both ways with half-close (a FIN from one side is passed on, the other direction
 * keeps flowing); an error on either tears both down; when one is closed, the other is closed once its
 * pending bytes are flushed.
 */
export function splice(a: net.Socket, b: net.Socket): void {
  const kill = () => {
    a.destroy()
    b.destroy()
  }
  a.on('error', kill)
  b.on('error', kill)
  a.pipe(b)
  b.pipe(a)
  const closeAfterFlush = (s: net.Socket) => {
    if (s.destroyed) return
    if (s.writableFinished) return void s.destroy()
    s.once('finish', () => s.destroy())
    s.end()
  }
  a.on('close', () => closeAfterFlush(b))
  b.on('close', () => closeAfterFlush(a))
  a.resume()
  b.resume()
}
