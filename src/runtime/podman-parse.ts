/**
 * Pure parsers of podman's `--format json` outputs (podman 4.x field names) into runtime types.
 */
import {notBefore, parseTime} from './cli.js'
import {exitReason, mapContainerState} from './container-args.js'
import {LABEL, intLabel, sandboxIdentity, userMetadata} from './labels.js'
import type {Container, ContainerStatus, ImageInfo, PodSandbox} from './types.js'

/** One entry of `podman ps --format json` (fields we read). */
export interface PodmanPsEntry {
  Id: string
  Names?: string[]
  Image?: string
  ImageID?: string
  IsInfra?: boolean
  Labels?: Record<string, string> | null
  Pod?: string
  State?: string
  ExitCode?: number
  Exited?: boolean
  StartedAt?: number
  ExitedAt?: number
  Created?: number | string
}

/** One entry of `podman pod ps --format json`. */
export interface PodmanPodPsEntry {
  Id: string
  Name?: string
  Created?: string
  InfraId?: string
  Status?: string
  Labels?: Record<string, string> | null
  Containers?: Array<{Id: string; Names?: string; Status?: string}> | null
}

/** `podman inspect` of a container (fields we read). */
export interface PodmanContainerInspect {
  Id: string
  Name?: string
  Created?: string
  Image?: string
  ImageName?: string
  Pod?: string
  Config?: {Labels?: Record<string, string> | null}
  State?: {
    Status?: string
    ExitCode?: number
    OOMKilled?: boolean
    Error?: string
    StartedAt?: string
    FinishedAt?: string
  }
  NetworkSettings?: {IPAddress?: string; Networks?: Record<string, {IPAddress?: string}> | null}
}

/** `podman image inspect` / `podman images` entry. */
export interface PodmanImageEntry {
  Id: string
  RepoTags?: string[] | null
  Names?: string[] | null
  Size?: number
}

/** App containers (infra containers and objects without mkube labels dropped) from `podman ps`. */
export function parsePodmanPs(entries: PodmanPsEntry[] | null): Container[] {
  const out: Container[] = []
  for (const e of entries ?? []) {
    if (e.IsInfra) continue
    const labels = e.Labels ?? {}
    const ident = sandboxIdentity(labels)
    if (!ident || labels[LABEL.KIND] !== 'container') continue
    const state = mapContainerState(e.State)
    out.push({
      id: e.Id,
      name: labels[LABEL.CONTAINER_NAME] ?? '',
      podUid: ident.podUid,
      sandboxId: e.Pod ?? '',
      nodeName: ident.nodeName,
      restartCount: intLabel(labels, LABEL.RESTART_COUNT),
      state,
      exitCode: state === 'exited' ? (e.ExitCode ?? 0) : undefined,
      createdAt: parseTime(e.Created) ?? 0,
      startedAt: parseTime(e.StartedAt),
      finishedAt: state === 'exited' ? notBefore(parseTime(e.ExitedAt), parseTime(e.StartedAt)) : undefined,
      image: e.Image ?? '',
      imageId: e.ImageID ?? '',
      ...userMetadata(labels),
    })
  }
  return out
}

/** Status of one app container from `podman inspect`; null when it is not an mkube container. */
export function parsePodmanInspect(c: PodmanContainerInspect): ContainerStatus | null {
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
    sandboxId: c.Pod ?? '',
    nodeName: ident.nodeName,
    restartCount: intLabel(labels, LABEL.RESTART_COUNT),
    state,
    exitCode: exited ? (st.ExitCode ?? 0) : undefined,
    createdAt: parseTime(c.Created) ?? 0,
    startedAt: parseTime(st.StartedAt),
    finishedAt: exited ? notBefore(parseTime(st.FinishedAt), parseTime(st.StartedAt)) : undefined,
    image: c.ImageName ?? '',
    imageId: c.Image ?? '',
    reason: exited ? exitReason(st.ExitCode, st.OOMKilled === true) : undefined,
    message: st.Error ? st.Error : undefined,
    ...userMetadata(labels),
  }
}

/** Pod IP of a container from its inspect output (first network with an address). */
export function podmanIp(c: PodmanContainerInspect | undefined): string | undefined {
  const ns = c?.NetworkSettings
  if (!ns) return undefined
  if (ns.IPAddress) return ns.IPAddress
  for (const n of Object.values(ns.Networks ?? {})) if (n.IPAddress) return n.IPAddress
  return undefined
}

/** Sandboxes from `podman pod ps`; `ips` maps infra container id to its IP (ready sandboxes only). */
export function parsePodmanPodPs(entries: PodmanPodPsEntry[] | null, ips: Map<string, string>): PodSandbox[] {
  const out: PodSandbox[] = []
  for (const e of entries ?? []) {
    const labels = e.Labels ?? {}
    const ident = sandboxIdentity(labels)
    if (!ident || labels[LABEL.KIND] !== 'sandbox') continue
    const ready = infraRunning(e)
    const hostNetwork = labels[LABEL.HOST_NETWORK] === 'true'
    out.push({
      id: e.Id,
      ...ident,
      attempt: intLabel(labels, LABEL.SANDBOX_ATTEMPT),
      state: ready ? 'ready' : 'notready',
      createdAt: parseTime(e.Created) ?? 0,
      ip: ready && !hostNetwork && e.InfraId ? ips.get(e.InfraId) : undefined,
      hostNetwork,
      ...userMetadata(labels),
    })
  }
  return out
}

/** Whether the infra container of a `pod ps` entry is running (the sandbox is ready). */
export function infraRunning(e: PodmanPodPsEntry): boolean {
  const infra = (e.Containers ?? []).find(c => c.Id === e.InfraId)
  return (infra?.Status ?? '').toLowerCase() === 'running'
}

/** ImageInfo from podman image JSON (`RepoTags` from inspect, `Names` from `podman images`). */
export function parsePodmanImage(e: PodmanImageEntry): ImageInfo {
  const tags = e.RepoTags && e.RepoTags.length > 0 ? e.RepoTags : (e.Names ?? [])
  return {id: e.Id, repoTags: [...tags], size: e.Size ?? 0}
}
