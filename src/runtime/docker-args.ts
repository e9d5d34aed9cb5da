/**
 * Pure builders of docker CLI arguments: a sandbox is a pause container holding the pod's network
 * and IPC namespaces (and published ports); app containers join it with `--network container:<id>`
 * and `--ipc container:<id>`.
 */
import {createFlags, dnsFlags, labelFlags, publishFlags, type ResourceLimitMode} from './container-args.js'
import {LABEL, sandboxLabels, sandboxName} from './labels.js'
import {shQuote} from './cli.js'
import type {ContainerConfig, ContainerFilter, PodSandboxConfig, SandboxFilter} from './types.js'

/** Dockerfile of the default pause image: a shell that sleeps forever and exits 0 on SIGTERM/SIGINT. */
export function pauseDockerfile(baseImage: string): string {
  return [
    `FROM ${baseImage}`,
    'LABEL io.mkube.pause=true',
    'CMD ["/bin/sh", "-c", "trap \\"exit 0\\" TERM INT; while :; do sleep 3600 & wait $!; done"]',
    '',
  ].join('\n')
}

/** `docker run -d ...` of the pause container of a sandbox. */
export function pauseRunArgs(cfg: PodSandboxConfig, pauseImage: string): string[] {
  const args = ['run', '--detach', '--pull', 'never', '--name', sandboxName(cfg), '--hostname', cfg.hostname || cfg.podName]
  args.push('--ipc', 'shareable', '--restart', 'no')
  args.push(...labelFlags(sandboxLabels(cfg)))
  if (cfg.hostNetwork) {
    args.push('--network', 'host')
  } else {
    args.push(...publishFlags(cfg.portMappings))
    args.push(...dnsFlags(cfg.dnsConfig))
  }
  args.push(pauseImage)
  return args
}

/** Options of dockerCreateArgs (set by DockerRuntime from the engine it talks to). */
export interface DockerCreateOptions {
  resourceLimits: ResourceLimitMode
  /** podman's Docker API: accepts --hostname with a joined network and the k8s-file log driver */
  podmanCompat: boolean
  /** the pod hostname (the pause container's) */
  hostname: string
}

/**
 * `docker create ...` of an app container joined to the pause container `sandboxId`. Returns whether
 * resource limits were skipped and whether the logPath could not be honoured (real Docker engine).
 */
export function dockerCreateArgs(
  sandboxId: string,
  name: string,
  labels: Record<string, string>,
  cfg: ContainerConfig,
  opts: DockerCreateOptions,
): {args: string[]; resourcesSkipped: boolean; logPathIgnored: boolean} {
  const common = createFlags(cfg, opts)
  const args = ['create', '--name', name, ...labelFlags(labels)]
  args.push('--network', `container:${sandboxId}`, '--ipc', `container:${sandboxId}`, '--restart', 'no')
  // a real Docker engine copies the pause container's hostname itself and rejects --hostname here
  if (opts.podmanCompat) args.push('--hostname', opts.hostname)
  let logPathIgnored = false
  if (cfg.logPath) {
    if (opts.podmanCompat) args.push('--log-driver', 'k8s-file', '--log-opt', `path=${cfg.logPath}`)
    else logPathIgnored = true
  }
  args.push(...common.flags, ...common.tail)
  return {args, resourcesSkipped: common.resourcesSkipped, logPathIgnored}
}

/** `docker ps -q` arguments listing the sandboxes (pause containers) of a node. */
export function dockerSandboxPsArgs(filter: SandboxFilter): string[] {
  const args = ['ps', '--all', '--quiet', '--no-trunc', '--filter', `label=${LABEL.NODE}=${filter.nodeName}`]
  args.push('--filter', `label=${LABEL.KIND}=sandbox`)
  if (filter.podUid !== undefined) args.push('--filter', `label=${LABEL.POD_UID}=${filter.podUid}`)
  return args
}

/** `docker ps -q` arguments listing the app containers of a node. */
export function dockerPsArgs(filter: ContainerFilter): string[] {
  const args = ['ps', '--quiet', '--no-trunc']
  if (filter.all) args.push('--all')
  args.push('--filter', `label=${LABEL.NODE}=${filter.nodeName}`, '--filter', `label=${LABEL.KIND}=container`)
  if (filter.podUid !== undefined) args.push('--filter', `label=${LABEL.POD_UID}=${filter.podUid}`)
  if (filter.sandboxId !== undefined) args.push('--filter', `label=${LABEL.SANDBOX_ID}=${filter.sandboxId}`)
  return args
}

/** `docker exec` arguments of an interactive session. */
export function dockerExecArgs(id: string, cmd: string[], opts: {tty: boolean; stdin: boolean; sessionEnv?: string}): string[] {
  const args = ['exec']
  if (opts.stdin) args.push('--interactive')
  if (opts.tty) args.push('--tty')
  if (opts.sessionEnv) args.push('--env', opts.sessionEnv)
  args.push(id, ...cmd)
  return args
}

/**
 * Arguments of util-linux `script` running `binary args...` on a pseudo-terminal: the docker CLI
 * refuses `--tty` unless its stdin is a terminal. That local terminal is put in raw mode first (the
 * container's own pty does all line processing; otherwise output gets a second CR and input is
 * echoed twice). Exits with the child's code.
 */
export function scriptWrapArgs(binary: string, args: string[]): string[] {
  const command = `stty raw -echo 2>/dev/null; exec ${[binary, ...args].map(shQuote).join(' ')}`
  return ['--quiet', '--flush', '--return', '--echo', 'never', '--command', command, '/dev/null']
}
