/**
 * Pure builders of the CLI arguments podman and docker share (`create` flags for env, mounts,
 * resources, security, entrypoint; `--publish`; DNS), plus the mapping of runtime states.
 */
import {RuntimeError} from './errors.js'
import type {ContainerConfig, ContainerState, DnsConfig, PortMapping} from './types.js'

/** How a CLI runtime treats resource limits (runtime option, set by whoever creates the runtime). */
export type ResourceLimitMode = 'apply' | 'ignore'

/** Options of createFlags (set by the runtime). */
export interface CreateFlagOptions {
  resourceLimits: ResourceLimitMode
}

/** `--label k=v` pairs, keys sorted so argument lists are deterministic. */
export function labelFlags(labels: Record<string, string>): string[] {
  return Object.keys(labels)
    .sort()
    .flatMap(k => ['--label', `${k}=${labels[k]}`])
}

/** `--publish` flags; mappings without a hostPort are skipped (Kubernetes does not publish them). */
export function publishFlags(ports: PortMapping[] | undefined): string[] {
  const out: string[] = []
  for (const p of ports ?? []) {
    if (!p.hostPort) continue
    checkPort(p.containerPort, 'containerPort')
    checkPort(p.hostPort, 'hostPort')
    const proto = (p.protocol ?? 'TCP').toLowerCase()
    const ip = p.hostIp ? (p.hostIp.includes(':') ? `[${p.hostIp}]:` : `${p.hostIp}:`) : ''
    out.push('--publish', `${ip}${p.hostPort}:${p.containerPort}/${proto}`)
  }
  return out
}

/** `--dns`, `--dns-search`, `--dns-option` flags. */
export function dnsFlags(dns: DnsConfig | undefined): string[] {
  if (!dns) return []
  return [
    ...dns.servers.flatMap(s => ['--dns', s]),
    ...dns.searches.flatMap(s => ['--dns-search', s]),
    ...dns.options.flatMap(o => ['--dns-option', o]),
  ]
}

/** The limits a container gets (numbers as the CLIs take them), or skipped when mode is 'ignore'. */
export interface ResourceValues {
  /** --memory and --memory-swap (no swap beyond the limit, as Kubernetes) */
  memoryBytes?: number
  /** --cpus, as the decimal string passed (at least 0.010) */
  cpus?: string
  /** --cpu-shares from the CPU request (at least 2) */
  cpuShares?: number
  skipped: boolean
}

/** The limits of `cfg` under `mode` (shared by the CLI flags and podman's REST spec). */
export function resourceValues(cfg: ContainerConfig, mode: ResourceLimitMode): ResourceValues {
  const r = cfg.resources ?? {}
  const requested = r.memoryBytes !== undefined || r.cpuMillis !== undefined || r.cpuRequestMillis !== undefined
  if (!requested) return {skipped: false}
  if (mode === 'ignore') return {skipped: true}
  const out: ResourceValues = {skipped: false}
  if (r.memoryBytes !== undefined && r.memoryBytes > 0) out.memoryBytes = Math.floor(r.memoryBytes)
  if (r.cpuMillis !== undefined && r.cpuMillis > 0) out.cpus = (Math.max(r.cpuMillis, 10) / 1000).toFixed(3)
  if (r.cpuRequestMillis !== undefined && r.cpuRequestMillis > 0) out.cpuShares = Math.max(2, Math.floor((r.cpuRequestMillis * 1024) / 1000))
  return out
}

/** Flags for resources; empty (and `skipped` true) when limits are requested but mode is 'ignore'. */
export function resourceFlags(
  cfg: ContainerConfig,
  mode: ResourceLimitMode,
): {flags: string[]; skipped: boolean} {
  const v = resourceValues(cfg, mode)
  const flags: string[] = []
  if (v.memoryBytes !== undefined) flags.push('--memory', String(v.memoryBytes), '--memory-swap', String(v.memoryBytes))
  if (v.cpus !== undefined) flags.push('--cpus', v.cpus)
  if (v.cpuShares !== undefined) flags.push('--cpu-shares', String(v.cpuShares))
  return {flags, skipped: v.skipped}
}

/**
 * Flags common to `podman create` and `docker create` for one app container (everything except how
 * it joins its sandbox and the log driver), and the trailing `image args...`. Kubernetes semantics:
 * `command` replaces the entrypoint (and then the image CMD is dropped), `args` replace the CMD.
 */
export function createFlags(
  cfg: ContainerConfig,
  opts: CreateFlagOptions,
): {flags: string[]; tail: string[]; resourcesSkipped: boolean} {
  checkImageRef(cfg.image)
  const flags: string[] = ['--pull', 'never']
  for (const e of cfg.env ?? []) {
    checkEnvName(e.name)
    flags.push('--env', `${e.name}=${e.value}`)
  }
  if (cfg.workingDir) flags.push('--workdir', cfg.workingDir)
  for (const m of cfg.mounts ?? []) {
    checkMountPaths(m)
    flags.push('--mount', `type=bind,source=${m.hostPath},destination=${m.containerPath}${m.readOnly ? ',readonly' : ''}`)
  }
  const res = resourceFlags(cfg, opts.resourceLimits)
  flags.push(...res.flags)
  const sc = cfg.securityContext ?? {}
  if (sc.runAsUser !== undefined) flags.push('--user', sc.runAsGroup !== undefined ? `${sc.runAsUser}:${sc.runAsGroup}` : String(sc.runAsUser))
  if (sc.privileged) flags.push('--privileged')
  if (sc.readOnlyRootFilesystem) flags.push('--read-only')
  if (cfg.tty) flags.push('--tty')
  if (cfg.stdin) flags.push('--interactive')
  const command = cfg.command ?? []
  const tail: string[] = []
  if (command.length > 0) {
    flags.push('--entrypoint', command[0])
    tail.push(cfg.image, ...command.slice(1), ...(cfg.args ?? []))
  } else {
    tail.push(cfg.image, ...(cfg.args ?? []))
  }
  return {flags, tail, resourcesSkipped: res.skipped}
}

/** Maps a podman/docker container state word to a CRI state. */
export function mapContainerState(state: string | undefined): ContainerState {
  switch ((state ?? '').toLowerCase()) {
    case 'created':
    case 'configured':
    case 'initialized':
      return 'created'
    case 'running':
    case 'paused':
    case 'stopping':
    case 'restarting':
      return 'running'
    case 'exited':
    case 'stopped':
    case 'dead':
      return 'exited'
    default:
      return 'unknown'
  }
}

/** Reason of an exited container as Kubernetes reports it. */
export function exitReason(exitCode: number | undefined, oomKilled: boolean): string {
  if (oomKilled) return 'OOMKilled'
  return exitCode === 0 ? 'Completed' : 'Error'
}

/** Rejects image references a CLI would take for a flag (or that are empty). */
export function checkImageRef(ref: string): void {
  if (ref === '' || ref.startsWith('-') || /\s/.test(ref)) throw new RuntimeError(`invalid image reference ${JSON.stringify(ref)}`)
}

/** Rejects environment variable names a runtime cannot take (empty, with '=' or NUL). */
export function checkEnvName(name: string): void {
  if (!/^[^=\0]+$/.test(name)) throw new RuntimeError(`invalid environment variable name ${JSON.stringify(name)}`)
}

/** Rejects mount paths that are relative or contain commas (the CLI's --mount syntax splits on them). */
export function checkMountPaths(m: {hostPath: string; containerPath: string}): void {
  for (const p of [m.hostPath, m.containerPath]) {
    if (!p.startsWith('/') || p.includes(',')) throw new RuntimeError(`invalid mount path ${JSON.stringify(p)}: must be absolute, without commas`)
  }
}

/** Rejects port numbers outside 1–65535. */
export function checkPort(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new RuntimeError(`invalid ${what} ${n}`)
}
