/**
 * Pure builders of podman CLI arguments (pods as sandboxes, app containers joined to them).
 */
import {createFlags, dnsFlags, labelFlags, publishFlags, type ResourceLimitMode} from './container-args.js'
import type {LibpodFilters} from './libpod.js'
import {LABEL, sandboxLabels, sandboxName} from './labels.js'
import type {ContainerConfig, ContainerFilter, PodSandboxConfig, SandboxFilter} from './types.js'

/** `podman pod create ...` for a sandbox: shared net/ipc/uts namespaces, ports published on the pod. */
export function podCreateArgs(cfg: PodSandboxConfig, opts: {infraImage?: string} = {}): string[] {
  const args = ['pod', 'create', '--name', sandboxName(cfg), '--hostname', cfg.hostname || cfg.podName]
  args.push('--share', 'ipc,net,uts')
  args.push(...labelFlags(sandboxLabels(cfg)))
  if (opts.infraImage) args.push('--infra-image', opts.infraImage)
  if (cfg.hostNetwork) {
    args.push('--network', 'host')
  } else {
    args.push(...publishFlags(cfg.portMappings))
    args.push(...dnsFlags(cfg.dnsConfig))
  }
  return args
}

/** `podman create --pod <sandbox> ...` for an app container. */
export function podmanCreateArgs(
  sandboxId: string,
  name: string,
  labels: Record<string, string>,
  cfg: ContainerConfig,
  opts: {resourceLimits: ResourceLimitMode},
): {args: string[]; resourcesSkipped: boolean} {
  const common = createFlags(cfg, opts)
  // --http-proxy=false: a pod's environment is its image's and its spec's; the node's proxy settings do not leak in
  const args = ['create', '--pod', sandboxId, '--name', name, '--http-proxy=false', ...labelFlags(labels), ...common.flags]
  if (cfg.logPath) args.push('--log-driver', 'k8s-file', '--log-opt', `path=${cfg.logPath}`)
  args.push(...common.tail)
  return {args, resourcesSkipped: common.resourcesSkipped}
}

/** `podman pod ps` arguments for a sandbox filter (state is filtered afterwards). */
export function podPsArgs(filter: SandboxFilter): string[] {
  const args = ['pod', 'ps', '--format', 'json', '--filter', `label=${LABEL.NODE}=${filter.nodeName}`]
  if (filter.podUid !== undefined) args.push('--filter', `label=${LABEL.POD_UID}=${filter.podUid}`)
  return args
}

/** `podman ps` arguments for a container filter: one call per relist. */
export function podmanPsArgs(filter: ContainerFilter): string[] {
  const args = ['ps', '--format', 'json']
  if (filter.all) args.push('--all')
  args.push('--filter', `label=${LABEL.NODE}=${filter.nodeName}`, '--filter', `label=${LABEL.KIND}=container`)
  if (filter.podUid !== undefined) args.push('--filter', `label=${LABEL.POD_UID}=${filter.podUid}`)
  if (filter.sandboxId !== undefined) args.push('--filter', `pod=${filter.sandboxId}`)
  return args
}

/** Filters of the API's pod list for a sandbox filter (same selection as podPsArgs). */
export function podApiFilters(filter: SandboxFilter): LibpodFilters {
  const label = [`${LABEL.NODE}=${filter.nodeName}`]
  if (filter.podUid !== undefined) label.push(`${LABEL.POD_UID}=${filter.podUid}`)
  return {label}
}

/** Filters of the API's container list for a container filter (same selection as podmanPsArgs). */
export function containerApiFilters(filter: ContainerFilter): LibpodFilters {
  const label = [`${LABEL.NODE}=${filter.nodeName}`, `${LABEL.KIND}=container`]
  if (filter.podUid !== undefined) label.push(`${LABEL.POD_UID}=${filter.podUid}`)
  const out: LibpodFilters = {label}
  if (filter.sandboxId !== undefined) out.pod = [filter.sandboxId]
  return out
}
