/**
 * Cross-process behaviour: child processes run the store's TypeScript sources directly
 * (testing/child-writer.ts through Node's type stripping, see testing/helpers.ts).
 */
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {openSqliteStore} from './sqlite.js'
import {exited, onLines, spawnChild, tempDir, waitFor} from './testing/helpers.js'
import type {StoreEvent} from './types.js'

let tmp: ReturnType<typeof tempDir>
beforeEach(() => {
  tmp = tempDir('proc')
})
afterEach(() => tmp.cleanup())

describe('several processes on one file', () => {
  it("a child process's writes reach this process's watch, in order, once", async () => {
    const store = openSqliteStore(tmp.file('db'), {compactIntervalMs: 0, pollIntervalMs: 10})
    try {
      await store.create('/mine/0', {})
      const events: StoreEvent[] = []
      const w = store.watch('/child/', 0, {onEvent: (e) => events.push(e)})
      const child = spawnChild('child-writer.ts', [tmp.file('db'), 'create', '/child/', '200'])
      const lines: string[] = []
      onLines(child, (l) => lines.push(l))
      // meanwhile this process writes too: revisions interleave, none may be reused
      const done = exited(child)
      let running = true
      void done.then(() => (running = false))
      let mine = 0
      while (running || mine < 20) {
        await Promise.all(Array.from({length: 5}, () => store.create(`/mine/${++mine}`, {})))
      }
      expect(await done).toBe(0)
      expect(lines.at(-1)).toBe('done')
      await waitFor(() => events.length === 200, 5000, 'child events')
      expect(events.every((e) => e.type === 'ADDED' && e.key.startsWith('/child/'))).toBe(true)
      const revs = events.map((e) => e.revision)
      expect(revs).toEqual([...revs].sort((a, b) => a - b))
      expect(new Set(revs).size).toBe(200)
      expect(await store.currentRevision()).toBe(201 + mine)
      const all = await store.list('/')
      expect(new Set(all.items.map((o) => o.metadata?.resourceVersion)).size).toBe(201 + mine)
      w.stop()
    } finally {
      await store.close()
    }
  })

  it('kill -9 mid-burst: every acknowledged write is present after reopening', async () => {
    const child = spawnChild('child-writer.ts', [tmp.file('db'), 'burst', '/burst/'])
    const acked: string[] = []
    onLines(child, (l) => acked.push(l))
    await waitFor(() => acked.length >= 2000, 20_000, 'acknowledged writes')
    child.kill('SIGKILL')
    expect(await exited(child)).toBe('SIGKILL')
    const store = openSqliteStore(tmp.file('db'), {compactIntervalMs: 0})
    try {
      const present = new Set((await store.list('/burst/')).items.map((o) => o.metadata?.name))
      const missing = acked.filter((k) => !present.has(k))
      expect(missing).toEqual([])
      expect(present.size).toBeGreaterThanOrEqual(acked.length)
      expect(await store.currentRevision()).toBe(present.size)
    } finally {
      await store.close()
    }
  })
})
