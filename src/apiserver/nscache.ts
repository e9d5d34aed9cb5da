import type {KubeObject} from '../api/meta.js'
import type {StoreWatch} from '../store/types.js'
import type {GenericRegistry} from './rest/generic.js'

/**
 * The namespaces the API server knows, kept from a watch on the store (as the NamespaceLifecycle admission
 * plugin keeps an informer), so admitting a create costs no store read. A namespace missing from the cache
 * is looked up live before a create is refused (it may have just been created, or created through another
 * API server whose write has not reached this watch yet).
 */
export class NamespaceCache {
  private readonly items = new Map<string, KubeObject>()
  private watch: StoreWatch | undefined
  private ready: Promise<void> | undefined

  constructor(private readonly namespaces: GenericRegistry) {}

  private start(): Promise<void> {
    this.ready ??= (async () => {
      const {items, revision} = await this.namespaces.list('')
      for (const n of items) this.items.set(n.metadata.name!, n)
      this.watch = this.namespaces.watch(
        '',
        revision,
        (ev) => {
          const name = ev.object.metadata?.name as string
          if (ev.type === 'DELETED') this.items.delete(name)
          else this.items.set(name, ev.object as KubeObject)
        },
        () => {
          // compacted away or closed: rebuild on next use
          this.stop()
        },
      )
    })().catch((e) => {
      this.ready = undefined
      throw e
    })
    return this.ready
  }

  /** The namespace object (cached, else read live), or undefined when it does not exist. */
  async get(name: string): Promise<KubeObject | undefined> {
    await this.start()
    const hit = this.items.get(name)
    if (hit) return hit
    try {
      return await this.namespaces.get('', name)
    } catch {
      return undefined
    }
  }

  /** Ends the watch. */
  stop(): void {
    this.watch?.stop()
    this.watch = undefined
    this.ready = undefined
    this.items.clear()
  }
}
