import {describe, expect, it} from 'vitest'
import {StartGate} from './start-gate.js'

function deferred() {
  let resolve!: () => void
  const promise = new Promise<void>((r) => (resolve = r))
  return {promise, resolve}
}

describe('StartGate', () => {
  it('runs at most `limit` operations at once and containers before waiting sandboxes', async () => {
    const gate = new StartGate(2)
    const order: string[] = []
    let active = 0
    let peak = 0
    const hold = new Map<string, ReturnType<typeof deferred>>()
    const op = (name: string, kind: 'container' | 'sandbox') => {
      hold.set(name, deferred())
      return gate.run(kind, async () => {
        order.push(name)
        peak = Math.max(peak, ++active)
        await hold.get(name)!.promise
        active--
        return name
      })
    }
    const all = [op('s1', 'sandbox'), op('s2', 'sandbox'), op('s3', 'sandbox'), op('s4', 'sandbox')]
    await Promise.resolve()
    expect(order).toEqual(['s1', 's2'])
    expect(gate.waiting).toBe(2)
    all.push(op('c1', 'container')) // s1's container, say: goes before s3 and s4
    hold.get('s1')!.resolve()
    await new Promise((r) => setImmediate(r))
    expect(order).toEqual(['s1', 's2', 'c1'])
    for (const name of ['s2', 'c1', 's3', 's4']) {
      hold.get(name)!.resolve()
      await new Promise((r) => setImmediate(r))
    }
    expect(await Promise.all(all)).toEqual(['s1', 's2', 's3', 's4', 'c1'])
    expect(order).toEqual(['s1', 's2', 'c1', 's3', 's4'])
    expect(peak).toBe(2)
    expect(gate.waiting).toBe(0)
  })

  it('frees the slot when an operation fails', async () => {
    const gate = new StartGate(1)
    await expect(gate.run('sandbox', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(await gate.run('container', async () => 'next')).toBe('next')
  })

  it('rejects a limit below one', () => {
    expect(() => new StartGate(0)).toThrow('maxParallelStarts must be a positive integer, not 0')
  })
})
