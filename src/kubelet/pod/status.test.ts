import {describe, expect, it} from 'vitest'
import type {ContainerStatus} from '../../api/types/pod.js'
import {podPhase} from './phase.js'
import {containerStatuses, type ContainerStatusContext} from './container-status.js'
import {generatePodStatus} from './status.js'
import {exited, fixturePod, instance, podState, sandbox} from './fixtures.js'

const ctx = (over: Partial<ContainerStatusContext> = {}): ContainerStatusContext => ({runtimeName: 'podman', reason: () => undefined, started: () => true, ready: () => true, ...over})
const running = (name: string): ContainerStatus => ({name, state: {running: {}}, ready: true, restartCount: 0, image: '', imageID: ''})
const term = (name: string, exitCode: number): ContainerStatus => ({name, state: {terminated: {exitCode}}, ready: false, restartCount: 0, image: '', imageID: ''})
const waiting = (name: string, last?: number): ContainerStatus => ({name, state: {waiting: {reason: 'CrashLoopBackOff'}}, lastState: last === undefined ? {} : {terminated: {exitCode: last}}, ready: false, restartCount: 1, image: '', imageID: ''})

describe('podPhase', () => {
  const spec = (restartPolicy: 'Always' | 'OnFailure' | 'Never', inits = 0) => ({
    restartPolicy,
    containers: [{name: 'a'}, {name: 'b'}],
    initContainers: Array.from({length: inits}, (_, i) => ({name: `i${i}`})),
  })
  it('is Pending while a container waits, Running once all started and one runs', () => {
    expect(podPhase(spec('Always'), [running('a')], false)).toBe('Pending')
    expect(podPhase(spec('Always'), [running('a'), {...running('b'), state: {waiting: {reason: 'ContainerCreating'}}}], false)).toBe('Pending')
    expect(podPhase(spec('Always'), [running('a'), term('b', 0)], false)).toBe('Running')
  })
  it('follows the restart policy once every container stopped', () => {
    expect(podPhase(spec('Always'), [term('a', 0), term('b', 1)], false)).toBe('Running')
    expect(podPhase(spec('OnFailure'), [term('a', 0), term('b', 0)], false)).toBe('Succeeded')
    expect(podPhase(spec('OnFailure'), [term('a', 0), waiting('b', 1)], false)).toBe('Running')
    expect(podPhase(spec('Never'), [term('a', 0), term('b', 1)], false)).toBe('Failed')
    expect(podPhase(spec('Never'), [term('a', 0), term('b', 0)], false)).toBe('Succeeded')
  })
  it('ends a pod being shut down whatever the policy', () => {
    expect(podPhase(spec('Always'), [term('a', 0), term('b', 143)], true)).toBe('Failed')
    expect(podPhase(spec('Always'), [term('a', 0), term('b', 0)], true)).toBe('Succeeded')
  })
  it('stays Pending during initialization and fails on a failed init container with Never', () => {
    expect(podPhase(spec('Always', 2), [term('i0', 0), running('i1')], false)).toBe('Pending')
    expect(podPhase(spec('Never', 1), [term('i0', 1)], false)).toBe('Failed')
    expect(podPhase(spec('OnFailure', 1), [waiting('i0', 1)], false)).toBe('Pending')
  })
})

describe('containerStatuses', () => {
  it('reports the newest instance as state and the one before as lastState, sorted by name', () => {
    const pod = fixturePod({containers: [{name: 'b', image: 'img-b'}, {name: 'a', image: 'img-a'}]})
    const st = podState([sandbox()], [instance('b', {restartCount: 1}), exited('b', 2, {restartCount: 0}), instance('a')])
    const out = containerStatuses(pod, pod.spec!.containers, false, st, ctx())
    expect(out.map((s) => s.name)).toEqual(['a', 'b'])
    const b = out[1]
    expect(b.restartCount).toBe(1)
    expect(b.state?.running?.startedAt).toBe('2026-01-01T00:01:01Z')
    expect(b.lastState?.terminated).toMatchObject({exitCode: 2, reason: 'Error', containerID: 'podman://b-0'})
    expect(b).toMatchObject({ready: true, started: true, image: 'img-b', imageID: `sha256:${'a'.repeat(64)}`, containerID: 'podman://b-1'})
  })

  it('shows a recorded failure as Waiting (terminated state moves to lastState) when the container will restart', () => {
    const pod = fixturePod()
    const st = podState([sandbox()], [exited('app', 1)])
    const [s] = containerStatuses(pod, pod.spec!.containers, false, st, ctx({reason: () => ({reason: 'CrashLoopBackOff', message: 'back-off 10s'})}))
    expect(s.state).toEqual({waiting: {reason: 'CrashLoopBackOff', message: 'back-off 10s'}})
    expect(s.lastState?.terminated?.exitCode).toBe(1)
    expect(s.ready).toBe(false)
  })

  it('keeps a terminated container terminated with restartPolicy Never', () => {
    const pod = fixturePod({restartPolicy: 'Never'})
    const [s] = containerStatuses(pod, pod.spec!.containers, false, podState([sandbox()], [exited('app', 1)]), ctx({reason: () => ({reason: 'CrashLoopBackOff', message: ''})}))
    expect(s.state?.terminated?.exitCode).toBe(1)
  })

  it('waits as ContainerCreating, or PodInitializing behind init containers', () => {
    const pod = fixturePod()
    expect(containerStatuses(pod, pod.spec!.containers, false, podState([], []), ctx())[0].state).toEqual({waiting: {reason: 'ContainerCreating'}})
    const withInit = fixturePod({initContainers: [{name: 'init'}]})
    expect(containerStatuses(withInit, withInit.spec!.containers, false, podState([], []), ctx())[0].state).toEqual({waiting: {reason: 'PodInitializing'}})
  })

  it('derives ready and started from the probes', () => {
    const pod = fixturePod()
    const st = podState([sandbox()], [instance('app')])
    expect(containerStatuses(pod, pod.spec!.containers, false, st, ctx({ready: () => false}))[0]).toMatchObject({ready: false, started: true})
    expect(containerStatuses(pod, pod.spec!.containers, false, st, ctx({started: () => false}))[0]).toMatchObject({ready: false, started: false})
  })
})

describe('generatePodStatus', () => {
  const now = '2026-01-02T00:00:00Z'
  it('computes phase, IPs, start time and the kubelet conditions', () => {
    const pod = fixturePod({}, {phase: 'Pending', qosClass: 'BestEffort', conditions: [{type: 'PodScheduled', status: 'True', lastTransitionTime: '2025-12-31T00:00:00Z'}]})
    const s = generatePodStatus({pod, state: podState([sandbox()], [instance('app')]), ctx: ctx(), hostIP: '127.0.0.2', now, podIsTerminal: false})
    expect(s).toMatchObject({phase: 'Running', podIP: '10.88.0.5', podIPs: [{ip: '10.88.0.5'}], hostIP: '127.0.0.2', startTime: now, qosClass: 'BestEffort'})
    const byType = Object.fromEntries(s.conditions!.map((c) => [c.type, c]))
    expect(byType.PodScheduled.lastTransitionTime).toBe('2025-12-31T00:00:00Z')
    expect(byType.Ready).toMatchObject({status: 'True', lastTransitionTime: now})
    expect(byType.PodReadyToStartContainers.status).toBe('True')
  })

  it('explains unready containers and incomplete init containers', () => {
    const pod = fixturePod({initContainers: [{name: 'init'}]})
    const s = generatePodStatus({pod, state: podState([sandbox()], [instance('init')]), ctx: ctx(), hostIP: '127.0.0.2', now, podIsTerminal: false})
    const byType = Object.fromEntries(s.conditions!.map((c) => [c.type, c]))
    expect(byType.Initialized).toMatchObject({status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [init]'})
    expect(byType.Ready).toMatchObject({status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app]'})
    expect(s.phase).toBe('Pending')
  })

  it('never leaves a terminal phase and marks completed pods', () => {
    const pod = fixturePod({restartPolicy: 'Never'}, {phase: 'Succeeded'})
    const s = generatePodStatus({pod, state: podState([sandbox({state: 'notready'})], [exited('app', 0)]), ctx: ctx(), hostIP: '127.0.0.2', now, podIsTerminal: false})
    expect(s.phase).toBe('Succeeded')
    expect(s.conditions!.find((c) => c.type === 'Ready')).toMatchObject({status: 'False', reason: 'PodCompleted'})
  })

  it('reports the node IP as pod IP for hostNetwork pods and respects readiness gates', () => {
    const pod = fixturePod({hostNetwork: true, readinessGates: [{conditionType: 'example.com/lb'}]})
    const s = generatePodStatus({pod, state: podState([sandbox({hostNetwork: true, ip: undefined})], [instance('app')]), ctx: ctx(), hostIP: '127.0.0.2', now, podIsTerminal: false})
    expect(s.podIP).toBe('127.0.0.2')
    expect(s.conditions!.find((c) => c.type === 'Ready')).toMatchObject({status: 'False', reason: 'ReadinessGatesNotReady', message: 'corresponding condition of pod readiness gate "example.com/lb" does not exist.'})
    expect(s.conditions!.find((c) => c.type === 'ContainersReady')?.status).toBe('True')
  })
})
