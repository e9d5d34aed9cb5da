/**
 * Configuration of a kubelet (set by `mkube node start`, the master's own node, tests and node
 * simulations) and its defaults.
 */
import {availableParallelism} from 'node:os'
import type {Client} from '../client/client.js'
import type {Taint} from '../api/types/node.js'
import type {ContainerRuntime} from '../runtime/types.js'

/** What startKubelet needs. Durations are milliseconds unless the name says seconds. */
export interface KubeletConfig {
  /** API client with the node's credentials (user system:node:<nodeName>) */
  client: Client
  nodeName: string
  /** the node's InternalIP: hostPorts are published on it, probes and hooks reach hostNetwork pods on it */
  nodeIP: string
  /** the container runtime, or null when none is usable (the node registers NotReady) */
  runtime: ContainerRuntime | null
  /** why no runtime is usable (shown in the Ready condition when runtime is null) */
  runtimeUnavailableReason?: string
  /** node data dir; pod volume dirs live under nodePaths(dataDir).pods */
  dataDir: string
  /** reported in status.daemonEndpoints.kubeletEndpoint.Port */
  kubeletPort: number
  /** extra node labels (added to kubernetes.io/hostname, os and arch) */
  labels?: Record<string, string>
  /** taints the node registers with */
  taints?: Taint[]
  /** lease duration written to the node's Lease (default 40) */
  leaseDurationSeconds?: number
  /** lease renewal and node status check interval (default 10 000) */
  heartbeatIntervalMs?: number
  /** node status is written at least this often even when unchanged (default 60 000) */
  nodeStatusReportFrequencyMs?: number
  /** runtime relist period: drift (containers killed/removed by hand) is repaired within it (default 5 000) */
  relistPeriodMs?: number
  /** every pod is re-synced this often: configMap/secret volume updates propagate (default 60 000) */
  syncFrequencyMs?: number
  /** a pod whose sync failed is retried after this delay (default 10 000) */
  errorRetryMs?: number
  /** most runtime start operations (sandbox creations, container create+start) at once (default 3 per CPU; see sync/start-gate.ts) */
  maxParallelStarts?: number
  /** cluster DNS server IPs for dnsPolicy ClusterFirst (optional until a DNS server exists) */
  clusterDNS?: string[]
  /** cluster domain (default cluster.local) */
  clusterDomain?: string
  /** capacity overrides (hollow nodes); by default read from the machine */
  capacity?: {cpu?: string; memory?: string; pods?: string; ephemeralStorage?: string}
  /** stops the kubelet when aborted (as stop() does) */
  signal?: AbortSignal
  /** log lines (default: stderr) */
  log?: (line: string) => void
}

/** KubeletConfig with every default filled in. */
export interface ResolvedKubeletConfig extends KubeletConfig {
  leaseDurationSeconds: number
  heartbeatIntervalMs: number
  nodeStatusReportFrequencyMs: number
  relistPeriodMs: number
  syncFrequencyMs: number
  errorRetryMs: number
  maxParallelStarts: number
  clusterDomain: string
  log: (line: string) => void
}

/** Fills in the defaults. */
export function resolveConfig(cfg: KubeletConfig): ResolvedKubeletConfig {
  return {
    ...cfg,
    leaseDurationSeconds: cfg.leaseDurationSeconds ?? 40,
    heartbeatIntervalMs: cfg.heartbeatIntervalMs ?? 10_000,
    nodeStatusReportFrequencyMs: cfg.nodeStatusReportFrequencyMs ?? 60_000,
    relistPeriodMs: cfg.relistPeriodMs ?? 5_000,
    syncFrequencyMs: cfg.syncFrequencyMs ?? 60_000,
    errorRetryMs: cfg.errorRetryMs ?? 10_000,
    maxParallelStarts: cfg.maxParallelStarts ?? 3 * availableParallelism(),
    clusterDomain: cfg.clusterDomain ?? 'cluster.local',
    log: cfg.log ?? ((line) => process.stderr.write(`kubelet ${cfg.nodeName}: ${line}\n`)),
  }
}
