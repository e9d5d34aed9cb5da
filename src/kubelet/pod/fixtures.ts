/** Fixture builders for the kubelet's pure-logic tests: runtime instances, sandboxes, pods. */
import type {Pod, PodSpec} from '../../api/types/pod.js'
import type {PodSandbox} from '../../runtime/types.js'
import type {Instance, RuntimePodState} from './runtime-pod.js'

const T0 = Date.parse('2026-01-01T00:00:00Z')

/** A container instance (running by default) of pod u1. */
export function instance(name: string, over: Partial<Instance> = {}): Instance {
  const rc = over.restartCount ?? 0
  return {
    id: `${name}-${rc}`,
    name,
    podUid: 'u1',
    sandboxId: 'sb-0',
    nodeName: 'n1',
    restartCount: rc,
    state: 'running',
    createdAt: T0 + rc * 60_000,
    startedAt: T0 + rc * 60_000 + 1000,
    image: 'busybox',
    imageId: 'a'.repeat(64),
    labels: {},
    annotations: {},
    ...over,
  }
}

/** An exited instance. */
export function exited(name: string, exitCode: number, over: Partial<Instance> = {}): Instance {
  const i = instance(name, over)
  return {...i, state: 'exited', exitCode, finishedAt: i.startedAt! + 5000, ...over}
}

/** A sandbox of pod u1 (ready by default). */
export function sandbox(over: Partial<PodSandbox> = {}): PodSandbox {
  return {id: 'sb-0', podUid: 'u1', podName: 'web', namespace: 'ns', nodeName: 'n1', attempt: 0, state: 'ready', createdAt: T0, ip: '10.88.0.5', hostNetwork: false, labels: {}, annotations: {}, ...over}
}

/** The runtime state of pod u1. */
export function podState(sandboxes: PodSandbox[], containers: Instance[]): RuntimePodState {
  return {uid: 'u1', sandboxes, containers}
}

/** Pod u1 (web in ns) with the given spec. */
export function fixturePod(spec: Partial<PodSpec> = {}, status: Pod['status'] = {phase: 'Pending', qosClass: 'BestEffort'}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {name: 'web', namespace: 'ns', uid: 'u1', labels: {app: 'web'}},
    spec: {nodeName: 'n1', containers: [{name: 'app', image: 'busybox'}], ...spec},
    status,
  }
}
