/**
 * Pure builders of the JSON specs podman's REST API creates pods and containers from (libpod's
 * PodSpecGenerator and SpecGenerator), equivalent to the CLI arguments of podman-args.ts: the same
 * labels, names, namespaces, ports, DNS, entrypoint/command, environment, mounts, limits, user and
 * log file. podman-spec-equivalence.test.ts creates both ways on a real podman and compares what
 * `inspect` reports.
 */
import {checkEnvName, checkImageRef, checkMountPaths, checkPort, resourceValues, type ResourceLimitMode} from './container-args.js'
import {sandboxLabels, sandboxName} from './labels.js'
import type {ContainerConfig, PodSandboxConfig} from './types.js'

/** The CFS period podman uses for `--cpus` (µs). */
const CPU_PERIOD = 100_000

/** PodSpecGenerator for a sandbox (as `podman pod create` from podCreateArgs). */
export function podSpec(cfg: PodSandboxConfig, opts: {infraImage?: string} = {}): Record<string, unknown> {
  const spec: Record<string, unknown> = {
    name: sandboxName(cfg),
    hostname: cfg.hostname || cfg.podName,
    labels: sandboxLabels(cfg),
    shared_namespaces: ['ipc', 'net', 'uts'],
  }
  if (opts.infraImage) spec.infra_image = opts.infraImage
  if (cfg.hostNetwork) {
    spec.netns = {nsmode: 'host'}
    return spec
  }
  const ports = (cfg.portMappings ?? []).filter(p => p.hostPort)
  if (ports.length) {
    spec.portmappings = ports.map(p => {
      checkPort(p.containerPort, 'containerPort')
      checkPort(p.hostPort!, 'hostPort')
      return {...(p.hostIp ? {host_ip: p.hostIp} : {}), container_port: p.containerPort, host_port: p.hostPort, range: 1, protocol: (p.protocol ?? 'TCP').toLowerCase()}
    })
  }
  const dns = cfg.dnsConfig
  if (dns?.servers.length) spec.dns_server = dns.servers
  if (dns?.searches.length) spec.dns_search = dns.searches
  if (dns?.options.length) spec.dns_option = dns.options
  return spec
}

/**
 * SpecGenerator for an app container in a sandbox (as `podman create --pod` from podmanCreateArgs).
 * Kubernetes semantics: `command` replaces the image entrypoint (and then the image CMD is dropped,
 * as podman does whenever an entrypoint is given), `args` replace the CMD.
 */
export function containerSpec(
  sandboxId: string,
  name: string,
  labels: Record<string, string>,
  cfg: ContainerConfig,
  opts: {resourceLimits: ResourceLimitMode},
): {spec: Record<string, unknown>; resourcesSkipped: boolean} {
  checkImageRef(cfg.image)
  const spec: Record<string, unknown> = {name, pod: sandboxId, image: cfg.image, labels}
  const command = cfg.command ?? []
  if (command.length > 0) {
    spec.entrypoint = [command[0]]
    spec.command = [...command.slice(1), ...(cfg.args ?? [])]
  } else if (cfg.args?.length) {
    spec.command = cfg.args
  }
  if (cfg.env?.length) {
    const env: Record<string, string> = {}
    for (const e of cfg.env) {
      checkEnvName(e.name)
      env[e.name] = e.value
    }
    spec.env = env
  }
  if (cfg.workingDir) spec.work_dir = cfg.workingDir
  if (cfg.mounts?.length) {
    spec.mounts = cfg.mounts.map(m => {
      checkMountPaths(m)
      return {destination: m.containerPath, type: 'bind', source: m.hostPath, options: m.readOnly ? ['rbind', 'ro'] : ['rbind']}
    })
  }
  const limits = resourceLimits(cfg, opts.resourceLimits)
  if (limits.value) spec.resource_limits = limits.value
  const sc = cfg.securityContext ?? {}
  if (sc.runAsUser !== undefined) spec.user = sc.runAsGroup !== undefined ? `${sc.runAsUser}:${sc.runAsGroup}` : String(sc.runAsUser)
  if (sc.privileged) spec.privileged = true
  if (sc.readOnlyRootFilesystem) spec.read_only_filesystem = true
  if (cfg.tty) spec.terminal = true
  if (cfg.stdin) spec.stdin = true
  if (cfg.logPath) spec.log_configuration = {driver: 'k8s-file', path: cfg.logPath}
  return {spec, resourcesSkipped: limits.skipped}
}

/** OCI LinuxResources for the limits (the values `--memory/--memory-swap/--cpus/--cpu-shares` give). */
function resourceLimits(cfg: ContainerConfig, mode: ResourceLimitMode): {value?: Record<string, unknown>; skipped: boolean} {
  const v = resourceValues(cfg, mode)
  const out: Record<string, unknown> = {}
  if (v.memoryBytes !== undefined) out.memory = {limit: v.memoryBytes, swap: v.memoryBytes}
  const cpu: Record<string, number> = {}
  if (v.cpus !== undefined) {
    cpu.quota = Math.round(Number(v.cpus) * CPU_PERIOD)
    cpu.period = CPU_PERIOD
  }
  if (v.cpuShares !== undefined) cpu.shares = v.cpuShares
  if (Object.keys(cpu).length) out.cpu = cpu
  return {value: Object.keys(out).length ? out : undefined, skipped: v.skipped}
}
