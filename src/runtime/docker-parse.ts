/**
 * Pure parsers of `docker inspect` / `docker version` JSON into runtime types.
 */
import {notBefore, parseTime} from './cli.js'
import {exitReason, mapContainerState} from './container-args.js'
import {LABEL, intLabel, sandboxIdentity, userMetadata} from './labels.js'
import type {ContainerStatus, ImageInfo, PodSandbox} from './types.js'

/** `docker inspect` of a container (fields we read). */
export interface DockerInspect {
  Id: string
  Name?: string
  Created?: string
  Image?: string
  Config?: {Image?: string; Hostname?: string; Labels?: Record<string, string> | null}
  State?: {
    Status?: string
    Running?: boolean
    ExitCode?: number
    OOMKilled?: boolean
    Error?: string
    StartedAt?: string
    FinishedAt?: string
  }
  NetworkSettings?: {IPAddress?: string; Networks?: Record<string, {IPAddress?: string}> | null}
}

/** `docker image inspect` entry. */
export interface DockerImageInspect {
  Id: string
  RepoTags?: string[] | null
  Size?: number
}

/** `docker version --format json` (fields we read). */
export interface DockerVersion {
  Client?: {Version?: string; ApiVersion?: string}
  Server?: {Version?: string; ApiVersion?: string; Components?: Array<{Name?: string; Version?: string}> | null} | null
}

/** Kind label of an inspected object ('sandbox', 'container' or undefined for foreign objects). */
export function dockerKind(c: DockerInspect): string | undefined {
  return c.Config?.Labels?.[LABEL.KIND]
}

/** A sandbox from its pause container; null when the object is not an mkube sandbox. */
export function parseDockerSandbox(c: DockerInspect): PodSandbox | null {
  const labels = c.Config?.Labels ?? {}
  const ident = sandboxIdentity(labels)
  if (!ident || labels[LABEL.KIND] !== 'sandbox') return null
  const ready = c.State?.Running === true
  const hostNetwork = labels[LABEL.HOST_NETWORK] === 'true'
  return {
    id: c.Id,
    ...ident,
    attempt: intLabel(labels, LABEL.SANDBOX_ATTEMPT),
    state: ready ? 'ready' : 'notready',
    createdAt: parseTime(c.Created) ?? 0,
    ip: ready && !hostNetwork ? dockerIp(c) : undefined,
    hostNetwork,
    ...userMetadata(labels),
  }
}

/** The status of an app container; null when the object is not an mkube app container. */
export function parseDockerContainer(c: DockerInspect): ContainerStatus | null {
  const labels = c.Config?.Labels ?? {}
  const ident = sandboxIdentity(labels)
  if (!ident || labels[LABEL.KIND] !== 'container') return null
  const st = c.State ?? {}
  const state = mapContainerState(st.Status)
  const exited = state === 'exited'
  return {
    id: c.Id,
    name: labels[LABEL.CONTAINER_NAME] ?? '',
    podUid: ident.podUid,
    sandboxId: labels[LABEL.SANDBOX_ID] ?? '',
    nodeName: ident.nodeName,
    restartCount: intLabel(labels, LABEL.RESTART_COUNT),
    state,
    exitCode: exited ? (st.ExitCode ?? 0) : undefined,
    createdAt: parseTime(c.Created) ?? 0,
    startedAt: parseTime(st.StartedAt),
    finishedAt: exited ? notBefore(parseTime(st.FinishedAt), parseTime(st.StartedAt)) : undefined,
    image: c.Config?.Image ?? '',
    imageId: c.Image ?? '',
    reason: exited ? exitReason(st.ExitCode, st.OOMKilled === true) : undefined,
    message: st.Error ? st.Error : undefined,
    ...userMetadata(labels),
  }
}

/** IP of a container (first network with an address). */
export function dockerIp(c: DockerInspect): string | undefined {
  const ns = c.NetworkSettings
  if (!ns) return undefined
  if (ns.IPAddress) return ns.IPAddress
  for (const n of Object.values(ns.Networks ?? {})) if (n.IPAddress) return n.IPAddress
  return undefined
}

/** ImageInfo from `docker image inspect`. */
export function parseDockerImage(i: DockerImageInspect): ImageInfo {
  return {id: i.Id, repoTags: [...(i.RepoTags ?? [])], size: i.Size ?? 0}
}

/** Whether `docker version` shows podman's Docker-compatible API rather than a Docker engine. */
export function isPodmanCompat(v: DockerVersion | null): boolean {
  return (v?.Server?.Components ?? []).some(c => /podman/i.test(c.Name ?? ''))
}

/** Non-empty lines (ids printed by `docker ps -q`), deduplicated in order. */
export function idLines(s: string): string[] {
  return [...new Set(s.split('\n').map(l => l.trim()).filter(Boolean))]
}
