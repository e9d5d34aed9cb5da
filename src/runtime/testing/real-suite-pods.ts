/**
 * Real-runtime tests of sandboxes and containers: shared localhost, published ports, mounts, env,
 * exit codes, stop timing, resource limits, node-filtered listing, sandbox teardown.
 */
import {mkdtempSync, readFileSync, rmSync, chmodSync} from 'node:fs'
import {createServer} from 'node:http'
import type {AddressInfo} from 'node:net'
import {join} from 'node:path'
import {tmpdir} from 'node:os'
import {afterAll, expect, test} from 'vitest'
import {NotFoundError, RuntimeError} from '../errors.js'
import {httpGet, readAll, waitExited, waitFor, type RuntimeFixture} from './helpers.js'

/** Registers the sandbox/container tests. `fx()` returns the suite's fixture. */
export function podTests(fx: () => RuntimeFixture, o: {label: string; hostIp: string}): void {
  const dirs: string[] = []
  afterAll(() => dirs.forEach(d => rmSync(d, {recursive: true, force: true})))

  test('version and readiness', async () => {
    const {rt} = fx()
    const v = await rt.version()
    expect(v.name).toBe(o.label)
    expect(v.version).toMatch(/^\d+\.\d+/)
    expect(await rt.ready()).toMatchObject({ok: true})
  })

  test('two containers of a sandbox share localhost; the port is published on a loopback address', async () => {
    const {rt} = fx()
    const port = 20000 + Math.floor(Math.random() * 20000)
    const cfg = fx().sandbox('web', {
      hostname: 'web-host',
      annotations: {'example.com/note': 'hi'},
      portMappings: [{containerPort: 8080, hostPort: port, hostIp: o.hostIp, protocol: 'TCP'}],
      dnsConfig: {servers: ['10.96.0.10'], searches: ['rt-test.svc.cluster.local'], options: ['ndots:5']},
    })
    const sb = await rt.runPodSandbox(cfg)
    const status = await rt.podSandboxStatus(sb)
    expect(status).toMatchObject({id: sb, state: 'ready', podUid: cfg.podUid, podName: 'web', nodeName: fx().node, hostNetwork: false})
    expect(status.labels).toEqual({app: 'web'})
    expect(status.annotations).toEqual({'example.com/note': 'hi'})
    expect(status.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/)

    await fx().run(sb, 'web', 'mkdir -p /www && echo hello-from-web > /www/index.html && exec httpd -f -p 8080 -h /www')
    const client = await fx().run(
      sb,
      'client',
      'for i in $(seq 1 100); do if wget -qO- http://127.0.0.1:8080/; then hostname; cat /etc/resolv.conf; exit 0; fi; sleep 0.1; done; exit 1',
    )
    const done = await waitExited(rt, client)
    expect(done).toMatchObject({exitCode: 0, reason: 'Completed', name: 'client', podUid: cfg.podUid, sandboxId: sb})
    const out = await readAll((await rt.logs(client)).stream)
    expect(out).toContain('hello-from-web')
    expect(out).toContain('web-host')
    expect(out).toContain('nameserver 10.96.0.10')
    expect(out).toContain('rt-test.svc.cluster.local')

    const res = await waitFor(() => httpGet(o.hostIp, port), 10_000, 'the published port')
    expect(res).toEqual({status: 200, body: 'hello-from-web\n'})

    const all = await rt.listContainers({nodeName: fx().node, podUid: cfg.podUid, all: true})
    expect(all.map(c => c.name).sort()).toEqual(['client', 'web'])
    const running = await rt.listContainers({nodeName: fx().node, podUid: cfg.podUid})
    expect(running.map(c => [c.name, c.state])).toEqual([['web', 'running']])
    const [sandbox] = await rt.listPodSandboxes({nodeName: fx().node, podUid: cfg.podUid})
    expect(sandbox).toMatchObject({id: sb, state: 'ready', ip: status.ip})
  })

  test('a host-network sandbox sees the host loopback and has no pod IP', async () => {
    const {rt} = fx()
    const server = createServer((_req, res) => res.end('from-host\n'))
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    try {
      const port = (server.address() as AddressInfo).port
      const sb = await rt.runPodSandbox(fx().sandbox('hostnet', {hostNetwork: true, portMappings: [{containerPort: 80, hostPort: 80}]}))
      expect(await rt.podSandboxStatus(sb)).toMatchObject({state: 'ready', hostNetwork: true, ip: undefined})
      const c = await fx().run(sb, 'probe', `wget -qO- http://127.0.0.1:${port}/`)
      expect(await waitExited(rt, c)).toMatchObject({exitCode: 0})
      expect(await readAll((await rt.logs(c)).stream)).toBe('from-host\n')
    } finally {
      server.close()
    }
  })

  test('a host directory shared by two containers, environment, read-only mounts', async () => {
    const {rt} = fx()
    const dir = mkdtempSync(join(tmpdir(), 'mkube-rt-mount-'))
    chmodSync(dir, 0o777)
    dirs.push(dir)
    const sb = await rt.runPodSandbox(fx().sandbox('mounts'))
    const writer = await fx().run(sb, 'writer', 'echo "$GREETING $SECOND" > /data/msg', {
      env: [
        {name: 'GREETING', value: 'hello world'},
        {name: 'SECOND', value: 'a=b,c'},
      ],
      mounts: [{hostPath: dir, containerPath: '/data'}],
    })
    expect((await waitExited(rt, writer)).exitCode).toBe(0)
    const reader = await fx().run(sb, 'reader', 'cat /data/msg; if touch /data/other 2>/dev/null; then exit 9; fi', {
      mounts: [{hostPath: dir, containerPath: '/data', readOnly: true}],
      workingDir: '/data',
    })
    expect((await waitExited(rt, reader)).exitCode).toBe(0)
    expect(await readAll((await rt.logs(reader)).stream)).toBe('hello world a=b,c\n')
    expect(readFileSync(join(dir, 'msg'), 'utf8')).toBe('hello world a=b,c\n')
  })

  test('exit codes, reasons, times and restart counts', async () => {
    const {rt} = fx()
    const sb = await rt.runPodSandbox(fx().sandbox('exits'))
    const failing = await fx().run(sb, 'failing', 'exit 7', {restartCount: 3, labels: {tier: 'x'}})
    const ok = await fx().run(sb, 'ok', 'true')
    const f = await waitExited(rt, failing)
    expect(f).toMatchObject({state: 'exited', exitCode: 7, reason: 'Error', restartCount: 3, labels: {tier: 'x'}, image: 'localhost/busybox:latest'})
    expect(f.imageId).not.toBe('')
    expect(f.startedAt).toBeGreaterThan(0)
    expect(f.finishedAt).toBeGreaterThanOrEqual(f.startedAt!)
    expect(await waitExited(rt, ok)).toMatchObject({exitCode: 0, reason: 'Completed', restartCount: 0})
    const listed = await rt.listContainers({nodeName: fx().node, sandboxId: sb, all: true})
    expect(listed.find(c => c.id === failing)).toMatchObject({state: 'exited', exitCode: 7, restartCount: 3})
  })

  test('stopContainer sends SIGTERM, then SIGKILL after the timeout', async () => {
    const {rt} = fx()
    const sb = await rt.runPodSandbox(fx().sandbox('stops'))
    const graceful = await fx().run(sb, 'graceful', 'trap "exit 0" TERM; echo up; while :; do sleep 0.1; done')
    const stubborn = await fx().run(sb, 'stubborn', 'trap "" TERM; echo up; while :; do sleep 0.1; done')
    for (const id of [graceful, stubborn]) {
      await waitFor(async () => (await readAll((await rt.logs(id)).stream)).includes('up'), 10_000, 'the trap')
    }
    let t0 = Date.now()
    await rt.stopContainer(graceful, 10)
    expect(Date.now() - t0).toBeLessThan(5000)
    expect(await rt.containerStatus(graceful)).toMatchObject({state: 'exited', exitCode: 0})
    t0 = Date.now()
    await rt.stopContainer(stubborn, 2)
    const took = Date.now() - t0
    expect(took).toBeGreaterThanOrEqual(1800)
    expect(took).toBeLessThan(9000)
    expect(await rt.containerStatus(stubborn)).toMatchObject({state: 'exited', exitCode: 137})
    await rt.stopContainer(stubborn, 1) // already stopped: no error
  })

  test('memory and cpu limits are applied', async () => {
    const {rt} = fx()
    const sb = await rt.runPodSandbox(fx().sandbox('limits'))
    const id = await fx().run(
      sb,
      'limited',
      'cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max; cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us 2>/dev/null || cat /sys/fs/cgroup/cpu.max',
      {resources: {memoryBytes: 64 * 1024 * 1024, cpuMillis: 500, cpuRequestMillis: 250}},
    )
    expect((await waitExited(rt, id)).exitCode).toBe(0)
    const out = await readAll((await rt.logs(id)).stream)
    expect(out).toContain('67108864')
    expect(out).toContain('50000')
  })

  test('listing is filtered by node: another node label is never returned', async () => {
    const {rt, node, otherNode} = fx()
    const mineCfg = fx().sandbox('mine')
    const mine = await rt.runPodSandbox(mineCfg)
    const theirs = await rt.runPodSandbox(fx().sandbox('theirs', {nodeName: otherNode}))
    const other = await fx().run(theirs, 'other', 'sleep 30')
    const mineList = await rt.listPodSandboxes({nodeName: node})
    expect(mineList.map(s => s.id)).toContain(mine)
    expect(mineList.map(s => s.id)).not.toContain(theirs)
    expect((await rt.listPodSandboxes({nodeName: otherNode})).map(s => s.id)).toEqual([theirs])
    expect((await rt.listPodSandboxes({nodeName: node, podUid: mineCfg.podUid})).map(s => s.id)).toEqual([mine])
    expect((await rt.listContainers({nodeName: node, all: true})).map(c => c.id)).not.toContain(other)
    const theirContainers = await rt.listContainers({nodeName: otherNode, all: true})
    expect(theirContainers).toHaveLength(1)
    expect(theirContainers[0]).toMatchObject({id: other, name: 'other', sandboxId: theirs, nodeName: otherNode, state: 'running'})
  })

  test('stopping and removing a sandbox; not-found handling', async () => {
    const {rt} = fx()
    const cfg = fx().sandbox('doomed')
    const sb = await rt.runPodSandbox(cfg)
    const c = await fx().run(sb, 'sleeper', 'sleep 60')
    await rt.stopPodSandbox(sb, 1)
    expect((await rt.podSandboxStatus(sb)).state).toBe('notready')
    expect((await rt.containerStatus(c)).state).toBe('exited')
    await expect(rt.execSync(c, ['true'], 5000)).rejects.toBeInstanceOf(RuntimeError)
    await rt.removePodSandbox(sb)
    await expect(rt.podSandboxStatus(sb)).rejects.toBeInstanceOf(NotFoundError)
    expect(await rt.listPodSandboxes({nodeName: fx().node, podUid: cfg.podUid})).toEqual([])
    expect(await rt.listContainers({nodeName: fx().node, podUid: cfg.podUid, all: true})).toEqual([])
    await rt.removePodSandbox(sb)
    await rt.stopPodSandbox(sb)
    await rt.removeContainer(c)
    await expect(rt.containerStatus(c)).rejects.toBeInstanceOf(NotFoundError)
    await expect(rt.createContainer(sb, {name: 'x', image: 'localhost/busybox:latest'})).rejects.toBeInstanceOf(NotFoundError)
  })
}
