import {describe, expect, it} from 'vitest'
import {ago, completedPod, crashLoopPod, initErrorPod, initPod, NOW, runningPod, sidecarPod, terminatingPod} from './fixtures.js'
import {podConditions, podRow, podSummary} from './pods.js'

/** A minimal pod with the given container statuses. */
function pod(status: Record<string, unknown>, spec: Record<string, unknown> = {containers: [{name: 'a'}]}, meta: Record<string, unknown> = {}) {
  return {metadata: {name: 'p', creationTimestamp: ago(60), ...meta}, spec, status}
}

describe('podRow', () => {
  it('prints a running pod with its wide cells', () => {
    expect(podRow(runningPod, NOW)).toEqual(['web-7d4b9c8f6-x2x9k', '1/1', 'Running', '0', '2d5h', '10.244.1.5', 'worker-1', '<none>', '<none>'])
  })
  it('prints a crash-looping pod with the age of its last restart', () => {
    expect(podRow(crashLoopPod, NOW)).toEqual(['api-5f6d8c7b9-qwert', '0/1', 'CrashLoopBackOff', '5 (2m30s ago)', '45m', '10.244.2.7', 'worker-2', '<none>', '<none>'])
  })
  it('shows init progress while an init container runs', () => {
    expect(podRow(initPod, NOW).slice(0, 5)).toEqual(['db-migrate', '0/1', 'Init:1/2', '0', '95s'])
  })
  it('shows the failed init container reason and counts its restarts', () => {
    expect(podRow(initErrorPod, NOW).slice(0, 5)).toEqual(['setup-fails', '0/1', 'Init:Error', '2 (70s ago)', '10m'])
  })
  it('counts a started sidecar as a ready container and only its restarts', () => {
    expect(podRow(sidecarPod, NOW).slice(0, 5)).toEqual(['with-sidecar', '2/2', 'Running', '1 (60m ago)', '3h'])
  })
  it('shows Terminating for a running pod being deleted', () => {
    expect(podRow(terminatingPod, NOW).slice(0, 5)).toEqual(['old-worker', '1/1', 'Terminating', '0', '400d'])
  })
  it('shows Completed for a finished pod even when deleted', () => {
    expect(podRow(completedPod, NOW).slice(0, 5)).toEqual(['pi-8xk2p', '0/1', 'Completed', '0', '5m12s'])
    const deleted = {...completedPod, metadata: {...completedPod.metadata, deletionTimestamp: ago(1)}}
    expect(podSummary(deleted, NOW).status).toBe('Completed')
  })
})

describe('podSummary edge cases', () => {
  it('uses the pod phase when nothing more specific is known', () => {
    expect(podSummary(pod({phase: 'Pending'}), NOW)).toEqual({ready: '0/1', status: 'Pending', restarts: '0'})
  })
  it('prefers status.reason over the phase', () => {
    expect(podSummary(pod({phase: 'Failed', reason: 'Evicted'}), NOW).status).toBe('Evicted')
  })
  it('reports SchedulingGated pods', () => {
    const p = pod({phase: 'Pending', conditions: [{type: 'PodScheduled', status: 'False', reason: 'SchedulingGated'}]})
    expect(podSummary(p, NOW).status).toBe('SchedulingGated')
  })
  it('shows the waiting reason of a container', () => {
    const p = pod({phase: 'Pending', containerStatuses: [{name: 'a', state: {waiting: {reason: 'ContainerCreating'}}}]})
    expect(podSummary(p, NOW).status).toBe('ContainerCreating')
  })
  it('falls back to ExitCode:N and Signal:N for terminated containers without a reason', () => {
    expect(podSummary(pod({phase: 'Failed', containerStatuses: [{name: 'a', state: {terminated: {exitCode: 3}}}]}), NOW).status).toBe('ExitCode:3')
    expect(podSummary(pod({phase: 'Failed', containerStatuses: [{name: 'a', state: {terminated: {exitCode: 137, signal: 9}}}]}), NOW).status).toBe('Signal:9')
  })
  it('shows Init:ExitCode:N and Init:<waiting reason> for init containers', () => {
    const spec = {initContainers: [{name: 'i'}], containers: [{name: 'a'}]}
    expect(podSummary(pod({phase: 'Pending', initContainerStatuses: [{name: 'i', state: {terminated: {exitCode: 2}}}]}, spec), NOW).status).toBe('Init:ExitCode:2')
    expect(podSummary(pod({phase: 'Pending', initContainerStatuses: [{name: 'i', state: {waiting: {reason: 'ImagePullBackOff'}}}]}, spec), NOW).status).toBe('Init:ImagePullBackOff')
    expect(podSummary(pod({phase: 'Pending', initContainerStatuses: [{name: 'i', state: {waiting: {reason: 'PodInitializing'}}}]}, spec), NOW).status).toBe('Init:0/1')
  })
  it('turns Completed back into Running or NotReady while another container runs', () => {
    const spec = {containers: [{name: 'a'}, {name: 'b'}]}
    const statuses = [{name: 'a', ready: true, state: {running: {}}}, {name: 'b', state: {terminated: {exitCode: 0, reason: 'Completed'}}}]
    expect(podSummary(pod({phase: 'Running', conditions: [{type: 'Ready', status: 'True'}], containerStatuses: statuses}, spec), NOW).status).toBe('Running')
    expect(podSummary(pod({phase: 'Running', conditions: [{type: 'Ready', status: 'False'}], containerStatuses: statuses}, spec), NOW).status).toBe('NotReady')
  })
  it('surfaces a failed container over a completed one', () => {
    const spec = {containers: [{name: 'a'}, {name: 'b'}]}
    const statuses = [{name: 'a', state: {terminated: {exitCode: 0, reason: 'Completed'}}}, {name: 'b', state: {terminated: {exitCode: 1, reason: 'Error'}}}]
    expect(podSummary(pod({phase: 'Failed', containerStatuses: statuses}, spec), NOW).status).toBe('Error')
  })
  it('shows Unknown for a deleted pod of a lost node', () => {
    const p = pod({phase: 'Running', reason: 'NodeLost'}, undefined, {deletionTimestamp: ago(5)})
    expect(podSummary(p, NOW).status).toBe('Unknown')
  })
  it('prints readiness gates as satisfied/total', () => {
    const p = pod({phase: 'Running', conditions: [{type: 'example.com/lb', status: 'True'}, {type: 'example.com/dns', status: 'False'}]}, {
      containers: [{name: 'a'}],
      readinessGates: [{conditionType: 'example.com/lb'}, {conditionType: 'example.com/dns'}],
    })
    expect(podRow(p, NOW)[8]).toBe('1/2')
  })
  it('takes the IP from podIPs, falling back to podIP', () => {
    expect(podRow(pod({podIPs: [{ip: 'fd00::5'}, {ip: '10.0.0.5'}], podIP: '10.0.0.5'}), NOW)[5]).toBe('fd00::5')
    expect(podRow(pod({podIP: '10.0.0.6'}), NOW)[5]).toBe('10.0.0.6')
  })
})

describe('podConditions', () => {
  it('marks succeeded and failed pods Completed', () => {
    expect(podConditions(completedPod)).toEqual([{type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.'}])
    expect(podConditions(pod({phase: 'Failed'}))?.[0].reason).toBe('Failed')
    expect(podConditions(runningPod)).toBeUndefined()
  })
})
