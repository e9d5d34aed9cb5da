import {describe, expect, it} from 'vitest'
import {computePodActions, nextInitContainer, sandboxChanged, type ActionContext} from './actions.js'
import {exited, fixturePod, instance, podState, sandbox} from './fixtures.js'

const ctx = (over: Partial<ActionContext> = {}): ActionContext => ({livenessFailed: () => false, startupFailed: () => false, hash: () => 'h1', instanceHash: () => 'h1', ...over})
const names = (cs: {name: string}[]) => cs.map((c) => c.name)

describe('sandboxChanged', () => {
  const pod = fixturePod()
  it('creates the first sandbox with attempt 0, a new attempt when the newest is not ready', () => {
    expect(sandboxChanged(pod, podState([], []))).toEqual({create: true, attempt: 0})
    expect(sandboxChanged(pod, podState([sandbox({attempt: 2, state: 'notready'})], []))).toEqual({create: true, attempt: 3, sandboxId: 'sb-0'})
    expect(sandboxChanged(pod, podState([sandbox({attempt: 1})], []))).toEqual({create: false, attempt: 1, sandboxId: 'sb-0'})
  })
  it('recreates when several are ready or hostNetwork changed', () => {
    expect(sandboxChanged(pod, podState([sandbox({id: 'b', attempt: 1}), sandbox({id: 'a'})], [])).create).toBe(true)
    expect(sandboxChanged(fixturePod({hostNetwork: true}), podState([sandbox()], [])).create).toBe(true)
  })
})

describe('computePodActions', () => {
  it('starts every container of a new pod in a new sandbox', () => {
    const pod = fixturePod({containers: [{name: 'a'}, {name: 'b'}]})
    const a = computePodActions(pod, podState([], []), ctx())
    expect(a).toMatchObject({createSandbox: true, killPod: true, attempt: 0})
    expect(names(a.start)).toEqual(['a', 'b'])
  })

  it('starts only the first init container in a new sandbox, then the next one, then the app containers', () => {
    const pod = fixturePod({initContainers: [{name: 'i0'}, {name: 'i1'}]})
    expect(computePodActions(pod, podState([], []), ctx()).nextInit?.name).toBe('i0')
    const waiting = computePodActions(pod, podState([sandbox()], [instance('i0')]), ctx())
    expect(waiting.nextInit).toBeUndefined()
    expect(waiting.start).toEqual([])
    expect(computePodActions(pod, podState([sandbox()], [exited('i0', 0)]), ctx()).nextInit?.name).toBe('i1')
    expect(names(computePodActions(pod, podState([sandbox()], [exited('i1', 0), exited('i0', 0)]), ctx()).start)).toEqual(['app'])
  })

  it('retries a failed init container, or kills the pod with restartPolicy Never', () => {
    const st = podState([sandbox()], [exited('i0', 1)])
    expect(computePodActions(fixturePod({initContainers: [{name: 'i0'}]}), st, ctx()).nextInit?.name).toBe('i0')
    const never = computePodActions(fixturePod({restartPolicy: 'Never', initContainers: [{name: 'i0'}]}), st, ctx())
    expect(never.killPod).toBe(true)
    expect(never.nextInit).toBeUndefined()
  })

  it('restarts exited containers per restart policy and stops a finished pod', () => {
    const st = (code: number) => podState([sandbox()], [exited('app', code)])
    expect(names(computePodActions(fixturePod({restartPolicy: 'Always'}), st(0), ctx()).start)).toEqual(['app'])
    expect(computePodActions(fixturePod({restartPolicy: 'OnFailure'}), st(0), ctx())).toMatchObject({start: [], killPod: true, createSandbox: false})
    expect(names(computePodActions(fixturePod({restartPolicy: 'OnFailure'}), st(1), ctx()).start)).toEqual(['app'])
    expect(computePodActions(fixturePod({restartPolicy: 'Never'}), st(1), ctx())).toMatchObject({start: [], killPod: true})
  })

  it('keeps running containers, kills (and restarts) on liveness/startup failure or a changed definition', () => {
    const st = podState([sandbox()], [instance('app')])
    expect(computePodActions(fixturePod(), st, ctx())).toMatchObject({start: [], kill: [], killPod: false})
    const live = computePodActions(fixturePod(), st, ctx({livenessFailed: () => true}))
    expect(live.kill).toEqual([{id: 'app-0', name: 'app', message: 'Container app failed liveness probe, will be restarted', reason: 'liveness'}])
    expect(names(live.start)).toEqual(['app'])
    const neverLive = computePodActions(fixturePod({restartPolicy: 'Never'}), st, ctx({startupFailed: () => true}))
    expect(neverLive.kill[0].message).toBe('Container app failed startup probe')
    expect(neverLive).toMatchObject({start: [], killPod: true})
    const changed = computePodActions(fixturePod({restartPolicy: 'Never'}), st, ctx({hash: () => 'h2'}))
    expect(changed.kill[0]).toMatchObject({reason: 'changed', message: 'Container app definition changed, will be restarted'})
    expect(names(changed.start)).toEqual(['app'])
  })

  it('does not recreate the sandbox of a finished Never pod, and starts nothing of a pod being deleted', () => {
    const done = podState([sandbox({state: 'notready'})], [exited('app', 0)])
    expect(computePodActions(fixturePod({restartPolicy: 'Never'}), done, ctx())).toMatchObject({createSandbox: false, killPod: true})
    const deleting = fixturePod()
    deleting.metadata.deletionTimestamp = '2026-01-01T00:00:00Z'
    expect(computePodActions(deleting, podState([sandbox()], [exited('app', 0)]), ctx())).toMatchObject({start: [], killPod: true})
  })

  it('recreates a dead sandbox of an Always pod and restarts its containers', () => {
    const a = computePodActions(fixturePod(), podState([sandbox({state: 'notready'})], [exited('app', 137)]), ctx())
    expect(a).toMatchObject({createSandbox: true, killPod: true, attempt: 1})
    expect(names(a.start)).toEqual(['app'])
  })
})

describe('nextInitContainer', () => {
  it('is done when an app container runs (init containers may have been removed)', () => {
    expect(nextInitContainer(fixturePod({initContainers: [{name: 'i0'}]}), podState([sandbox()], [instance('app')]))).toEqual({done: true})
  })
})
