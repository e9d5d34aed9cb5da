import {randomBytes} from 'node:crypto'
import type {KubeObject} from '../api/meta.js'
import type {ResourceRef} from '../api/resource.js'
import {nowRfc3339} from '../util/time.js'
import type {Client} from './client.js'

const eventsRef: ResourceRef = {group: '', version: 'v1', resource: 'events', namespaced: true}

/** The object an event is about (a full object or just its identity). */
export interface EventSubject {
  apiVersion?: string
  kind?: string
  metadata: {name?: string; namespace?: string; uid?: string; resourceVersion?: string}
}

/** Who emits events: set once per component. */
export interface EventSource {
  /** e.g. default-scheduler, replicaset-controller, kubelet */
  component: string
  /** the node name for kubelets; the host name for masters */
  host?: string
}

interface Pending {
  name: string
  namespace: string
  count: number
  lastSeen: number
}

/** Events about the same object with the same type, reason and message within this window are one event with a count. */
export const aggregationWindowMs = 10 * 60_000
/** At most this many aggregation keys are remembered (client-go's LRU holds 4,096); the oldest go first. */
export const maxAggregationKeys = 4096

/**
 * EventRecorder: writes core/v1 Events for a component, as client-go's recorder does: fire-and-forget,
 * repeated events aggregated into one object whose count and lastTimestamp grow. Errors are logged once
 * per reason and never thrown to the caller.
 */
export class EventRecorder {
  private readonly seen = new Map<string, Pending>()
  private readonly inflight = new Set<Promise<void>>()
  private failures = 0

  constructor(
    private readonly client: Client,
    private readonly source: EventSource,
    private readonly log: (msg: string) => void = () => {},
  ) {}

  /** Records an event (type Normal or Warning). Returns at once; `flush()` waits for writes. */
  event(subject: EventSubject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const p = this.write(subject, type, reason, message).catch((e) => {
      if (this.failures++ < 5) this.log(`event ${reason} for ${subject.kind}/${subject.metadata.name} not recorded: ${(e as Error).message}`)
    })
    this.inflight.add(p)
    void p.finally(() => this.inflight.delete(p))
  }

  /** Waits for every event write started so far. */
  async flush(): Promise<void> {
    await Promise.all([...this.inflight])
  }

  private async write(subject: EventSubject, type: string, reason: string, message: string): Promise<void> {
    const md = subject.metadata
    const namespace = md.namespace || 'default'
    const key = [md.uid ?? `${namespace}/${md.name}`, type, reason, message].join('\u0000')
    const now = Date.now()
    // `seen` is kept in lastSeen order (an entry is re-inserted when seen again): expired entries are at the front
    for (const [k, v] of this.seen) {
      if (now - v.lastSeen <= aggregationWindowMs && this.seen.size < maxAggregationKeys) break
      this.seen.delete(k)
    }
    const prev = this.seen.get(key)
    const ts = nowRfc3339()
    if (prev) {
      prev.count++
      prev.lastSeen = now
      this.seen.delete(key)
      this.seen.set(key, prev)
      try {
        await this.client.patch(eventsRef, prev.name, {count: prev.count, lastTimestamp: ts}, 'merge', prev.namespace)
        return
      } catch {
        this.seen.delete(key)
      }
    }
    const name = `${md.name ?? 'unknown'}.${Date.now().toString(16)}${randomBytes(2).toString('hex')}`
    const ev: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {name, namespace},
      involvedObject: {
        apiVersion: subject.apiVersion,
        kind: subject.kind,
        name: md.name,
        namespace: md.namespace,
        uid: md.uid,
        resourceVersion: md.resourceVersion,
      },
      reason,
      message,
      type,
      count: 1,
      firstTimestamp: ts,
      lastTimestamp: ts,
      eventTime: null,
      source: {component: this.source.component, ...(this.source.host ? {host: this.source.host} : {})},
      reportingComponent: this.source.component,
      reportingInstance: this.source.host ?? '',
    }
    await this.client.create(eventsRef, ev, namespace)
    this.seen.set(key, {name, namespace, count: 1, lastSeen: now})
  }
}
