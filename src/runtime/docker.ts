/**
 * DockerRuntime: the runtime contract over the docker CLI (a Docker engine, or podman's
 * Docker-compatible API through DOCKER_HOST). A sandbox is a pause container; app containers join
 * its network and IPC namespaces. Listing is one `docker ps -q` plus one batched `docker inspect`.
 */
import {mkdir} from 'node:fs/promises'
import {dirname} from 'node:path'
import {randomUUID} from 'node:crypto'
import {Cli, ignoreNotFound, lastLine, safeJsonArray} from './cli.js'
import {dockerCreateArgs, dockerExecArgs, dockerPsArgs, dockerSandboxPsArgs, pauseDockerfile, pauseRunArgs, scriptWrapArgs} from './docker-args.js'
import {
  idLines,
  isPodmanCompat,
  parseDockerContainer,
  parseDockerImage,
  parseDockerSandbox,
  type DockerImageInspect,
  type DockerInspect,
  type DockerVersion,
} from './docker-parse.js'
import {checkImageRef} from './container-args.js'
import {ImagePullError, NotFoundError, RuntimeError, summarizeStderr} from './errors.js'
import {LABEL, containerLabels, containerName, sandboxIdentity} from './labels.js'
import {DEFAULT_DOCKER_PAUSE_IMAGE, onceWarner, resolveCliOptions, type CliRuntimeOptions, type ResolvedCliOptions} from './options.js'
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

/** The docker implementation of ContainerRuntime. */
export class DockerRuntime implements ContainerRuntime {
  readonly name = 'docker' as const
  private readonly cli: Cli
  private readonly opts: ResolvedCliOptions
  private readonly pauseImage: string
  private readonly warnOnce: (key: string, message: string) => void
  private engine?: Promise<DockerVersion | null>
  private pauseReady?: Promise<void>

  constructor(options: CliRuntimeOptions = {}) {
    this.opts = resolveCliOptions(options)
    this.pauseImage = this.opts.pauseImage ?? DEFAULT_DOCKER_PAUSE_IMAGE
    this.cli = new Cli({binary: this.opts.binary ?? 'docker', env: this.opts.env, timeoutMs: this.opts.timeoutMs, maxConcurrency: this.opts.maxConcurrency})
    this.warnOnce = onceWarner(this.opts.onWarning)
  }

  async version(): Promise<RuntimeInfo> {
    const v = await this.cli.json<DockerVersion>(['version', '--format', 'json'], {what: 'docker version'})
    if (!v?.Server) throw new RuntimeError('docker version: no server answered')
    return {name: 'docker', version: v.Server.Version ?? 'unknown', apiVersion: v.Server.ApiVersion}
  }

  async ready(): Promise<RuntimeReadiness> {
    const r = await this.cli
      .run(['version', '--format', '{{.Server.Version}}'], {what: 'docker version', allowFailure: true, timeoutMs: 15_000})
      .catch((e: Error) => ({exitCode: -1, stdout: '', stderr: e.message, timedOut: false}))
    if (r.exitCode === 0 && r.stdout.trim()) return {ok: true, message: `docker engine ${r.stdout.trim()} is ready`}
    const why = r.timedOut ? 'docker version timed out' : summarizeStderr(r.stderr) || `exit ${r.exitCode}`
    return {ok: false, message: `docker is not ready: ${why}`}
  }

  /** `docker version` (cached): tells a real engine from podman's compatible API. */
  private engineInfo(): Promise<DockerVersion | null> {
    this.engine ??= this.cli.json<DockerVersion>(['version', '--format', 'json'], {what: 'docker version'}).catch(e => {
      this.engine = undefined
      throw e
    })
    return this.engine
  }

  /** Builds the pause image from pauseBaseImage when it is missing (once per runtime). */
  ensurePauseImage(): Promise<void> {
    this.pauseReady ??= (async () => {
      if (await this.imageStatus(this.pauseImage)) return
      await this.cli.run(['build', '--quiet', '--tag', this.pauseImage, '-'], {
        what: `build pause image ${this.pauseImage} from ${this.opts.pauseBaseImage}`,
        input: pauseDockerfile(this.opts.pauseBaseImage),
        timeoutMs: 120_000,
      })
    })().catch(e => {
      this.pauseReady = undefined
      throw e
    })
    return this.pauseReady
  }

  // ---- sandboxes ----

  async runPodSandbox(cfg: PodSandboxConfig): Promise<string> {
    await this.ensurePauseImage()
    const r = await this.cli.run(pauseRunArgs(cfg, this.pauseImage), {what: `create pod sandbox for ${cfg.namespace}/${cfg.podName}`})
    return lastLine(r.stdout)
  }

  async stopPodSandbox(id: string, timeoutSeconds = 10): Promise<void> {
    const t = String(Math.max(0, Math.floor(timeoutSeconds)))
    const apps = await this.appIdsOf(id)
    const budget = (timeoutSeconds + 30) * 1000
    if (apps.length > 0) await ignoreNotFound(this.cli.run(['stop', '--time', t, ...apps], {what: `stop containers of sandbox ${id}`, timeoutMs: budget}))
    await ignoreNotFound(this.cli.run(['stop', '--time', t, id], {what: `stop pod sandbox ${id}`, timeoutMs: budget}))
  }

  async removePodSandbox(id: string): Promise<void> {
    const apps = await this.appIdsOf(id)
    // app containers first: the engine refuses to remove a pause container others depend on
    if (apps.length > 0) await ignoreNotFound(this.cli.run(['rm', '--force', ...apps], {what: `remove containers of sandbox ${id}`}))
    await ignoreNotFound(this.cli.run(['rm', '--force', id], {what: `remove pod sandbox ${id}`}))
  }

  private async appIdsOf(sandboxId: string): Promise<string[]> {
    const r = await this.cli.run(['ps', '--all', '--quiet', '--no-trunc', '--filter', `label=${LABEL.SANDBOX_ID}=${sandboxId}`], {what: `list containers of sandbox ${sandboxId}`})
    return idLines(r.stdout)
  }

  async listPodSandboxes(filter: SandboxFilter): Promise<PodSandbox[]> {
    const ids = idLines((await this.cli.run(dockerSandboxPsArgs(filter), {what: 'list pod sandboxes'})).stdout)
    const list = (await this.inspectMany(ids)).map(parseDockerSandbox).filter((s): s is PodSandbox => s !== null && s.nodeName === filter.nodeName)
    return filter.state ? list.filter(s => s.state === filter.state) : list
  }

  async podSandboxStatus(id: string): Promise<PodSandbox> {
    const sandbox = parseDockerSandbox(await this.inspectOne(id, `status of pod sandbox ${id}`))
    if (!sandbox) throw new NotFoundError(`pod sandbox ${id} not found (not an mkube sandbox)`)
    return sandbox
  }

  /** Batched inspect; objects removed between `ps` and `inspect` are simply missing. */
  private async inspectMany(ids: string[]): Promise<DockerInspect[]> {
    if (ids.length === 0) return []
    const r = await this.cli.run(['inspect', '--type', 'container', ...ids], {what: 'inspect containers', allowFailure: true})
    const list = safeJsonArray<DockerInspect>(r.stdout)
    if (r.exitCode !== 0 && list.length === 0 && !/no such/i.test(r.stderr)) throw this.cli.failure('inspect containers', ['inspect', ...ids], r)
    return list
  }

  private async inspectOne(id: string, what: string): Promise<DockerInspect> {
    const [c] = await this.cli.json<DockerInspect[]>(['inspect', '--type', 'container', id], {what})
    if (!c) throw new NotFoundError(`${what}: ${id} not found`)
    return c
  }

  // ---- images ----

  async pullImage(ref: string): Promise<ImageInfo> {
    checkImageRef(ref)
    const args = ['pull', '--quiet', ref]
    const r = await this.cli.run(args, {what: `pull ${ref}`, timeoutMs: this.opts.pullTimeoutMs, allowFailure: true})
    if (r.exitCode !== 0 || r.timedOut) {
      const err = this.cli.failure(`pull image ${ref}`, args, r, this.opts.pullTimeoutMs)
      throw new ImagePullError(ref, err.message, err)
    }
    return (await this.imageStatus(ref)) ?? {id: lastLine(r.stdout), repoTags: [ref], size: 0}
  }

  async imageStatus(ref: string): Promise<ImageInfo | null> {
    checkImageRef(ref)
    const args = ['image', 'inspect', ref]
    const r = await this.cli.run(args, {what: `inspect image ${ref}`, allowFailure: true})
    if (r.exitCode !== 0) {
      const err = this.cli.failure(`inspect image ${ref}`, args, r)
      if (err instanceof NotFoundError) return null
      throw err
    }
    const [img] = safeJsonArray<DockerImageInspect>(r.stdout)
    return img ? parseDockerImage(img) : null
  }

  async listImages(): Promise<ImageInfo[]> {
    const ids = idLines((await this.cli.run(['image', 'ls', '--quiet', '--no-trunc'], {what: 'list images'})).stdout)
    if (ids.length === 0) return []
    const r = await this.cli.run(['image', 'inspect', ...ids], {what: 'inspect images', allowFailure: true})
    return safeJsonArray<DockerImageInspect>(r.stdout).map(parseDockerImage)
  }

  async removeImage(ref: string): Promise<void> {
    checkImageRef(ref)
    await ignoreNotFound(this.cli.run(['rmi', ref], {what: `remove image ${ref}`}))
  }

  // ---- containers ----

  async createContainer(sandboxId: string, cfg: ContainerConfig): Promise<string> {
    const pause = await this.inspectOne(sandboxId, `inspect pod sandbox ${sandboxId}`).catch(e => {
      throw e instanceof NotFoundError ? new NotFoundError(`pod sandbox ${sandboxId} not found`) : e
    })
    const ident = sandboxIdentity(pause.Config?.Labels)
    if (!ident || pause.Config?.Labels?.[LABEL.KIND] !== 'sandbox') throw new NotFoundError(`pod sandbox ${sandboxId} not found (not an mkube sandbox)`)
    const podmanCompat = isPodmanCompat(await this.engineInfo())
    const labels = containerLabels(ident, cfg, pause.Id)
    const built = dockerCreateArgs(pause.Id, containerName(ident, cfg), labels, cfg, {
      resourceLimits: this.opts.resourceLimits,
      podmanCompat,
      hostname: pause.Config?.Hostname || ident.podName,
    })
    if (built.resourcesSkipped) this.warnOnce('resources', 'resource limits are disabled (resourceLimits: ignore): containers run without cpu/memory limits')
    if (built.logPathIgnored) this.warnOnce('logPath', 'the Docker engine cannot write container logs to a chosen path: logPath is ignored, use logs()')
    else if (cfg.logPath) await mkdir(dirname(cfg.logPath), {recursive: true})
    const r = await this.cli.run(built.args, {what: `create container ${cfg.name} in sandbox ${sandboxId}`})
    return lastLine(r.stdout)
  }

  async startContainer(id: string): Promise<void> {
    await this.cli.run(['start', id], {what: `start container ${id}`})
  }

  async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    const t = Math.max(0, Math.floor(timeoutSeconds))
    await this.cli.run(['stop', '--time', String(t), id], {what: `stop container ${id}`, timeoutMs: (t + 30) * 1000})
  }

  async removeContainer(id: string): Promise<void> {
    await ignoreNotFound(this.cli.run(['rm', '--force', id], {what: `remove container ${id}`}))
  }

  async listContainers(filter: ContainerFilter): Promise<Container[]> {
    const ids = idLines((await this.cli.run(dockerPsArgs(filter), {what: 'list containers'})).stdout)
    return (await this.inspectMany(ids))
      .map(parseDockerContainer)
      .filter((c): c is ContainerStatus => c !== null && c.nodeName === filter.nodeName)
      .map(({reason: _r, message: _m, ...c}) => c)
  }

  async containerStatus(id: string): Promise<ContainerStatus> {
    const status = parseDockerContainer(await this.inspectOne(id, `status of container ${id}`))
    if (!status) throw new NotFoundError(`container ${id} not found (not an mkube container)`)
    return status
  }

  // ---- exec and logs ----

  async execSync(id: string, cmd: string[], timeoutMs: number): Promise<ExecResult> {
    const args = ['exec', id, ...cmd]
    const r = await this.cli.run(args, {what: `exec in ${id}`, timeoutMs, allowFailure: true})
    if (r.timedOut) return {exitCode: -1, stdout: r.stdout, stderr: r.stderr, timedOut: true}
    // the engine refused (no such container, not running): the command never ran. 126/127 are
    // the command's own "cannot execute" / "not found" answers.
    if (r.exitCode !== 0 && r.exitCode !== 126 && r.exitCode !== 127 && /^Error( response from daemon)?: /m.test(r.stderr)) {
      throw this.cli.failure(`exec in ${id}`, args, r)
    }
    return {exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, timedOut: false}
  }

  async exec(id: string, cmd: string[], opts: ExecOptions = {}): Promise<ExecSession> {
    const status = await this.containerStatus(id)
    if (status.state !== 'running') throw new RuntimeError(`exec in ${id}: container is not running (state ${status.state})`)
    const stdin = opts.stdin === true
    if (!opts.tty) {
      const proc = this.cli.spawn(dockerExecArgs(id, cmd, {tty: false, stdin}), {stdin})
      return execSessionFromProcess(proc, {stdin, resize: noResize})
    }
    // the docker CLI wants a terminal on its side for --tty: run it under `script`
    const session = randomUUID()
    const inner = dockerExecArgs(id, cmd, {tty: true, stdin, sessionEnv: `${EXEC_SESSION_ENV}=${session}`})
    const proc = this.cli.spawn(scriptWrapArgs(this.cli.settings.binary, inner), {stdin: true, file: 'script'})
    if (!stdin) proc.stdin?.end()
    return execSessionFromProcess(proc, {stdin, resize: ptyResizer(session, (c, t) => this.execSync(id, c, t))})
  }

  async attach(id: string, opts: ExecOptions = {}): Promise<ExecSession> {
    const status = await this.containerStatus(id)
    if (status.state !== 'running') throw new RuntimeError(`attach to ${id}: container is not running (state ${status.state})`)
    const stdin = opts.stdin === true
    const args = ['attach', '--sig-proxy=false', ...(stdin ? [] : ['--no-stdin']), id]
    // like exec, the docker CLI wants a terminal on its side for a tty container: run it under `script`
    const proc = opts.tty ? this.cli.spawn(scriptWrapArgs(this.cli.settings.binary, args), {stdin: true, file: 'script'}) : this.cli.spawn(args, {stdin})
    if (opts.tty && !stdin) proc.stdin?.end()
    return withContainerExitCode(execSessionFromProcess(proc, {stdin, resize: noResize}), () => this.containerStatus(id))
  }

  async logs(id: string, opts: LogOptions = {}): Promise<LogStream> {
    await this.containerStatus(id) // NotFoundError before any stream exists
    return logStreamFromProcess(this.cli.spawn(logArgs(id, opts), {stdin: false}))
  }
}
