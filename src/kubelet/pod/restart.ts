/** Restart-policy decisions shared by the sync actions and the status computation (pure). */
import type {Container} from '../../api/types/container.js'
import type {Pod} from '../../api/types/pod.js'
import type {Container as RuntimeContainer} from '../../runtime/types.js'

/** Whether the pod's containers are restarted after a failure (restartPolicy is not Never). */
export function shouldRestartOnFailure(pod: Pod): boolean {
  return (pod.spec?.restartPolicy ?? 'Always') !== 'Never'
}

/**
 * Kubernetes' ShouldContainerBeRestarted for the newest instance of a container: never once the pod
 * is being deleted; always when it never ran (or is created/unknown); otherwise per restart policy.
 */
export function shouldContainerBeRestarted(pod: Pod, latest: RuntimeContainer | undefined): boolean {
  if (pod.metadata.deletionTimestamp) return false
  if (!latest) return true
  if (latest.state === 'running') return false
  if (latest.state === 'unknown' || latest.state === 'created') return true
  const policy = pod.spec?.restartPolicy ?? 'Always'
  if (policy === 'Never') return false
  if (policy === 'OnFailure' && latest.exitCode === 0) return false
  return true
}

/** Whether the newest instance exited 0. */
export function containerSucceeded(latest: RuntimeContainer | undefined): boolean {
  return latest?.state === 'exited' && latest.exitCode === 0
}

/** Back-off key of a container of a pod: `<uid>/<container>` (a pod's keys share the `<uid>/` prefix). */
export function containerKey(pod: Pod, c: Pick<Container, 'name'>): string {
  return `${pod.metadata.uid}/${c.name}`
}

/** Back-off key of failed create/start attempts of a container: `<uid>/start/<container>`. */
export function startKey(pod: Pod, c: Pick<Container, 'name'>): string {
  return `${pod.metadata.uid}/start/${c.name}`
}

/** Kubernetes' format.Pod: name_namespace(uid). */
export function formatPod(pod: Pod): string {
  return `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`
}
