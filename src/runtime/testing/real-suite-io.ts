/**
 * Real-runtime tests of exec (sync, interactive, tty with resize), logs (tail, timestamps, follow)
 * and images (status, list, pull failure).
 */
import {expect, test} from 'vitest'
import {ImagePullError, RuntimeError} from '../errors.js'
import {BUSYBOX, collect, readAll, waitExited, waitFor, type RuntimeFixture} from './helpers.js'

/** Registers the exec/logs/image tests. */
export function ioTests(fx: () => RuntimeFixture): void {
  let shared: {sandbox: string; sleeper: string} | undefined
  const sleeper = async () => {
    if (!shared) {
      const sandbox = await fx().rt.runPodSandbox(fx().sandbox('io'))
      shared = {sandbox, sleeper: await fx().run(sandbox, 'sleeper', 'exec sleep 300')}
    }
    return shared
  }

  test('execSync: exit code, stdout, stderr, timeout, missing command', async () => {
    const {rt} = fx()
    const {sleeper: id} = await sleeper()
    expect(await rt.execSync(id, ['sh', '-c', 'echo out; echo err >&2; exit 3'], 10_000)).toEqual({
      exitCode: 3,
      stdout: 'out\n',
      stderr: 'err\n',
      timedOut: false,
    })
    expect(await rt.execSync(id, ['hostname'], 10_000)).toMatchObject({exitCode: 0, stdout: 'io\n'})
    const t0 = Date.now()
    const slow = await rt.execSync(id, ['sleep', '5'], 700)
    expect(slow.timedOut).toBe(true)
    expect(Date.now() - t0).toBeLessThan(4500)
    expect((await rt.execSync(id, ['/no/such/binary'], 10_000)).exitCode).toBeGreaterThanOrEqual(126)
  })

  test('exec with stdin, and with a tty that can be resized', async () => {
    const {rt} = fx()
    const {sleeper: id} = await sleeper()
    const s = await rt.exec(id, ['cat'], {stdin: true})
    const out = readAll(s.stdout)
    s.stdin!.end('through stdin\n')
    expect(await out).toBe('through stdin\n')
    expect(await s.exitCode).toBe(0)

    const t = await rt.exec(id, ['sh'], {tty: true, stdin: true})
    const screen = collect(t.stdout)
    expect(await t.resize(100, 30)).toBe(true)
    t.stdin!.write('stty size; exit 4\n')
    expect(await t.exitCode).toBe(4)
    expect(screen.text()).toContain('30 100')

    const noInput = await rt.exec(id, ['sh', '-c', 'echo hi; echo err >&2; exit 3'], {tty: true})
    expect(noInput.stdin).toBeNull()
    expect([await readAll(noInput.stdout), await readAll(noInput.stderr), await noInput.exitCode]).toEqual(['hi\r\nerr\r\n', '', 3])

    const killed = await rt.exec(id, ['sleep', '30'], {stdin: true})
    const t0 = Date.now()
    setTimeout(() => killed.kill(), 100)
    expect(await killed.exitCode).toBe(137)
    expect(Date.now() - t0).toBeLessThan(5000)

    const plain = await rt.exec(id, ['sh', '-c', 'echo x; echo y >&2; exit 2'])
    expect(plain.stdin).toBeNull()
    const [o, e] = await Promise.all([readAll(plain.stdout), readAll(plain.stderr)])
    expect([o, e, await plain.exitCode, await plain.resize(80, 24)]).toEqual(['x\n', 'y\n', 2, false])
  })

  test('logs: tail, timestamps, stderr, follow and stop', async () => {
    const {rt} = fx()
    const {sandbox} = await sleeper()
    const printer = await fx().run(sandbox, 'printer', 'for i in 1 2 3 4 5; do echo line$i; done; echo oops >&2')
    await waitExited(rt, printer)
    const all = await readAll((await rt.logs(printer)).stream)
    expect(all.split('\n').sort()).toEqual(['', 'line1', 'line2', 'line3', 'line4', 'line5', 'oops'])
    expect(await readAll((await rt.logs(printer, {tailLines: 3})).stream)).toMatch(/^(line4\nline5\noops\n|line4\noops\nline5\n|oops\nline4\nline5\n)$/)
    const stamped = (await readAll((await rt.logs(printer, {timestamps: true, tailLines: 2})).stream)).trim().split('\n')
    expect(stamped).toHaveLength(2)
    for (const line of stamped) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d) /)

    const ticker = await fx().run(sandbox, 'ticker', 'i=0; while :; do i=$((i+1)); echo tick$i; sleep 0.2; done')
    const f = await rt.logs(ticker, {follow: true})
    const seen = collect(f.stream)
    await waitFor(() => seen.text().includes('tick3'), 10_000, 'followed lines')
    f.stop()
    await f.done
    const frozen = seen.text()
    await new Promise(resolve => setTimeout(resolve, 500))
    expect(seen.text()).toBe(frozen)
    expect(frozen).toMatch(/^tick1\ntick2\ntick3\n/)
  })

  test('images: status, list, and a missing image fails fast with ImagePullError', async () => {
    const {rt} = fx()
    const img = await rt.imageStatus(BUSYBOX)
    expect(img?.repoTags).toContain(BUSYBOX)
    expect(img?.size).toBeGreaterThan(0)
    expect((await rt.listImages()).some(i => i.id === img!.id && i.repoTags.includes(BUSYBOX))).toBe(true)
    expect(await rt.imageStatus('localhost/mkube-no-such-image:1')).toBeNull()
    const t0 = Date.now()
    const ref = 'mkube-no-such-registry.invalid/nope:1'
    const err = await rt.pullImage(ref).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ImagePullError)
    expect((err as ImagePullError).image).toBe(ref)
    expect((err as Error).message).toContain(ref)
    expect((err as Error).message).not.toContain('\n')
    expect(Date.now() - t0).toBeLessThan(20_000)
    await rt.removeImage('localhost/mkube-no-such-image:1')
    const {sandbox} = await sleeper()
    await expect(rt.createContainer(sandbox, {name: 'noimg', image: 'localhost/mkube-no-such-image:1'})).rejects.toBeInstanceOf(RuntimeError)
  })

  test('attach: stdin reaches the container process, its output comes back, the exit code is the container\'s', async () => {
    const {rt} = fx()
    const {sandbox} = await sleeper()
    const id = await rt.createContainer(sandbox, {name: 'attached', image: BUSYBOX, command: ['sh'], stdin: true})
    await rt.startContainer(id)
    await waitFor(async () => (await rt.containerStatus(id)).state === 'running', 10_000, 'the attached container to run')
    const session = await rt.attach(id, {stdin: true})
    const out = collect(session.stdout)
    session.stdin!.end('echo attached $((40+2)); exit 4\n')
    expect(await session.exitCode).toBe(4)
    expect(out.text().trim()).toBe('attached 42')
    await expect(rt.attach(id, {stdin: false})).rejects.toThrow(/not running/)
  })
}
