/**
 * Image pulls per imagePullPolicy (Never / IfNotPresent / Always), as the kubelet's image puller:
 * Pulling/Pulled/Failed/BackOff events, a failed pull → ErrImagePull, then ImagePullBackOff while the
 * per-pod, per-image back-off (10 s doubling to 5 min) runs. Concurrent pulls of one image are shared.
 */
import type {Container} from '../../api/types/container.js'
import type {Pod} from '../../api/types/pod.js'
import {defaultPullPolicy} from '../../api/kinds/pod-defaults.js'
import type {EventRecorder} from '../../client/events.js'
import type {ContainerRuntime, ImageInfo} from '../../runtime/types.js'
import {Backoff} from '../pod/backoff.js'
import {podSubject} from '../volumes/manager.js'

/** A container could not get its image: `reason` is its waiting reason. */
export class ImageError extends Error {
  override name = 'ImageError'
  constructor(
    readonly reason: 'ErrImagePull' | 'ImagePullBackOff' | 'ErrImageNeverPull' | 'InvalidImageName',
    message: string,
  ) {
    super(message)
  }
}

/** Seconds with millisecond precision, as Go prints short durations ("1.234s"). */
function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))}s`
}

/** Ensures images are present. */
export class ImageManager {
  private readonly inflight = new Map<string, Promise<ImageInfo>>()
  private readonly lastError = new Map<string, string>()

  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly recorder: EventRecorder,
    readonly backoff = new Backoff(10_000, 300_000),
  ) {}

  /** Makes the container's image present per its pull policy; throws ImageError. */
  async ensure(pod: Pod, c: Container): Promise<void> {
    const image = c.image ?? ''
    const subject = podSubject(pod)
    if (!image.trim()) throw new ImageError('InvalidImageName', `Failed to apply default image tag "${image}": couldn't parse image name "${image}": invalid reference format`)
    const policy = c.imagePullPolicy ?? defaultPullPolicy(image)
    if (policy !== 'Always') {
      const present = await this.runtime.imageStatus(image)
      if (present) {
        this.recorder.event(subject, 'Normal', 'Pulled', `Container image "${image}" already present on machine`)
        return
      }
      if (policy === 'Never') {
        const msg = `Container image "${image}" is not present with pull policy of Never`
        this.recorder.event(subject, 'Warning', 'ErrImageNeverPull', msg)
        throw new ImageError('ErrImageNeverPull', msg)
      }
    }
    const key = `${pod.metadata.uid}_${image}`
    if (this.backoff.isInBackOffSinceUpdate(key)) {
      this.recorder.event(subject, 'Normal', 'BackOff', `Back-off pulling image "${image}"`)
      throw new ImageError('ImagePullBackOff', `Back-off pulling image "${image}": ErrImagePull: ${this.lastError.get(key) ?? 'pull failed'}`)
    }
    this.recorder.event(subject, 'Normal', 'Pulling', `Pulling image "${image}"`)
    const started = Date.now()
    try {
      const info = await this.pull(image)
      const took = seconds(Date.now() - started)
      this.backoff.reset(key)
      this.lastError.delete(key)
      this.recorder.event(subject, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${info.size} bytes.`)
    } catch (e) {
      const msg = (e as Error).message
      this.backoff.next(key, Date.now())
      this.lastError.set(key, msg)
      this.recorder.event(subject, 'Warning', 'Failed', `Failed to pull image "${image}": ${msg}`)
      throw new ImageError('ErrImagePull', msg)
    }
  }

  /** When the pull back-off of the pod's image ends (now when none). */
  retryAt(pod: Pod, image: string): number {
    return this.backoff.retryAtSinceUpdate(`${pod.metadata.uid}_${image}`)
  }

  /** Forgets a pod's back-offs. */
  removePod(uid: string): void {
    this.backoff.resetPrefix(`${uid}_`)
    for (const k of this.lastError.keys()) if (k.startsWith(`${uid}_`)) this.lastError.delete(k)
  }

  private pull(image: string): Promise<ImageInfo> {
    let p = this.inflight.get(image)
    if (!p) {
      p = this.runtime.pullImage(image).finally(() => this.inflight.delete(image))
      this.inflight.set(image, p)
    }
    return p
  }
}
