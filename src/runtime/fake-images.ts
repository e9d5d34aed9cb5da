/**
 * The image store of the fake runtime: present images, which refs a pull can fetch, and pull
 * failures set by tests.
 */
import {ImagePullError, RuntimeError} from './errors.js'
import type {ImageInfo} from './types.js'

/** Images of a FakeRuntime. `newId` gives deterministic ids (set by the runtime). */
export class FakeImages {
  private readonly images = new Map<string, ImageInfo>()
  private readonly pullErrors = new Map<string, string>()

  constructor(
    private readonly newId: () => string,
    /** refs a pull can fetch: 'any' or a list (set from FakeRuntimeOptions.pullable) */
    private readonly pullable: 'any' | string[] = 'any',
  ) {}

  /** Makes an image present. */
  add(ref: string, info: {id?: string; size?: number} = {}): ImageInfo {
    const img = {id: info.id ?? `sha256:${this.newId()}`, repoTags: [ref], size: info.size ?? 1_000_000}
    this.images.set(ref, img)
    return copy(img)
  }

  /** The stored image (not a copy), or undefined. */
  get(ref: string): ImageInfo | undefined {
    return this.images.get(ref)
  }

  /** A pull: the image (added when missing), or ImagePullError when failing or not pullable. */
  pull(ref: string): ImageInfo {
    const err = this.pullErrors.get(ref)
    if (err !== undefined || (this.pullable !== 'any' && !this.pullable.includes(ref))) {
      throw new ImagePullError(ref, `pull image ${ref}: ${err ?? `manifest unknown: ${ref} not found in registry`}`)
    }
    const img = this.images.get(ref)
    return img ? copy(img) : this.add(ref)
  }

  /** Makes pulls of `ref` fail with this message (null: they succeed again). */
  failPull(ref: string, message: string | null): void {
    if (message === null) this.pullErrors.delete(ref)
    else this.pullErrors.set(ref, message)
  }

  /** Removes an image unless `inUse(id)`; absent images are fine. */
  remove(ref: string, inUse: (imageId: string) => boolean): void {
    const img = this.images.get(ref)
    if (!img) return
    if (inUse(img.id)) throw new RuntimeError(`remove image ${ref}: image is in use by a container`)
    this.images.delete(ref)
  }

  list(): ImageInfo[] {
    return [...this.images.values()].map(copy)
  }

  get size(): number {
    return this.images.size
  }
}

function copy(i: ImageInfo): ImageInfo {
  return {...i, repoTags: [...i.repoTags]}
}
