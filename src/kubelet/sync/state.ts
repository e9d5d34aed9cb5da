/**
 * Reading one pod's runtime state for a sync: its sandboxes and every instance of its containers
 * (two list calls filtered by node and pod UID), with the reason (OOMKilled…) and termination message
 * of exited instances added once (they never change, so they are cached by container id).
 */
import {readFile} from 'node:fs/promises'
import type {Pod} from '../../api/types/pod.js'
import {containerAnnotation} from '../refs.js'
import {runtimePodState, type Instance, type RuntimePodState} from '../pod/runtime-pod.js'
import type {SyncContext} from './context.js'

const maxMessageBytes = 4096
const fallbackLogLines = 80
const fallbackLogBytes = 2048

async function readMessage(file: string): Promise<string | undefined> {
  const buf = await readFile(file).catch(() => undefined)
  if (!buf || buf.length === 0) return undefined
  return buf.subarray(0, maxMessageBytes).toString('utf8')
}

async function logTail(ctx: SyncContext, id: string): Promise<string | undefined> {
  try {
    const s = await ctx.runtime.logs(id, {tailLines: fallbackLogLines})
    const chunks: Buffer[] = []
    s.stream.on('data', (d: Buffer | string) => chunks.push(Buffer.from(d)))
    await Promise.race([s.done, new Promise((r) => setTimeout(r, 5000))])
    await new Promise((r) => setImmediate(r))
    s.stop()
    const text = Buffer.concat(chunks).toString('utf8')
    return text ? text.slice(-fallbackLogBytes) : undefined
  } catch {
    return undefined
  }
}

/** Adds reason and message to an exited instance (runtime reason, termination message file, log fallback). */
async function describeExited(ctx: SyncContext, i: Instance): Promise<void> {
  let known = ctx.exited.get(i.id)
  if (!known) {
    let reason: string | undefined
    let message: string | undefined
    try {
      const st = await ctx.runtime.containerStatus(i.id)
      reason = st.reason
      message = st.message
    } catch {
      // gone meanwhile: keep what the list said
    }
    const file = i.annotations[containerAnnotation.terminationMessageFile]
    const fromFile = file ? await readMessage(file) : undefined
    if (fromFile) message = fromFile
    else if (i.annotations[containerAnnotation.terminationMessagePolicy] === 'FallbackToLogsOnError' && i.exitCode !== 0) message = (await logTail(ctx, i.id)) ?? message
    known = {reason, message}
    ctx.exited.set(i.id, known)
  }
  if (known.reason) i.reason = known.reason
  if (known.message) i.message = known.message
}

/** The runtime state of a pod UID. */
export async function fetchState(ctx: SyncContext, uid: string): Promise<RuntimePodState> {
  const nodeName = ctx.cfg.nodeName
  const [sandboxes, containers] = await Promise.all([ctx.runtime.listPodSandboxes({nodeName, podUid: uid}), ctx.runtime.listContainers({nodeName, podUid: uid, all: true})])
  const state = runtimePodState(uid, sandboxes, containers)
  await Promise.all(state.containers.filter((c) => c.state === 'exited').map((c) => describeExited(ctx, c)))
  return state
}

/** The IP probes and hooks reach a pod on: the sandbox IP, or the node IP for hostNetwork pods. */
export function podAddress(ctx: SyncContext, pod: Pod, state: RuntimePodState): string {
  if (pod.spec?.hostNetwork) return ctx.cfg.nodeIP
  return state.sandboxes.find((s) => s.state === 'ready')?.ip ?? pod.status?.podIP ?? ctx.cfg.nodeIP
}
