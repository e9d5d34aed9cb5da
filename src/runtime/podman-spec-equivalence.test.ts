// The REST API specs (podman-spec.ts) create the same pods and containers as the CLI arguments
// (podman-args.ts): both are created on a real podman and what `podman inspect` reports is compared.
// Runs in CI always; elsewhere skipped with a printed reason when podman is missing.
import {randomUUID} from 'node:crypto'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {execa} from 'execa'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {probePodman} from './detect.js'
import {containerLabels, sandboxIdentity, sandboxLabels} from './labels.js'
import type {LibpodClient} from './libpod.js'
import {podCreateArgs, podmanCreateArgs} from './podman-args.js'
import {locatePodmanApi} from './podman-service.js'
import {containerSpec, podSpec} from './podman-spec.js'
import {acquireLock} from './testing/lock.js'
import {inCI} from './testing/real-suite.js'
import {BUSYBOX} from './testing/helpers.js'
import type {ContainerConfig, PodSandboxConfig} from './types.js'

const unavailable = await probePodman()
const skip = unavailable !== null && !inCI()
if (skip) console.warn(`skipping the podman spec equivalence test: ${unavailable}`)

const node = `spec-eq-${randomUUID().slice(0, 8)}`

async function podman(args: string[], env?: Record<string, string>): Promise<string> {
  const r = await execa('podman', args, {stdin: 'ignore', env})
  return String(r.stdout).trim()
}

async function inspect(kind: 'pod' | 'container', id: string): Promise<Record<string, any>> {
  const v = JSON.parse(await podman(kind === 'pod' ? ['pod', 'inspect', id] : ['inspect', '--type', 'container', id]))
  return Array.isArray(v) ? v[0] : v
}

/** What a pod's inspect says that its creation decides. */
function podView(p: Record<string, any>) {
  const infra = p.InfraConfig ?? {}
  return {
    Hostname: p.Hostname,
    Labels: {...p.Labels, 'io.mkube.sandbox.attempt': 'either'},
    SharedNamespaces: [...(p.SharedNamespaces ?? [])].sort(),
    HostNetwork: infra.HostNetwork,
    PortBindings: infra.PortBindings,
    DNSServer: infra.DNSServer,
    DNSSearch: infra.DNSSearch,
    DNSOption: infra.DNSOption,
    InfraImage: p.InfraConfig?.InfraImage,
  }
}

/** What a container's inspect says that its creation decides. */
function containerView(c: Record<string, any>) {
  const h = c.HostConfig ?? {}
  return {
    Path: c.Path,
    Args: c.Args,
    Entrypoint: c.Config?.Entrypoint,
    Cmd: c.Config?.Cmd,
    Env: [...(c.Config?.Env ?? [])].filter((e: string) => !e.startsWith('HOSTNAME=')).sort(),
    WorkingDir: c.Config?.WorkingDir,
    User: c.Config?.User,
    Labels: c.Config?.Labels,
    Tty: c.Config?.Tty,
    OpenStdin: c.Config?.OpenStdin,
    StopSignal: c.Config?.StopSignal,
    StopTimeout: c.Config?.StopTimeout,
    // inspect lists mounts in no fixed order
    Mounts: (c.Mounts ?? []).map((m: any) => ({Type: m.Type, Source: m.Source, Destination: m.Destination, RW: m.RW})).sort((a: any, b: any) => (a.Destination < b.Destination ? -1 : 1)),
    Memory: h.Memory,
    MemorySwap: h.MemorySwap,
    CpuQuota: h.CpuQuota,
    CpuPeriod: h.CpuPeriod,
    CpuShares: h.CpuShares,
    Privileged: h.Privileged,
    ReadonlyRootfs: h.ReadonlyRootfs,
    LogType: h.LogConfig?.Type,
    LogPathSet: !!h.LogConfig?.Path,
    CapAdd: h.CapAdd,
    CapDrop: h.CapDrop,
    Ulimits: h.Ulimits,
    PidsLimit: h.PidsLimit,
    ShmSize: h.ShmSize,
    Init: h.Init,
    NetworkMode: String(h.NetworkMode).replace(/^container:.*/, 'container:<infra>'),
    // container:<infra id> of each one's own pod
    IpcMode: String(h.IpcMode).replace(/^container:.*/, 'container:<infra>'),
    UTSMode: String(h.UTSMode).replace(/^container:.*/, 'container:<infra>'),
    PidMode: h.PidMode,
    Pod: !!c.Pod,
  }
}

describe.skipIf(skip)('podman REST specs vs CLI arguments (real podman)', () => {
  let api: LibpodClient | null = null
  let dir = ''
  let release: (() => void) | undefined
  beforeAll(async () => {
    // one real-runtime suite at a time (see testing/lock.ts)
    release = await acquireLock()
    if (unavailable !== null) throw new Error(`podman is required in CI but unavailable: ${unavailable}`)
    const located = await locatePodmanApi({mode: 'auto', binary: 'podman'})
    if (!located.client) throw new Error(`no podman API: ${located.reason}`)
    api = located.client
    dir = mkdtempSync(join(tmpdir(), 'spec-eq-'))
  }, 320_000)
  afterAll(async () => {
    const pods = (await podman(['pod', 'ps', '-q', '--filter', `label=io.mkube.node=${node}`]).catch(() => '')).split('\n').filter(Boolean)
    if (pods.length) await podman(['pod', 'rm', '-f', '-t', '0', ...pods]).catch(() => undefined)
    api?.close()
    if (dir) rmSync(dir, {recursive: true, force: true})
    release?.()
  }, 60_000)

  const sandbox = (name: string, extra: Partial<PodSandboxConfig> = {}): PodSandboxConfig => ({podUid: randomUUID(), podName: name, namespace: 'spec-eq', nodeName: node, labels: {app: name}, annotations: {note: 'a b'}, ...extra})

  /** Creates `cfg` both ways (attempts 0 and 1: pod names are unique per attempt); answers [via CLI, via API] sandbox ids. */
  async function bothPods(cfg: PodSandboxConfig): Promise<[string, string]> {
    const viaCli = await podman(podCreateArgs({...cfg, attempt: 0}))
    const created = await api!.post<{Id: string}>('/pods/create', 'create pod', [], podSpec({...cfg, attempt: 1}))
    return [viaCli, created.body.Id]
  }

  it('pods: hostname, labels, namespaces, published ports and DNS; host network', async () => {
    const withNet = sandbox('net', {
        hostname: 'web-0',
        portMappings: [
          {containerPort: 8080, hostPort: 18181, hostIp: '127.0.0.14', protocol: 'TCP'},
          {containerPort: 53, hostPort: 18153, hostIp: '127.0.0.14', protocol: 'UDP'},
          {containerPort: 9090},
        ],
        dnsConfig: {servers: ['10.43.0.10'], searches: ['spec-eq.svc.cluster.local', 'svc.cluster.local'], options: ['ndots:5']},
    })
    const [a, b] = await bothPods(withNet)
    const [pa, pb] = [podView(await inspect('pod', a)), podView(await inspect('pod', b))]
    expect(pa.PortBindings).toBeTruthy()
    expect(pb).toEqual(pa)
    await podman(['pod', 'rm', '-f', a, b])
    // the same host ports cannot be published twice at once: the host-network pair is separate
    const [c, d] = await bothPods(sandbox('host', {hostNetwork: true}))
    const [pc, pd] = [podView(await inspect('pod', c)), podView(await inspect('pod', d))]
    expect(pc.HostNetwork).toBe(true)
    expect(pd).toEqual(pc)
  }, 60_000)

  it('containers: entrypoint and command, environment, mounts, limits, user, tty, log file', async () => {
    const [sa, sb] = await bothPods(sandbox('c'))
    const ident = sandboxIdentity(sandboxLabels(sandbox('c')))!
    const configs: ContainerConfig[] = [
      {
        name: 'full',
        image: BUSYBOX,
        command: ['sh', '-c'],
        args: ['echo "$A" && sleep 1'],
        workingDir: '/tmp',
        env: [{name: 'A', value: 'x y'}, {name: 'B', value: '$(A)'}, {name: 'EMPTY', value: ''}],
        mounts: [{hostPath: dir, containerPath: '/data'}, {hostPath: dir, containerPath: '/ro', readOnly: true}],
        resources: {cpuMillis: 250, cpuRequestMillis: 100, memoryBytes: 64 * 1024 * 1024},
        securityContext: {runAsUser: 1000, runAsGroup: 2000, readOnlyRootFilesystem: true},
        tty: true,
        stdin: true,
        restartCount: 2,
        labels: {tier: 'web'},
      },
      {name: 'args-only', image: BUSYBOX, args: ['sleep', '5']},
      {name: 'image-default', image: BUSYBOX},
      {name: 'entrypoint-only', image: BUSYBOX, command: ['sleep'], securityContext: {privileged: true}, resources: {cpuMillis: 5}},
    ]
    for (const cfg of configs) {
      const labels = containerLabels(ident, cfg)
      // a proxy in the node's environment must not reach the container either way
      const cliArgs = podmanCreateArgs(sa, `cli-${cfg.name}-${node}`, labels, {...cfg, logPath: join(dir, 'cli', `${cfg.name}.log`)}, {resourceLimits: 'apply'}).args
      const viaCli = await podman(cliArgs, {HTTP_PROXY: 'http://proxy.invalid:3128', https_proxy: 'http://proxy.invalid:3128'})
      const {spec} = containerSpec(sb, `api-${cfg.name}-${node}`, labels, {...cfg, logPath: join(dir, 'api', `${cfg.name}.log`)}, {resourceLimits: 'apply'})
      const viaApi = (await api!.post<{Id: string}>('/containers/create', 'create container', [], spec)).body.Id
      const [ca, cb] = [containerView(await inspect('container', viaCli)), containerView(await inspect('container', viaApi))]
      expect({name: cfg.name, ...cb}).toEqual({name: cfg.name, ...ca})
      expect(ca.Env.join(' ')).not.toMatch(/proxy/i)
      if (cfg.name === 'full') {
        // the comparison is between real values, not two empty views
        expect(ca).toMatchObject({Entrypoint: 'sh', Cmd: ['-c', 'echo "$A" && sleep 1'], WorkingDir: '/tmp', User: '1000:2000', Tty: true, OpenStdin: true, Memory: 64 * 1024 * 1024, CpuQuota: 25_000, CpuShares: 102, ReadonlyRootfs: true, LogType: 'k8s-file'})
        expect(ca.Env).toEqual(expect.arrayContaining(['A=x y', 'B=$(A)', 'EMPTY=']))
        expect(ca.Mounts).toHaveLength(2)
        expect(ca.Labels).toMatchObject({'io.mkube.label.tier': 'web', 'io.mkube.container.restart-count': '2'})
      }
    }
  }, 120_000)

  it('rejects what the CLI builders reject', () => {
    expect(() => containerSpec('s', 'n', {}, {name: 'c', image: '-bad'}, {resourceLimits: 'apply'})).toThrow('invalid image reference')
    expect(() => containerSpec('s', 'n', {}, {name: 'c', image: BUSYBOX, env: [{name: 'A=B', value: ''}]}, {resourceLimits: 'apply'})).toThrow('invalid environment variable name')
    expect(() => containerSpec('s', 'n', {}, {name: 'c', image: BUSYBOX, mounts: [{hostPath: 'rel', containerPath: '/x'}]}, {resourceLimits: 'apply'})).toThrow('invalid mount path')
    expect(() => podSpec(sandbox('p', {portMappings: [{containerPort: 0, hostPort: 80}]}))).toThrow('invalid containerPort 0')
    expect(containerSpec('s', 'n', {}, {name: 'c', image: BUSYBOX, resources: {memoryBytes: 1}}, {resourceLimits: 'ignore'})).toMatchObject({resourcesSkipped: true})
  })
})
