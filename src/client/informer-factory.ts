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

  /**
   * A view of this factory for one user with a shorter life (a leadership term of the controller manager):
   * it hands out this factory's informers — shared, already running, their caches kept — and its stop()
   * unregisters only the handlers added through it, leaving the informers running for the factory's owner.
   */
  view(): InformerFactory {
    return new InformerFactoryView(this)
  }
}

/** See InformerFactory.view(). */
class InformerFactoryView extends InformerFactory {
  private offs: (() => void)[] = []

  constructor(private readonly parent: InformerFactory) {
    super(parent.client)
  }

  override informer<T extends KubeObject = KubeObject>(ref: ResourceRef, scope: InformerScope = {}): Informer<T> {
    const inf = this.parent.informer<T>(ref, scope)
    const record = (off: () => void) => {
      this.offs.push(off)
      return off
    }
    const overrides: Partial<Record<keyof Informer<T>, unknown>> = {
      addHandlers: (h: Parameters<Informer<T>['addHandlers']>[0]) => record(inf.addHandlers(h)),
      onAdd: (fn: (obj: T) => void) => record(inf.addHandlers({onAdd: fn})),
      onUpdate: (fn: (a: T, b: T) => void) => record(inf.addHandlers({onUpdate: fn})),
      onDelete: (fn: (obj: T) => void) => record(inf.addHandlers({onDelete: fn})),
      onConnectionChange: (fn: (connected: boolean, err?: Error) => void) => record(inf.onConnectionChange(fn)),
      stop: () => {},
    }
    const bound = new Map<PropertyKey, unknown>() // methods bound once, not on every call (list, get, byIndex are hot)
    return new Proxy(inf, {
      get(target, prop) {
        if (Object.prototype.hasOwnProperty.call(overrides, prop)) return overrides[prop as keyof Informer<T>]
        const v = Reflect.get(target, prop, target)
        if (typeof v !== 'function') return v
        let b = bound.get(prop)
        if (b === undefined) bound.set(prop, (b = (v as (...a: unknown[]) => unknown).bind(target)))
        return b
      },
    })
  }

  override start(): void {
    this.parent.start()
  }

  override waitForSync(signal?: AbortSignal): Promise<void> {
    return this.parent.waitForSync(signal)
  }

  /** Unregisters the handlers added through this view; the informers keep running. */
  override stop(): void {
    for (const off of this.offs.splice(0)) off()
  }
}
