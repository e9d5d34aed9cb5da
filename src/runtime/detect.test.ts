import {describe, expect, test} from 'vitest'
import {createRuntime, detectRuntime, probeDocker, probePodman} from './detect.js'
import {DockerRuntime} from './docker.js'
import {FakeRuntime} from './fake.js'
import {PodmanRuntime} from './podman.js'

describe('detect and create', () => {
  test('missing CLIs give a reason instead of throwing', async () => {
    expect(await probePodman({podmanBinary: '/no/such/podman'})).toMatch(/\/no\/such\/podman cannot be run/)
    expect(await probeDocker({dockerBinary: '/no/such/docker'})).toMatch(/\/no\/such\/docker cannot be run/)
    const r = await detectRuntime({podmanBinary: '/no/such/podman', dockerBinary: '/no/such/docker'})
    expect(r.name).toBeNull()
    expect(r.name === null && r.reason).toMatch(/^no container runtime: podman: .*; docker: /)
  })

  test('a docker without a server is not usable', async () => {
    const reason = await probeDocker({dockerBinary: 'sh', env: {}}).catch(() => 'x')
    expect(reason).not.toBeNull()
  })

  test('createRuntime by name', () => {
    expect(createRuntime('podman')).toBeInstanceOf(PodmanRuntime)
    expect(createRuntime('docker', {env: {DOCKER_HOST: 'unix:///x.sock'}})).toBeInstanceOf(DockerRuntime)
    const fake = createRuntime('fake', {fake: {latencyMs: 1}})
    expect(fake).toBeInstanceOf(FakeRuntime)
    expect(fake.name).toBe('fake')
  })
})
