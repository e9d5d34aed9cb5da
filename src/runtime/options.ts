/**
 * Options of the CLI runtimes (podman, docker), set by whoever creates the runtime (the node
 * command, tests), and their defaults.
 */
import type {ResourceLimitMode} from './container-args.js'

/** Options of PodmanRuntime and DockerRuntime. Every field is optional. */
export interface CliRuntimeOptions {
  /** CLI executable (default 'podman' / 'docker') */
  binary?: string
  /** extra environment for every CLI call, e.g. {DOCKER_HOST: 'unix:///run/x.sock'} */
  env?: Record<string, string>
  /** timeout of an ordinary CLI call (default 30 s) */
  timeoutMs?: number
  /** timeout of an image pull (default 5 min) */
  pullTimeoutMs?: number
  /** most CLI calls running at once (default 8) */
  maxConcurrency?: number
  /**
   * 'apply' (default) passes --memory/--cpus/--cpu-shares; 'ignore' drops them with one warning, for
   * hosts whose cgroup setup rejects limits (e.g. cgroup v1 without the needed capabilities).
   */
  resourceLimits?: ResourceLimitMode
  /**
   * podman: the pod infra image (default: podman's own, built locally on first use).
   * docker: the pause image (default localhost/mkube-pause:latest, built from pauseBaseImage if missing).
   */
  pauseImage?: string
  /** docker: image the pause image is built from when missing (default localhost/busybox:latest) */
  pauseBaseImage?: string
  /** receives warnings (default: written to stderr) */
  onWarning?: (message: string) => void
  /**
   * podman: how lists, inspects and starts reach podman: 'auto' (default: its REST API, found or
   * started as podman-service.ts describes, else the CLI), 'off' (the CLI for every call), or the
   * path of a podman API socket.
   */
  podmanApi?: string
}

/** CliRuntimeOptions with defaults filled in (binary left to each runtime). */
export interface ResolvedCliOptions {
  binary?: string
  env?: Record<string, string>
  timeoutMs: number
  pullTimeoutMs: number
  maxConcurrency: number
  resourceLimits: ResourceLimitMode
  pauseImage?: string
  pauseBaseImage: string
  onWarning: (message: string) => void
  podmanApi: string
}

/** Default pause image of the docker runtime. */
export const DEFAULT_DOCKER_PAUSE_IMAGE = 'localhost/mkube-pause:latest'

/** Fills in defaults. */
export function resolveCliOptions(o: CliRuntimeOptions = {}): ResolvedCliOptions {
  return {
    binary: o.binary,
    env: o.env,
    timeoutMs: o.timeoutMs ?? 30_000,
    pullTimeoutMs: o.pullTimeoutMs ?? 300_000,
    maxConcurrency: o.maxConcurrency ?? 8,
    resourceLimits: o.resourceLimits ?? 'apply',
    pauseImage: o.pauseImage,
    pauseBaseImage: o.pauseBaseImage ?? 'localhost/busybox:latest',
    onWarning: o.onWarning ?? (m => process.stderr.write(`mkube runtime warning: ${m}\n`)),
    podmanApi: o.podmanApi ?? 'auto',
  }
}

/** Calls `warn` the first time each distinct key is seen. */
export function onceWarner(warn: (message: string) => void): (key: string, message: string) => void {
  const seen = new Set<string>()
  return (key, message) => {
    if (seen.has(key)) return
    seen.add(key)
    warn(message)
  }
}
