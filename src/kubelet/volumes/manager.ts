/**
 * Per-pod volume directories on the node (nodePaths(dataDir).pods/<uid>/volumes/<plugin>/<name>):
 * emptyDir (a plain dir, also for medium Memory), hostPath (type-checked host paths), and the API-data
 * volumes written with the AtomicWriter (re-read from the API on refresh, so updates propagate).
 * Failures are reported as FailedMount events and make the pod wait in ContainerCreating.
 */
import {chmod, mkdir, readFile, readdir, rm, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import type {Client} from '../../client/client.js'
import {isNotFound} from '../../client/errors.js'
import type {EventRecorder} from '../../client/events.js'
import type {ResourceList} from '../../api/types/common.js'
import type {ConfigMap, Secret} from '../../api/types/config.js'
import type {Pod} from '../../api/types/pod.js'
import {configMapsRef, secretsRef} from '../refs.js'
import {writePayload} from './atomic-writer.js'
import {checkHostPath} from './hostpath.js'
import {planVolume, volumePayload, volumeReferences, type VolumeObjects} from './plan.js'
import type {TokenManager} from './token.js'

/** Some volumes of a pod could not be set up; `failures` holds one message per volume. */
export class VolumeSetUpError extends Error {
  override name = 'VolumeSetUpError'
  constructor(readonly failures: {volume: string; message: string}[]) {
    super(failures.map((f) => `MountVolume.SetUp failed for volume "${f.volume}" : ${f.message}`).join('; '))
  }
}

/** What the manager needs (set by the kubelet). */
export interface VolumeManagerDeps {
  client: Client
  /** nodePaths(dataDir).pods */
  podsDir: string
  recorder: EventRecorder
  tokens: TokenManager
  allocatable: () => ResourceList
  /** the cluster CA the node joined with: stands in for a missing kube-root-ca.crt configMap */
  caFile?: string
}

/** The configMap every namespace holds with the cluster CA (ca.crt), used by service account volumes. */
export const rootCAConfigMap = 'kube-root-ca.crt'

/** Sets up and tears down pod volume dirs. */
export class VolumeManager {
  /** API-data volumes written since this kubelet started, per pod UID */
  private readonly written = new Map<string, Set<string>>()
  /** token sources already reported as unavailable, per pod UID */
  private readonly tokenReported = new Map<string, Set<string>>()

  constructor(private readonly deps: VolumeManagerDeps) {}

  /** The pod's dir on the node. */
  podDir(uid: string): string {
    return join(this.deps.podsDir, uid)
  }

  /**
   * Sets up every volume of the pod and answers volume name → host path. API-data volumes are
   * (re)written when `refresh` is set or they were not written yet. Every failure is a FailedMount
   * event; volumes never set up make it throw VolumeSetUpError (refresh failures of volumes set up
   * before keep their last content).
   */
  async setUp(pod: Pod, refresh: boolean): Promise<Map<string, string>> {
    const uid = pod.metadata.uid!
    const paths = new Map<string, string>()
    const failures: {volume: string; message: string}[] = []
    const written = this.written.get(uid) ?? new Set<string>()
    this.written.set(uid, written)
    let objects: Promise<VolumeObjects> | undefined
    for (const v of pod.spec?.volumes ?? []) {
      const plan = planVolume(v)
      try {
        if (plan.kind === 'unsupported') throw new Error(plan.message)
        if (plan.kind === 'hostPath') {
          await checkHostPath(plan.path, plan.type)
          paths.set(v.name, plan.path)
          continue
        }
        const dir = join(this.podDir(uid), 'volumes', plan.dir, v.name)
        paths.set(v.name, dir)
        if (plan.kind === 'emptyDir') {
          await mkdir(dir, {recursive: true})
          await chmod(dir, 0o777)
          continue
        }
        if (!refresh && written.has(v.name)) continue
        objects ??= this.fetchObjects(pod)
        await writePayload(dir, volumePayload(pod, v, await objects, this.deps.allocatable()))
        written.add(v.name)
      } catch (e) {
        const message = (e as Error).message
        this.deps.recorder.event(podSubject(pod), 'Warning', 'FailedMount', `MountVolume.SetUp failed for volume "${v.name}" : ${message}`)
        // a volume set up before keeps its last content (a refresh failing does not block the pod)
        if (!written.has(v.name)) {
          paths.delete(v.name)
          failures.push({volume: v.name, message})
        }
      }
    }
    if (failures.length) throw new VolumeSetUpError(failures)
    return paths
  }

  /** Creates the file bind-mounted at a container's terminationMessagePath; answers its host path. */
  async terminationLogFile(uid: string, container: string, restartCount: number): Promise<string> {
    const dir = join(this.podDir(uid), 'containers', container)
    await mkdir(dir, {recursive: true})
    const file = join(dir, `termination-log-${restartCount}`)
    await writeFile(file, '', {mode: 0o666})
    await chmod(file, 0o666)
    return file
  }

  /** Removes the pod's dir (volumes, termination logs). */
  async tearDown(uid: string): Promise<void> {
    this.written.delete(uid)
    this.tokenReported.delete(uid)
    this.deps.tokens.removePod(uid)
    await rm(this.podDir(uid), {recursive: true, force: true})
  }

  /** UIDs of the pod dirs present on disk. */
  async podDirsOnDisk(): Promise<string[]> {
    return readdir(this.deps.podsDir).catch(() => [])
  }

  private async fetchObjects(pod: Pod): Promise<VolumeObjects> {
    const ns = pod.metadata.namespace
    const refs = volumeReferences(pod)
    const get = async <T>(ref: typeof configMapsRef, name: string): Promise<T | null> => {
      try {
        return await this.deps.client.get<T & {metadata: object}>(ref, name, ns)
      } catch (e) {
        if (isNotFound(e)) return null
        throw e
      }
    }
    const objects: VolumeObjects = {configMaps: new Map(), secrets: new Map(), tokens: new Map()}
    const configMap = async (n: string): Promise<ConfigMap | null> => {
      const cm = await get<ConfigMap>(configMapsRef, n)
      if (cm || n !== rootCAConfigMap || !this.deps.caFile) return cm
      // no root CA publisher (yet): the node's copy of the cluster CA has the same content
      const ca = await readFile(this.deps.caFile, 'utf8').catch(() => undefined)
      return ca ? {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: n, namespace: ns}, data: {'ca.crt': ca}} : null
    }
    await Promise.all([
      ...[...refs.configMaps].map(async (n) => objects.configMaps.set(n, await configMap(n))),
      ...[...refs.secrets].map(async (n) => objects.secrets.set(n, await get<Secret>(secretsRef, n))),
      ...refs.tokens.map(async (t) => {
        const answer = await this.deps.tokens.get(pod, t.source)
        objects.tokens.set(t.key, answer.token)
        if (answer.token === null) this.reportTokenOnce(pod, t.volume, t.key, answer.reason)
      }),
    ])
    return objects
  }

  private reportTokenOnce(pod: Pod, volume: string, key: string, reason: string): void {
    const uid = pod.metadata.uid!
    const seen = this.tokenReported.get(uid) ?? new Set<string>()
    this.tokenReported.set(uid, seen)
    if (seen.has(key)) return
    seen.add(key)
    this.deps.recorder.event(podSubject(pod), 'Warning', 'FailedMount', `MountVolume.SetUp failed for volume "${volume}" : ${reason}`)
  }
}

/** The event subject of a pod. */
export function podSubject(pod: Pod): {apiVersion: string; kind: string; metadata: Pod['metadata']} {
  return {apiVersion: 'v1', kind: 'Pod', metadata: pod.metadata}
}
