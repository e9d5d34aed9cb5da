import {describe, expect, test} from 'vitest'
import {createFlags, dnsFlags, exitReason, labelFlags, mapContainerState, publishFlags, resourceFlags} from './container-args.js'
import {RuntimeError} from './errors.js'

describe('createFlags', () => {
  test('env, workdir, mounts, security, tty/stdin, and Kubernetes command/args semantics', () => {
    const r = createFlags(
      {
        name: 'c',
        image: 'img:1',
        command: ['/bin/sh', '-c'],
        args: ['echo hi'],
        workingDir: '/w',
        env: [
          {name: 'A', value: 'x y'},
          {name: 'B', value: 'k=v'},
        ],
        mounts: [
          {hostPath: '/h/a', containerPath: '/a'},
          {hostPath: '/h/b', containerPath: '/b', readOnly: true},
        ],
        securityContext: {runAsUser: 1000, runAsGroup: 2000, privileged: true, readOnlyRootFilesystem: true},
        tty: true,
        stdin: true,
      },
      {resourceLimits: 'apply'},
    )
    expect(r.flags).toEqual([
      '--pull',
      'never',
      '--env',
      'A=x y',
      '--env',
      'B=k=v',
      '--workdir',
      '/w',
      '--mount',
      'type=bind,source=/h/a,destination=/a',
      '--mount',
      'type=bind,source=/h/b,destination=/b,readonly',
      '--user',
      '1000:2000',
      '--privileged',
      '--read-only',
      '--tty',
      '--interactive',
      '--entrypoint',
      '/bin/sh',
    ])
    expect(r.tail).toEqual(['img:1', '-c', 'echo hi'])
    expect(r.resourcesSkipped).toBe(false)
  })

  test('args alone replace the image CMD; nothing keeps the image defaults', () => {
    expect(createFlags({name: 'c', image: 'i', args: ['a', 'b']}, {resourceLimits: 'apply'}).tail).toEqual(['i', 'a', 'b'])
    const plain = createFlags({name: 'c', image: 'i'}, {resourceLimits: 'apply'})
    expect(plain.tail).toEqual(['i'])
    expect(plain.flags).toEqual(['--pull', 'never'])
  })

  test('rejects relative or comma-containing mount paths and bad env names', () => {
    expect(() => createFlags({name: 'c', image: 'i', mounts: [{hostPath: 'rel', containerPath: '/a'}]}, {resourceLimits: 'apply'})).toThrow(RuntimeError)
    expect(() => createFlags({name: 'c', image: 'i', mounts: [{hostPath: '/a,b', containerPath: '/a'}]}, {resourceLimits: 'apply'})).toThrow(/commas/)
    expect(() => createFlags({name: 'c', image: 'i', env: [{name: 'A=B', value: ''}]}, {resourceLimits: 'apply'})).toThrow(/environment/)
    for (const image of ['', '--privileged', 'a b']) {
      expect(() => createFlags({name: 'c', image}, {resourceLimits: 'apply'})).toThrow(/invalid image reference/)
    }
  })
})

describe('resourceFlags', () => {
  test('memory (no extra swap), cpu quota with a 10m floor, shares from the request', () => {
    const cfg = {name: 'c', image: 'i', resources: {memoryBytes: 64 * 1024 * 1024, cpuMillis: 500, cpuRequestMillis: 250}}
    expect(resourceFlags(cfg, 'apply')).toEqual({
      flags: ['--memory', '67108864', '--memory-swap', '67108864', '--cpus', '0.500', '--cpu-shares', '256'],
      skipped: false,
    })
    expect(resourceFlags({name: 'c', image: 'i', resources: {cpuMillis: 1, cpuRequestMillis: 1}}, 'apply').flags).toEqual(['--cpus', '0.010', '--cpu-shares', '2'])
  })

  test("'ignore' drops requested limits and says so; nothing requested is not 'skipped'", () => {
    expect(resourceFlags({name: 'c', image: 'i', resources: {memoryBytes: 1}}, 'ignore')).toEqual({flags: [], skipped: true})
    expect(resourceFlags({name: 'c', image: 'i'}, 'ignore')).toEqual({flags: [], skipped: false})
    expect(createFlags({name: 'c', image: 'i', resources: {cpuMillis: 100}}, {resourceLimits: 'ignore'}).resourcesSkipped).toBe(true)
  })
})

describe('publish, dns and label flags', () => {
  test('only mappings with a host port are published; IPv6 host addresses are bracketed', () => {
    expect(
      publishFlags([
        {containerPort: 80, hostPort: 8080, hostIp: '127.0.0.5'},
        {containerPort: 53, hostPort: 5353, protocol: 'UDP'},
        {containerPort: 9000},
        {containerPort: 81, hostPort: 8081, hostIp: '::1', protocol: 'TCP'},
      ]),
    ).toEqual(['--publish', '127.0.0.5:8080:80/tcp', '--publish', '5353:53/udp', '--publish', '[::1]:8081:81/tcp'])
    expect(() => publishFlags([{containerPort: 0, hostPort: 1}])).toThrow(/containerPort/)
    expect(() => publishFlags([{containerPort: 1, hostPort: 70000}])).toThrow(/hostPort/)
  })

  test('dns flags and sorted label flags', () => {
    expect(dnsFlags({servers: ['10.0.0.10'], searches: ['a.svc', 'svc'], options: ['ndots:5']})).toEqual([
      '--dns',
      '10.0.0.10',
      '--dns-search',
      'a.svc',
      '--dns-search',
      'svc',
      '--dns-option',
      'ndots:5',
    ])
    expect(dnsFlags(undefined)).toEqual([])
    expect(labelFlags({b: '2', a: '1=x'})).toEqual(['--label', 'a=1=x', '--label', 'b=2'])
  })
})

describe('states and reasons', () => {
  test('podman/docker states map to CRI states', () => {
    expect(['created', 'configured', 'initialized'].map(mapContainerState)).toEqual(['created', 'created', 'created'])
    expect(['running', 'paused', 'stopping', 'restarting'].map(mapContainerState)).toEqual(['running', 'running', 'running', 'running'])
    expect(['exited', 'stopped', 'dead', 'Exited'].map(mapContainerState)).toEqual(['exited', 'exited', 'exited', 'exited'])
    expect([mapContainerState('removing'), mapContainerState(undefined)]).toEqual(['unknown', 'unknown'])
  })

  test('exit reasons', () => {
    expect([exitReason(0, false), exitReason(1, false), exitReason(137, true)]).toEqual(['Completed', 'Error', 'OOMKilled'])
  })
})
