// The podman runtime keeps working when its API service goes away: the call falls back to the CLI.
// Needs podman: runs in CI always, elsewhere skipped with a printed reason when podman is missing.
import {spawn} from 'node:child_process'
import {existsSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {probePodman} from './detect.js'
import {PodmanRuntime} from './podman.js'
import {acquireLock} from './testing/lock.js'
import {inCI} from './testing/real-suite.js'
import {BUSYBOX, RuntimeFixture} from './testing/helpers.js'

const unavailable = await probePodman()
const skip = unavailable !== null && !inCI()
if (skip) console.warn(`skipping the podman API fallback test: ${unavailable}`)

describe.skipIf(skip)('podman runtime when its API service goes away', () => {
  it('answers through the API, then through the CLI once the socket is gone', async () => {
    if (unavailable !== null) throw new Error(`podman is required in CI but unavailable: ${unavailable}`)
    const release = await acquireLock() // one real-runtime suite at a time
    const dir = mkdtempSync(join(tmpdir(), 'podman-api-'))
    const socket = join(dir, 'api.sock')
    const service = spawn('podman', ['system', 'service', '--time=0', `unix://${socket}`], {stdio: 'ignore'})
    const warnings: string[] = []
    const rt = new PodmanRuntime({podmanApi: socket, onWarning: m => warnings.push(m)})
    const fx = new RuntimeFixture(rt, 'api-fallback')
    try {
      for (let i = 0; i < 200 && !existsSync(socket); i++) await new Promise(r => setTimeout(r, 50))
      const sandbox = await rt.runPodSandbox(fx.sandbox('fallback'))
      const id = await rt.createContainer(sandbox, {name: 'c', image: BUSYBOX, command: ['sleep', '30']})
      await rt.startContainer(id)
      expect((await rt.listContainers({nodeName: fx.node})).map(c => c.id)).toEqual([id])
      expect(await rt.imageStatus(BUSYBOX)).not.toBeNull()
      expect(warnings).toEqual([]) // the API answered
      service.kill('SIGTERM')
      await new Promise(r => service.once('exit', r))
      rmSync(socket, {force: true})
      // the same calls keep answering, now through the CLI
      expect((await rt.listContainers({nodeName: fx.node})).map(c => c.id)).toEqual([id])
      expect((await rt.containerStatus(id)).state).toBe('running')
      const [s] = await rt.listPodSandboxes({nodeName: fx.node})
      expect(s.state).toBe('ready')
      expect(s.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/)
      expect(await rt.imageStatus('localhost/mkube-no-such-image:1')).toBeNull()
      expect(warnings.join('\n')).toMatch(/no podman API answers at .*api\.sock\): every call runs the podman CLI/)
    } finally {
      service.kill('SIGKILL')
      await fx.cleanup()
      rmSync(dir, {recursive: true, force: true})
      release()
    }
  }, 420_000)
})
