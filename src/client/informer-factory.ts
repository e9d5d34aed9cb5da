/**
 * InformerFactory: shares one Informer per (resource, namespace, label selector, field selector) among
 * the components of a process (client-go's SharedInformerFactory).
 */
import type {KubeObject} from '../api/meta.js'
import type {ResourceRef} from '../api/resource.js'
import type {Client} from './client.js'
import {Informer, type InformerOptions} from './informer.js'
import {formatSelector} from './paths.js'

/** What identifies a shared informer besides its resource. */
export type InformerScope = Pick<InformerOptions, 'namespace' | 'labelSelector' | 'fieldSelector' | 'metadataOnly'>

/** Creates and shares informers; start() starts them (and any created later), stop() stops them all. */
export class InformerFactory {
  private readonly informers = new Map<string, Informer<KubeObject>>()
  private started = false

  /** `defaults` (log, back-off, watch timeouts) apply to every informer the factory creates. */
  constructor(
    readonly client: Client,
    private readonly defaults: Omit<InformerOptions, keyof InformerScope> = {},
  ) {}

  /** The shared informer for `ref` in `scope` (created on first request). */
  informer<T extends KubeObject = KubeObject>(ref: ResourceRef, scope: InformerScope = {}): Informer<T> {
    const key = [
      ref.group,
      ref.version,
      ref.resource,
      ref.namespaced ? (scope.namespace ?? '') : '',
      formatSelector(scope.labelSelector) ?? '',
      formatSelector(scope.fieldSelector) ?? '',
      scope.metadataOnly ? 'metadata' : 'full',
    ].join('|')
    let inf = this.informers.get(key)
    if (!inf) {
      inf = new Informer<KubeObject>(this.client, ref, {...this.defaults, ...scope})
      this.informers.set(key, inf)
      if (this.started) inf.start()
    }
    return inf as unknown as Informer<T>
  }

  /** Starts every informer, now and as they are created. */
  start(): void {
    this.started = true
    for (const inf of this.informers.values()) inf.start()
  }

  /** Resolves when every informer created so far has synced. */
  async waitForSync(signal?: AbortSignal): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.waitForSync(signal)))
  }

  /** Stops every informer. */
  stop(): void {
    for (const inf of this.informers.values()) inf.stop()
  }
}
