/**
 * Lifecycle hooks (postStart, preStop) as the kubelet's handler runner runs them: exec in the
 * container, HTTP GET (only a failed connection fails it; any HTTP answer counts as delivered), sleep.
 * tcpSocket is accepted by the API but not supported as a hook (it fails, as upstream).
 */
import type {LifecycleHandler} from '../../api/types/container.js'
import type {Pod} from '../../api/types/pod.js'
import {formatPod} from '../pod/restart.js'
import {httpProbe, type ProbeTarget} from '../probes/prober.js'

/** Runs a hook; resolves null on success, else the message of the FailedPostStartHook/FailedPreStopHook event. */
export async function runHook(t: ProbeTarget, pod: Pod, h: LifecycleHandler, timeoutMs: number): Promise<string | null> {
  const name = t.container.name
  if (h.exec) {
    const cmd = h.exec.command ?? []
    try {
      const r = await t.runtime.execSync(t.containerId, cmd, timeoutMs)
      const output = r.stdout + r.stderr
      if (r.exitCode === 0 && !r.timedOut) return null
      const err = r.timedOut ? `command '${cmd.join(' ')}' timed out` : `command '${cmd.join(' ')}' exited with ${r.exitCode}: ${r.stderr}`
      return `Exec lifecycle hook ([${cmd.join(' ')}]) for Container "${name}" in Pod "${formatPod(pod)}" failed - error: ${err}, message: ${JSON.stringify(output)}`
    } catch (e) {
      return `Exec lifecycle hook ([${cmd.join(' ')}]) for Container "${name}" in Pod "${formatPod(pod)}" failed - error: ${(e as Error).message}, message: ""`
    }
  }
  if (h.httpGet) {
    const o = await httpProbe(t, h.httpGet, timeoutMs)
    if (o.result === 'success' || o.output.startsWith('HTTP probe failed with statuscode')) return null
    return `HTTP lifecycle hook (${h.httpGet.path ?? '/'}) for Container "${name}" in Pod "${formatPod(pod)}" failed - error: ${o.output}`
  }
  if (h.sleep) {
    await new Promise((r) => setTimeout(r, Math.min(h.sleep!.seconds * 1000, timeoutMs)))
    return null
  }
  return `Cannot run handler: invalid handler: ${JSON.stringify(h)}`
}
