/** A binary min-heap under a comparator (the scheduling queue's active and backoff queues). */
export class Heap<T> {
  private readonly items: T[] = []

  /** `less(a, b)`: a comes out before b. */
  constructor(private readonly less: (a: T, b: T) => boolean) {}

  /** Number of items. */
  get size(): number {
    return this.items.length
  }

  /** The first item, without removing it. */
  peek(): T | undefined {
    return this.items[0]
  }

  /** Adds an item in O(log n). */
  push(item: T): void {
    const a = this.items
    a.push(item)
    let i = a.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.less(a[i], a[parent])) break
      ;[a[i], a[parent]] = [a[parent], a[i]]
      i = parent
    }
  }

  /** Removes and returns the first item in O(log n). */
  pop(): T | undefined {
    const a = this.items
    if (a.length === 0) return undefined
    const top = a[0]
    const last = a.pop()!
    if (a.length > 0) {
      a[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < a.length && this.less(a[l], a[m])) m = l
        if (r < a.length && this.less(a[r], a[m])) m = r
        if (m === i) break
        ;[a[i], a[m]] = [a[m], a[i]]
        i = m
      }
    }
    return top
  }

  /** Removes every item. */
  clear(): void {
    this.items.length = 0
  }
}
