/**
 * InformerPool: the live ClusterSource. One informer per source key, created on first subscribe, shared by
 * every view that needs it, and stopped a little after the last view releases it (so flipping between
 * views does not re-list). Change notifications are coalesced; /readyz is probed every few seconds for
 * the health panel and the lost-master banner. Informer failures are kept for the status line instead of
 * being printed (the terminal belongs to Ink).
 */
import type {KubeObject} from '../api/meta.js'
import type {Client} from '../client/client.js'
import {Informer} from '../client/informer.js'
import {resourcePath} from '../client/paths.js'
import {probe, type Health, UNKNOWN_HEALTH} from './health.js'
import {defOf} from './kinds.js'
import {type ClusterSource, type ConnectionState, parseKey, type SourceKey, type Stream} from './source.js'

/** Tuning of the pool (tests shorten the timers). */
export interface PoolOptions {
  /** how long an unused informer lives on (ms) */
  lingerMs?: number
  /** change notifications are coalesced over this window (ms) */
  coalesceMs?: number
  /** /readyz period while connected and while the connection is lost (ms) */
  probeMs?: number
  lostProbeMs?: number
  /** informer re-list back-off */
  backoffMs?: {initial: number; max: number}
}

interface Entry {
  informer: Informer
  refs: number
  listeners: Set<() => void>
  linger?: NodeJS.Timeout
  disconnected: boolean
  /** the informer's last failure and when it happened */
  error?: {message: string; at: number}
}

/** How long a failure stays on the status line once the informer has data to show (it keeps retrying). */
const ERROR_SHOWN_MS = 10_000

/** The live ClusterSource over a Client. */
export class InformerPool implements ClusterSource {
  readonly server: string
  readonly context?: string
  private readonly entries = new Map<SourceKey, Entry>()
  private readonly statusListeners = new Set<() => void>()
  private readonly pending = new Set<SourceKey>()
  private flushTimer?: NodeJS.Timeout
  private probeTimer?: NodeJS.Timeout
  private lastHealth: Health = UNKNOWN_HEALTH
  private stopped = false
  private readonly o: Required<PoolOptions>

  constructor(
    private readonly client: Client,
    opts: PoolOptions = {},
  ) {
    this.server = client.server
    this.context = client.config.context
    this.o = {lingerMs: 15_000, coalesceMs: 50, probeMs: 2000, lostProbeMs: 1000, backoffMs: {initial: 100, max: 2000}, ...opts}
  }

  /** Starts the health probe. */
  start(): void {
    void this.probeLoop()
  }

  /** Stops every informer, stream timer and probe. */
  stop(): void {
    this.stopped = true
    clearTimeout(this.flushTimer)
    clearTimeout(this.probeTimer)
    for (const e of this.entries.values()) {
      clearTimeout(e.linger)
      e.informer.stop()
    }
    this.entries.clear()
  }

  /** The keys with a running informer (for tests and diagnostics). */
  activeKeys(): SourceKey[] {
    return [...this.entries.keys()]
  }

  subscribe(key: SourceKey, onChange: () => void): () => void {
    const entry = this.entries.get(key) ?? this.create(key)
    clearTimeout(entry.linger)
    entry.linger = undefined
    entry.refs++
    entry.listeners.add(onChange)
    if (entry.informer.hasSynced()) this.changed(key)
    let released = false
    return () => {
      if (released) return
      released = true
      entry.listeners.delete(onChange)
      entry.refs--
      if (entry.refs > 0 || this.stopped) return
      entry.linger = setTimeout(() => {
        if (entry.refs > 0) return
        entry.informer.stop()
        if (this.entries.get(key) === entry) this.entries.delete(key)
        if (entry.disconnected) this.statusChanged()
      }, this.o.lingerMs)
      entry.linger.unref?.()
    }
  }

  objects(key: SourceKey): readonly KubeObject[] {
    return this.entries.get(key)?.informer.list() ?? []
  }

  synced(key: SourceKey): boolean {
    return this.entries.get(key)?.informer.hasSynced() ?? false
  }

  health(): Health {
    return this.lastHealth
  }

  connection(): ConnectionState {
    const entries = [...this.entries.values()]
    const informerLost = entries.some((e) => e.disconnected)
    const now = Date.now()
    const failing = entries.find((e) => e.error && (!e.informer.hasSynced() || now - e.error.at < ERROR_SHOWN_MS))
    return {lost: this.lastHealth.api === 'unreachable' || informerLost, error: failing?.error?.message}
  }

  onStatus(fn: () => void): () => void {
    this.statusListeners.add(fn)
    return () => this.statusListeners.delete(fn)
  }

  logs(namespace: string, pod: string, container: string, onText: (text: string) => void): Stream {
    const path = resourcePath(defOf('pods'), {namespace, name: pod, subresource: 'log'})
    return this.client.stream(path, {container, follow: true, tailLines: 100}, onText)
  }

  private create(key: SourceKey): Entry {
    const {resource, namespace} = parseKey(key)
    // failures are only reported once the informer runs, after `entry` is set
    let failed = (_message: string) => {}
    const informer = new Informer(this.client, defOf(resource), {namespace, backoffMs: this.o.backoffMs, log: (m) => failed(m)})
    const entry: Entry = {informer, refs: 0, listeners: new Set(), disconnected: false}
    failed = (message) => {
      entry.error = {message, at: Date.now()}
      this.statusChanged()
    }
    const changed = () => this.changed(key)
    informer.addHandlers({onAdd: changed, onUpdate: changed, onDelete: changed})
    informer.onConnectionChange((connected) => {
      entry.disconnected = !connected
      if (connected) entry.error = undefined
      this.statusChanged()
      // the server is back: probe now rather than at the next tick, so the banner goes at once
      if (connected && this.lastHealth.api === 'unreachable') void this.probeOnce()
    })
    informer.waitForSync().then(changed, () => undefined)
    this.entries.set(key, entry)
    informer.start()
    return entry
  }

  /** Queues a change notification for key's listeners. */
  private changed(key: SourceKey): void {
    if (this.stopped) return
    this.pending.add(key)
    if (this.flushTimer) return
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined
      const keys = [...this.pending]
      this.pending.clear()
      for (const k of keys) for (const fn of [...(this.entries.get(k)?.listeners ?? [])]) fn()
    }, this.o.coalesceMs)
  }

  private statusChanged(): void {
    if (this.stopped) return
    for (const fn of [...this.statusListeners]) fn()
  }

  private async probeOnce(): Promise<void> {
    const h = await probe(this.client)
    if (this.stopped) return
    const before = JSON.stringify(this.lastHealth)
    this.lastHealth = h
    if (JSON.stringify(h) !== before) this.statusChanged()
  }

  private async probeLoop(): Promise<void> {
    if (this.stopped) return
    await this.probeOnce()
    if (this.stopped) return
    const delay = this.lastHealth.api === 'unreachable' ? this.o.lostProbeMs : this.o.probeMs
    this.probeTimer = setTimeout(() => void this.probeLoop(), delay)
  }
}
