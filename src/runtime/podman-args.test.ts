import {describe, expect, test} from 'vitest'
import {LABEL} from './labels.js'
import {podCreateArgs, podPsArgs, podmanCreateArgs, podmanPsArgs} from './podman-args.js'
import {parsePodmanImage, parsePodmanInspect, parsePodmanPodPs, parsePodmanPs, podmanIp} from './podman-parse.js'

const sandbox = {podUid: 'u1', podName: 'web', namespace: 'default', nodeName: 'n1', labels: {app: 'web'}}

describe('podman arguments', () => {
  test('pod create: name, hostname, labels, ports, dns; host network drops ports and dns', () => {
    const args = podCreateArgs(
      {...sandbox, portMappings: [{containerPort: 80, hostPort: 8080, hostIp: '127.0.0.2'}], dnsConfig: {servers: ['1.2.3.4'], searches: [], options: []}},
      {infraImage: 'pause:1'},
    )
    expect(args.slice(0, 8)).toEqual(['pod', 'create', '--name', 'mkube_POD_web_default_n1_u1_0', '--hostname', 'web', '--share', 'ipc,net,uts'])
    expect(args).toContain(`${LABEL.NODE}=n1`)
    expect(args).toContain(`${LABEL.POD_UID}=u1`)
    expect(args).toContain('io.mkube.label.app=web')
    expect(args.join(' ')).toContain('--infra-image pause:1 --publish 127.0.0.2:8080:80/tcp --dns 1.2.3.4')
    const host = podCreateArgs({...sandbox, hostNetwork: true, hostname: 'h', portMappings: [{containerPort: 80, hostPort: 80}], dnsConfig: {servers: ['1.1.1.1'], searches: [], options: []}})
    expect(host.join(' ')).toContain('--hostname h')
    expect(host.join(' ')).toContain('--network host')
    expect(host).not.toContain('--publish')
    expect(host).not.toContain('--dns')
    expect(host).toContain(`${LABEL.HOST_NETWORK}=true`)
  })

  test('container create joins the pod and writes a k8s-file log when asked', () => {
    const {args, resourcesSkipped} = podmanCreateArgs('pod1', 'name1', {a: 'b'}, {name: 'c', image: 'img', args: ['x'], logPath: '/var/log/pods/x/c/0.log'}, {resourceLimits: 'apply'})
    expect(args).toEqual([
      'create',
      '--pod',
      'pod1',
      '--name',
      'name1',
      '--http-proxy=false',
      '--label',
      'a=b',
      '--pull',
      'never',
      '--log-driver',
      'k8s-file',
      '--log-opt',
      'path=/var/log/pods/x/c/0.log',
      'img',
      'x',
    ])
    expect(resourcesSkipped).toBe(false)
  })

  test('ps filters: node always, kind for containers, pod uid and sandbox when given', () => {
    expect(podPsArgs({nodeName: 'n1', podUid: 'u'})).toEqual(['pod', 'ps', '--format', 'json', '--filter', `label=${LABEL.NODE}=n1`, '--filter', `label=${LABEL.POD_UID}=u`])
    expect(podmanPsArgs({nodeName: 'n1'})).toEqual(['ps', '--format', 'json', '--filter', `label=${LABEL.NODE}=n1`, '--filter', `label=${LABEL.KIND}=container`])
    expect(podmanPsArgs({nodeName: 'n1', all: true, podUid: 'u', sandboxId: 's'})).toEqual([
      'ps',
      '--format',
      'json',
      '--all',
      '--filter',
      `label=${LABEL.NODE}=n1`,
      '--filter',
      `label=${LABEL.KIND}=container`,
      '--filter',
      `label=${LABEL.POD_UID}=u`,
      '--filter',
      'pod=s',
    ])
  })
})

const appLabels = {
  [LABEL.NODE]: 'n1',
  [LABEL.POD_UID]: 'u1',
  [LABEL.POD_NAME]: 'web',
  [LABEL.POD_NAMESPACE]: 'default',
  [LABEL.KIND]: 'container',
  [LABEL.CONTAINER_NAME]: 'app',
  [LABEL.RESTART_COUNT]: '2',
  'io.mkube.label.tier': 'front',
  'io.mkube.annotation.note': 'x',
  'io.buildah.version': '1.28.2',
}

describe('podman parsing', () => {
  test('ps: app containers only (infra and foreign ones dropped), times in ms, exit code when exited', () => {
    const list = parsePodmanPs([
      {Id: 'infra', IsInfra: true, Labels: {...appLabels, [LABEL.KIND]: 'sandbox'}, State: 'running'},
      {Id: 'foreign', Labels: {other: 'x'}, State: 'running'},
      {
        Id: 'c1',
        Image: 'localhost/busybox:latest',
        ImageID: 'ba1f',
        Labels: appLabels,
        Pod: 'pod1',
        State: 'exited',
        ExitCode: 7,
        StartedAt: 1795456855,
        ExitedAt: 1795456854,
        Created: 1795456850,
      },
      {Id: 'c2', Labels: appLabels, Pod: 'pod1', State: 'running', ExitCode: 0, StartedAt: 1795456855, ExitedAt: -62135596800, Created: 1795456850},
    ])
    expect(list).toEqual([
      {
        id: 'c1',
        name: 'app',
        podUid: 'u1',
        sandboxId: 'pod1',
        nodeName: 'n1',
        restartCount: 2,
        state: 'exited',
        exitCode: 7,
        createdAt: 1795456850000,
        startedAt: 1795456855000,
        finishedAt: 1795456855000,
        image: 'localhost/busybox:latest',
        imageId: 'ba1f',
        labels: {tier: 'front'},
        annotations: {note: 'x'},
      },
      expect.objectContaining({id: 'c2', state: 'running', exitCode: undefined, finishedAt: undefined}),
    ])
    expect(parsePodmanPs(null)).toEqual([])
  })

  test('inspect: reason from exit code and OOM flag; zero times are unset', () => {
    const base = {Id: 'c1', Created: '2026-11-23T17:59:06.8Z', Image: 'sha', ImageName: 'img', Pod: 'p', Config: {Labels: appLabels}}
    expect(parsePodmanInspect({...base, State: {Status: 'exited', ExitCode: 137, OOMKilled: true, StartedAt: '2026-11-23T17:59:06.800593352Z', FinishedAt: '2026-11-23T17:59:06.819680659Z'}})).toMatchObject({
      state: 'exited',
      exitCode: 137,
      reason: 'OOMKilled',
      startedAt: Date.parse('2026-11-23T17:59:06.800Z'),
      finishedAt: Date.parse('2026-11-23T17:59:06.819Z'),
      image: 'img',
      imageId: 'sha',
      sandboxId: 'p',
    })
    expect(parsePodmanInspect({...base, State: {Status: 'created', ExitCode: 0, StartedAt: '0001-01-01T00:00:00Z', FinishedAt: '0001-01-01T00:00:00Z'}})).toMatchObject({
      state: 'created',
      exitCode: undefined,
      reason: undefined,
      startedAt: undefined,
    })
    expect(parsePodmanInspect({Id: 'x', Config: {Labels: {a: 'b'}}})).toBeNull()
  })

  test('pod ps: ready when the infra container runs; IP from the inspected infra', () => {
    const sbLabels = {...appLabels, [LABEL.KIND]: 'sandbox', [LABEL.SANDBOX_ATTEMPT]: '1', [LABEL.HOST_NETWORK]: 'false'}
    const pods = [
      {Id: 'p1', Created: '2026-11-23T17:58:56.173884327Z', InfraId: 'i1', Labels: sbLabels, Containers: [{Id: 'i1', Status: 'running'}, {Id: 'c', Status: 'exited'}]},
      {Id: 'p2', InfraId: 'i2', Labels: sbLabels, Containers: [{Id: 'i2', Status: 'exited'}]},
      {Id: 'p3', InfraId: 'i3', Labels: {unrelated: 'x'}, Containers: []},
    ]
    const list = parsePodmanPodPs(pods, new Map([['i1', '10.88.0.3'], ['i2', '10.88.0.4']]))
    expect(list).toEqual([
      {
        id: 'p1',
        nodeName: 'n1',
        podUid: 'u1',
        podName: 'web',
        namespace: 'default',
        attempt: 1,
        state: 'ready',
        createdAt: Date.parse('2026-11-23T17:58:56.173Z'),
        ip: '10.88.0.3',
        hostNetwork: false,
        labels: {tier: 'front'},
        annotations: {note: 'x'},
      },
      expect.objectContaining({id: 'p2', state: 'notready', ip: undefined}),
    ])
  })

  test('IPs and images', () => {
    expect(podmanIp({Id: 'x', NetworkSettings: {IPAddress: '10.0.0.1'}})).toBe('10.0.0.1')
    expect(podmanIp({Id: 'x', NetworkSettings: {IPAddress: '', Networks: {podman: {IPAddress: '10.0.0.2'}}}})).toBe('10.0.0.2')
    expect(podmanIp({Id: 'x'})).toBeUndefined()
    expect(parsePodmanImage({Id: 'i', Names: ['localhost/busybox:latest'], Size: 5})).toEqual({id: 'i', repoTags: ['localhost/busybox:latest'], size: 5})
    expect(parsePodmanImage({Id: 'i', RepoTags: ['a:1'], Names: ['b:1']})).toEqual({id: 'i', repoTags: ['a:1'], size: 0})
  })
})
