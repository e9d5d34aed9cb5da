import {describe, expect, test} from 'vitest'
import {dockerCreateArgs, dockerExecArgs, dockerPsArgs, dockerSandboxPsArgs, pauseDockerfile, pauseRunArgs, scriptWrapArgs} from './docker-args.js'
import {idLines, isPodmanCompat, parseDockerContainer, parseDockerImage, parseDockerSandbox} from './docker-parse.js'
import {LABEL} from './labels.js'

const sandbox = {podUid: 'u1', podName: 'web', namespace: 'default', nodeName: 'n1'}

describe('docker arguments', () => {
  test('pause container: shareable IPC, ports and DNS on it; host network variant', () => {
    const args = pauseRunArgs({...sandbox, portMappings: [{containerPort: 80, hostPort: 8080, hostIp: '127.0.0.3'}], dnsConfig: {servers: ['1.1.1.1'], searches: ['s'], options: []}}, 'pause:1')
    expect(args.slice(0, 12)).toEqual(['run', '--detach', '--pull', 'never', '--name', 'mkube_POD_web_default_n1_u1_0', '--hostname', 'web', '--ipc', 'shareable', '--restart', 'no'])
    expect(args).toContain(`${LABEL.KIND}=sandbox`)
    expect(args.slice(-7)).toEqual(['--publish', '127.0.0.3:8080:80/tcp', '--dns', '1.1.1.1', '--dns-search', 's', 'pause:1'])
    const host = pauseRunArgs({...sandbox, hostNetwork: true, portMappings: [{containerPort: 80, hostPort: 80}]}, 'pause:1')
    expect(host.slice(-3)).toEqual(['--network', 'host', 'pause:1'])
  })

  test('pause Dockerfile builds on the base image and exits on SIGTERM', () => {
    const df = pauseDockerfile('localhost/busybox:latest')
    expect(df.split('\n')[0]).toBe('FROM localhost/busybox:latest')
    expect(df).toContain('trap \\"exit 0\\" TERM INT')
  })

  test('app container joins the pause namespaces; hostname and log path only on podman’s API', () => {
    const cfg = {name: 'c', image: 'img', command: ['run'], logPath: '/l/0.log'}
    const compat = dockerCreateArgs('pause1', 'n', {k: 'v'}, cfg, {resourceLimits: 'apply', podmanCompat: true, hostname: 'web'})
    expect(compat.args).toEqual([
      'create',
      '--name',
      'n',
      '--label',
      'k=v',
      '--network',
      'container:pause1',
      '--ipc',
      'container:pause1',
      '--restart',
      'no',
      '--hostname',
      'web',
      '--log-driver',
      'k8s-file',
      '--log-opt',
      'path=/l/0.log',
      '--pull',
      'never',
      '--entrypoint',
      'run',
      'img',
    ])
    expect(compat.logPathIgnored).toBe(false)
    const engine = dockerCreateArgs('pause1', 'n', {}, cfg, {resourceLimits: 'apply', podmanCompat: false, hostname: 'web'})
    expect(engine.args).not.toContain('--hostname')
    expect(engine.args).not.toContain('--log-driver')
    expect(engine.logPathIgnored).toBe(true)
  })

  test('ps filters and exec arguments', () => {
    expect(dockerSandboxPsArgs({nodeName: 'n1', podUid: 'u'})).toEqual([
      'ps',
      '--all',
      '--quiet',
      '--no-trunc',
      '--filter',
      `label=${LABEL.NODE}=n1`,
      '--filter',
      `label=${LABEL.KIND}=sandbox`,
      '--filter',
      `label=${LABEL.POD_UID}=u`,
    ])
    expect(dockerPsArgs({nodeName: 'n1', sandboxId: 's'})).toEqual([
      'ps',
      '--quiet',
      '--no-trunc',
      '--filter',
      `label=${LABEL.NODE}=n1`,
      '--filter',
      `label=${LABEL.KIND}=container`,
      '--filter',
      `label=${LABEL.SANDBOX_ID}=s`,
    ])
    expect(dockerExecArgs('c', ['sh', '-c', 'x'], {tty: true, stdin: true, sessionEnv: 'E=1'})).toEqual(['exec', '--interactive', '--tty', '--env', 'E=1', 'c', 'sh', '-c', 'x'])
    expect(dockerExecArgs('c', ['ls'], {tty: false, stdin: false})).toEqual(['exec', 'c', 'ls'])
  })

  test('script wrapper quotes the command for its shell', () => {
    expect(scriptWrapArgs('docker', ['exec', '-it', 'c', 'sh', '-c', "echo 'a b'"])).toEqual([
      '--quiet',
      '--flush',
      '--return',
      '--echo',
      'never',
      '--command',
      `stty raw -echo 2>/dev/null; exec docker exec -it c sh -c 'echo '\\''a b'\\'''`,
      '/dev/null',
    ])
  })
})

const labels = {
  [LABEL.NODE]: 'n1',
  [LABEL.POD_UID]: 'u1',
  [LABEL.POD_NAME]: 'web',
  [LABEL.POD_NAMESPACE]: 'default',
}

describe('docker parsing', () => {
  test('sandbox from a pause container', () => {
    const c = {
      Id: 'p1',
      Created: '2026-11-23T17:59:15.1Z',
      Config: {Labels: {...labels, [LABEL.KIND]: 'sandbox', [LABEL.SANDBOX_ATTEMPT]: '3', 'io.mkube.label.app': 'web'}},
      State: {Status: 'running', Running: true},
      NetworkSettings: {IPAddress: '', Networks: {podman: {IPAddress: '10.88.0.5'}}},
    }
    expect(parseDockerSandbox(c)).toEqual({
      id: 'p1',
      nodeName: 'n1',
      podUid: 'u1',
      podName: 'web',
      namespace: 'default',
      attempt: 3,
      state: 'ready',
      createdAt: Date.parse('2026-11-23T17:59:15.1Z'),
      ip: '10.88.0.5',
      hostNetwork: false,
      labels: {app: 'web'},
      annotations: {},
    })
    expect(parseDockerSandbox({...c, State: {Status: 'exited', Running: false}})).toMatchObject({state: 'notready', ip: undefined})
    expect(parseDockerSandbox({...c, Config: {Labels: {...labels, [LABEL.KIND]: 'container'}}})).toBeNull()
  })

  test('app container status: sandbox from its label, image ref and id, reason', () => {
    const c = {
      Id: 'c1',
      Created: '2026-11-23T17:59:15Z',
      Image: 'sha256:abc',
      Config: {Image: 'localhost/busybox:latest', Labels: {...labels, [LABEL.KIND]: 'container', [LABEL.CONTAINER_NAME]: 'app', [LABEL.SANDBOX_ID]: 'p1'}},
      State: {Status: 'exited', ExitCode: 0, StartedAt: '2026-11-23T17:59:16Z', FinishedAt: '2026-11-23T17:59:17Z'},
    }
    expect(parseDockerContainer(c)).toMatchObject({
      id: 'c1',
      name: 'app',
      sandboxId: 'p1',
      state: 'exited',
      exitCode: 0,
      reason: 'Completed',
      image: 'localhost/busybox:latest',
      imageId: 'sha256:abc',
      startedAt: Date.parse('2026-11-23T17:59:16Z'),
      finishedAt: Date.parse('2026-11-23T17:59:17Z'),
      restartCount: 0,
    })
    expect(parseDockerContainer({Id: 'x'})).toBeNull()
  })

  test('engine kind, images, id lines', () => {
    expect(isPodmanCompat({Server: {Components: [{Name: 'Podman Engine'}]}})).toBe(true)
    expect(isPodmanCompat({Server: {Components: [{Name: 'Engine'}, {Name: 'containerd'}]}})).toBe(false)
    expect(isPodmanCompat(null)).toBe(false)
    expect(parseDockerImage({Id: 'sha256:1', RepoTags: null, Size: 3})).toEqual({id: 'sha256:1', repoTags: [], size: 3})
    expect(idLines('a\n\nb\na\n')).toEqual(['a', 'b'])
  })
})
