import {describe, expect, it} from 'vitest'
import {PodWorkers} from './pod-workers.js'
import {jsonEqual, statusPatch} from './status-manager.js'
import {needsSync, PodRegistry} from './pods.js'
import {containerHash, buildContainerConfig} from './container-config.js'
import {fixturePod} from '../pod/fixtures.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('pod workers', () => {
  it('serialise syncs per pod, coalesce requests made meanwhile, run pods concurrently', async () => {
    const log: string[] = []
    let active = 0
    let maxActive = 0
    const w = new PodWorkers(
      async (uid) => {
        active++
        maxActive = Math.max(maxActive, active)
        log.push(`start ${uid}`)
        await sleep(30)
        log.push(`end ${uid}`)
        active--
        return {}
      },
      {errorRetryMs: 1000, log: () => {}},
    )
    w.schedule('a')
    w.schedule('a')
    w.schedule('a')
    w.schedule('b')
    await sleep(120)
    expect(log.filter((l) => l.endsWith(' a'))).toEqual(['start a', 'end a', 'start a', 'end a'])
    expect(maxActive).toBe(2)
    await w.stop()
  })

  it('requeue after the delay a sync asks for, and retry failures', async () => {
    let n = 0
    const logs: string[] = []
    const w = new PodWorkers(
      async () => {
        n++
        if (n === 1) return {requeueAfterMs: 20}
        if (n === 2) throw new Error('boom')
        return {}
      },
      {errorRetryMs: 20, log: (l) => logs.push(l)},
    )
    w.schedule('a')
    await sleep(150)
    expect(n).toBe(3)
    expect(logs).toEqual(['sync of pod a failed: boom (will retry)'])
    expect(w.busy('a')).toBe(false)
    await w.stop()
  })
})

describe('status writes', () => {
  it('compare JSON ignoring key order and undefined', () => {
    expect(jsonEqual({a: 1, b: [1, {c: 2}]}, {b: [1, {c: 2}], a: 1, d: undefined})).toBe(true)
    expect(jsonEqual({a: [1, 2]}, {a: [2, 1]})).toBe(false)
  })
  it('patch every computed field and null the dropped ones, with a uid precondition', () => {
    expect(statusPatch('u1', {phase: 'Running'}, {phase: 'Pending', podIP: '1.2.3.4', resize: 'x'}, {initContainerStatuses: []})).toEqual({metadata: {uid: 'u1'}, status: {phase: 'Running', podIP: null, initContainerStatuses: null}})
  })
})

describe('pod registry', () => {
  it('syncs on spec, deletion and label changes, not on status-only updates', () => {
    const a = fixturePod()
    expect(needsSync(a, {...a, status: {...a.status, podIP: '1.1.1.1'}})).toBe(false)
    expect(needsSync(a, {...a, metadata: {...a.metadata, deletionTimestamp: 'now'}})).toBe(true)
    expect(needsSync(a, {...a, metadata: {...a.metadata, labels: {x: 'y'}}})).toBe(true)
    const r = new PodRegistry()
    expect(r.upsert(a)).toEqual(['u1'])
    expect(r.upsert({...a, status: {phase: 'Running'}}, a)).toEqual(['u1'])
    expect(r.remove(a)).toEqual(['u1'])
    expect(r.lastKnown('u1')?.metadata.name).toBe('web')
    const b = {...a, metadata: {...a.metadata, uid: 'u2'}}
    r.upsert(a)
    expect(r.upsert(b, a).sort()).toEqual(['u1', 'u2'])
  })
})

describe('container config', () => {
  it('maps the spec to the runtime config', () => {
    const pod = fixturePod({securityContext: {runAsUser: 1000}})
    const c = {
      name: 'app',
      image: 'busybox',
      command: ['sh', '-c'],
      args: ['echo $(GREETING)'],
      workingDir: '/w',
      volumeMounts: [{name: 'data', mountPath: '/data', subPathExpr: '$(SUB)'}, {name: 'cfg', mountPath: '/cfg'}],
      resources: {limits: {cpu: '500m', memory: '64Mi'}, requests: {cpu: '100m'}},
      securityContext: {privileged: true},
      terminationMessagePath: '/dev/termination-log',
    }
    const cfg = buildContainerConfig(pod, c, {env: [{name: 'GREETING', value: 'hi'}, {name: 'SUB', value: 'x'}], volumePaths: new Map([['data', '/v/data'], ['cfg', '/v/cfg']]), readOnlyVolumes: new Set(['cfg']), restartCount: 3, terminationFile: '/t/log'})
    expect(cfg).toMatchObject({
      command: ['sh', '-c'],
      args: ['echo hi'],
      workingDir: '/w',
      restartCount: 3,
      resources: {cpuMillis: 500, cpuRequestMillis: 100, memoryBytes: 64 * 1024 * 1024},
      securityContext: {runAsUser: 1000, privileged: true},
      mounts: [{hostPath: '/v/data/x', containerPath: '/data', readOnly: false}, {hostPath: '/v/cfg', containerPath: '/cfg', readOnly: true}, {hostPath: '/t/log', containerPath: '/dev/termination-log'}],
    })
    expect(cfg.annotations?.['io.kubernetes.container.hash']).toBe(containerHash(c))
    expect(containerHash({...c, image: 'other'})).not.toBe(containerHash(c))
    expect(() => buildContainerConfig(pod, {name: 'x', volumeMounts: [{name: 'nope', mountPath: '/n'}]}, {env: [], volumePaths: new Map(), readOnlyVolumes: new Set(), restartCount: 0})).toThrow('cannot find volume "nope" to mount into container "x"')
  })
})
