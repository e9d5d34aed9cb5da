import {spawn} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync, mkdirSync, existsSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {HostAddresses, parseLoAddresses, parseUnreachableRoutes, planHostChanges, processStartTime, type IpRunner} from './hostnet.js'

const loOutput = `1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever
1: lo    inet 10.43.0.10/32 scope global lo:mkube\\       valid_lft forever preferred_lft forever
1: lo    inet 10.9.9.9/32 scope global lo\\       valid_lft forever preferred_lft forever
`

describe('host address parsing and planning', () => {
  it('parses ip -o addr and route output', () => {
    expect(parseLoAddresses(loOutput)).toEqual([
      {ip: '127.0.0.1', prefix: 8, label: 'lo'},
      {ip: '10.43.0.10', prefix: 32, label: 'lo:mkube'},
      {ip: '10.9.9.9', prefix: 32, label: 'lo'},
    ])
    expect(parseUnreachableRoutes('unreachable 10.43.0.0/16 \nunreachable 10.50.0.1 \n')).toEqual(['10.43.0.0/16', '10.50.0.1/32'])
  })
  it('adds what this node needs, removes only labelled addresses nobody live needs', () => {
    const present = {addresses: parseLoAddresses(loOutput), routes: ['10.43.0.0/16']}
    expect(planHostChanges(present, {addresses: ['10.43.0.11'], routes: []}, [])).toEqual({
      addAddresses: ['10.43.0.11'],
      removeAddresses: ['10.43.0.10'],
      addRoutes: [],
      removeRoutes: ['10.43.0.0/16'],
    })
    // another live node still uses 10.43.0.10 and the route
    expect(planHostChanges(present, {addresses: [], routes: []}, [{addresses: ['10.43.0.10'], routes: ['10.43.0.0/16']}])).toEqual({
      addAddresses: [],
      removeAddresses: [],
      addRoutes: [],
      removeRoutes: [],
    })
    // an address someone else configured (unlabelled) is never removed, nor added twice
    expect(planHostChanges(present, {addresses: ['10.9.9.9'], routes: ['10.43.0.0/16']}, []).addAddresses).toEqual([])
  })
})

/** A fake `ip`: keeps addresses and routes in memory, records calls. */
function fakeIp(): {run: IpRunner; addrs: Map<string, string>; routes: Set<string>; calls: string[][]} {
  const addrs = new Map<string, string>([['127.0.0.1/8', 'lo']])
  const routes = new Set<string>()
  const calls: string[][] = []
  const run: IpRunner = async (args) => {
    calls.push(args)
    const a = args.join(' ')
    if (a.startsWith('-o -4 addr show')) return [...addrs].map(([ip, label]) => `1: lo    inet ${ip} scope global ${label}\\       valid_lft forever`).join('\n')
    if (a.startsWith('-o -4 route show')) return [...routes].map((r) => `unreachable ${r} `).join('\n')
    if (args[0] === 'addr' && args[1] === 'add') return (addrs.set(args[2], args[6]), '')
    if (args[0] === 'addr' && args[1] === 'del') return (addrs.delete(args[2]), '')
    if (args[0] === 'route' && args[1] === 'replace') return (routes.add(args[3]), '')
    if (args[0] === 'route' && args[1] === 'del') return (routes.delete(args[3]), '')
    throw new Error(`unexpected ip ${a}`)
  }
  return {run, addrs, routes, calls}
}

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mkube-hostnet-'))
})
afterEach(() => rmSync(dir, {recursive: true, force: true}))

describe('HostAddresses', () => {
  it('two nodes share addresses: one stopping keeps what the other needs; the last one cleans up', async () => {
    const ip = fakeIp()
    const a = new HostAddresses({nodeName: 'a', stateDir: dir, ip: ip.run})
    const b = new HostAddresses({nodeName: 'b', stateDir: dir, ip: ip.run})
    await a.sync({addresses: ['10.43.0.10', '10.43.0.11'], routes: ['10.43.0.0/16']})
    await b.sync({addresses: ['10.43.0.10'], routes: ['10.43.0.0/16']})
    expect([...ip.addrs.keys()].sort()).toEqual(['10.43.0.10/32', '10.43.0.11/32', '127.0.0.1/8'])
    expect(ip.addrs.get('10.43.0.10/32')).toBe('lo:mkube')
    // a stops: .11 goes, .10 and the route stay for b (this test process is b's live owner)
    await a.release()
    expect([...ip.addrs.keys()].sort()).toEqual(['10.43.0.10/32', '127.0.0.1/8'])
    expect([...ip.routes]).toEqual(['10.43.0.0/16'])
    await b.release()
    expect([...ip.addrs.keys()]).toEqual(['127.0.0.1/8'])
    expect(ip.routes.size).toBe(0)
  })

  it('a dead node’s claim does not keep addresses; a restarted node removes what it no longer needs', async () => {
    const ip = fakeIp()
    // node "gone" claimed .20 from a process that has exited
    const child = spawn(process.execPath, ['-e', ''])
    const pid = child.pid!
    await new Promise((r) => child.once('exit', r))
    mkdirSync(join(dir, 'claims'), {recursive: true})
    writeFileSync(join(dir, 'claims', 'gone.json'), JSON.stringify({nodeName: 'gone', pid, startTime: '1', addresses: ['10.43.0.20'], routes: []}))
    ip.addrs.set('10.43.0.20/32', 'lo:mkube')
    // node "a" from an earlier run (killed) had .21; now it needs only .22
    ip.addrs.set('10.43.0.21/32', 'lo:mkube')
    const a = new HostAddresses({nodeName: 'a', stateDir: dir, ip: ip.run})
    const res = await a.sync({addresses: ['10.43.0.22'], routes: []})
    expect(res.added).toEqual(['10.43.0.22'])
    expect(res.removed.sort()).toEqual(['10.43.0.20', '10.43.0.21'])
    expect(existsSync(join(dir, 'claims', 'gone.json'))).toBe(false)
  })

  it('reports what it cannot change (no privileges)', async () => {
    const ip = fakeIp()
    const denied: IpRunner = async (args) => {
      if (args[0] === 'addr' || args[0] === 'route') throw new Error('RTNETLINK answers: Operation not permitted')
      return ip.run(args)
    }
    const a = new HostAddresses({nodeName: 'a', stateDir: dir, ip: denied})
    const res = await a.sync({addresses: ['10.43.0.30'], routes: []})
    expect(res.failed).toEqual(['10.43.0.30: RTNETLINK answers: Operation not permitted'])
  })

  it('reads process start times', async () => {
    expect(await processStartTime(process.pid)).toMatch(/^\d+$/)
    expect(await processStartTime(2 ** 30)).toBeUndefined()
  })
})
