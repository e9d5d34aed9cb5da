import {describe, expect, it} from 'vitest'
import type {Pod} from '../../api/types/pod.js'
import {removeCondition, setCondition} from './conditions.js'
import {ControllerExpectations} from './expectations.js'
import {isPodActive, isPodAvailable} from './pods.js'

describe('ControllerExpectations', () => {
  it('is satisfied once every expected creation and deletion was observed', () => {
    const e = new ControllerExpectations()
    expect(e.satisfied('ns/a')).toBe(true)
    e.expectCreations('ns/a', 2)
    e.creationObserved('ns/a')
    expect(e.satisfied('ns/a')).toBe(false)
    e.creationObserved('ns/a')
    expect(e.satisfied('ns/a')).toBe(true)
  })

  it('counts only deletions it asked for, once each', () => {
    const e = new ControllerExpectations()
    e.expectDeletions('ns/a', ['ns/p1', 'ns/p2'])
    e.deletionObserved('ns/a', 'ns/other')
    e.deletionObserved('ns/a', 'ns/p1')
    e.deletionObserved('ns/a', 'ns/p1')
    expect(e.pending('ns/a')).toEqual({add: 0, del: 1})
    e.deletionObserved('ns/a', 'ns/p2')
    expect(e.satisfied('ns/a')).toBe(true)
  })

  it('expires after the timeout so a lost event cannot wedge a controller', () => {
    let now = 0
    const e = new ControllerExpectations(() => now, 1000)
    e.expectCreations('ns/a', 1)
    now = 1000
    expect(e.satisfied('ns/a')).toBe(false)
    now = 1001
    expect(e.satisfied('ns/a')).toBe(true)
  })
})

describe('conditions', () => {
  const c = (status: 'True' | 'False', reason: string, t: string) => ({type: 'Progressing', status, reason, lastTransitionTime: t})

  it('keeps a condition with the same status and reason, and the transition time of the same status', () => {
    const list = [c('True', 'A', 't1'), {type: 'Available', status: 'True' as const}]
    expect(setCondition(list, c('True', 'A', 't2'))).toEqual(list)
    expect(setCondition(list, c('True', 'B', 't2'))).toEqual([list[1], c('True', 'B', 't1')])
    expect(setCondition(list, c('False', 'B', 't2'))).toEqual([list[1], c('False', 'B', 't2')])
    expect(removeCondition(list, 'Progressing')).toEqual([list[1]])
  })
})

describe('pod helpers', () => {
  const pod = (phase: string, since?: string, deleting = false): Pod => ({
    metadata: {name: 'p', ...(deleting ? {deletionTimestamp: '2030-01-01T00:00:00Z'} : {})},
    status: {phase: phase as 'Running', conditions: since ? [{type: 'Ready', status: 'True', lastTransitionTime: since}] : []},
  })

  it('is available minReadySeconds after becoming ready', () => {
    const now = new Date('2030-01-01T00:01:00Z')
    expect(isPodAvailable(pod('Running', '2030-01-01T00:00:00Z'), 0, now)).toBe(true)
    expect(isPodAvailable(pod('Running', '2030-01-01T00:00:00Z'), 59, now)).toBe(true)
    expect(isPodAvailable(pod('Running', '2030-01-01T00:00:00Z'), 60, now)).toBe(false)
    expect(isPodAvailable(pod('Running'), 0, now)).toBe(false)
  })

  it('treats terminal and terminating pods as inactive', () => {
    expect(isPodActive(pod('Running'))).toBe(true)
    expect(isPodActive(pod('Pending'))).toBe(true)
    expect(isPodActive(pod('Succeeded'))).toBe(false)
    expect(isPodActive(pod('Failed'))).toBe(false)
    expect(isPodActive(pod('Running', undefined, true))).toBe(false)
  })
})
