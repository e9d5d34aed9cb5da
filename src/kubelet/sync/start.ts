/**
 * Starting one container of a pod (the kubelet's startContainer): image per pull policy, environment
 * and mounts, create, start, then the postStart hook (a failing hook kills the container). Every
 * failure becomes the container's waiting reason (ErrImagePull, CreateContainerConfigError,
 * CreateContainerError, RunContainerError, PostStartHookError) with a Failed event, and nothing
 * half-created is left in the runtime.
 */
import {mkdir, stat} from 'node:fs/promises'
import type {ConfigMap, Secret} from '../../api/types/config.js'
import type {Container} from '../../api/types/container.js'
import type {Pod} from '../../api/types/pod.js'
import {isNotFound} from '../../client/errors.js'
import {EnvError, envReferences, makeEnvironment, type EnvObjects} from '../env/env.js'
import {startKey} from '../pod/restart.js'
import {instancesOf, latestInstance, type RuntimePodState} from '../pod/runtime-pod.js'
import {configMapsRef, secretsRef} from '../refs.js'
import {podSubject} from '../volumes/manager.js'
import {planVolume} from '../volumes/plan.js'
import {buildContainerConfig} from './container-config.js'
import type {SyncContext} from './context.js'
import {runHook} from './hooks.js'
import {ImageError} from './images.js'
import {killContainer} from './kill.js'

/** Where the container goes. */
export interface StartTarget {
  sandboxId: string
  /** pod IP (the node IP for hostNetwork pods) */
  podIP: string
  volumePaths: Map<string, string>
}

async function fetchEnvObjects(ctx: SyncContext, pod: Pod, c: Container): Promise<EnvObjects> {
  const refs = envReferences(c)
  const ns = pod.metadata.namespace
  const get = async <T extends {metadata: object}>(ref: typeof configMapsRef, name: string): Promise<T | null> => {
    try {
      return await ctx.client.get<T & {metadata: object}>(ref, name, ns)
    } catch (e) {
      if (isNotFound(e)) return null
      throw e
    }
  }
  const objects: EnvObjects = {configMaps: new Map(), secrets: new Map()}
  await Promise.all([
    ...[...refs.configMaps].map(async (n) => objects.configMaps.set(n, await get<ConfigMap>(configMapsRef, n))),
    ...[...refs.secrets].map(async (n) => objects.secrets.set(n, await get<Secret>(secretsRef, n))),
  ])
  return objects
}

function fail(ctx: SyncContext, pod: Pod, c: Container, reason: string, message: string): false {
  ctx.reasons.set(pod.metadata.uid!, c.name, {reason, message})
  ctx.recorder.event(podSubject(pod), 'Warning', 'Failed', `Error: ${reason === 'CreateContainerConfigError' || reason === 'CreateContainerError' || reason === 'RunContainerError' ? message : reason}`)
  return false
}

/** Removes never-started instances and all exited ones but the newest (which becomes lastState). */
async function pruneOldInstances(ctx: SyncContext, state: RuntimePodState, name: string): Promise<void> {
  const instances = instancesOf(state, name)
  const newestExited = instances.find((i) => i.state === 'exited')
  const old = instances.filter((i) => i.state === 'created' || (i.state === 'exited' && i !== newestExited))
  await Promise.all(old.map((i) => ctx.runtime.removeContainer(i.id).then(() => ctx.exited.delete(i.id))))
}

/** Starts container `c`; resolves true when it runs (and its postStart hook succeeded). */
export async function startContainer(ctx: SyncContext, pod: Pod, c: Container, state: RuntimePodState, target: StartTarget): Promise<boolean> {
  const uid = pod.metadata.uid!
  const subject = podSubject(pod)
  try {
    await ctx.images.ensure(pod, c)
  } catch (e) {
    if (e instanceof ImageError) return fail(ctx, pod, c, e.reason, e.message)
    return fail(ctx, pod, c, 'ErrImagePull', (e as Error).message)
  }
  const latest = latestInstance(state, c.name)
  const restartCount = Math.max(latest ? latest.restartCount + 1 : 0, (ctx.restartCounts.get(uid, c.name) ?? -1) + 1)
  let cfg
  try {
    const {env, invalid} = makeEnvironment(pod, c, {
      objects: await fetchEnvObjects(ctx, pod, c),
      runtime: {podIP: target.podIP, podIPs: [target.podIP], hostIP: ctx.cfg.nodeIP, hostIPs: [ctx.cfg.nodeIP]},
      allocatable: ctx.allocatable(),
      serviceEnv: await ctx.serviceEnv(pod),
    })
    for (const bad of invalid) {
      ctx.recorder.event(subject, 'Warning', 'InvalidEnvironmentVariableNames', `Keys [${bad.keys.join(', ')}] from the EnvFrom ${bad.kind} ${pod.metadata.namespace}/${bad.name} were skipped since they are considered invalid environment variable names.`)
    }
    const readOnly = new Set((pod.spec?.volumes ?? []).filter((v) => planVolume(v).kind === 'payload').map((v) => v.name))
    const terminationFile = c.terminationMessagePath ? await ctx.volumes.terminationLogFile(uid, c.name, restartCount) : undefined
    cfg = buildContainerConfig(pod, c, {env, volumePaths: target.volumePaths, readOnlyVolumes: readOnly, restartCount, terminationFile})
    for (const m of cfg.mounts ?? []) {
      // subPath dirs are created on demand, as the kubelet does
      if (!(await stat(m.hostPath).catch(() => null))) await mkdir(m.hostPath, {recursive: true})
    }
  } catch (e) {
    if (e instanceof EnvError) return fail(ctx, pod, c, 'CreateContainerConfigError', e.message)
    return fail(ctx, pod, c, 'CreateContainerConfigError', (e as Error).message)
  }
  await pruneOldInstances(ctx, state, c.name)
  const created = await ctx.startGate.run('container', async () => {
    let id: string
    try {
      id = await ctx.runtime.createContainer(target.sandboxId, cfg)
    } catch (e) {
      ctx.crashBackoff.next(startKey(pod, c), Date.now())
      return fail(ctx, pod, c, 'CreateContainerError', (e as Error).message)
    }
    ctx.restartCounts.set(uid, c.name, restartCount)
    ctx.recorder.event(subject, 'Normal', 'Created', `Created container ${c.name}`)
    try {
      await ctx.runtime.startContainer(id)
    } catch (e) {
      await ctx.runtime.removeContainer(id).catch(() => {})
      ctx.crashBackoff.next(startKey(pod, c), Date.now())
      return fail(ctx, pod, c, 'RunContainerError', (e as Error).message)
    }
    return id
  })
  if (created === false) return false
  const id = created
  ctx.recorder.event(subject, 'Normal', 'Started', `Started container ${c.name}`)
  const postStart = c.lifecycle?.postStart
  if (postStart) {
    const msg = await runHook({runtime: ctx.runtime, containerId: id, container: c, host: target.podIP}, pod, postStart, 600_000)
    if (msg) {
      ctx.recorder.event(subject, 'Warning', 'FailedPostStartHook', msg)
      await killContainer(ctx, pod, {id, name: c.name}, {message: 'FailedPostStartHook', reason: 'hook'})
      ctx.reasons.set(uid, c.name, {reason: 'PostStartHookError', message: msg})
      return false
    }
  }
  ctx.reasons.delete(uid, c.name)
  ctx.crashBackoff.reset(startKey(pod, c))
  return true
}
