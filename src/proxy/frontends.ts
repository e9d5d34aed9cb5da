/**
 * The user-space halves of the proxy: one listening socket per frontend (TCP server or UDP socket),
 * balancing each new connection / UDP flow over the frontend's current backends.
 *
 * TCP: the client's connection is held (paused) until a backend accepted; a backend that refuses or
 * does not answer in time is marked failed and the next one is tried, so a dead endpoint costs a retry,
 * not a failed connection. With no backend left the client's connection is reset.
 *
 * UDP: a flow is the client's address and port; it keeps its backend until it is idle for `udpIdleMs`
 * or the backend leaves the set, each flow with its own upstream socket so answers find their client.
 */
import dgram from 'node:dgram'
import net from 'node:net'
import {Balancer} from './balancer.js'
import {dialTcp, openUdpUpstream, type UdpUpstream} from './dial.js'
import {message} from './errors.js'
import {splice, udpIdleMs} from './tunnel.js'
import type {Backend, Frontend} from './types.js'

/** How long a backend may take to accept a TCP connection before the next one is tried. */
export const connectTimeoutMs = 2000
/** At most this many backends are tried for one connection. */
export const maxAttempts = 5

/** A bound frontend. */
export interface RunningFrontend {
  readonly fe: Frontend
  /** new backends / affinity (same address) */
  update(fe: Frontend): void
  /** stops listening; established TCP connections carry on until they end, UDP flows stop */
  close(): Promise<void>
}

function clientIP(addr: string | undefined): string {
  return (addr ?? '').replace(/^::ffff:/, '')
}

/** Binds a frontend: resolves once listening, rejects with the bind error (EADDRINUSE, EADDRNOTAVAIL …). */
export function startFrontend(fe: Frontend, log: (msg: string) => void): Promise<RunningFrontend> {
  return fe.protocol === 'TCP' ? startTcp(fe, log) : startUdp(fe, log)
}

async function startTcp(initial: Frontend, log: (msg: string) => void): Promise<RunningFrontend> {
  let fe = initial
  const balancer = new Balancer(fe.affinitySeconds)
  balancer.update(fe.backends, fe.affinitySeconds)
  const server = net.createServer({allowHalfOpen: true, pauseOnConnect: true}, (client) => {
    client.on('error', () => client.destroy())
    void forward(client)
  })
  const forward = async (client: net.Socket) => {
    const from = clientIP(client.remoteAddress)
    const tried = new Set<string>()
    for (let i = 0; i < maxAttempts && !client.destroyed; i++) {
      const b = balancer.pick(from, tried)
      if (!b) break
      tried.add(b.key)
      try {
        const up = await dialTcp(b, connectTimeoutMs)
        if (client.destroyed) return void up.destroy()
        splice(client, up)
        return
      } catch (e) {
        balancer.failed(b.key)
        log(`${fe.key} (${fe.servicePort}): backend ${describe(b)} failed: ${message(e)}`)
      }
    }
    // nothing (left) to send it to: refuse the connection
    client.resetAndDestroy()
  }
  await listen(server, fe)
  const timer = setInterval(() => balancer.expire(), 60_000)
  timer.unref()
  return {
    get fe() {
      return fe
    },
    update(next) {
      fe = next
      balancer.update(next.backends, next.affinitySeconds)
    },
    close() {
      clearInterval(timer)
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}

function listen(server: net.Server, fe: Frontend): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen({host: fe.ip, port: fe.port, reusePort: fe.shared}, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

interface Flow {
  backend: Backend
  up: UdpUpstream
  timer: NodeJS.Timeout
}

async function startUdp(initial: Frontend, log: (msg: string) => void): Promise<RunningFrontend> {
  let fe = initial
  const balancer = new Balancer(fe.affinitySeconds)
  balancer.update(fe.backends, fe.affinitySeconds)
  const sock = dgram.createSocket({type: net.isIPv6(fe.ip) ? 'udp6' : 'udp4', reusePort: fe.shared})
  const flows = new Map<string, Flow>()
  const endFlow = (key: string) => {
    const f = flows.get(key)
    if (!f) return
    clearTimeout(f.timer)
    f.up.close()
    flows.delete(key)
  }
  sock.on('message', (msg, rinfo) => {
    const key = `${rinfo.address}:${rinfo.port}`
    let f = flows.get(key)
    if (!f) {
      const b = balancer.pick(clientIP(rinfo.address))
      if (!b) return
      const up = openUdpUpstream(
        b,
        (reply) => {
          const cur = flows.get(key)
          cur?.timer.refresh()
          sock.send(reply, rinfo.port, rinfo.address)
        },
        (err) => {
          // ICMP port unreachable from the endpoint: forget the flow, prefer other backends for a while
          balancer.failed(b.key)
          log(`${fe.key} (${fe.servicePort}): backend ${describe(b)} failed: ${message(err)}`)
          endFlow(key)
        },
      )
      f = {backend: b, up, timer: setTimeout(() => endFlow(key), udpIdleMs)}
      flows.set(key, f)
    }
    f.timer.refresh()
    f.up.send(msg)
  })
  sock.on('error', (e) => log(`${fe.key}: ${e.message}`))
  await new Promise<void>((resolve, reject) => {
    sock.once('error', reject)
    sock.bind({address: fe.ip, port: fe.port}, () => {
      sock.off('error', reject)
      resolve()
    })
  })
  const timer = setInterval(() => balancer.expire(), 60_000)
  timer.unref()
  return {
    get fe() {
      return fe
    },
    update(next) {
      fe = next
      balancer.update(next.backends, next.affinitySeconds)
      // flows to backends that left (not ready, deleted) stop; their next datagram picks again
      for (const [key, f] of [...flows]) if (!balancer.has(f.backend.key)) endFlow(key)
    },
    close() {
      clearInterval(timer)
      for (const key of [...flows.keys()]) endFlow(key)
      return new Promise((resolve) => sock.close(() => resolve()))
    },
  }
}

function describe(b: Backend): string {
  return b.via ? `${b.key} on ${b.nodeName} (via ${b.via.host}:${b.via.port})` : b.key
}
