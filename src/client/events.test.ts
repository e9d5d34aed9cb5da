import {afterEach, describe, expect, it, vi} from 'vitest'
import type {Client} from './client.js'
import {aggregationWindowMs, EventRecorder, maxAggregationKeys} from './events.js'

/** A Client stand-in recording event creates and patches. */
function fakeClient() {
  const calls: string[] = []
  const client = {
    create: async (_ref: unknown, ev: {metadata: {name: string}; reason: string}) => {
      calls.push(`create ${ev.reason}`)
      return ev
    },
    patch: async (_ref: unknown, name: string, body: {count: number}) => {
      calls.push(`patch ${name.split('.')[0]} count=${body.count}`)
      return {}
    },
  }
  return {client: client as unknown as Client, calls}
}

const subject = (name: string) => ({apiVersion: 'v1', kind: 'Pod', metadata: {name, namespace: 'ns', uid: `uid-${name}`}})

afterEach(() => {
  vi.useRealTimers()
})

describe('EventRecorder', () => {
  it('aggregates repeats within the window into one event with a growing count; a new window starts over', async () => {
    vi.useFakeTimers({toFake: ['Date']})
    const {client, calls} = fakeClient()
    const r = new EventRecorder(client, {component: 'test'})
    r.event(subject('a'), 'Normal', 'Pulled', 'image present')
    await r.flush()
    r.event(subject('a'), 'Normal', 'Pulled', 'image present')
    await r.flush()
    r.event(subject('b'), 'Normal', 'Pulled', 'image present')
    await r.flush()
    vi.setSystemTime(Date.now() + aggregationWindowMs + 1)
    r.event(subject('a'), 'Normal', 'Pulled', 'image present')
    await r.flush()
    expect(calls).toEqual(['create Pulled', 'patch a count=2', 'create Pulled', 'create Pulled'])
  })

  it('an event seen again stays remembered while older ones expire; at most maxAggregationKeys are kept', async () => {
    vi.useFakeTimers({toFake: ['Date']})
    const {client, calls} = fakeClient()
    const r = new EventRecorder(client, {component: 'test'})
    r.event(subject('old'), 'Normal', 'X', 'm')
    r.event(subject('kept'), 'Normal', 'X', 'm')
    await r.flush()
    vi.setSystemTime(Date.now() + aggregationWindowMs / 2)
    r.event(subject('kept'), 'Normal', 'X', 'm') // refreshed: moves behind 'old'
    await r.flush()
    vi.setSystemTime(Date.now() + aggregationWindowMs / 2 + 1)
    r.event(subject('kept'), 'Normal', 'X', 'm') // 'old' expired in front of it, 'kept' did not
    r.event(subject('old'), 'Normal', 'X', 'm')
    await r.flush()
    expect(calls.slice(3)).toEqual(['patch kept count=3', 'create X'])
    calls.length = 0
    for (let i = 0; i < maxAggregationKeys + 1; i++) r.event(subject(`n${i}`), 'Normal', 'Y', 'm')
    await r.flush()
    r.event(subject('n0'), 'Normal', 'Y', 'm') // the oldest key was dropped to stay within the cap
    r.event(subject(`n${maxAggregationKeys}`), 'Normal', 'Y', 'm')
    await r.flush()
    expect(calls.slice(-2)).toEqual(['create Y', `patch n${maxAggregationKeys} count=2`])
  })
})
