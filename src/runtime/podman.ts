/**
 * PodmanRuntime: the runtime contract over the podman CLI. A sandbox is a podman pod (its infra
 * container holds the shared net/ipc/uts namespaces and the published ports); app containers are
 * created with `--pod`. Listing is one `podman ps` (plus one `inspect` of infra containers for pod
 * IPs), filtered by the node label.
 *
 * Creates, starts, lists and inspects go through podman's REST API when one is reachable
 * (podman-service.ts: ~2–30 ms a call instead of a podman process of ~25–90 ms; the specs of
 * podman-spec.ts are checked against the CLI arguments on a real podman); stops, removes, pulls, exec
 * and logs use the CLI. When the API socket goes away, the call falls back to the CLI and the service
 * is looked for again.
 */
import {mkdir} from 'node:fs/promises'
import {dirname} from 'node:path'
import {randomUUID} from 'node:crypto'
import {Cli, ignoreNotFound, lastLine, safeJsonArray} from './cli.js'
import {LibpodUnreachableError, type LibpodClient, type LibpodFilters} from './libpod.js'
import {locatePodmanApi} from './podman-service.js'
import {containerSpec, podSpec} from './podman-spec.js'
import {checkImageRef} from './container-args.js'
import {ImagePullError, NotFoundError, RuntimeError, summarizeStderr} from './errors.js'
import {containerLabels, containerName, sandboxIdentity, sandboxLabels, type SandboxIdentity} from './labels.js'
import {onceWarner, resolveCliOptions, type CliRuntimeOptions, type ResolvedCliOptions} from './options.js'
import {containerApiFilters, podApiFilters, podCreateArgs, podPsArgs, podmanCreateArgs, podmanPsArgs} from './podman-args.js'
import {
  infraRunning,
  parsePodmanImage,
  parsePodmanInspect,
  parsePodmanPodPs,
  parsePodmanPs,
  podmanIp,
  type PodmanContainerInspect,
  type PodmanImageEntry,
  type PodmanPodPsEntry,
  type PodmanPsEntry,
} from './podman-parse.js'
import {EXEC_SESSION_ENV, execSessionFromProcess, logArgs, logStreamFromProcess, noResize, ptyResizer, withContainerExitCode} from './streams.js'
import type {
  Container,
  ContainerConfig,
  ContainerFilter,
  ContainerRuntime,
  ContainerStatus,
  ExecOptions,
  ExecResult,
  ExecSession,
  ImageInfo,
  LogOptions,
  LogStream,
  PodSandbox,
  PodSandboxConfig,
  RuntimeInfo,
  RuntimeReadiness,
  SandboxFilter,
} from './types.js'

/** The podman implementation of ContainerRuntime. */
export class PodmanRuntime implements ContainerRuntime {
  readonly name = 'podman' as const
  private readonly cli: Cli
  private readonly opts: ResolvedCliOptions
  private readonly warnOnce: (key: string, message: string) => void
  private retryFlag?: Promise<boolean>
  /** identity labels of the sandboxes created by this object, by sandbox id (forgotten on removal) */
  private readonly identities = new Map<string, SandboxIdentity>()
  /** the API client once located (null: none, CLI only), and when to look again after a failure */
  private apiState?: {client: LibpodClient | null; at: number}
  private apiPending?: Promise<LibpodClient | null>

  constructor(options: CliRuntimeOptions = {}) {
    this.opts = resolveCliOptions(options)
    this.cli = new Cli({
      binary: this.opts.binary ?? 'podman',
      env: this.opts.env,
      timeoutMs: this.opts.timeoutMs,
      maxConcurrency: this.opts.maxConcurrency,
    })
    this.warnOnce = onceWarner(this.opts.onWarning)
  }

  async version(): Promise<RuntimeInfo> {
    const v = await this.cli.json<{Client?: {Version?: string; APIVersion?: string}; Server?: {Version?: string; APIVersion?: string}}>(
      ['version', '--format', 'json'],
      {what: 'podman version'},
    )
    const side = v?.Server ?? v?.Client ?? {}
    return {name: 'podman', version: side.Version ?? 'unknown', apiVersion: side.APIVersion}
  }

  async ready(): Promise<RuntimeReadiness> {
    const r = await this.cli.run(['info', '--format', '{{.Version.Version}}'], {what: 'podman info', allowFailure: true, timeoutMs: 15_000}).catch(
      (e: Error) => ({exitCode: -1, stdout: '', stderr: e.message, timedOut: false}),
    )
    if (r.exitCode === 0) return {ok: true, message: `podman ${r.stdout.trim()} is ready`}
    const why = r.timedOut ? 'podman info timed out' : summarizeStderr(r.stderr) || `exit ${r.exitCode}`
    return {ok: false, message: `podman is not ready: ${why}`}
  }

  // ---- sandboxes ----

  async runPodSandbox(cfg: PodSandboxConfig): Promise<string> {
    const what = `create pod sandbox for ${cfg.namespace}/${cfg.podName}`
    const id = await this.viaApi(
      async api => (await api.post<{Id: string}>('/pods/create', what, [], podSpec(cfg, {infraImage: this.opts.pauseImage}))).body.Id,
      async () => lastLine((await this.cli.run(podCreateArgs(cfg, {infraImage: this.opts.pauseImage}), {what})).stdout),
    )
    const ident = sandboxIdentity(sandboxLabels(cfg))
    if (ident) this.identities.set(id, ident)
    try {
      await this.viaApi(
        async api => void (await api.post(`/pods/${encodeURIComponent(id)}/start`, `start pod sandbox ${id}`, [304])),
        async () => void (await this.cli.run(['pod', 'start', id], {what: `start pod sandbox ${id}`})),
      )
    } catch (e) {
      await this.cli.run(['pod', 'rm', '--force', '--time', '0', id], {what: 'remove failed sandbox', allowFailure: true})
      throw e
    }
    return id
  }

  async stopPodSandbox(id: string, timeoutSeconds = 10): Promise<void> {
    await ignoreNotFound(
      this.cli.run(['pod', 'stop', '--time', String(timeoutSeconds), id], {what: `stop pod sandbox ${id}`, timeoutMs: this.stopBudget(timeoutSeconds)}),
    )
  }

  async removePodSandbox(id: string): Promise<void> {
    this.identities.delete(id)
    await ignoreNotFound(this.cli.run(['pod', 'rm', '--force', '--time', '0', id], {what: `remove pod sandbox ${id}`}))
  }

  async listPodSandboxes(filter: SandboxFilter): Promise<PodSandbox[]> {
    const pods = await this.viaApi(
      api => api.get<PodmanPodPsEntry[] | null>('/pods/json', 'list pod sandboxes', podApiFilters(filter)),
      () => this.cli.json<PodmanPodPsEntry[] | null>(podPsArgs(filter), {what: 'list pod sandboxes'}),
    )
    const list = parsePodmanPodPs(pods, await this.infraIps(pods ?? []))
    return filter.state ? list.filter(s => s.state === filter.state) : list
  }

  async podSandboxStatus(id: string): Promise<PodSandbox> {
    const pods = await this.viaApi(
      api => api.get<PodmanPodPsEntry[] | null>('/pods/json', `status of pod sandbox ${id}`, {id: [id]}),
      () => this.cli.json<PodmanPodPsEntry[] | null>(['pod', 'ps', '--format', 'json', '--filter', `id=${id}`], {what: `status of pod sandbox ${id}`}),
    )
    const exact = (pods ?? []).filter(p => p.Id === id || (id.length >= 12 && p.Id.startsWith(id)))
    const [sandbox] = parsePodmanPodPs(exact, await this.infraIps(exact))
    if (!sandbox) throw new NotFoundError(`pod sandbox ${id} not found`)
    return sandbox
  }

  private async infraIps(pods: PodmanPodPsEntry[]): Promise<Map<string, string>> {
    const ids = pods.filter(p => p.InfraId && infraRunning(p)).map(p => p.InfraId!)
    const ips = new Map<string, string>()
    if (ids.length === 0) return ips
    const viaApi = await this.viaApi(
      async api => {
        // a pod removed meanwhile makes its inspect fail: that pod just has no IP
        const found = await Promise.all(ids.map(id => api.get<PodmanContainerInspect>(`/containers/${encodeURIComponent(id)}/json`, 'inspect infra container').catch(e => (e instanceof LibpodUnreachableError ? Promise.reject(e) : null))))
        return found.filter((c): c is PodmanContainerInspect => c !== null)
      },
      async () => null,
    )
    if (viaApi) {
      for (const c of viaApi) {
        const ip = podmanIp(c)
        if (ip) ips.set(c.Id, ip)
      }
      return ips
    }
    // allowFailure: a pod removed between the two calls makes inspect fail for that id only
    const r = await this.cli.run(['inspect', '--type', 'container', '--format', 'json', ...ids], {what: 'inspect infra containers', allowFailure: true})
    for (const c of safeJsonArray<PodmanContainerInspect>(r.stdout)) {
      const ip = podmanIp(c)
      if (ip) ips.set(c.Id, ip)
    }
    return ips
  }

  // ---- images ----

  async pullImage(ref: string): Promise<ImageInfo> {
    checkImageRef(ref)
    const args = ['pull', '--quiet', ...((await this.supportsRetryFlag()) ? ['--retry', '0'] : []), ref]
    const r = await this.cli.run(args, {what: `pull ${ref}`, timeoutMs: this.opts.pullTimeoutMs, allowFailure: true})
    if (r.exitCode !== 0 || r.timedOut) {
      const err = this.cli.failure(`pull image ${ref}`, args, r, this.opts.pullTimeoutMs)
      throw new ImagePullError(ref, err.message, err)
    }
    return (await this.imageStatus(ref)) ?? {id: lastLine(r.stdout), repoTags: [ref], size: 0}
  }

  async imageStatus(ref: string): Promise<ImageInfo | null> {
    checkImageRef(ref)
    const api = await this.api()
    if (api) {
      try {
        return parsePodmanImage(await api.get<PodmanImageEntry>(`/images/${encodeURIComponent(ref)}/json`, `inspect image ${ref}`))
      } catch (e) {
        if (e instanceof NotFoundError) return null
        if (!(e instanceof LibpodUnreachableError)) throw e
        this.apiLost(api)
      }
    }
    const r = await this.cli.run(['image', 'inspect', '--format', 'json', ref], {what: `inspect image ${ref}`, allowFailure: true})
    if (r.exitCode !== 0) {
      const err = this.cli.failure(`inspect image ${ref}`, ['image', 'inspect', ref], r)
      if (err instanceof NotFoundError) return null
      throw err
    }
    const [img] = safeJsonArray<PodmanImageEntry>(r.stdout)
    return img ? parsePodmanImage(img) : null
  }

  async listImages(): Promise<ImageInfo[]> {
    const list = await this.cli.json<PodmanImageEntry[] | null>(['images', '--format', 'json'], {what: 'list images'})
    return (list ?? []).map(parsePodmanImage)
  }

  async removeImage(ref: string): Promise<void> {
    checkImageRef(ref)
    await ignoreNotFound(this.cli.run(['rmi', ref], {what: `remove image ${ref}`}))
  }

  // ---- containers ----

  async createContainer(sandboxId: string, cfg: ContainerConfig): Promise<string> {
    const ident = await this.sandboxIdentityOf(sandboxId)
    const labels = containerLabels(ident, cfg)
    const name = containerName(ident, cfg)
    const limits = {resourceLimits: this.opts.resourceLimits}
    const {args, resourcesSkipped} = podmanCreateArgs(sandboxId, name, labels, cfg, limits)
    if (resourcesSkipped) this.warnOnce('resources', 'resource limits are disabled (resourceLimits: ignore): containers run without cpu/memory limits')
    if (cfg.logPath) await mkdir(dirname(cfg.logPath), {recursive: true})
    const what = `create container ${cfg.name} in sandbox ${sandboxId}`
    return this.viaApi(
      async api => (await api.post<{Id: string}>('/containers/create', what, [], containerSpec(sandboxId, name, labels, cfg, limits).spec)).body.Id,
      async () => lastLine((await this.cli.run(args, {what})).stdout),
    )
  }

  private async sandboxIdentityOf(sandboxId: string) {
    // sandboxes this runtime object created are known without asking podman (one `pod inspect` less per container)
    const known = this.identities.get(sandboxId)
    if (known) return known
    const info = await this.cli.json<{Labels?: Record<string, string>} | Array<{Labels?: Record<string, string>}>>(['pod', 'inspect', sandboxId], {
      what: `inspect pod sandbox ${sandboxId}`,
    })
    const pod = Array.isArray(info) ? info[0] : info
    const ident = sandboxIdentity(pod?.Labels)
    if (!ident) throw new NotFoundError(`pod sandbox ${sandboxId} not found (not an mkube sandbox)`)
    return ident
  }

  async startContainer(id: string): Promise<void> {
    await this.viaApi(
      async api => void (await api.post(`/containers/${encodeURIComponent(id)}/start`, `start container ${id}`, [304])),
      async () => void (await this.cli.run(['start', id], {what: `start container ${id}`})),
    )
  }

  async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    const t = Math.max(0, Math.floor(timeoutSeconds))
    await this.cli.run(['stop', '--time', String(t), id], {what: `stop container ${id}`, timeoutMs: this.stopBudget(t)})
  }

  async removeContainer(id: string): Promise<void> {
    await ignoreNotFound(this.cli.run(['rm', '--force', '--time', '0', id], {what: `remove container ${id}`}))
  }

  async listContainers(filter: ContainerFilter): Promise<Container[]> {
    const entries = await this.viaApi(
      api => api.get<PodmanPsEntry[] | null>('/containers/json', 'list containers', containerApiFilters(filter), filter.all ? {all: 'true'} : {}),
      () => this.cli.json<PodmanPsEntry[] | null>(podmanPsArgs(filter), {what: 'list containers'}),
    )
    return parsePodmanPs(entries)
  }

  async containerStatus(id: string): Promise<ContainerStatus> {
    const found = await this.viaApi(
      api => api.get<PodmanContainerInspect>(`/containers/${encodeURIComponent(id)}/json`, `status of container ${id}`),
      async () => (await this.cli.json<PodmanContainerInspect[] | null>(['inspect', '--type', 'container', '--format', 'json', id], {what: `status of container ${id}`}))?.[0],
    )
    const status = found ? parsePodmanInspect(found) : null
    if (!status) throw new NotFoundError(`container ${id} not found (not an mkube container)`)
    return status
  }

  // ---- exec and logs ----

  async execSync(id: string, cmd: string[], timeoutMs: number): Promise<ExecResult> {
    const args = ['exec', id, ...cmd]
    const r = await this.cli.run(args, {what: `exec in ${id}`, timeoutMs, allowFailure: true})
    if (r.timedOut) return {exitCode: -1, stdout: r.stdout, stderr: r.stderr, timedOut: true}
    // 125/255 with podman's "Error: ": podman itself failed (no such container, not running), the
    // command never ran
    if ((r.exitCode === 125 || r.exitCode === 255) && /^Error: /m.test(r.stderr)) throw this.cli.failure(`exec in ${id}`, args, r)
    return {exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, timedOut: false}
  }

  async exec(id: string, cmd: string[], opts: ExecOptions = {}): Promise<ExecSession> {
    const status = await this.containerStatus(id)
    if (status.state !== 'running') throw new RuntimeError(`exec in ${id}: container is not running (state ${status.state})`)
    const session = randomUUID()
    const args = ['exec']
    if (opts.stdin) args.push('--interactive')
    if (opts.tty) args.push('--tty', '--env', `${EXEC_SESSION_ENV}=${session}`)
    args.push(id, ...cmd)
    const proc = this.cli.spawn(args, {stdin: opts.stdin === true})
    const resize = opts.tty ? ptyResizer(session, (c, t) => this.execSync(id, c, t)) : noResize
    return execSessionFromProcess(proc, {stdin: opts.stdin === true, resize})
  }

  async attach(id: string, opts: ExecOptions = {}): Promise<ExecSession> {
    const status = await this.containerStatus(id)
    if (status.state !== 'running') throw new RuntimeError(`attach to ${id}: container is not running (state ${status.state})`)
    const args = ['attach', '--sig-proxy=false', ...(opts.stdin ? [] : ['--no-stdin']), id]
    const proc = this.cli.spawn(args, {stdin: opts.stdin === true})
    const session = execSessionFromProcess(proc, {stdin: opts.stdin === true, resize: opts.tty ? (c, r) => this.resizeTty(id, c, r) : noResize})
    // `podman attach` answers 0 whatever the process did: the container's own exit code is the answer
    return withContainerExitCode(session, () => this.containerStatus(id))
  }

  /** Sets a container's terminal size (through the API; false without one). */
  private async resizeTty(id: string, columns: number, rows: number): Promise<boolean> {
    const api = await this.api()
    if (!api) return false
    try {
      await api.post(`/containers/${encodeURIComponent(id)}/resize?h=${rows}&w=${columns}`, `resize ${id}`)
      return true
    } catch {
      return false
    }
  }

  async logs(id: string, opts: LogOptions = {}): Promise<LogStream> {
    await this.containerStatus(id) // NotFoundError before any stream exists
    return logStreamFromProcess(this.cli.spawn(logArgs(id, opts), {stdin: false}))
  }

  // ---- helpers ----

  /** The podman API client, located once (and again a minute after it was lost or not found). */
  private async api(): Promise<LibpodClient | null> {
    const known = this.apiState
    if (known && (known.client || Date.now() - known.at < 60_000)) return known.client
    this.apiPending ??= this.locateApi().then(client => {
      this.apiState = {client, at: Date.now()}
      this.apiPending = undefined
      return client
    })
    return this.apiPending
  }

  private locateApi(): Promise<LibpodClient | null> {
    return locatePodmanApi({mode: this.opts.podmanApi, binary: this.opts.binary ?? 'podman', env: this.opts.env}).then(
      r => {
        if (r.client) return r.client
        if (this.opts.podmanApi !== 'off') this.warnOnce('api', `podman API not available (${r.reason}): every call runs the podman CLI`)
        return null
      },
      () => null,
    )
  }

  /** The API went away (service exited): forget it; the next call looks for it again. */
  private apiLost(api: LibpodClient): void {
    api.close()
    if (this.apiState?.client === api) this.apiState = undefined
  }

  /** Runs `viaApi` on the API when there is one, else (or when the socket went away) `viaCli`. */
  private async viaApi<T>(viaApi: (api: LibpodClient) => Promise<T>, viaCli: () => Promise<T>): Promise<T> {
    const api = await this.api()
    if (!api) return viaCli()
    try {
      return await viaApi(api)
    } catch (e) {
      if (!(e instanceof LibpodUnreachableError)) throw e
      this.apiLost(api)
      return viaCli()
    }
  }

  private stopBudget(timeoutSeconds: number): number {
    return (timeoutSeconds + 30) * 1000
  }

  /** Whether this podman's `pull` has `--retry` (podman 5+); older ones retry 3 times regardless. */
  private supportsRetryFlag(): Promise<boolean> {
    this.retryFlag ??= this.cli
      .run(['pull', '--help'], {what: 'podman pull --help', allowFailure: true})
      .then(r => /--retry\b/.test(r.stdout))
      .catch(() => false)
    return this.retryFlag
  }
}
