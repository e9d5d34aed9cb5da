/** Real sockets on loopback addresses: TCP/UDP frontends, retries, and the forwarding listener. */
import dgram from 'node:dgram'
import net from 'node:net'
import {afterEach, describe, expect, it} from 'vitest'
import {startFrontend, type RunningFrontend} from './frontends.js'
import {startTunnel, type Tunnel} from './tunnel.js'
import {endpointKey, type Backend, type Frontend} from './types.js'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const port = () => 41000 + Math.floor(Math.random() * 20000)

/** A TCP server answering every connection with its name and what it read. */
async function tcpServer(host: string, name: string): Promise<number> {
  const srv = net.createServer((s) => {
    s.on('error', () => {})
    s.once('data', (d) => s.end(`${name}:${d}`))
  })
  await new Promise<void>((r) => srv.listen(0, host, r))
  cleanups.push(() => new Promise((r) => srv.close(() => r())))
  return (srv.address() as net.AddressInfo).port
}

/** A UDP server echoing `name:payload`. */
async function udpServer(host: string, name: string): Promise<number> {
  const s = dgram.createSocket('udp4')
  s.on('message', (m, r) => s.send(`${name}:${m}`, r.port, r.address))
  await new Promise<void>((r) => s.bind(0, host, r))
  cleanups.push(() => new Promise((r) => s.close(() => r())))
  return s.address().port
}

function request(host: string, p: number, body = 'hi'): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = net.connect(p, host, () => c.write(body))
    let out = ''
    c.on('data', (d) => (out += d))
    c.on('end', () => resolve(out))
    c.on('error', reject)
  })
}

function udpRequest(host: string, p: number, body = 'ping'): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = dgram.createSocket('udp4')
    const t = setTimeout(() => {
      c.close()
      reject(new Error('no UDP answer'))
    }, 2000)
    c.on('message', (m) => {
      clearTimeout(t)
      c.close()
      resolve(String(m))
    })
    c.send(body, p, host)
  })
}

async function frontend(fe: Omit<Frontend, 'key' | 'kind' | 'shared' | 'servicePort'>, logs: string[] = []): Promise<RunningFrontend> {
  const full: Frontend = {key: endpointKey(fe.protocol, fe.ip, fe.port), kind: 'NodePort', shared: false, servicePort: 'default/test:', ...fe}
  const rf = await startFrontend(full, (m) => logs.push(m))
  cleanups.push(() => rf.close())
  return rf
}

async function tunnel(host: string, allowed: Set<string>): Promise<{t: Tunnel; port: number}> {
  for (;;) {
    const p = port()
    try {
      const t = await startTunnel({host, port: p, allowed: (k) => allowed.has(k)})
      cleanups.push(() => t.close())
      return {t, port: p}
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e
    }
  }
}

const direct = (ip: string, p: number): Backend => ({ip, port: p, key: `${ip}:${p}`})

describe('TCP frontend', () => {
  it('balances connections over the backends', async () => {
    const a = await tcpServer('127.0.61.2', 'a')
    const b = await tcpServer('127.0.61.2', 'b')
    const fp = port()
    await frontend({protocol: 'TCP', ip: '127.0.61.1', port: fp, backends: [direct('127.0.61.2', a), direct('127.0.61.2', b)]})
    const answers = await Promise.all(Array.from({length: 6}, (_, i) => request('127.0.61.1', fp, `r${i}`)))
    expect(answers.filter((x) => x.startsWith('a:'))).toHaveLength(3)
    expect(answers.filter((x) => x.startsWith('b:'))).toHaveLength(3)
  })

  it('retries a connection refused by a dead backend on another one', async () => {
    const a = await tcpServer('127.0.61.2', 'a')
    const dead = direct('127.0.61.9', 1)
    const fp = port()
    const logs: string[] = []
    await frontend({protocol: 'TCP', ip: '127.0.61.1', port: fp, backends: [dead, direct('127.0.61.2', a)]}, logs)
    for (let i = 0; i < 4; i++) expect(await request('127.0.61.1', fp)).toBe('a:hi')
    // the dead one was tried once, then avoided
    expect(logs.filter((l) => l.includes('127.0.61.9:1'))).toHaveLength(1)
  })

  it('resets connections when there is no backend, and follows backend updates', async () => {
    const fp = port()
    const rf = await frontend({protocol: 'TCP', ip: '127.0.61.1', port: fp, backends: []})
    await expect(request('127.0.61.1', fp)).rejects.toThrow(/ECONNRESET/)
    const a = await tcpServer('127.0.61.2', 'a')
    rf.update({...rf.fe, backends: [direct('127.0.61.2', a)]})
    expect(await request('127.0.61.1', fp)).toBe('a:hi')
  })

  it('reaches an endpoint on another node through its forwarding listener, and only allowed ones', async () => {
    const remote = await tcpServer('127.0.61.3', 'remote')
    const other = await tcpServer('127.0.61.3', 'other')
    const {port: tp} = await tunnel('127.0.61.3', new Set([endpointKey('TCP', '127.0.61.3', remote)]))
    const via = {host: '127.0.61.3', port: tp}
    const fp = port()
    const logs: string[] = []
    const rf = await frontend({protocol: 'TCP', ip: '127.0.61.1', port: fp, backends: [{ip: '127.0.61.3', port: remote, key: 'r', nodeName: 'n3', via}]}, logs)
    expect(await request('127.0.61.1', fp, 'hello')).toBe('remote:hello')
    // an endpoint the remote node does not host is refused there; the connection goes to the next backend
    rf.update({...rf.fe, backends: [{ip: '127.0.61.3', port: other, key: 'o', nodeName: 'n3', via}, {ip: '127.0.61.3', port: remote, key: 'r', nodeName: 'n3', via}]})
    // round-robin over two backends: within two connections the refused one is tried once
    expect(await request('127.0.61.1', fp, 'again')).toBe('remote:again')
    expect(await request('127.0.61.1', fp, 'again')).toBe('remote:again')
    expect(logs.filter((l) => l.includes('is not an endpoint on this node'))).toHaveLength(1)
  })
})

describe('TCP streams', () => {
  it('carries a large upload through the forwarding listener with half-close', async () => {
    const srv = net.createServer({allowHalfOpen: true}, (s) => {
      let n = 0
      s.on('data', (d) => (n += d.length))
      s.on('end', () => s.end(`got ${n}`))
    })
    await new Promise<void>((r) => srv.listen(0, '127.0.61.3', r))
    cleanups.push(() => new Promise((r) => srv.close(() => r())))
    const sp = (srv.address() as net.AddressInfo).port
    const {port: tp} = await tunnel('127.0.61.3', new Set([endpointKey('TCP', '127.0.61.3', sp)]))
    const fp = port()
    await frontend({protocol: 'TCP', ip: '127.0.61.1', port: fp, backends: [{ip: '127.0.61.3', port: sp, key: 'r', nodeName: 'n3', via: {host: '127.0.61.3', port: tp}}]})
    const answer = await new Promise<string>((resolve, reject) => {
      const c = net.connect({host: '127.0.61.1', port: fp, allowHalfOpen: true}, () => c.end(Buffer.alloc(4 * 1024 * 1024, 7)))
      let out = ''
      c.on('data', (d) => (out += d))
      c.on('end', () => resolve(out))
      c.on('error', reject)
    })
    expect(answer).toBe(`got ${4 * 1024 * 1024}`)
  })
})

describe('UDP frontend', () => {
  it('forwards datagrams directly and through a forwarding listener, and drops flows of removed backends', async () => {
    const local = await udpServer('127.0.61.2', 'local')
    const remote = await udpServer('127.0.61.3', 'remote')
    const {port: tp} = await tunnel('127.0.61.3', new Set([endpointKey('UDP', '127.0.61.3', remote)]))
    const fp = port()
    const rf = await frontend({protocol: 'UDP', ip: '127.0.61.1', port: fp, backends: [direct('127.0.61.2', local)]})
    expect(await udpRequest('127.0.61.1', fp, 'one')).toBe('local:one')
    rf.update({...rf.fe, backends: [{ip: '127.0.61.3', port: remote, key: 'r', nodeName: 'n3', via: {host: '127.0.61.3', port: tp}}]})
    expect(await udpRequest('127.0.61.1', fp, 'two')).toBe('remote:two')
  })
})
