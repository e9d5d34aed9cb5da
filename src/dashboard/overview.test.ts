import {describe, expect, it} from 'vitest'
import type {KubeObject} from '../api/meta.js'
import {ago} from '../api/printers/fixtures.js'
import {fixtureObjects, NOW} from './fixtures.js'
import {leaderOf, nodeSummaries, overviewModel, podPhases, recentWarnings} from './overview.js'
import {formatBytes, formatCpu, overviewLines, shareRows} from './overview-view.js'
import {lineWidth, linesToText} from './text.js'

const o = fixtureObjects() as Record<string, KubeObject[]>
const model = (extra: Partial<Parameters<typeof overviewModel>[0]> = {}) =>
  overviewModel({nodes: o.nodes, pods: o.pods, deployments: o.deployments, events: o.events, leases: o.leases, health: {api: 'reachable', apiMessage: 'readyz check passed', store: 'ok', storeMessage: 'ok'}, now: NOW, ...extra})

describe('overview model', () => {
  it('reads leaders from the kube-system leases, "none" when absent or unheld', () => {
    expect(leaderOf(o.leases, 'kube-scheduler', NOW)).toEqual({holder: 'master_7c1e4b', renewed: '2s', expired: false})
    expect(leaderOf(o.leases, 'kube-controller-manager', NOW)).toEqual({holder: 'none', expired: false})
    const stale = [{metadata: {name: 'kube-scheduler'}, spec: {holderIdentity: 'm1', leaseDurationSeconds: 15, renewTime: ago(60)}}] as KubeObject[]
    expect(leaderOf(stale, 'kube-scheduler', NOW)).toEqual({holder: 'm1', renewed: '60s', expired: true})
    expect(leaderOf([{metadata: {name: 'kube-scheduler'}, spec: {}}] as KubeObject[], 'kube-scheduler', NOW).holder).toBe('none')
  })

  it('sums the requests of the non-terminated pods bound to each node', () => {
    const byName = Object.fromEntries(nodeSummaries(o.nodes, o.pods).map((n) => [n.name, n]))
    // cache-0: 250m+50m, 256Mi+32Mi
    expect(byName.master.cpu).toEqual({requested: 300, allocatable: 4000})
    expect(byName.master.memory.requested).toBe(288 * 1024 * 1024)
    expect(byName.master.memory.allocatable).toBe(7946120 * 1024)
    // worker-1: the running web pod (100m, 64Mi) and db-migrate (no requests); pi-8xk2p has Succeeded
    expect(byName['worker-1'].cpu.requested).toBe(100)
    expect(byName['worker-1'].pods).toBe(2)
    expect(byName['worker-1'].podCapacity).toBe(110)
    expect(byName['worker-1'].tone).toBe('warn')
    expect(byName['worker-3'].status).toBe('NotReady')
    expect(byName['worker-3'].roles).toBe('gpu,worker')
    expect(byName['worker-3'].tone).toBe('error')
  })

  it('counts pods by phase and lists warnings newest first', () => {
    expect(podPhases(o.pods)).toEqual([
      {phase: 'Running', count: 5},
      {phase: 'Pending', count: 2},
      {phase: 'Succeeded', count: 1},
      {phase: 'Failed', count: 0},
      {phase: 'Unknown', count: 0},
    ])
    const w = recentWarnings(o.events, NOW)
    expect(w.map((e) => e.reason)).toEqual(['FailedScheduling', 'NodeNotReady', 'BackOff'])
    expect(w[2]).toMatchObject({object: 'pod/api-5f6d8c7b9-qwert', count: 23, lastSeen: '2m'})
  })

  it('lists the pods needing attention, errors first', () => {
    expect(model().troubled.map((p) => `${p.name} ${p.status} ${p.tone}`)).toEqual([
      'api-5f6d8c7b9-qwert CrashLoopBackOff error',
      'old-worker Terminating warn',
      'db-migrate Init:1/2 warn',
      'gpu-job-7f9c2 Pending warn',
    ])
  })

  it('lists deployments not ready first', () => {
    expect(model().deployments.map((d) => `${d.name} ${d.ready}/${d.desired}`)).toEqual(['api 0/1', 'web 2/3'])
  })
})

describe('overview screen', () => {
  it('formats quantities', () => {
    expect(formatCpu(250)).toBe('250m')
    expect(formatCpu(4000)).toBe('4')
    expect(formatCpu(1500)).toBe('1.5')
    expect(formatBytes(64 * 1024 * 1024)).toBe('64Mi')
    expect(formatBytes(7946120 * 1024)).toBe('7.6Gi')
    expect(formatBytes(0)).toBe('0')
  })

  it('shares rows between the lists one at a time', () => {
    expect(shareRows([10, 1, 10], 7)).toEqual([3, 1, 3])
    expect(shareRows([2, 2, 2], 100)).toEqual([2, 2, 2])
    expect(shareRows([5, 5], 0)).toEqual([0, 0])
  })

  it('shows health, leaders, nodes with requested vs allocatable, phases, deployments and warnings', () => {
    const text = linesToText(overviewLines(model(), 100, 27))
    expect(text).toContain('API server ● reachable (ready)')
    expect(text).toContain('Store      ● ok')
    expect(text).toMatch(/Scheduler\s+master_7c1e4b \(renewed 2s ago\)/)
    expect(text).toMatch(/Controller manager\s+none/)
    expect(text).toMatch(/master\s+Ready\s+control-plane\s+300m\/4 \(8%\)\s+288Mi\/7.6Gi \(4%\)\s+1\/110/)
    expect(text).toMatch(/worker-3\s+NotReady/)
    expect(text).toContain('Pods (8)  Running 5 Pending 2 Succeeded 1 Failed 0 Unknown 0')
    expect(text).toMatch(/default\s+api\s+0\/1/)
    expect(text).toMatch(/60s\s+default\s+node\/worker-3\s+NodeNotReady/)
    expect(text).toMatch(/Pods needing attention \(4\)/)
    expect(text).toMatch(/default\s+api-5f6d8c7b9-qwert\s+0\/1\s+CrashLoopBackOff\s+5 \(2m30s ago\)\s+45m\s+worker-2/)
  })

  it('fits 80×24 (21 body lines) by cutting lists with "… N more", and reports an unreachable server', () => {
    const many = Array.from({length: 30}, (_, i) => ({...o.events[0], metadata: {name: `e${i}`, namespace: 'default'}, lastTimestamp: ago(i)}))
    const lines = overviewLines(model({events: many, health: {api: 'unreachable', apiMessage: 'connect ECONNREFUSED', store: 'unknown', storeMessage: ''}}), 80, 21)
    expect(lines.length).toBeLessThanOrEqual(21)
    for (const l of lines) expect(lineWidth(l)).toBeLessThanOrEqual(80)
    const text = linesToText(lines)
    expect(text).toContain('● unreachable')
    expect(text).toMatch(/… \d+ more \(:ev\)/)
    expect(text).toMatch(/worker-3/)
  })
})
