/**
 * Labels and names mkube puts on runtime objects. Internal facts (node, pod UID, container name,
 * restart count...) live under `io.mkube.*`; the pod's own labels and annotations are stored under
 * `io.mkube.label.` / `io.mkube.annotation.` so that labels the image brings (podman and docker merge
 * image labels into container labels) never leak into what a runtime reports.
 */
import type {ContainerConfig, PodSandboxConfig} from './types.js'

/** Label keys (the runtime sets them at creation; list filters use NODE, POD_UID and KIND). */
export const LABEL = {
  NODE: 'io.mkube.node',
  POD_UID: 'io.mkube.pod.uid',
  POD_NAME: 'io.mkube.pod.name',
  POD_NAMESPACE: 'io.mkube.pod.namespace',
  SANDBOX_ATTEMPT: 'io.mkube.sandbox.attempt',
  HOST_NETWORK: 'io.mkube.host-network',
  /** 'sandbox' on pod sandboxes (podman pods, docker pause containers), 'container' on app containers */
  KIND: 'io.mkube.kind',
  CONTAINER_NAME: 'io.mkube.container.name',
  RESTART_COUNT: 'io.mkube.container.restart-count',
  /** docker only: the pause container an app container joined */
  SANDBOX_ID: 'io.mkube.sandbox.id',
} as const

const USER_LABEL_PREFIX = 'io.mkube.label.'
const ANNOTATION_PREFIX = 'io.mkube.annotation.'

/** Labels of a pod sandbox: internal facts plus the pod's labels and annotations, prefixed. */
export function sandboxLabels(cfg: PodSandboxConfig): Record<string, string> {
  return {
    ...prefixed(USER_LABEL_PREFIX, cfg.labels),
    ...prefixed(ANNOTATION_PREFIX, cfg.annotations),
    [LABEL.NODE]: cfg.nodeName,
    [LABEL.POD_UID]: cfg.podUid,
    [LABEL.POD_NAME]: cfg.podName,
    [LABEL.POD_NAMESPACE]: cfg.namespace,
    [LABEL.SANDBOX_ATTEMPT]: String(cfg.attempt ?? 0),
    [LABEL.HOST_NETWORK]: String(cfg.hostNetwork === true),
    [LABEL.KIND]: 'sandbox',
  }
}

/** Identity of the sandbox a container is created in (read back from the sandbox's labels). */
export interface SandboxIdentity {
  nodeName: string
  podUid: string
  podName: string
  namespace: string
}

/** Labels of an app container: internal facts (from its sandbox and config) plus user labels. */
export function containerLabels(
  sandbox: SandboxIdentity,
  cfg: ContainerConfig,
  sandboxId?: string,
): Record<string, string> {
  const out: Record<string, string> = {
    ...prefixed(USER_LABEL_PREFIX, cfg.labels),
    ...prefixed(ANNOTATION_PREFIX, cfg.annotations),
    [LABEL.NODE]: sandbox.nodeName,
    [LABEL.POD_UID]: sandbox.podUid,
    [LABEL.POD_NAME]: sandbox.podName,
    [LABEL.POD_NAMESPACE]: sandbox.namespace,
    [LABEL.KIND]: 'container',
    [LABEL.CONTAINER_NAME]: cfg.name,
    [LABEL.RESTART_COUNT]: String(cfg.restartCount ?? 0),
  }
  if (sandboxId) out[LABEL.SANDBOX_ID] = sandboxId
  return out
}

/** Reads the sandbox identity back from runtime labels; null when a required label is missing. */
export function sandboxIdentity(labels: Record<string, string> | null | undefined): SandboxIdentity | null {
  if (!labels) return null
  const nodeName = labels[LABEL.NODE]
  const podUid = labels[LABEL.POD_UID]
  if (nodeName === undefined || podUid === undefined) return null
  return {nodeName, podUid, podName: labels[LABEL.POD_NAME] ?? '', namespace: labels[LABEL.POD_NAMESPACE] ?? ''}
}

/** The user labels and annotations stored in runtime labels (prefixes removed). */
export function userMetadata(labels: Record<string, string> | null | undefined): {
  labels: Record<string, string>
  annotations: Record<string, string>
} {
  const out = {labels: {} as Record<string, string>, annotations: {} as Record<string, string>}
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith(USER_LABEL_PREFIX)) out.labels[k.slice(USER_LABEL_PREFIX.length)] = v
    else if (k.startsWith(ANNOTATION_PREFIX)) out.annotations[k.slice(ANNOTATION_PREFIX.length)] = v
  }
  return out
}

/** Integer label value, or the fallback when absent or malformed. */
export function intLabel(labels: Record<string, string> | null | undefined, key: string, fallback = 0): number {
  const v = labels?.[key]
  if (v === undefined || !/^-?\d+$/.test(v)) return fallback
  return Number(v)
}

/** Runtime name of a pod sandbox: unique per node, pod UID and attempt. */
export function sandboxName(cfg: PodSandboxConfig): string {
  return runtimeName(['mkube', 'POD', cfg.podName, cfg.namespace, cfg.nodeName, cfg.podUid, String(cfg.attempt ?? 0)])
}

/** Runtime name of an app container: unique per node, pod UID, container name and restart count. */
export function containerName(sandbox: SandboxIdentity, cfg: ContainerConfig): string {
  return runtimeName([
    'mkube',
    cfg.name,
    sandbox.podName,
    sandbox.namespace,
    sandbox.nodeName,
    sandbox.podUid,
    String(cfg.restartCount ?? 0),
  ])
}

/** Joins parts with `_`, replacing characters podman/docker reject in names by `-`. */
export function runtimeName(parts: string[]): string {
  return parts.map(p => p.replace(/[^a-zA-Z0-9.-]/g, '-')).join('_')
}

function prefixed(prefix: string, m: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(m ?? {})) out[prefix + k] = v
  return out
}
