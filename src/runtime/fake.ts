/**
 * FakeRuntime: an in-memory ContainerRuntime with the same semantics as the real ones (sandbox and
 * container states, exit codes and reasons, node-filtered listing, unique names, image presence,
 * pull failures), deterministic ids and IPs, optional latency, and controls for tests. Indexed by
 * node so one process can simulate thousands of nodes sharing one fake.
 *
 * Stops do not wait: a container that ignores SIGTERM ends at once with 137, as if the timeout passed.
 */
import {NotFoundError, RuntimeError} from './errors.js'
import {FakeImages} from './fake-images.js'
import {containerName, sandboxName} from './labels.js'
import {FakeLogs} from './fake-logs.js'
import {
  containerView,
  defaultExecHandler,
  fakeExecSession,
  fakeId,
  fakeIp,
  indexAdd,
  indexDelete,
  sandboxView,
  type FakeBehaviorFn,
  type FakeContainerRecord,
  type FakeExecHandler,
  type FakeSandboxRecord,
} from './fake-parts.js'
import type {Container, ContainerConfig, ContainerFilter, ContainerRuntime, ContainerStatus, ExecOptions} from './types.js'
import type {ExecResult, ExecSession, ImageInfo, LogOptions, LogStream, PodSandbox, PodSandboxConfig} from './types.js'
import type {RuntimeInfo, RuntimeReadiness, SandboxFilter} from './types.js'

export type {FakeContainerBehavior, FakeExecHandler, FakeExecRequest, FakeBehaviorFn} from './fake-parts.js'

/** Options of FakeRuntime (set by tests and simulations). */
export interface FakeRuntimeOptions {
  /** delay of every call in ms (default 0: calls still resolve asynchronously) */
  latencyMs?: number
  /** clock (default Date.now) */
  now?: () => number
  /** images present at start (default ['localhost/busybox:latest']) */
  images?: string[]
  /** refs a pull can fetch: 'any' (default) or a list; others fail with ImagePullError */
  pullable?: 'any' | string[]
  /** reported engine version (default '1.0.0-fake') */
  version?: string
}

/** The fake runtime. Test controls are the public methods below the ContainerRuntime ones. */
export class FakeRuntime implements ContainerRuntime {
  readonly name = 'fake' as const
  /** number of calls per method (e.g. to check a relist is one listContainers call) */
  readonly calls: Record<string, number> = {}
  private readonly sandboxes = new Map<string, FakeSandboxRecord>()
  private readonly containers = new Map<string, FakeContainerRecord>()
  private readonly sandboxesByNode = new Map<string, Set<string>>()
  private readonly containersByNode = new Map<string, Set<string>>()
  private readonly names = new Set<string>()
  private readonly images: FakeImages
  private readiness: RuntimeReadiness = {ok: true, message: 'fake runtime is ready'}
  private behavior: FakeBehaviorFn = () => undefined
  private execHandler: FakeExecHandler = defaultExecHandler
  private counter = 0
  private ipCounter = 0
  private readonly now: () => number

  constructor(private readonly opts: FakeRuntimeOptions = {}) {
    this.now = opts.now ?? Date.now
    this.images = new FakeImages(() => fakeId('c', ++this.counter), opts.pullable)
    for (const ref of opts.images ?? ['localhost/busybox:latest']) this.images.add(ref)
  }

  // ---- ContainerRuntime ----

  async version(): Promise<RuntimeInfo> {
    await this.enter('version')
    return {name: 'fake', version: this.opts.version ?? '1.0.0-fake', apiVersion: '1'}
  }

  async ready(): Promise<RuntimeReadiness> {
    await this.enter('ready')
    return {...this.readiness}
  }

  async runPodSandbox(cfg: PodSandboxConfig): Promise<string> {
    await this.enter('runPodSandbox')
    this.claimName(sandboxName(cfg))
    const id = fakeId('a', ++this.counter)
    const ip = cfg.hostNetwork ? undefined : fakeIp(this.ipCounter++)
    const cfgCopy = structuredClone(cfg)
    this.sandboxes.set(id, {id, cfg: cfgCopy, ready: true, createdAt: this.now(), ip, containers: new Set()})
    indexAdd(this.sandboxesByNode, cfg.nodeName, id)
    return id
  }

  async stopPodSandbox(id: string): Promise<void> {
    await this.enter('stopPodSandbox')
    const sb = this.sandboxes.get(id)
    if (!sb) return
    for (const cid of sb.containers) this.terminate(this.containers.get(cid)!)
    sb.ready = false
  }

  async removePodSandbox(id: string): Promise<void> {
    await this.enter('removePodSandbox')
    const sb = this.sandboxes.get(id)
    if (!sb) return
    for (const cid of [...sb.containers]) this.dropContainer(this.containers.get(cid)!)
    this.sandboxes.delete(id)
    this.names.delete(sandboxName(sb.cfg))
    indexDelete(this.sandboxesByNode, sb.cfg.nodeName, id)
  }

  async listPodSandboxes(filter: SandboxFilter): Promise<PodSandbox[]> {
    await this.enter('listPodSandboxes')
    const out: PodSandbox[] = []
    for (const id of this.sandboxesByNode.get(filter.nodeName) ?? []) {
      const s = sandboxView(this.sandboxes.get(id)!)
      if (filter.podUid !== undefined && s.podUid !== filter.podUid) continue
      if (filter.state !== undefined && s.state !== filter.state) continue
      out.push(s)
    }
    return out
  }

  async podSandboxStatus(id: string): Promise<PodSandbox> {
    await this.enter('podSandboxStatus')
    return sandboxView(this.sandbox(id))
  }

  async pullImage(ref: string): Promise<ImageInfo> {
    await this.enter('pullImage')
    return this.images.pull(ref)
  }

  async imageStatus(ref: string): Promise<ImageInfo | null> {
    await this.enter('imageStatus')
    const img = this.images.get(ref)
    return img ? {...img, repoTags: [...img.repoTags]} : null
  }

  async listImages(): Promise<ImageInfo[]> {
    await this.enter('listImages')
    return this.images.list()
  }

  async removeImage(ref: string): Promise<void> {
    await this.enter('removeImage')
    this.images.remove(ref, id => [...this.containers.values()].some(c => c.imageId === id))
  }

  async createContainer(sandboxId: string, cfg: ContainerConfig): Promise<string> {
    await this.enter('createContainer')
    const sb = this.sandbox(sandboxId)
    if (!sb.ready) throw new RuntimeError(`create container ${cfg.name}: pod sandbox ${sandboxId} is not ready`)
    const img = this.images.get(cfg.image)
    if (!img) throw new RuntimeError(`create container ${cfg.name}: ${cfg.image}: image not known`)
    const runtimeName = containerName(sb.cfg, cfg)
    this.claimName(runtimeName)
    const id = fakeId('b', ++this.counter)
    const copy = structuredClone(cfg)
    const rec: FakeContainerRecord = {
      id,
      runtimeName,
      sandboxId,
      sandboxCfg: sb.cfg,
      cfg: copy,
      behavior: this.behavior(copy, sb.cfg) ?? {},
      state: 'created',
      createdAt: this.now(),
      imageId: img.id,
      logs: new FakeLogs(),
    }
    this.containers.set(id, rec)
    sb.containers.add(id)
    indexAdd(this.containersByNode, sb.cfg.nodeName, id)
    return id
  }

  async startContainer(id: string): Promise<void> {
    await this.enter('startContainer')
    const c = this.container(id)
    if (c.state !== 'created') throw new RuntimeError(`start container ${id}: container is ${c.state}, not created`)
    if (!this.sandboxes.get(c.sandboxId)?.ready) throw new RuntimeError(`start container ${id}: pod sandbox is not ready`)
    if (c.behavior.startError !== undefined) throw new RuntimeError(`start container ${id}: ${c.behavior.startError}`)
    c.state = 'running'
    c.startedAt = this.now()
    for (const text of c.behavior.logs ?? []) c.logs.append({at: this.now(), stream: 'stdout', text})
    if (c.behavior.exitAfterMs !== undefined) {
      c.exitTimer = setTimeout(() => this.finish(c, c.behavior.exitCode ?? 0, c.behavior.oomKilled ? 'OOMKilled' : undefined), c.behavior.exitAfterMs)
      c.exitTimer.unref?.()
    }
  }

  async stopContainer(id: string, _timeoutSeconds: number): Promise<void> {
    await this.enter('stopContainer')
    this.terminate(this.container(id))
  }

  async removeContainer(id: string): Promise<void> {
    await this.enter('removeContainer')
    const c = this.containers.get(id)
    if (c) this.dropContainer(c)
  }

  async listContainers(filter: ContainerFilter): Promise<Container[]> {
    await this.enter('listContainers')
    const out: Container[] = []
    for (const id of this.containersByNode.get(filter.nodeName) ?? []) {
      const c = this.containers.get(id)!
      if (filter.podUid !== undefined && c.sandboxCfg.podUid !== filter.podUid) continue
      if (filter.sandboxId !== undefined && c.sandboxId !== filter.sandboxId) continue
      if (!filter.all && c.state !== 'running') continue
      const {reason: _r, message: _m, ...view} = containerView(c)
      out.push(view)
    }
    return out
  }

  async containerStatus(id: string): Promise<ContainerStatus> {
    await this.enter('containerStatus')
    return containerView(this.container(id))
  }

  async execSync(id: string, cmd: string[], timeoutMs: number): Promise<ExecResult> {
    await this.enter('execSync')
    const c = this.running(id, 'exec')
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<ExecResult>(resolve => {
      timer = setTimeout(() => resolve({exitCode: -1, stdout: '', stderr: '', timedOut: true}), timeoutMs)
    })
    const run = Promise.resolve(this.execHandler({containerId: id, container: c.cfg, cmd: [...cmd]})).then(r => ({...r, timedOut: false}))
    try {
      return await Promise.race([run, timeout])
    } finally {
      clearTimeout(timer)
    }
  }

  async exec(id: string, cmd: string[], opts: ExecOptions = {}): Promise<ExecSession> {
    await this.enter('exec')
    const c = this.running(id, 'exec')
    return fakeExecSession(this.execHandler, {containerId: id, container: c.cfg, cmd: [...cmd]}, opts)
  }

  /** The fake's containers run no process to attach to: refused, as a runtime without attach support would. */
  async attach(id: string): Promise<ExecSession> {
    await this.enter('attach')
    this.running(id, 'attach')
    throw new RuntimeError(`attach to ${id}: the fake runtime has no container processes to attach to (use exec)`)
  }

  async logs(id: string, opts: LogOptions = {}): Promise<LogStream> {
    await this.enter('logs')
    const c = this.container(id)
    return c.logs.open(opts, this.now(), c.state === 'running' || c.state === 'created')
  }

  // ---- test controls ----

  /** Sets what ready() answers. */
  setReady(ok: boolean, message = ok ? 'fake runtime is ready' : 'fake runtime is not ready'): void {
    this.readiness = {ok, message}
  }

  /** Decides the behaviour of containers created from now on. */
  setBehavior(fn: FakeBehaviorFn): void {
    this.behavior = fn
  }

  /** Answers exec/execSync calls from now on (default: defaultExecHandler). */
  setExecHandler(fn: FakeExecHandler): void {
    this.execHandler = fn
  }

  /** Makes an image present (as a pull would). */
  addImage(ref: string, info: {id?: string; size?: number} = {}): ImageInfo {
    return this.images.add(ref, info)
  }

  /** Makes pulls of `ref` fail with this message (null: pulls succeed again). */
  failPull(ref: string, message: string | null = 'manifest unknown'): void {
    this.images.failPull(ref, message)
  }

  /** Ends a running container as if its process exited (reason 'OOMKilled' allowed). */
  exitContainer(id: string, exitCode: number, opts: {reason?: string; message?: string} = {}): void {
    const c = this.containers.get(id)
    if (!c) throw new NotFoundError(`container ${id} not found`)
    if (c.state !== 'running') throw new RuntimeError(`container ${id} is not running`)
    this.finish(c, exitCode, opts.reason, opts.message)
  }

  /** Appends a log line to a container. */
  appendLog(id: string, text: string, stream: 'stdout' | 'stderr' = 'stdout'): void {
    const c = this.containers.get(id)
    if (!c) throw new NotFoundError(`container ${id} not found`)
    c.logs.append({at: this.now(), stream, text})
  }

  /** Counts of stored objects (scale simulations, leak checks). */
  stats(): {sandboxes: number; containers: number; images: number} {
    return {sandboxes: this.sandboxes.size, containers: this.containers.size, images: this.images.size}
  }

  // ---- internals ----

  private async enter(method: string): Promise<void> {
    this.calls[method] = (this.calls[method] ?? 0) + 1
    const ms = this.opts.latencyMs ?? 0
    if (ms > 0) await new Promise(resolve => setTimeout(resolve, ms))
  }

  private claimName(name: string): void {
    if (this.names.has(name)) throw new RuntimeError(`the name ${name} is already in use`)
    this.names.add(name)
  }

  private sandbox(id: string): FakeSandboxRecord {
    const sb = this.sandboxes.get(id)
    if (!sb) throw new NotFoundError(`pod sandbox ${id} not found`)
    return sb
  }

  private container(id: string): FakeContainerRecord {
    const c = this.containers.get(id)
    if (!c) throw new NotFoundError(`container ${id} not found`)
    return c
  }

  private running(id: string, what: string): FakeContainerRecord {
    const c = this.container(id)
    if (c.state !== 'running') throw new RuntimeError(`${what} in ${id}: container is not running (state ${c.state})`)
    return c
  }

  /** SIGTERM (then SIGKILL) of a running container; others are left as they are (as podman/docker do). */
  private terminate(c: FakeContainerRecord): void {
    if (c.state !== 'running') return
    const onTerm = c.behavior.onSigterm ?? 143
    this.finish(c, onTerm === 'ignore' ? 137 : onTerm)
  }

  private finish(c: FakeContainerRecord, exitCode: number, reason?: string, message?: string): void {
    if (c.state === 'exited') return
    clearTimeout(c.exitTimer)
    c.state = 'exited'
    c.exitCode = exitCode
    c.finishedAt = this.now()
    c.reason = reason ?? (exitCode === 0 ? 'Completed' : 'Error')
    c.message = message
    c.logs.close()
  }

  private dropContainer(c: FakeContainerRecord): void {
    clearTimeout(c.exitTimer)
    c.logs.close()
    this.containers.delete(c.id)
    this.names.delete(c.runtimeName)
    this.sandboxes.get(c.sandboxId)?.containers.delete(c.id)
    indexDelete(this.containersByNode, c.sandboxCfg.nodeName, c.id)
  }
}
