import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import http from 'node:http'
import net from 'node:net'
import type {AddressInfo} from 'node:net'
import {FakeRuntime} from '../../runtime/fake.js'
import {ProbeState, initialResult} from './state.js'
import {execProbe, httpProbe, resolvePort, runProbe, tcpProbe, type ProbeTarget} from './prober.js'

const ok = {result: 'success', output: ''} as const
const bad = {result: 'failure', output: 'x'} as const

describe('probe state machine', () => {
  it('starts readiness failed, liveness passed, startup unknown', () => {
    expect([initialResult('readiness'), initialResult('liveness'), initialResult('startup')]).toEqual(['failure', 'success', 'unknown'])
  })

  it('publishes a failure only after failureThreshold consecutive failures, then holds liveness', () => {
    const s = new ProbeState('liveness', {exec: {command: ['x']}, failureThreshold: 3})
    expect([s.record(bad), s.record(bad), s.record(ok), s.record(bad), s.record(bad)]).toEqual([false, false, false, false, false])
    expect(s.result).toBe('success')
    expect(s.record(bad)).toBe(true)
    expect(s.result).toBe('failure')
    expect(s.onHold).toBe(true)
    expect(s.shouldProbe(Date.now(), 0, true)).toBe(false)
  })

  it('needs successThreshold successes for readiness and ignores prober errors', () => {
    const s = new ProbeState('readiness', {successThreshold: 2, failureThreshold: 1})
    expect(s.record(ok)).toBe(false)
    expect(s.record({result: 'error', output: ''})).toBe(false)
    expect(s.record(ok)).toBe(true)
    expect(s.result).toBe('success')
    expect(s.record(bad)).toBe(true)
    expect(s.onHold).toBe(false)
  })

  it('waits for the initial delay and gates on startup', () => {
    const s = new ProbeState('readiness', {initialDelaySeconds: 5})
    expect(s.shouldProbe(4000, 0, true)).toBe(false)
    expect(s.shouldProbe(5000, 0, true)).toBe(true)
    expect(s.shouldProbe(5000, 0, false)).toBe(false)
    const st = new ProbeState('startup', {})
    expect(st.shouldProbe(0, 0, false)).toBe(true)
    expect(st.shouldProbe(0, 0, true)).toBe(false)
  })
})

describe('probers', () => {
  let server: http.Server
  let port: number
  let closedPort: number
  const rt = new FakeRuntime()
  const target = (over: Partial<ProbeTarget> = {}): ProbeTarget => ({runtime: rt, containerId: 'none', container: {name: 'c', ports: [{name: 'web', containerPort: port}]}, host: '127.0.0.1', ...over})

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/ok') res.end(`ok ${req.headers['x-probe'] ?? ''} ${req.headers['user-agent']}`)
      else if (req.url === '/redirect') res.writeHead(302, {Location: '/elsewhere'}).end()
      else if (req.url === '/slow') setTimeout(() => res.end('late'), 2000)
      else res.writeHead(500).end('boom')
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    port = (server.address() as AddressInfo).port
    const s = net.createServer()
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
    closedPort = (s.address() as AddressInfo).port
    await new Promise((r) => s.close(r))
  })
  afterAll(() => new Promise((r) => server.close(r)))

  it('resolves named ports', () => {
    expect(resolvePort('web', target().container)).toBe(port)
    expect(resolvePort(81, target().container)).toBe(81)
    expect(() => resolvePort('nope', target().container)).toThrow("couldn't find port: nope in c")
  })

  it('httpGet: 2xx/3xx succeed, others fail with the status code, refused connections fail', async () => {
    expect(await httpProbe(target(), {port: 'web', path: '/ok', httpHeaders: [{name: 'X-Probe', value: 'yes'}]}, 1000)).toEqual({result: 'success', output: 'ok yes kube-probe/1.32'})
    expect((await httpProbe(target(), {port, path: '/redirect'}, 1000)).result).toBe('success')
    expect(await httpProbe(target(), {port, path: '/fail'}, 1000)).toEqual({result: 'failure', output: 'HTTP probe failed with statuscode: 500'})
    expect(await httpProbe(target(), {port: closedPort, path: '/'}, 1000)).toEqual({result: 'failure', output: `Get "http://127.0.0.1:${closedPort}/": dial tcp 127.0.0.1:${closedPort}: connect: connection refused`})
    expect((await httpProbe(target(), {port, path: '/slow'}, 200)).output).toMatch(/context deadline exceeded/)
  })

  it('tcpSocket: success when the port accepts', async () => {
    expect((await tcpProbe(target(), port, undefined, 1000)).result).toBe('success')
    expect(await tcpProbe(target(), closedPort, undefined, 1000)).toEqual({result: 'failure', output: `dial tcp 127.0.0.1:${closedPort}: connect: connection refused`})
  })

  it('exec: exit 0 succeeds, other codes fail with the output, a missing container is a prober error', async () => {
    const sb = await rt.runPodSandbox({podUid: 'u', podName: 'p', namespace: 'n', nodeName: 'n1'})
    const id = await rt.createContainer(sb, {name: 'c', image: 'localhost/busybox:latest'})
    await rt.startContainer(id)
    rt.setExecHandler(({cmd}) => ({exitCode: cmd[0] === 'ok' ? 0 : 3, stdout: 'out', stderr: 'err'}))
    expect(await execProbe(target({containerId: id}), ['ok'], 1000)).toEqual({result: 'success', output: 'outerr'})
    expect(await runProbe(target({containerId: id}), {exec: {command: ['no']}}, 1000)).toEqual({result: 'failure', output: 'outerr'})
    rt.setExecHandler(() => new Promise(() => {}))
    expect(await execProbe(target({containerId: id}), ['hang'], 50)).toEqual({result: 'failure', output: 'command "hang" timed out'})
    expect((await execProbe(target({containerId: 'missing'}), ['ok'], 1000)).result).toBe('error')
  })
})
