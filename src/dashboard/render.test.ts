import {describe, expect, it} from 'vitest'
import {completedPod, crashEvents, crashLoopPod, initPod, newReplicaSet, nodes, NOW, rollingDeployment, runningPod, services, terminatingPod, webEndpoints} from '../api/printers/fixtures.js'
import {fixtureObjects, pendingPod, worker2} from './fixtures.js'
import {KINDS} from './kinds.js'
import {header, podTone, row, rowTone} from './render.js'

const names = (resource: string, namespaceColumn = false) => header(resource, {namespaceColumn}).map((c) => c.name)

describe('per-kind renderers', () => {
  it('pods: kubectl -o wide columns and cells, NAMESPACE first for all namespaces', () => {
    expect(names('pods')).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP', 'Node', 'Nominated Node', 'Readiness Gates'])
    expect(row('pods', runningPod, NOW)).toEqual(['web-7d4b9c8f6-x2x9k', '1/1', 'Running', '0', '2d5h', '10.244.1.5', 'worker-1', '<none>', '<none>'])
    expect(row('pods', crashLoopPod, NOW, {namespaceColumn: true}).slice(0, 5)).toEqual(['default', 'api-5f6d8c7b9-qwert', '0/1', 'CrashLoopBackOff', '5 (2m30s ago)'])
    expect(names('pods', true)[0]).toBe('Namespace')
  })

  it('deployments, replicasets: ready/desired, containers, images, selector', () => {
    expect(names('deployments')).toEqual(['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers', 'Images', 'Selector'])
    expect(row('deployments', rollingDeployment, NOW)).toEqual(['web', '2/3', '1', '2', '2d5h', 'nginx', 'nginx:1.26', 'app=web'])
    expect(row('replicasets', newReplicaSet, NOW)).toEqual(['web-85f6c9d7b', '1', '1', '0', '40s', 'nginx', 'nginx:1.26', 'app=web,pod-template-hash=85f6c9d7b'])
  })

  it('daemonsets and jobs', () => {
    const {daemonsets, jobs} = fixtureObjects()
    expect(row('daemonsets', daemonsets[0], NOW)).toEqual(['node-agent', '4', '4', '3', '4', '3', '<none>', '30d', 'agent', 'example/agent:1', 'app=node-agent'])
    expect(row('jobs', jobs[0], NOW).slice(0, 5)).toEqual(['pi', 'Complete', '1/1', '72s', '5m12s'])
  })

  it('services and endpoints', () => {
    expect(names('services')).toEqual(['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', 'Selector'])
    expect(row('services', services.nodePort, NOW)).toEqual(['web-np', 'NodePort', '10.96.12.34', '<none>', '80:30080/TCP,9090:30909/TCP', '3d', 'app=web'])
    expect(row('endpoints', webEndpoints, NOW)).toEqual(['web-np', '10.244.1.5:80,10.244.1.6:80,10.244.2.3:80 + 7 more...', '3d'])
  })

  it('nodes, namespaces, configmaps, secrets (counts only: values never shown)', () => {
    const o = fixtureObjects()
    expect(row('nodes', nodes.cordoned, NOW).slice(0, 5)).toEqual(['worker-1', 'Ready,SchedulingDisabled', '<none>', '30d', 'v1.30.0-mkube'])
    expect(row('namespaces', o.namespaces[2], NOW)).toEqual(['batch', 'Active', '2d'])
    expect(row('configmaps', o.configmaps[0], NOW)).toEqual(['web-config', '2', '3d'])
    const secret = row('secrets', o.secrets[0], NOW)
    expect(secret).toEqual(['db', 'Opaque', '1', '3d'])
    expect(secret.join(' ')).not.toContain('czNjcjN0')
  })

  it('events: last seen, type, reason, object, message; multi-line messages stay on one line', () => {
    expect(row('events', crashEvents[0], NOW).slice(0, 4)).toEqual(['2m', 'Warning', 'BackOff', 'pod/api-5f6d8c7b9-qwert'])
    const ev = {...crashEvents[1], message: 'first line\nsecond line'}
    expect(row('events', ev, NOW)[6]).toBe('first line…')
  })

  it('every view has a renderer whose cells match its columns', () => {
    const o = fixtureObjects()
    for (const k of KINDS) {
      const objs = o[k.resource] ?? []
      expect(objs.length, k.resource).toBeGreaterThan(0)
      for (const obj of objs) expect(row(k.resource, obj, NOW, {namespaceColumn: true}).length).toBe(header(k.resource, {namespaceColumn: true}).length)
    }
  })

  it('drop ranks: wide columns go first, then the listed lower-value ones; NAME and STATUS never', () => {
    const cols = header('pods', {namespaceColumn: true})
    const rank = (n: string) => cols.find((c) => c.name === n)!.drop
    expect(rank('Name')).toBe(0)
    expect(rank('Status')).toBe(0)
    expect(rank('Readiness Gates')).toBeGreaterThan(rank('Node'))
    expect(rank('Node')).toBeGreaterThan(rank('Restarts'))
    expect(rank('Restarts')).toBeGreaterThan(rank('Age'))
    expect(cols.find((c) => c.name === 'Name')!.min).toBe(20)
  })
})

describe('status tones', () => {
  it('pods: Running green, Pending yellow, CrashLoopBackOff/Error/Failed/NotReady red, Completed muted', () => {
    expect(rowTone('pods', runningPod)).toBe('ok')
    expect(rowTone('pods', pendingPod)).toBe('warn')
    expect(rowTone('pods', initPod)).toBe('warn')
    expect(rowTone('pods', terminatingPod)).toBe('warn')
    expect(rowTone('pods', crashLoopPod)).toBe('error')
    expect(rowTone('pods', completedPod)).toBe('muted')
    expect(podTone('Error', '0/1')).toBe('error')
    expect(podTone('Failed', '0/1')).toBe('error')
    expect(podTone('NotReady', '0/1')).toBe('error')
    expect(podTone('Init:CrashLoopBackOff', '0/1')).toBe('error')
    expect(podTone('Running', '1/2')).toBe('warn')
  })

  it('nodes: Ready green, NotReady red, cordoned yellow; workloads by ready/desired', () => {
    expect(rowTone('nodes', worker2)).toBe('ok')
    expect(rowTone('nodes', nodes.notReady)).toBe('error')
    expect(rowTone('nodes', nodes.cordoned)).toBe('warn')
    expect(rowTone('deployments', rollingDeployment)).toBe('warn')
    expect(rowTone('deployments', {...rollingDeployment, status: {readyReplicas: 3}})).toBe('ok')
    expect(rowTone('deployments', {...rollingDeployment, status: {}})).toBe('error')
    expect(rowTone('events', crashEvents[0])).toBe('warn')
    expect(rowTone('events', crashEvents[1])).toBeUndefined()
  })
})
