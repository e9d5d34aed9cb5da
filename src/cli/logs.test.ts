/**
 * `mkube logs` and the real `kubectl logs` through the real API server proxy to a kubelet server on the
 * fake runtime (see fixtures-node.ts).
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {ApiError} from '../api/errors.js'
import {kubectl} from '../../test/harness.js'
import {startFakeContainer} from '../kubelet/server/testing.js'
import {byLogging} from './pod-target.js'
import {logQuery, runLogs, type LogsOptions} from './logs.js'
import {startNodeFixture, type NodeFixture} from './fixtures-node.js'
import type {Pod} from '../api/types/pod.js'

let fx: NodeFixture
const kc = () => ({kubeconfig: fx.env.master.kubeconfigPath, cacheDir: fx.kubectlCacheDir})

beforeAll(async () => {
  fx = await startNodeFixture()
})
afterAll(async () => {
  await fx?.stop()
})

async function logs(target: string, extra: Partial<LogsOptions> = {}): Promise<{out: string; err: string}> {
  let out = ''
  let err = ''
  await runLogs(fx.client, {
    target,
    namespace: 'default',
    follow: false,
    tail: -1,
    timestamps: false,
    previous: false,
    allContainers: false,
    prefix: false,
    maxLogRequests: 5,
    podTimeoutMs: 1000,
    out: (t) => (out += t),
    err: (t) => (err += t),
    ...extra,
  })
  return {out, err}
}

describe('mkube logs', () => {
  it('prints a pod\'s log, with --tail and --limit-bytes', async () => {
    const {fake} = await fx.pod('single', ['app'])
    for (const l of ['a', 'b', 'c']) fx.runtime.appendLog(fake.containers.app, l)
    expect(await logs('single')).toEqual({out: 'a\nb\nc\n', err: ''})
    expect((await logs('pod/single', {tail: 1})).out).toBe('c\n')
    expect((await logs('single', {limitBytes: 3})).out).toBe('a\nb')
  })

  it('defaults the container with kubectl\'s notice, honours -c and the default-container annotation', async () => {
    const {fake} = await fx.pod('multi', ['app', 'sidecar'], {initContainers: ['setup']})
    fx.runtime.appendLog(fake.containers.app, 'from app')
    fx.runtime.appendLog(fake.containers.sidecar, 'from sidecar')
    fx.runtime.appendLog(fake.containers.setup, 'from setup')
    expect(await logs('multi')).toEqual({out: 'from app\n', err: 'Defaulted container "app" out of: app, sidecar, setup (init)\n'})
    expect(await logs('multi', {container: 'sidecar'})).toEqual({out: 'from sidecar\n', err: ''})
    await expect(logs('multi', {container: 'nope'})).rejects.toThrow('container nope is not valid for pod multi')
    const all = await logs('multi', {allContainers: true, prefix: true})
    expect(all.out).toBe('[pod/multi/setup] from setup\n[pod/multi/app] from app\n[pod/multi/sidecar] from sidecar\n')
    await expect(logs('multi', {allContainers: true, container: 'app'})).rejects.toThrow('--all-containers=true should not be specified with container name app')

    const {fake: annotated} = await fx.pod('annotated', ['app', 'main'], {annotations: {'kubectl.kubernetes.io/default-container': 'main'}})
    fx.runtime.appendLog(annotated.containers.main, 'main line')
    expect(await logs('annotated')).toEqual({out: 'main line\n', err: ''})
  })

  it('follows until the container exits', async () => {
    const {fake} = await fx.pod('follow', ['app'])
    fx.runtime.appendLog(fake.containers.app, 'one')
    let out = ''
    const run = runLogs(fx.client, {target: 'follow', namespace: 'default', follow: true, tail: -1, timestamps: false, previous: false, allContainers: false, prefix: false, maxLogRequests: 5, out: (t) => (out += t), err: () => {}})
    await expect.poll(() => out).toBe('one\n')
    fx.runtime.appendLog(fake.containers.app, 'two')
    await expect.poll(() => out).toBe('one\ntwo\n')
    fx.runtime.exitContainer(fake.containers.app, 0)
    await run
    expect(out).toBe('one\ntwo\n')
  })

  it('stops following on abort', async () => {
    await fx.pod('abort', ['app'])
    const ac = new AbortController()
    const run = logs('abort', {follow: true, signal: ac.signal})
    await new Promise((r) => setTimeout(r, 200))
    ac.abort()
    await expect(run).resolves.toEqual({out: '', err: ''})
  })

  it('--previous: the last terminated instance, or the kubelet\'s error through the API server', async () => {
    const {fake} = await fx.pod('restarted', ['app'])
    fx.runtime.appendLog(fake.containers.app, 'run 1')
    const err = await logs('restarted', {previous: true}).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).message).toBe('previous terminated container "app" in pod "restarted" not found')
    fx.runtime.exitContainer(fake.containers.app, 2)
    const second = await startFakeContainer(fx.runtime, fake.sandboxId, 'app', 1)
    fx.runtime.appendLog(second, 'run 2')
    expect((await logs('restarted')).out).toBe('run 2\n')
    expect((await logs('restarted', {previous: true})).out).toBe('run 1\n')
  })

  it('deploy/NAME: the best pod of the selector, with "Found N pods"', async () => {
    await fx.client.request('POST', '/apis/apps/v1/namespaces/default/deployments', {
      body: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {name: 'web'},
        spec: {replicas: 2, selector: {matchLabels: {app: 'web'}}, template: {metadata: {labels: {app: 'web'}}, spec: {containers: [{name: 'web', image: 'localhost/busybox:latest'}]}}},
      },
    })
    const {fake} = await fx.pod('web-a', ['web'], {labels: {app: 'web'}})
    await fx.pod('web-b', ['web'], {labels: {app: 'web'}})
    fx.runtime.appendLog(fake.containers.web, 'from a')
    // web-a is older: ByLogging picks it among equals
    expect(await logs('deploy/web')).toEqual({out: 'from a\n', err: 'Found 2 pods, using pod/web-a\n'})
    await expect(logs('deploy/nope')).rejects.toThrow('deployments.apps "nope" not found')
    await expect(logs('configmap/x')).rejects.toThrow('configmaps "x" not found')
    await fx.client.request('POST', '/api/v1/namespaces/default/configmaps', {body: {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'x'}}})
    await expect(logs('configmap/x')).rejects.toThrow('cannot get the logs from ConfigMap: selector for ConfigMap not implemented')
  })

  it('passes the API server\'s errors through', async () => {
    await fx.client.request('POST', '/api/v1/namespaces/default/pods', {
      body: {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'ghosted'}, spec: {nodeName: 'ghost', containers: [{name: 'app', image: 'localhost/busybox:latest'}]}},
    })
    const e = await logs('ghosted').catch((x: unknown) => x)
    expect(e).toBeInstanceOf(ApiError)
    expect((e as ApiError).message).toContain('ghost')
    await expect(logs('missing')).rejects.toThrow('pods "missing" not found')
  })
})

describe('logs helpers', () => {
  it('builds PodLogOptions and validates flags as kubectl does', () => {
    const base = {follow: false, tail: -1, timestamps: false, previous: false}
    expect(logQuery({...base, since: '5m'}, 'c')).toEqual({container: 'c', sinceSeconds: 300})
    expect(logQuery({...base, follow: true, tail: 10, timestamps: true, previous: true, limitBytes: 5}, 'c')).toEqual({
      container: 'c',
      follow: true,
      previous: true,
      timestamps: true,
      tailLines: 10,
      limitBytes: 5,
    })
    expect(logQuery({...base, sinceTime: '2024-05-01T10:00:00+02:00'}, 'c').sinceTime).toBe('2024-05-01T08:00:00Z')
    expect(() => logQuery({...base, since: '5m', sinceTime: '2024-05-01T10:00:00Z'}, 'c')).toThrow('at most one of `sinceTime` or `sinceSeconds` may be specified')
    expect(() => logQuery({...base, since: '5x'}, 'c')).toThrow('invalid argument "5x" for "--since" flag: time: unknown unit "x" in duration "5x"')
    expect(() => logQuery({...base, tail: -2}, 'c')).toThrow('--tail must be greater than or equal to -1')
    expect(() => logQuery({...base, limitBytes: 0}, 'c')).toThrow('--limit-bytes must be greater than 0')
  })

  it('orders pods as kubectl\'s ByLogging', () => {
    const p = (name: string, o: {node?: string; phase?: string; ready?: boolean; restarts?: number; created?: string}): Pod =>
      ({
        metadata: {name, creationTimestamp: o.created ?? '2024-01-01T00:00:00Z'},
        spec: {nodeName: o.node, containers: []},
        status: {phase: o.phase, conditions: o.ready ? [{type: 'Ready', status: 'True'}] : [], containerStatuses: [{name: 'c', restartCount: o.restarts ?? 0, ready: !!o.ready, image: '', imageID: ''}]},
      }) as unknown as Pod
    const pods = [
      p('unassigned', {phase: 'Pending'}),
      p('pending', {node: 'n', phase: 'Pending'}),
      p('running-notready', {node: 'n', phase: 'Running'}),
      p('running-ready-new', {node: 'n', phase: 'Running', ready: true, created: '2024-02-01T00:00:00Z'}),
      p('running-ready-old', {node: 'n', phase: 'Running', ready: true}),
      p('unknown', {node: 'n', phase: 'Unknown'}),
    ]
    expect(pods.sort(byLogging).map((x) => x.metadata.name)).toEqual(['running-ready-old', 'running-ready-new', 'running-notready', 'unknown', 'pending', 'unassigned'])
  })
})

describe('kubectl logs through mkube', () => {
  it('prints, tails and defaults containers like against Kubernetes', async () => {
    const {fake} = await fx.pod('kc-logs', ['app', 'side'])
    for (const l of ['x1', 'x2']) fx.runtime.appendLog(fake.containers.app, l)
    const r = await kubectl(['logs', 'kc-logs'], kc())
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stdout).toBe('x1\nx2')
    expect(r.stderr).toContain('Defaulted container "app" out of: app, side')
    const tail = await kubectl(['logs', 'kc-logs', '-c', 'app', '--tail=1'], kc())
    expect(tail.stdout).toBe('x2')
    const prev = await kubectl(['logs', 'kc-logs', '-c', 'app', '--previous'], kc())
    expect(prev.exitCode).toBe(1)
    expect(prev.stderr).toContain('previous terminated container "app" in pod "kc-logs" not found')
  })

  it('follows with -f until the container exits', async () => {
    const {fake} = await fx.pod('kc-follow', ['app'])
    fx.runtime.appendLog(fake.containers.app, 'start')
    const run = kubectl(['logs', '-f', 'kc-follow'], kc())
    await new Promise((r) => setTimeout(r, 1500))
    fx.runtime.appendLog(fake.containers.app, 'later')
    await new Promise((r) => setTimeout(r, 300))
    fx.runtime.exitContainer(fake.containers.app, 0)
    const r = await run
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stdout).toBe('start\nlater')
  })
})
