import {describe, expect, it} from 'vitest'
import {candidateSockets, locatePodmanApi, privateSocketPath} from './podman-service.js'

describe('finding the podman API', () => {
  it('tries CONTAINER_HOST, then the system socket, only for the plain podman binary without extra environment', () => {
    const processEnv = {CONTAINER_HOST: 'unix:///tmp/remote.sock', XDG_RUNTIME_DIR: '/run/user/1000'}
    expect(candidateSockets({mode: 'auto', binary: 'podman', processEnv}, 0)).toEqual(['/tmp/remote.sock', '/run/podman/podman.sock'])
    expect(candidateSockets({mode: 'auto', binary: 'podman', processEnv}, 1000)).toEqual(['/tmp/remote.sock', '/run/user/1000/podman/podman.sock'])
    expect(candidateSockets({mode: 'auto', binary: '/opt/podman', processEnv: {}}, 0)).toEqual([])
    expect(candidateSockets({mode: 'auto', binary: 'podman', env: {CONTAINERS_CONF: '/x'}, processEnv: {}}, 0)).toEqual([])
    expect(candidateSockets({mode: 'auto', binary: 'podman', processEnv: {CONTAINER_HOST: 'ssh://host'}}, 0)).toEqual(['/run/podman/podman.sock'])
    expect(candidateSockets({mode: '/x/api.sock', binary: 'podman'}, 0)).toEqual(['/x/api.sock'])
    expect(candidateSockets({mode: 'off', binary: 'podman'}, 0)).toEqual([])
  })

  it('gives each binary and environment its own private socket', () => {
    const a = privateSocketPath('podman', undefined, 0)
    expect(a).toMatch(/^\/run\/mkube\/podman-[0-9a-f]{12}\.sock$/)
    expect(privateSocketPath('podman', undefined, 0)).toBe(a)
    expect(privateSocketPath('podman', {X: '1'}, 0)).not.toBe(a)
    expect(privateSocketPath('/usr/bin/podman', undefined, 0)).not.toBe(a)
    expect(privateSocketPath('podman', undefined, 1000, {XDG_RUNTIME_DIR: '/run/user/1000'})).toMatch(/^\/run\/user\/1000\/mkube-1000\/podman-/)
  })

  it('answers null with a reason when turned off, or when a named socket does not answer', async () => {
    expect(await locatePodmanApi({mode: 'off', binary: 'podman'})).toEqual({client: null, reason: 'the podman API is turned off'})
    const r = await locatePodmanApi({mode: '/nonexistent/podman.sock', binary: 'podman'})
    expect(r.client).toBeNull()
    expect('reason' in r && r.reason).toBe('no podman API answers at /nonexistent/podman.sock')
  })

  it('a binary that cannot serve the API leaves the runtime on the CLI', async () => {
    const r = await locatePodmanApi({mode: 'auto', binary: '/bin/false', processEnv: {}, startTimeoutMs: 2000})
    expect(r.client).toBeNull()
    expect('reason' in r && r.reason).toMatch(/^`\/bin\/false system service` did not answer on /)
  })
})
