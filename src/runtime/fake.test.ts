import {describe, expect, test, vi} from 'vitest'
import {ImagePullError, NotFoundError, RuntimeError} from './errors.js'
import {FakeRuntime} from './fake.js'
import {collect, readAll} from './testing/helpers.js'
import type {PodSandboxConfig} from './types.js'

const IMG = 'localhost/busybox:latest'

function pod(name: string, nodeName = 'n1', extra: Partial<PodSandboxConfig> = {}): PodSandboxConfig {
  return {podUid: `uid-${name}-${nodeName}`, podName: name, namespace: 'default', nodeName, labels: {app: name}, ...extra}
}

async function running(rt: FakeRuntime, sandboxId: string, name: string, extra = {}) {
  const id = await rt.createContainer(sandboxId, {name, image: IMG, ...extra})
  await rt.startContainer(id)
  return id
}

describe('FakeRuntime sandboxes', () => {
  test('run, status, list by node and pod, stop, remove', async () => {
    let t = 1000
    const rt = new FakeRuntime({now: () => t})
    const a = await rt.runPodSandbox(pod('a', 'n1', {annotations: {note: 'x'}, attempt: 2}))
    const b = await rt.runPodSandbox(pod('b', 'n1'))
    const c = await rt.runPodSandbox(pod('c', 'n2'))
    const host = await rt.runPodSandbox(pod('h', 'n2', {hostNetwork: true}))
    expect(await rt.podSandboxStatus(a)).toEqual({
      id: a,
      podUid: 'uid-a-n1',
      podName: 'a',
      namespace: 'default',
      nodeName: 'n1',
      attempt: 2,
      state: 'ready',
      createdAt: 1000,
      ip: '10.0.0.1',
      hostNetwork: false,
      labels: {app: 'a'},
      annotations: {note: 'x'},
    })
    expect((await rt.podSandboxStatus(b)).ip).toBe('10.0.0.2')
    expect((await rt.podSandboxStatus(host)).ip).toBeUndefined()
    expect((await rt.listPodSandboxes({nodeName: 'n1'})).map(s => s.id)).toEqual([a, b])
    expect((await rt.listPodSandboxes({nodeName: 'n2'})).map(s => s.id)).toEqual([c, host])
    expect((await rt.listPodSandboxes({nodeName: 'n1', podUid: 'uid-b-n1'})).map(s => s.id)).toEqual([b])
    expect(await rt.listPodSandboxes({nodeName: 'n3'})).toEqual([])

    t = 2000
    const ctr = await running(rt, a, 'app')
    await rt.stopPodSandbox(a)
    expect(await rt.podSandboxStatus(a)).toMatchObject({state: 'notready', ip: undefined})
    expect(await rt.containerStatus(ctr)).toMatchObject({state: 'exited', exitCode: 143, reason: 'Error', finishedAt: 2000})
    expect((await rt.listPodSandboxes({nodeName: 'n1', state: 'ready'})).map(s => s.id)).toEqual([b])
    await expect(rt.createContainer(a, {name: 'late', image: IMG})).rejects.toThrow(/not ready/)

    await rt.removePodSandbox(a)
    await expect(rt.podSandboxStatus(a)).rejects.toBeInstanceOf(NotFoundError)
    await expect(rt.containerStatus(ctr)).rejects.toBeInstanceOf(NotFoundError)
    await rt.removePodSandbox(a)
    await rt.stopPodSandbox(a)
    expect(rt.stats()).toMatchObject({sandboxes: 3, containers: 0})
  })

  test('names are unique like a real runtime: the same pod and attempt cannot run twice', async () => {
    const rt = new FakeRuntime()
    const id = await rt.runPodSandbox(pod('a'))
    await expect(rt.runPodSandbox(pod('a'))).rejects.toThrow(/already in use/)
    await rt.runPodSandbox(pod('a', 'n1', {attempt: 1}))
    await rt.removePodSandbox(id)
    await rt.runPodSandbox(pod('a'))
  })

  test('returned objects are copies', async () => {
    const rt = new FakeRuntime()
    const cfg = pod('a')
    const id = await rt.runPodSandbox(cfg)
    cfg.labels!.app = 'changed'
    const s = await rt.podSandboxStatus(id)
    s.labels.app = 'mutated'
    expect((await rt.podSandboxStatus(id)).labels).toEqual({app: 'a'})
  })
})

describe('FakeRuntime containers', () => {
  test('create, start, exit by test control, status and list', async () => {
    let t = 10
    const rt = new FakeRuntime({now: () => t})
    const sb = await rt.runPodSandbox(pod('p'))
    const id = await rt.createContainer(sb, {name: 'web', image: IMG, restartCount: 2, labels: {k: 'v'}, annotations: {a: 'b'}})
    expect(await rt.containerStatus(id)).toMatchObject({state: 'created', exitCode: undefined, startedAt: undefined, restartCount: 2})
    expect(await rt.listContainers({nodeName: 'n1'})).toEqual([])
    expect((await rt.listContainers({nodeName: 'n1', all: true})).map(c => c.state)).toEqual(['created'])
    t = 20
    await rt.startContainer(id)
    await expect(rt.startContainer(id)).rejects.toBeInstanceOf(RuntimeError)
    const [listed] = await rt.listContainers({nodeName: 'n1'})
    expect(listed).toEqual({
      id,
      name: 'web',
      podUid: 'uid-p-n1',
      sandboxId: sb,
      nodeName: 'n1',
      restartCount: 2,
      state: 'running',
      exitCode: undefined,
      createdAt: 10,
      startedAt: 20,
      finishedAt: undefined,
      image: IMG,
      imageId: (await rt.imageStatus(IMG))!.id,
      labels: {k: 'v'},
      annotations: {a: 'b'},
    })
    t = 30
    rt.exitContainer(id, 0)
    expect(await rt.containerStatus(id)).toMatchObject({state: 'exited', exitCode: 0, reason: 'Completed', finishedAt: 30})
    expect(() => rt.exitContainer(id, 1)).toThrow(RuntimeError)
    expect(() => rt.exitContainer('nope', 1)).toThrow(NotFoundError)
  })

  test('listing filters by node, pod and sandbox; another node is never returned', async () => {
    const rt = new FakeRuntime()
    const s1 = await rt.runPodSandbox(pod('a', 'n1'))
    const s2 = await rt.runPodSandbox(pod('b', 'n1'))
    const s3 = await rt.runPodSandbox(pod('a', 'n2'))
    const c1 = await running(rt, s1, 'x')
    const c2 = await running(rt, s2, 'x')
    const c3 = await running(rt, s3, 'x')
    expect((await rt.listContainers({nodeName: 'n1'})).map(c => c.id)).toEqual([c1, c2])
    expect((await rt.listContainers({nodeName: 'n2'})).map(c => c.id)).toEqual([c3])
    expect((await rt.listContainers({nodeName: 'n1', podUid: 'uid-b-n1'})).map(c => c.id)).toEqual([c2])
    expect((await rt.listContainers({nodeName: 'n1', sandboxId: s1})).map(c => c.id)).toEqual([c1])
    expect(rt.calls.listContainers).toBe(4)
  })

  test('behaviours: start errors, exiting by itself, OOM, SIGTERM handling, startup logs', async () => {
    vi.useFakeTimers()
    try {
      const rt = new FakeRuntime()
      rt.setBehavior(cfg => {
        if (cfg.name === 'broken') return {startError: 'exec: "nope": executable file not found'}
        if (cfg.name === 'job') return {exitAfterMs: 1000, exitCode: 3, logs: ['working', 'done']}
        if (cfg.name === 'hog') return {exitAfterMs: 10, exitCode: 137, oomKilled: true}
        if (cfg.name === 'stubborn') return {onSigterm: 'ignore'}
        if (cfg.name === 'polite') return {onSigterm: 0}
        return undefined
      })
      const sb = await rt.runPodSandbox(pod('p'))
      const broken = await rt.createContainer(sb, {name: 'broken', image: IMG})
      await expect(rt.startContainer(broken)).rejects.toThrow(/executable file not found/)
      expect((await rt.containerStatus(broken)).state).toBe('created')
      const job = await running(rt, sb, 'job')
      const hog = await running(rt, sb, 'hog')
      expect(await readAll((await rt.logs(job)).stream)).toBe('working\ndone\n')
      vi.advanceTimersByTime(999)
      expect((await rt.containerStatus(job)).state).toBe('running')
      vi.advanceTimersByTime(1)
      expect(await rt.containerStatus(job)).toMatchObject({state: 'exited', exitCode: 3, reason: 'Error'})
      expect(await rt.containerStatus(hog)).toMatchObject({state: 'exited', exitCode: 137, reason: 'OOMKilled'})
      const stubborn = await running(rt, sb, 'stubborn')
      const polite = await running(rt, sb, 'polite')
      await rt.stopContainer(stubborn, 30)
      await rt.stopContainer(polite, 30)
      expect((await rt.containerStatus(stubborn)).exitCode).toBe(137)
      expect(await rt.containerStatus(polite)).toMatchObject({exitCode: 0, reason: 'Completed'})
      await rt.stopContainer(polite, 30) // already stopped: no error
      await expect(rt.stopContainer('missing', 1)).rejects.toBeInstanceOf(NotFoundError)
    } finally {
      vi.useRealTimers()
    }
  })

  test('a missing image or sandbox fails creation; names are unique per restart count', async () => {
    const rt = new FakeRuntime()
    const sb = await rt.runPodSandbox(pod('p'))
    await expect(rt.createContainer(sb, {name: 'x', image: 'nope:1'})).rejects.toThrow(/image not known/)
    await expect(rt.createContainer('missing', {name: 'x', image: IMG})).rejects.toBeInstanceOf(NotFoundError)
    const first = await rt.createContainer(sb, {name: 'x', image: IMG})
    await expect(rt.createContainer(sb, {name: 'x', image: IMG})).rejects.toThrow(/already in use/)
    await rt.createContainer(sb, {name: 'x', image: IMG, restartCount: 1})
    await rt.removeContainer(first)
    await rt.removeContainer(first)
    await rt.createContainer(sb, {name: 'x', image: IMG})
  })

  test('removing an exited container ends its log followers', async () => {
    const rt = new FakeRuntime()
    const sb = await rt.runPodSandbox(pod('p'))
    const id = await running(rt, sb, 'c')
    const f = await rt.logs(id, {follow: true})
    await rt.removeContainer(id)
    await f.done
    expect(await readAll(f.stream)).toBe('')
    expect(rt.stats().containers).toBe(0)
  })
})

describe('FakeRuntime images', () => {
  test('status, list, pull, pull errors, remove', async () => {
    const rt = new FakeRuntime({images: ['a:1'], pullable: ['b:1', 'c:1']})
    expect(await rt.imageStatus('a:1')).toMatchObject({repoTags: ['a:1']})
    expect(await rt.imageStatus('b:1')).toBeNull()
    const b = await rt.pullImage('b:1')
    expect(await rt.imageStatus('b:1')).toEqual(b)
    await expect(rt.pullImage('z:1')).rejects.toBeInstanceOf(ImagePullError)
    rt.failPull('c:1', 'unauthorized: authentication required')
    const err = await rt.pullImage('c:1').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ImagePullError)
    expect(err).toMatchObject({image: 'c:1', message: 'pull image c:1: unauthorized: authentication required'})
    rt.failPull('c:1', null)
    await rt.pullImage('c:1')
    expect((await rt.listImages()).map(i => i.repoTags[0]).sort()).toEqual(['a:1', 'b:1', 'c:1'])
    const sb = await rt.runPodSandbox(pod('p'))
    await rt.createContainer(sb, {name: 'x', image: 'a:1'})
    await expect(rt.removeImage('a:1')).rejects.toThrow(/in use/)
    await rt.removeImage('b:1')
    await rt.removeImage('b:1')
    expect(await rt.imageStatus('b:1')).toBeNull()
  })
})

describe('FakeRuntime exec and logs', () => {
  test('execSync: default handler, custom handler, timeout, not running', async () => {
    const rt = new FakeRuntime()
    const sb = await rt.runPodSandbox(pod('p'))
    const id = await running(rt, sb, 'c')
    expect(await rt.execSync(id, ['sh', '-c', 'exit 4'], 1000)).toEqual({exitCode: 4, stdout: '', stderr: '', timedOut: false})
    expect(await rt.execSync(id, ['echo', 'a', 'b'], 1000)).toMatchObject({exitCode: 0, stdout: 'a b\n'})
    expect((await rt.execSync(id, ['false'], 1000)).exitCode).toBe(1)
    rt.setExecHandler(async req => {
      if (req.cmd[0] === 'slow') await new Promise(resolve => setTimeout(resolve, 200))
      return {exitCode: req.cmd[0] === 'healthy' ? 0 : 1, stdout: `${req.container.name}:${req.cmd.join(' ')}`, stderr: 'e'}
    })
    expect(await rt.execSync(id, ['healthy'], 1000)).toEqual({exitCode: 0, stdout: 'c:healthy', stderr: 'e', timedOut: false})
    expect(await rt.execSync(id, ['slow'], 20)).toMatchObject({timedOut: true, exitCode: -1})
    rt.exitContainer(id, 1)
    await expect(rt.execSync(id, ['healthy'], 1000)).rejects.toThrow(/not running/)
  })

  test('interactive exec: stdin, separate stderr, tty merge and resize', async () => {
    const rt = new FakeRuntime()
    const sb = await rt.runPodSandbox(pod('p'))
    const id = await running(rt, sb, 'c')
    const s = await rt.exec(id, ['cat'], {stdin: true})
    const out = readAll(s.stdout)
    s.stdin!.end('hello')
    expect(await out).toBe('hello')
    expect(await s.exitCode).toBe(0)
    expect(await s.resize(80, 24)).toBe(false)

    rt.setExecHandler(() => ({exitCode: 2, stdout: 'o', stderr: 'e'}))
    const plain = await rt.exec(id, ['x'])
    expect(plain.stdin).toBeNull()
    expect([await readAll(plain.stdout), await readAll(plain.stderr), await plain.exitCode]).toEqual(['o', 'e', 2])
    const tty = await rt.exec(id, ['x'], {tty: true})
    expect(await tty.resize(80, 24)).toBe(true)
    expect([await readAll(tty.stdout), await readAll(tty.stderr)]).toEqual(['oe', ''])
  })

  test('logs: tail, since, timestamps, follow until stop or exit', async () => {
    let t = Date.parse('2030-01-01T00:00:00Z')
    const rt = new FakeRuntime({now: () => t})
    const sb = await rt.runPodSandbox(pod('p'))
    const id = await running(rt, sb, 'c')
    for (let i = 1; i <= 5; i++) {
      rt.appendLog(id, `line${i}`, i === 5 ? 'stderr' : 'stdout')
      t += 10_000
    }
    expect(await readAll((await rt.logs(id, {tailLines: 2})).stream)).toBe('line4\nline5\n')
    expect(await readAll((await rt.logs(id, {tailLines: 0})).stream)).toBe('')
    expect(await readAll((await rt.logs(id, {sinceSeconds: 25})).stream)).toBe('line4\nline5\n')
    expect(await readAll((await rt.logs(id, {tailLines: 1, timestamps: true})).stream)).toBe('2030-01-01T00:00:40.000Z line5\n')

    const f = await rt.logs(id, {follow: true, tailLines: 1})
    const seen = collect(f.stream)
    rt.appendLog(id, 'live')
    f.stop()
    await f.done
    rt.appendLog(id, 'after-stop')
    expect(seen.text()).toBe('line5\nlive\n')

    const g = await rt.logs(id, {follow: true, tailLines: 0})
    const seen2 = collect(g.stream)
    rt.appendLog(id, 'x')
    rt.exitContainer(id, 0)
    await g.done
    expect(seen2.text()).toBe('x\n')
    // a finished container's logs do not follow
    const h = await rt.logs(id, {follow: true, tailLines: 1})
    expect(await readAll(h.stream)).toBe('x\n')
    await expect(rt.logs('missing')).rejects.toBeInstanceOf(NotFoundError)
  })
})

describe('FakeRuntime options and scale', () => {
  test('readiness, version and latency', async () => {
    const rt = new FakeRuntime({latencyMs: 30, version: '9.9'})
    const t0 = Date.now()
    expect(await rt.version()).toEqual({name: 'fake', version: '9.9', apiVersion: '1'})
    expect(Date.now() - t0).toBeGreaterThanOrEqual(25)
    expect(await rt.ready()).toEqual({ok: true, message: 'fake runtime is ready'})
    rt.setReady(false, 'disk full')
    expect(await rt.ready()).toEqual({ok: false, message: 'disk full'})
  })

  test('1,000 nodes × 30 pods: creation and per-node relists stay cheap', async () => {
    const rt = new FakeRuntime()
    const t0 = Date.now()
    for (let n = 0; n < 1000; n++) {
      for (let p = 0; p < 30; p++) {
        const sb = await rt.runPodSandbox({podUid: `u-${n}-${p}`, podName: `p${p}`, namespace: 'd', nodeName: `node-${n}`})
        await rt.startContainer(await rt.createContainer(sb, {name: 'app', image: IMG}))
      }
    }
    const created = Date.now() - t0
    const t1 = Date.now()
    for (let n = 0; n < 1000; n++) {
      expect(await rt.listContainers({nodeName: `node-${n}`})).toHaveLength(30)
    }
    const relist = Date.now() - t1
    expect(rt.stats()).toMatchObject({sandboxes: 30_000, containers: 30_000})
    expect(created).toBeLessThan(10_000)
    expect(relist).toBeLessThan(3_000)
  })
})
