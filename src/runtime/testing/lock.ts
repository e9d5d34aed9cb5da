/**
 * A cross-process lock (a directory created atomically) so the podman and docker real-runtime test
 * files, which vitest runs in parallel workers, take turns instead of loading the machine together.
 * A lock whose owner process is gone is taken over.
 */
import {mkdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {tmpdir} from 'node:os'

/** Default lock directory shared by the runtime test files. */
export const RUNTIME_TEST_LOCK = join(tmpdir(), 'mkube-runtime-tests.lock')

/** Waits until the lock is ours (polling), then returns the release function. */
export async function acquireLock(dir = RUNTIME_TEST_LOCK, timeoutMs = 300_000): Promise<() => void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      mkdirSync(dir)
      writeFileSync(join(dir, 'pid'), String(process.pid))
      return () => rmSync(dir, {recursive: true, force: true})
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
    if (ownerGone(dir)) {
      rmSync(dir, {recursive: true, force: true})
      continue
    }
    if (Date.now() > deadline) throw new Error(`could not take the lock ${dir} in ${timeoutMs} ms`)
    await new Promise(resolve => setTimeout(resolve, 200))
  }
}

function ownerGone(dir: string): boolean {
  let pid: number
  try {
    pid = Number(readFileSync(join(dir, 'pid'), 'utf8'))
  } catch {
    // being created right now: wait; but a pid never written for 10 s means its creator died
    try {
      return Date.now() - statSync(dir).mtimeMs > 10_000
    } catch {
      return false
    }
  }
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return false
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH'
  }
}
