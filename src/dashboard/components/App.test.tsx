import {render} from 'ink-testing-library'
import {afterEach, describe, expect, it} from 'vitest'
import {ApiError} from '../../api/errors.js'
import type {KubeObject} from '../../api/meta.js'
import {ago} from '../../api/printers/fixtures.js'
import {fixtureObjects, fixtureSource, NOW} from '../fixtures.js'
import {initialState, type Effect, type Flash, type State} from '../state.js'
import type {StaticSource} from '../static-source.js'
import {App} from './App.js'

const KEYS = {down: '\x1b[B', enter: '\r', esc: '\x1b', ctrlD: '\x04', backspace: '\x7f'}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

let unmounts: (() => void)[] = []
afterEach(() => {
  for (const u of unmounts.splice(0)) u()
})

function mount(opts: {source?: StaticSource; size?: {columns: number; rows: number}; state?: State; flash?: (e: Effect) => Flash | undefined} = {}) {
  const source = opts.source ?? fixtureSource({logs: {'default/cache-0/redis': 'Ready to accept connections\n', 'default/cache-0/exporter': 'listening on :9121\n', 'default/api-5f6d8c7b9-qwert/api': new ApiError({code: 400, reason: 'BadRequest', message: 'container "api" in pod "api-5f6d8c7b9-qwert" is waiting to start: CrashLoopBackOff'})}})
  const effects: Effect[] = []
  const app = render(
    <App
      source={source}
      initial={opts.state ?? initialState('default')}
      runEffect={async (e) => (effects.push(e), opts.flash?.(e))}
      color={false}
      size={opts.size ?? {columns: 100, rows: 30}}
      clock={() => NOW}
      tickMs={0}
    />,
  )
  unmounts.push(app.unmount)
  const type = async (...keys: string[]) => {
    for (const k of keys) {
      app.stdin.write(k)
      await sleep(k.startsWith('\x1b') ? 40 : 5)
    }
    await sleep(20)
  }
  return {app, source, effects, type, frame: () => app.lastFrame() ?? ''}
}

describe('App', () => {
  it('starts on the overview and watches what it shows', async () => {
    const {frame, source} = mount()
    await sleep(20)
    expect(frame()).toContain('── Cluster')
    expect(frame()).toMatch(/Scheduler\s+master_7c1e4b/)
    expect(frame()).toContain('Nodes (4)')
    expect(frame()).toContain('Recent warnings (3)')
    for (const k of ['nodes', 'pods', 'deployments', 'events', 'kube-system/leases']) expect(source.refs.get(k), k).toBe(1)
  })

  it('switches views with ":", shows kubectl columns, and releases the watches it no longer needs', async () => {
    const {frame, type, source} = mount()
    await type(':', 'p', 'o', KEYS.enter)
    expect(frame()).toContain('Pods(default)[7]')
    expect(frame()).toMatch(/NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE/)
    expect(frame()).toMatch(/api-5f6d8c7b9-qwert\s+0\/1\s+CrashLoopBackOff\s+5 \(2m30s ago\)\s+45m/)
    expect(source.refs.get('pods')).toBe(1)
    expect(source.refs.get('nodes')).toBe(0)
    await type(':', 'd', 'e', 'p', 'l', 'o', 'y', KEYS.enter)
    expect(frame()).toMatch(/Deployments\(default\)\[2\]/)
    await type(KEYS.esc, KEYS.esc)
    expect(frame()).toContain('── Cluster')
  })

  it('handles keys arriving together in one chunk (paste, tmux send-keys)', async () => {
    const {frame, type, effects} = mount()
    await type(':deploy\r')
    expect(frame()).toMatch(/Deployments\(default\)\[2\]/)
    await type(':po\rj\x04y')
    expect(effects).toEqual([{type: 'delete', target: {resource: 'pods', namespace: 'default', name: 'cache-0'}}])
    effects.length = 0
    await type('/cache\r', '\x04y')
    expect(frame()).toContain('</cache>')
    expect(effects).toEqual([{type: 'delete', target: {resource: 'pods', namespace: 'default', name: 'cache-0'}}])
  })

  it('renders objects created after start, and ages tick from the clock', async () => {
    const {frame, type, source} = mount()
    await type(':', 'p', 'o', KEYS.enter)
    const pods = fixtureObjects().pods as KubeObject[]
    const fresh = {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'brand-new', namespace: 'default', creationTimestamp: ago(3)}, spec: {containers: [{name: 'c'}]}, status: {phase: 'Pending'}}
    source.set('pods', [...pods, fresh])
    await sleep(20)
    expect(frame()).toMatch(/brand-new\s+0\/1\s+Pending\s+0\s+3s/)
    expect(frame()).toContain('Pods(default)[8]')
  })

  it('filters with "/" (text and -l), and drills down from a deployment to its pods', async () => {
    const {frame, type} = mount()
    await type(':', 'p', 'o', KEYS.enter, '/', 'c', 'a', 'c', 'h', 'e', KEYS.enter)
    expect(frame()).toContain('Pods(default)[1/7] </cache>')
    expect(frame()).not.toContain('db-migrate')
    await type(KEYS.esc, ':', 'd', 'e', 'p', 'l', 'o', 'y', KEYS.enter, KEYS.down, KEYS.enter)
    expect(frame()).toMatch(/Pods\(default\)\[1\] deploy\/web/)
    expect(frame()).toContain('web-7d4b9c8f6-x2x9k')
  })

  it('ctrl-d asks, y deletes through the effect runner, and its message is shown', async () => {
    const {frame, type, effects} = mount({flash: (e) => ({text: `deleted ${(e as {target: {name: string}}).target.name}`, level: 'info'})})
    await type(':', 'p', 'o', KEYS.enter, KEYS.down, KEYS.ctrlD)
    expect(frame()).toContain('Delete pod default/cache-0? (y/n)')
    await type('y')
    expect(effects).toEqual([{type: 'delete', target: {resource: 'pods', namespace: 'default', name: 'cache-0'}}])
    expect(frame()).toContain('deleted cache-0')
  })

  it('l follows logs, 0 shows every container, and a failing stream shows its message', async () => {
    const {frame, type, source} = mount()
    await type(':', 'p', 'o', KEYS.enter, KEYS.down, 'l')
    expect(frame()).toContain('Logs default/cache-0 [redis] following')
    expect(frame()).toContain('Ready to accept connections')
    await type('0')
    expect(frame()).toContain('[exporter] listening on :9121')
    expect(frame()).toContain('[redis] Ready to accept connections')
    expect(source.opened).toEqual(['default/cache-0/redis', 'default/cache-0/redis', 'default/cache-0/exporter'])
    await type(KEYS.esc, 'g', 'l')
    expect(frame()).toContain('log stream failed: BadRequest: container "api" in pod "api-5f6d8c7b9-qwert" is waiting to start')
  })

  it('d and y show describe and YAML of the selected object', async () => {
    const {frame, type} = mount()
    await type(':', 's', 'e', 'c', 'r', 'e', 't', 's', KEYS.enter, 'y')
    expect(frame()).toContain('YAML secret default/db')
    expect(frame()).toContain('password: <hidden>')
    await type('d')
    expect(frame()).toMatch(/Describe secret default\/db/)
    expect(frame()).toMatch(/password:\s+6 bytes/)
  })

  it('shows a banner while the master is lost and drops it when it is back', async () => {
    const {frame, source} = mount()
    await sleep(10)
    source.setStatus({api: 'unreachable', apiMessage: 'connect ECONNREFUSED'}, {lost: true})
    await sleep(20)
    expect(frame()).toContain('⚠ lost connection to https://192.168.1.10:6443 — retrying')
    expect(frame()).toContain('● unreachable')
    source.setStatus({api: 'reachable', apiMessage: 'readyz check passed'}, {lost: false})
    await sleep(20)
    expect(frame()).not.toContain('lost connection')
  })

  it('fits an 80×24 terminal', async () => {
    const {frame, type} = mount({size: {columns: 80, rows: 24}})
    for (const view of ['', ':po\r', ':deploy\r', ':ev\r', ':no\r', '?']) {
      if (view) await type(...Array.from(view))
      const lines = frame().split('\n')
      expect(lines.length, view).toBe(24)
      for (const l of lines) expect(l.length, `${view}: ${l}`).toBeLessThanOrEqual(80)
    }
  })

  it('q quits: the app unmounts and releases every watch', async () => {
    const {type, source} = mount()
    await type(':', 'p', 'o', KEYS.enter, 'q')
    await sleep(20)
    expect([...source.refs.values()].every((n) => n === 0)).toBe(true)
  })
})
