import {describe, expect, it} from 'vitest'
import {Heap} from './heap.js'

describe('Heap', () => {
  it('pops in comparator order', () => {
    const h = new Heap<number>((a, b) => a < b)
    const input = [5, 3, 9, 1, 7, 3, 0, 8]
    for (const x of input) h.push(x)
    expect(h.peek()).toBe(0)
    const out: number[] = []
    while (h.size) out.push(h.pop()!)
    expect(out).toEqual([...input].sort((a, b) => a - b))
    expect(h.pop()).toBeUndefined()
  })
})
